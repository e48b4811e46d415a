# SQS104 must not fire: rotated keys, keys no scanned queue uses, and unknowns.

variable "rotate_keys" {
  type = bool # no default: known only at plan time
}

variable "queue_key_arn" {
  type = string
}

# Rotation on, used directly and through an alias.
resource "aws_kms_key" "orders" {
  description         = "orders queue"
  enable_key_rotation = true
}

resource "aws_kms_alias" "orders" {
  name          = "alias/orders"
  target_key_id = aws_kms_key.orders.key_id
}

resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.orders.arn
}

resource "aws_sqs_queue" "orders_by_alias" {
  name              = "orders-by-alias"
  kms_master_key_id = "alias/orders"
}

# Rotation off, but no queue uses this key (it encrypts a bucket): not this rule's business.
resource "aws_kms_key" "bucket" {
  description         = "artifacts bucket"
  enable_key_rotation = false
}

# Rotation off, with an alias, but no queue names the key or the alias.
resource "aws_kms_key" "logs" {
}

resource "aws_kms_alias" "logs" {
  name          = "alias/logs"
  target_key_id = aws_kms_key.logs.key_id
}

# Rotation unknown until plan time: never a finding.
resource "aws_kms_key" "payments" {
  enable_key_rotation = var.rotate_keys
}

resource "aws_sqs_queue" "payments" {
  name              = "payments"
  kms_master_key_id = aws_kms_key.payments.arn
}

# A queue whose key is unknown, next to an unrotated key it might or might not be.
resource "aws_kms_key" "maybe" {
  enable_key_rotation = false
}

resource "aws_sqs_queue" "unknown_key" {
  name              = "unknown-key"
  kms_master_key_id = var.queue_key_arn
}

# A queue on the AWS managed key (rotated by AWS; SQS103 reports it, not SQS104).
resource "aws_sqs_queue" "managed" {
  name              = "managed"
  kms_master_key_id = "alias/aws/sqs" # expect: SQS103
}
