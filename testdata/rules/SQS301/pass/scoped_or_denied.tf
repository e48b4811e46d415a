# Statements that name `sqs:*` or `*` without granting every SQS action, or whose actions are
# not known statically: SQS301 must not fire.

variable "extra_actions" {
  type = list(string) # no default: known only at plan time
}

variable "action" {
  type = string
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# `sqs:*` inside a Deny is the usual TLS guard, not a grant (data source form).
data "aws_iam_policy_document" "orders" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["sqs:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_sqs_queue.orders.arn]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  # `sqs:Send*` is a prefix wildcard, not every action.
  statement {
    sid     = "Producers"
    actions = ["sqs:Send*", "sqs:GetQueueUrl"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
    resources = [aws_sqs_queue.orders.arn]
  }
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = data.aws_iam_policy_document.orders.json
}

# Heredoc JSON: a Deny of `*` grants nothing.
resource "aws_sqs_queue" "audit" {
  name   = "audit"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "*",
      "Resource": "*",
      "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    }
  ]
}
POLICY
}

# Identity policy in jsonencode: wildcards of other services, and unknown actions.
resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "worker" {
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # `s3:*` is every S3 action, no SQS action.
        Effect   = "Allow"
        Action   = ["s3:*"]
        Resource = "*"
      },
      {
        # Consumer actions only, by prefix.
        Effect   = "Allow"
        Action   = ["sqs:Receive*", "sqs:DeleteMessage", "sqs:ChangeMessage*"]
        Resource = aws_sqs_queue.orders.arn
      },
      {
        # A list from a variable without default: unknown, not insecure.
        Effect   = "Allow"
        Action   = var.extra_actions
        Resource = aws_sqs_queue.orders.arn
      },
      {
        # One unknown item next to known ones.
        Effect   = "Allow"
        Action   = ["sqs:GetQueueUrl", var.action]
        Resource = aws_sqs_queue.orders.arn
      },
    ]
  })
}
