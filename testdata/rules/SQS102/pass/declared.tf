# Queues that declare their encryption choice: SQS102 must not fire.

variable "sse_enabled" {
  type = bool
}

resource "aws_sqs_queue" "sse_sqs" {
  name                    = "orders-sse-sqs"
  sqs_managed_sse_enabled = true
}

resource "aws_kms_key" "orders" {
  enable_key_rotation = true
}

# SSE-KMS only.
resource "aws_sqs_queue" "sse_kms" {
  name              = "orders-sse-kms"
  kms_master_key_id = aws_kms_key.orders.arn
}

# Declared, even if unknown until plan time.
resource "aws_sqs_queue" "from_variable" {
  name                    = "orders-var"
  sqs_managed_sse_enabled = var.sse_enabled
}

# Declared as off: that is SQS101's business, not SQS102's.
resource "aws_sqs_queue" "disabled" {
  name                    = "orders-plain"
  sqs_managed_sse_enabled = false # expect: SQS101
}
