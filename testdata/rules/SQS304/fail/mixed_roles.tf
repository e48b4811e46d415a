# One Allow statement granting actions of two or more of admin, producer and consumer.

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# Data source, identity policy: producer + consumer in one statement.
data "aws_iam_policy_document" "worker" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:GetQueueUrl"] # expect: SQS304
    resources = [aws_sqs_queue.orders.arn]
  }
  # `sqs:Delete*` matches DeleteQueue (admin) and DeleteMessage (consumer).
  statement {
    actions   = ["sqs:Delete*"] # expect: SQS304
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

# jsonencode queue policy: `sqs:*Message` matches SendMessage and ReceiveMessage/DeleteMessage.
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PartnerMessages"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = "sqs:*Message" # expect: SQS304
        Resource  = aws_sqs_queue.orders.arn
      },
      {
        # Batch forms count too: a producer that can also hide messages from consumers.
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:role/app" }
        Action = [ # expect: SQS304
          "sqs:SendMessageBatch",
          "sqs:ChangeMessageVisibilityBatch",
        ]
        Resource = aws_sqs_queue.orders.arn
      },
    ]
  })
}

# Heredoc JSON identity policy: a consumer that can also purge (admin + consumer).
resource "aws_iam_policy" "consumer" {
  name   = "consumer"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [ // expect: SQS304
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:PurgeQueue"
      ],
      "Resource": "${aws_sqs_queue.orders.arn}"
    }
  ]
}
EOF
}
