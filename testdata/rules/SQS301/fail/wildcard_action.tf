# Allow statements granting `*` or `sqs:*`: every SQS action, in queue and identity policies.

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# Queue policy written with jsonencode: `sqs:*` to another account.
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PartnerAll"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = "sqs:*" # expect: SQS301
        Resource  = aws_sqs_queue.orders.arn
      },
      {
        # Actions are case-insensitive: `SQS:*` is the same wildcard, here inside a list.
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:role/ops" }
        Action = [ # expect: SQS301
          "sqs:GetQueueUrl",
          "SQS:*",
        ]
        Resource = aws_sqs_queue.orders.arn
      },
    ]
  })
}

# The queue's own `policy` argument, written as heredoc JSON: `*` grants every action.
resource "aws_sqs_queue" "audit" {
  name   = "audit"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
      "Action": "*", // expect: SQS301
      "Resource": "*"
    }
  ]
}
POLICY
}

# Identity policy from a policy document data source, on a role.
data "aws_iam_policy_document" "worker" {
  statement {
    sid       = "Everything"
    actions   = ["sqs:*"] # expect: SQS301
    resources = [aws_sqs_queue.orders.arn]
  }
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "worker" {
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.worker.json
}

# Managed identity policy in jsonencode, not attached anywhere yet: still a grant of `*`.
resource "aws_iam_policy" "admin" {
  name = "sqs-admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["*"] # expect: SQS301
      Resource = "*"
    }]
  })
}

# An indented heredoc (`<<-`): the finding is still on the `Action` line.
resource "aws_sqs_queue" "indented" {
  name   = "indented"
  policy = <<-POLICY
    {
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
          "Action": "*", // expect: SQS301
          "Resource": "*"
        }
      ]
    }
  POLICY
}

# AWS managed policies attached by ARN are evaluated with their content.
resource "aws_iam_role_policy_attachment" "full" {
  role       = "worker"
  policy_arn = "arn:aws:iam::aws:policy/AmazonSQSFullAccess" # expect: SQS301
}
