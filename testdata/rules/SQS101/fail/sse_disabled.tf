resource "aws_sqs_queue" "plain" {
  name                    = "plain"
  sqs_managed_sse_enabled = false # expect: SQS101
}

# Terraform converts the string "false" to a bool.
resource "aws_sqs_queue" "string_false" {
  sqs_managed_sse_enabled = "false" # expect: SQS101
}

# An empty key id is no key at all.
resource "aws_sqs_queue" "empty_key" {
  sqs_managed_sse_enabled = false # expect: SQS101
  kms_master_key_id       = ""
}

# go-cty converts the strings "0" and "1" to bools as well.
resource "aws_sqs_queue" "string_zero" {
  sqs_managed_sse_enabled = "0" # expect: SQS101
}
