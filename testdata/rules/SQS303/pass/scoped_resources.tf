# Identity policies scoped to queues, queue policies, and statements that grant no SQS action on
# `*`: SQS303 must not fire.

variable "queue_arn" {
  type = string # no default: unknown
}

variable "actions" {
  type = list(string)
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# Data source: scoped to the queue of this configuration, and to a literal ARN.
data "aws_iam_policy_document" "consumer" {
  statement {
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [aws_sqs_queue.orders.arn]
  }
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:us-east-1:111122223333:orders"]
  }
  # A name prefix is narrower than every queue.
  statement {
    actions   = ["sqs:GetQueueUrl"]
    resources = ["arn:aws:sqs:us-east-1:111122223333:orders-*"]
  }
  # Other services on `*` are not SQS grants.
  statement {
    actions   = ["cloudwatch:PutMetricData", "xray:PutTraceSegments"]
    resources = ["*"]
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

# jsonencode: a Deny on `*` grants nothing; unknown resources and actions never fire.
resource "aws_iam_user_policy" "deployer" {
  user = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Deny"
        Action   = ["sqs:DeleteQueue", "sqs:PurgeQueue"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = "sqs:SendMessage"
        Resource = var.queue_arn
      },
      {
        Effect   = "Allow"
        Action   = var.actions
        Resource = "*"
      },
    ]
  })
}

# A queue policy with `Resource: "*"` is not an identity policy: `*` is the queue itself.
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
      "Action": "sqs:SendMessage",
      "Resource": "*"
    }
  ]
}
EOF
}
