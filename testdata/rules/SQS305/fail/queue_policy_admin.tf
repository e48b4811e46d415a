# Queue policies whose Allow statements grant administrative actions.

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# Data source: a partner may change the queue's attributes (its policy, its DLQ).
data "aws_iam_policy_document" "orders" {
  statement {
    sid     = "PartnerConfigure"
    actions = ["sqs:SetQueueAttributes", "sqs:GetQueueAttributes"] # expect: SQS305
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

# jsonencode in the queue's own `policy` argument: purge, and permissions by wildcard.
resource "aws_sqs_queue" "events" {
  name = "events"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:role/cleanup" }
        Action    = "sqs:PurgeQueue" # expect: SQS305
        Resource  = "*"
      },
      {
        # `sqs:*Permission` is AddPermission and RemovePermission.
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = ["sqs:*Permission"] # expect: SQS305
        Resource  = "*"
      },
    ]
  })
}

# Heredoc JSON: `sqs:Delete*` matches DeleteQueue (admin) as well as DeleteMessage (consumer),
# so it is also a mix of roles (SQS304), a different cause.
resource "aws_sqs_queue_policy" "audit" {
  queue_url = aws_sqs_queue.orders.url
  policy    = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::444455556666:role/consumer" },
      "Action": ["sqs:ReceiveMessage", "sqs:Delete*"], // expect: SQS305, SQS304
      "Resource": "${aws_sqs_queue.orders.arn}"
    }
  ]
}
EOF
}
