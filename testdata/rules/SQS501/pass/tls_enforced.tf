# Queues whose effective policy denies every request made without TLS.

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# jsonencode, with the CDK's shape ({ AWS = "*" }, sqs:*, the queue's ARN, Bool "false").
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.orders.arn
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.orders.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

# Heredoc JSON in the queue's own `policy`: BoolIfExists, a JSON boolean, Resource "*".
resource "aws_sqs_queue" "payments" {
  name   = "payments"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "*",
      "Resource": "*",
      "Condition": {"BoolIfExists": {"aws:SecureTransport": false}}
    }
  ]
}
POLICY
}

# One aws_iam_policy_document attached to two queues, its Deny covering both (the second by
# an ARN ending in the queue's name); `values = [false]` is the string "false" to Terraform.
data "aws_iam_policy_document" "tls" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["sqs:*"]
    resources = [
      aws_sqs_queue.audit.arn,
      "arn:aws:sqs:us-east-1:111122223333:shipping",
    ]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = [false]
    }
  }
}

resource "aws_sqs_queue" "audit" {
  name = "audit"
}

resource "aws_sqs_queue" "shipping" {
  name = "shipping"
}

resource "aws_sqs_queue_policy" "audit" {
  queue_url = aws_sqs_queue.audit.id
  policy    = data.aws_iam_policy_document.tls.json
}

resource "aws_sqs_queue_policy" "shipping" {
  queue_url = aws_sqs_queue.shipping.url
  policy    = data.aws_iam_policy_document.tls.minified_json
}

# The TLS Deny merged in from another document through source_policy_documents.
data "aws_iam_policy_document" "deny_insecure" {
  statement {
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = ["*"]
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
}

data "aws_iam_policy_document" "events" {
  source_policy_documents = [data.aws_iam_policy_document.deny_insecure.json]
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.events.arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

resource "aws_sqs_queue" "events" {
  name   = "events"
  policy = data.aws_iam_policy_document.events.json
}
