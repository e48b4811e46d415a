# An order pipeline with the mistakes sqsguard finds, and the settings it accepts.

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

# Anyone can send to the audit queue: a public queue policy (SQS201).
resource "aws_sqs_queue_policy" "audit" {
  queue_url = aws_sqs_queue.audit.id
  policy = jsonencode({
    Statement = [{
      Sid       = "AnyoneCanSend"
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.audit.arn
    }]
  })
}

# The orders queue enforces TLS and lets one SNS topic send: `Principal "*"` restricted by
# `aws:SourceArn` is not public, so nothing here is reported.
resource "aws_sns_topic" "orders" {
  name = "orders"
}

data "aws_iam_policy_document" "orders" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.orders.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "TopicCanSend"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.orders.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.orders.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = data.aws_iam_policy_document.orders.json
}
