# Customer managed keys used directly by queues of this configuration, without rotation.

# Rotation explicitly off: the finding sits on the attribute.
resource "aws_kms_key" "orders" {
  description         = "orders queue"
  enable_key_rotation = false # expect: SQS104
}

resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.orders.arn
}

# Rotation omitted (Terraform's default is off): the finding sits on the key's header.
resource "aws_kms_key" "payments" { # expect: SQS104
  description             = "payments queues"
  deletion_window_in_days = 30
}

# Two queues on the same key, by `.id` and `.key_id`: still one finding on the key.
resource "aws_sqs_queue" "payments" {
  name              = "payments"
  kms_master_key_id = aws_kms_key.payments.id
}

resource "aws_sqs_queue" "payments_dlq" {
  name              = "payments-dlq"
  kms_master_key_id = aws_kms_key.payments.key_id
}

# The string "false" converts to a bool; the queue references the key in legacy interpolation.
resource "aws_kms_key" "audit" {
  enable_key_rotation = "false" # expect: SQS104
}

resource "aws_sqs_queue" "audit" {
  name              = "audit"
  kms_master_key_id = "${aws_kms_key.audit.arn}"
}
