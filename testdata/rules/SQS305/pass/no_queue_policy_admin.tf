# Queue policies that let producers and consumers in, administration held by identity policies,
# and `sqs:*` reported by SQS301 alone: SQS305 must not fire.

variable "partner_action" {
  type = string # no default: unknown
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# Data source queue policy: producers and consumers only; a Deny of admin actions is a guard.
data "aws_iam_policy_document" "orders" {
  statement {
    sid     = "Producer"
    actions = ["sqs:SendMessage", "sqs:GetQueueUrl"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:role/producer"]
    }
    resources = [aws_sqs_queue.orders.arn]
  }
  statement {
    sid     = "NoAdminFromOutside"
    effect  = "Deny"
    actions = ["sqs:SetQueueAttributes", "sqs:DeleteQueue", "sqs:PurgeQueue", "sqs:AddPermission"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_sqs_queue.orders.arn]
    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalAccount"
      values   = ["111122223333"]
    }
  }
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = data.aws_iam_policy_document.orders.json
}

# jsonencode queue policy: `sqs:*` is SQS301 only (one cause, one finding); an action from a
# variable without default is unknown.
resource "aws_sqs_queue" "events" {
  name = "events"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "sqs:*" # expect: SQS301
        Resource  = "*"
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = var.partner_action
        Resource  = "*"
      },
    ]
  })
}

# Heredoc JSON identity policy: administration through IAM is where it belongs.
resource "aws_iam_role_policy" "queue_admin" {
  role   = "queue-admin"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["sqs:SetQueueAttributes", "sqs:PurgeQueue", "sqs:DeleteQueue", "sqs:TagQueue"],
      "Resource": "${aws_sqs_queue.orders.arn}"
    }
  ]
}
EOF
}
