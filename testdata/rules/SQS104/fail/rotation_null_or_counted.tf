# Less obvious ways to leave rotation off.

# `null` means "not set": rotation takes the default (off), so the finding sits on the header.
resource "aws_kms_key" "orders" { # expect: SQS104
  description         = "orders queue"
  enable_key_rotation = null
}

resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.orders.arn
}

# A counted key referenced by index: every instance shares the configuration.
resource "aws_kms_key" "regional" {
  count               = 1
  enable_key_rotation = false # expect: SQS104
}

resource "aws_sqs_queue" "regional" {
  name              = "regional"
  kms_master_key_id = aws_kms_key.regional[0].arn
}
