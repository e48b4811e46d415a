# Values that cannot be resolved statically: Unknown is not insecure, SQS101 must not fire.

variable "sse_enabled" {
  type = bool # no default, no tfvars: known only at plan time
}

variable "kms_key_id" {
  type = string
}

data "aws_kms_key" "shared" {
  key_id = "alias/shared-queues"
}

locals {
  sse = var.sse_enabled
}

resource "aws_sqs_queue" "from_variable" {
  name                    = "orders-var"
  sqs_managed_sse_enabled = var.sse_enabled
}

resource "aws_sqs_queue" "from_local" {
  name                    = "orders-local"
  sqs_managed_sse_enabled = local.sse
}

# SSE-SQS off, with a key that is only known at plan time.
resource "aws_sqs_queue" "key_from_variable" {
  name                    = "orders-key-var"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = var.kms_key_id
}

# SSE-SQS off, with a key looked up by a data source.
resource "aws_sqs_queue" "key_from_data" {
  name                    = "orders-key-data"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = data.aws_kms_key.shared.arn
}
