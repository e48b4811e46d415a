# Queues encrypted with a customer managed key, or with SSE-SQS: SQS103 must not fire.

variable "queue_key_arn" {
  type = string
}

data "aws_kms_alias" "shared" {
  name = "alias/shared-queues"
}

resource "aws_kms_key" "orders" {
  description         = "orders queue"
  enable_key_rotation = true
}

resource "aws_kms_alias" "orders" {
  name          = "alias/orders"
  target_key_id = aws_kms_key.orders.key_id
}

# A reference to a key of this configuration.
resource "aws_sqs_queue" "key_ref" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.orders.arn
}

# A reference to an alias of this configuration.
resource "aws_sqs_queue" "alias_ref" {
  name              = "orders-by-alias"
  kms_master_key_id = aws_kms_alias.orders.name
}

# Customer aliases that look like the managed one (but do not start with `alias/aws/`) are not it.
resource "aws_sqs_queue" "lookalike_alias" {
  name              = "team-queue"
  kms_master_key_id = "alias/team/aws/sqs"
}

resource "aws_sqs_queue" "lookalike_arn" {
  name              = "team-queue-arn"
  kms_master_key_id = "arn:aws:kms:us-east-1:111122223333:alias/sqs"
}

# A literal customer managed key ARN.
resource "aws_sqs_queue" "key_arn" {
  name              = "billing"
  kms_master_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# Unknown until plan time: never a finding.
resource "aws_sqs_queue" "from_variable" {
  name              = "orders-var"
  kms_master_key_id = var.queue_key_arn
}

# Unknown: a data source attribute (not resolved statically).
resource "aws_sqs_queue" "from_data" {
  name              = "orders-data"
  kms_master_key_id = data.aws_kms_alias.shared.target_key_arn
}

# SSE-SQS, no KMS at all.
resource "aws_sqs_queue" "sse_sqs" {
  name                    = "orders-sse-sqs"
  sqs_managed_sse_enabled = true
}
