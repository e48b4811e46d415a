# SSE-SQS turned off, and the key is written but amounts to no key at all.

# `null` means "not set" in Terraform: the queue has no KMS key.
resource "aws_sqs_queue" "null_key" {
  name                    = "orders-null-key"
  sqs_managed_sse_enabled = false # expect: SQS101
  kms_master_key_id       = null
}

# A legacy single interpolation of a literal is still the literal `false`.
resource "aws_sqs_queue" "interpolated" {
  name                    = "orders-interpolated"
  sqs_managed_sse_enabled = "${false}" # expect: SQS101
}

# A FIFO dead-letter queue is a queue too: its messages are just as readable.
resource "aws_sqs_queue" "dlq" {
  name                              = "orders-dlq.fifo"
  fifo_queue                        = true
  message_retention_seconds         = 1209600
  kms_data_key_reuse_period_seconds = 300 # reuse period without a key does not encrypt anything
  sqs_managed_sse_enabled           = false # expect: SQS101
}
