# Keys without rotation that queues reach through an `aws_kms_alias`.

# Queue names the alias by reference.
resource "aws_kms_key" "orders" { # expect: SQS104
  description = "orders queue"
}

resource "aws_kms_alias" "orders" {
  name          = "alias/orders"
  target_key_id = aws_kms_key.orders.key_id
}

resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_alias.orders.name
}

# Queue names the alias by its literal name; the alias targets the key by ARN.
resource "aws_kms_key" "billing" {
  description         = "billing queue"
  enable_key_rotation = false # expect: SQS104
}

resource "aws_kms_alias" "billing" {
  name          = "alias/billing"
  target_key_id = aws_kms_key.billing.arn
}

resource "aws_sqs_queue" "billing" {
  name              = "billing"
  kms_master_key_id = "alias/billing"
}

# Queue names the alias by its ARN attribute.
resource "aws_kms_key" "shipping" { # expect: SQS104
}

resource "aws_kms_alias" "shipping" {
  name          = "alias/shipping"
  target_key_id = aws_kms_key.shipping.id
}

resource "aws_sqs_queue" "shipping" {
  name              = "shipping"
  kms_master_key_id = aws_kms_alias.shipping.arn
}
