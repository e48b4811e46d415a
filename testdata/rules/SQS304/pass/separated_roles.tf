# Roles kept apart, one statement per role; wildcards and NotAction reported by their own rule:
# SQS304 must not fire.

variable "extra_action" {
  type = string # no default: unknown
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# Data source: producer + read in one statement, consumer + read in the next.
data "aws_iam_policy_document" "orders" {
  statement {
    sid     = "Producer"
    actions = ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:role/producer"]
    }
    resources = [aws_sqs_queue.orders.arn]
  }
  statement {
    sid     = "Consumer"
    actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:role/consumer"]
    }
    resources = [aws_sqs_queue.orders.arn]
  }
  # Deny of mixed actions grants nothing.
  statement {
    sid     = "DenyOthers"
    effect  = "Deny"
    actions = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:PurgeQueue"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_sqs_queue.orders.arn]
    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc123"]
    }
  }
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = data.aws_iam_policy_document.orders.json
}

# jsonencode identity policy: `sqs:*` is reported by SQS301 only (one cause, one finding).
resource "aws_iam_role_policy" "admin" {
  role = "admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "sqs:*" # expect: SQS301
        Resource = aws_sqs_queue.orders.arn
      },
      {
        # Admin + read: one role.
        Effect   = "Allow"
        Action   = ["sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:GetQueueAttributes", "sqs:ListQueues"]
        Resource = aws_sqs_queue.orders.arn
      },
      {
        # One unknown action next to a producer action: unknown, not mixed.
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", var.extra_action]
        Resource = aws_sqs_queue.orders.arn
      },
    ]
  })
}

# Heredoc JSON: NotAction is SQS302's, not SQS304's.
resource "aws_iam_policy" "broad" {
  name   = "broad"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "NotAction": ["iam:*", "organizations:*"], // expect: SQS302
      "Resource": "${aws_sqs_queue.orders.arn}"
    }
  ]
}
EOF
}
