# An order pipeline with the encryption mistakes sqsguard finds.

resource "aws_kms_key" "orders" {
  description = "Key for the orders queue"
  # enable_key_rotation is not set: rotation is off (SQS104)
}

resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.orders.arn
}

resource "aws_sqs_queue" "audit" {
  name                    = "audit"
  sqs_managed_sse_enabled = false # unencrypted at rest (SQS101)
}

resource "aws_sqs_queue" "legacy" {
  name              = "legacy"
  kms_master_key_id = "alias/aws/sqs" # AWS managed key (SQS103)
}

# Encrypted by default with SSE-SQS: not reported (SQS102 is opt-in).
resource "aws_sqs_queue" "defaults" {
  name = "defaults"
}
