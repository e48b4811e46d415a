# Identity policies held directly by IAM users that grant SQS actions.

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

# Inline user policy in jsonencode: the finding sits on the statement.
resource "aws_iam_user_policy" "ci" {
  user = aws_iam_user.ci.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # expect: SQS403
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
        Resource = aws_sqs_queue.orders.arn
      },
      {
        # S3 only: no SQS action, no finding.
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "arn:aws:s3:::artifacts/*"
      },
    ]
  })
}

# Managed policy from a data source, attached to the user.
data "aws_iam_policy_document" "consume" {
  statement { # expect: SQS403
    sid       = "Consume"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [aws_sqs_queue.orders.arn]
  }
}

resource "aws_iam_policy" "consume" {
  name   = "consume"
  policy = data.aws_iam_policy_document.consume.json
}

resource "aws_iam_user_policy_attachment" "ci_consume" {
  user       = aws_iam_user.ci.name
  policy_arn = aws_iam_policy.consume.arn
}

# Heredoc JSON managed policy attached to users (and a role) by aws_iam_policy_attachment.
# NotAction that reaches SQS grants SQS actions too.
resource "aws_iam_policy" "broad" {
  name   = "broad"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    { // expect: SQS403
      "Effect": "Allow",
      "NotAction": "iam:*",
      "Resource": "*"
    }
  ]
}
EOF
}

resource "aws_iam_policy_attachment" "broad" {
  name       = "broad"
  users      = [aws_iam_user.ci.name]
  roles      = ["ops"]
  policy_arn = aws_iam_policy.broad.arn
}

# A single statement written inline with the list: the statement starts on the `Statement` line.
resource "aws_iam_user_policy" "reporting" {
  name = "reporting"
  user = "reporting"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # expect: SQS403
      Effect   = "Allow"
      Action   = "sqs:GetQueueAttributes"
      Resource = aws_sqs_queue.orders.arn
    }]
  })
}
