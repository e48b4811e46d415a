# SQS permissions through roles and groups, and user policies that grant no SQS action:
# SQS403 must not fire.

variable "ci_actions" {
  type = list(string) # no default: unknown
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = "{}"

  # Heredoc JSON in a role's inline_policy.
  inline_policy {
    name   = "consume"
    policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
      "Resource": "${aws_sqs_queue.orders.arn}"
    }
  ]
}
EOF
  }
}

# Data source, on a role and on a group.
data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.orders.arn]
  }
}

resource "aws_iam_role_policy" "worker_send" {
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.send.json
}

resource "aws_iam_group_policy" "operators" {
  group  = "operators"
  policy = data.aws_iam_policy_document.send.json
}

# A managed policy attached to a role and a group only.
resource "aws_iam_policy" "send" {
  name   = "send"
  policy = data.aws_iam_policy_document.send.json
}

resource "aws_iam_role_policy_attachment" "worker_send" {
  role       = aws_iam_role.worker.name
  policy_arn = aws_iam_policy.send.arn
}

resource "aws_iam_group_policy_attachment" "operators_send" {
  group      = "operators"
  policy_arn = aws_iam_policy.send.arn
}

# User policy in jsonencode: S3 only, a Deny of SQS, and actions from a variable without default.
resource "aws_iam_user_policy" "ci" {
  user = "ci"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "arn:aws:s3:::artifacts/*"
      },
      {
        Effect   = "Deny"
        Action   = "sqs:*"
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = var.ci_actions
        Resource = aws_sqs_queue.orders.arn
      },
      {
        # NotAction excluding every SQS action reaches no queue.
        Effect    = "Allow"
        NotAction = ["sqs:*", "iam:*"]
        Resource  = "*"
      },
    ]
  })
}
