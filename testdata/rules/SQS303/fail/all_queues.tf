# Identity policies granting SQS actions on every queue: `*` or an all-queues ARN pattern.

# Data source on a role: consumer actions on `*`.
data "aws_iam_policy_document" "consumer" {
  statement {
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = ["*"] # expect: SQS303
  }
}

resource "aws_iam_role" "consumer" {
  name               = "consumer"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "consumer" {
  role   = aws_iam_role.consumer.id
  policy = data.aws_iam_policy_document.consumer.json
}

# jsonencode on a group: an ARN pattern with wildcard region, account and name.
resource "aws_iam_group_policy" "producers" {
  group = "producers"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sqs:SendMessage"
      Resource = "arn:aws:sqs:*:*:*" # expect: SQS303
    }]
  })
}

# Heredoc JSON in a role's inline_policy: one scoped ARN does not help when `*` is also listed.
resource "aws_iam_role" "reader" {
  name               = "reader"
  assume_role_policy = "{}"

  inline_policy {
    name   = "read"
    policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
      "Resource": [ // expect: SQS303
        "arn:aws:sqs:us-east-1:111122223333:orders",
        "*"
      ]
    }
  ]
}
EOF
  }
}

# A managed policy attached to a role. `sqs:*` on `*` is two causes: SQS301 (every action)
# and SQS303 (every queue), each reported once at its own line.
resource "aws_iam_policy" "ops" {
  name = "ops"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:*"] # expect: SQS301
      Resource = ["*"] # expect: SQS303
    }]
  })
}

resource "aws_iam_role_policy_attachment" "ops" {
  role       = aws_iam_role.reader.name
  policy_arn = aws_iam_policy.ops.arn
}
