# Queue policies that do not grant to everyone without a condition: SQS201 must not fire.

variable "consumer_arns" {
  type = list(string) # no default: known only at plan time
}

data "aws_caller_identity" "current" {}

resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_iam_role" "consumer" {
  name               = "orders-consumer"
  assume_role_policy = "{}"
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# jsonencode: SNS → SQS with a wildcard principal narrowed by aws:SourceArn (a topic of this
# configuration), and a Deny with `sqs:*` — the TLS guard, not a grant.
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "TopicSends"
        Effect    = "Allow"
        Principal = "*"
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.orders.arn
        Condition = {
          ArnEquals = { "aws:SourceArn" = aws_sns_topic.orders.arn }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.orders.arn
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
    ]
  })
}

# Heredoc JSON: a role of this configuration and the caller's account (a data source: its
# account id is unknown, but the ARN is an account root, never a wildcard).
resource "aws_sqs_queue" "payments" {
  name   = "payments"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "${aws_iam_role.consumer.arn}"},
      "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"},
      "Action": "sqs:GetQueueAttributes",
      "Resource": "*"
    }
  ]
}
POLICY
}

# aws_iam_policy_document: a wildcard restricted by aws:SourceAccount, a service principal,
# and principals from a variable without default (unknown, never reported).
data "aws_iam_policy_document" "audit" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.audit.arn]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }

  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.audit.arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }

  statement {
    actions   = ["sqs:ReceiveMessage"]
    resources = [aws_sqs_queue.audit.arn]
    principals {
      type        = "AWS"
      identifiers = var.consumer_arns
    }
  }
}

resource "aws_sqs_queue" "audit" {
  name = "audit"
}

resource "aws_sqs_queue_policy" "audit" {
  queue_url = aws_sqs_queue.audit.id
  policy    = data.aws_iam_policy_document.audit.json
}
