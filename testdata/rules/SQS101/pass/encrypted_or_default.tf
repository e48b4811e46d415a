# Queues whose messages are encrypted at rest: SQS101 must not fire on any of them.

# Nothing declared: since 2022 SQS applies SSE-SQS by default (that is SQS102's opt-in audit, not SQS101).
resource "aws_sqs_queue" "default" {
  name = "orders-default"
}

resource "aws_sqs_queue" "sse_sqs" {
  name                    = "orders-sse-sqs"
  sqs_managed_sse_enabled = true
}

# Terraform converts the string "true" to a bool.
resource "aws_sqs_queue" "string_true" {
  name                    = "orders-string-true"
  sqs_managed_sse_enabled = "true"
}

resource "aws_kms_key" "orders" {
  description         = "orders queue"
  enable_key_rotation = true
}

# SSE-SQS off, but SSE-KMS with a key of this configuration: encrypted.
resource "aws_sqs_queue" "sse_kms" {
  name                    = "orders-sse-kms"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = aws_kms_key.orders.arn
}

# SSE-SQS off, SSE-KMS with a literal key alias: encrypted.
resource "aws_sqs_queue" "sse_kms_alias" {
  name                    = "orders-sse-kms-alias"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = "alias/orders"
}

# `null` is "not set" (not false), and a key is set.
resource "aws_sqs_queue" "null_flag" {
  name                    = "orders-null-flag"
  sqs_managed_sse_enabled = null
  kms_master_key_id       = aws_kms_key.orders.key_id
}
