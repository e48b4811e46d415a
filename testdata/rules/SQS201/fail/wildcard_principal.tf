# Allow statements granting to any principal with no condition, in every Terraform policy form.

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# jsonencode, bare "*".
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AnyoneSends"
        Effect    = "Allow"
        Principal = "*" # expect: SQS201
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.orders.arn
      },
      {
        Sid    = "AnyoneReceives"
        Effect = "Allow"
        # { AWS = "*" } over several lines: the finding starts on the Principal line.
        Principal = { # expect: SQS201
          AWS = "*"
        }
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
        Resource = aws_sqs_queue.orders.arn
      },
    ]
  })
}

# Heredoc JSON in the queue's own `policy` argument (the JSON reader takes `//` comments, so
# the expectation can sit inside the heredoc).
resource "aws_sqs_queue" "payments" {
  name   = "payments"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}, // expect: SQS201
      "Action": "sqs:GetQueueAttributes",
      "Resource": "*"
    }
  ]
}
POLICY
}

# aws_iam_policy_document: `type = "*"`, and `type = "AWS"` with identifier "*".
data "aws_iam_policy_document" "audit" {
  statement {
    sid     = "AnyoneReads"
    actions = ["sqs:GetQueueUrl", "sqs:ListQueueTags"]
    principals { # expect: SQS201
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_sqs_queue.audit.arn]
  }

  statement {
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.audit.arn]
    # Several principals blocks: the finding is on the wildcard itself.
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: SQS201
    }
  }
}

resource "aws_sqs_queue" "audit" {
  name = "audit"
}

resource "aws_sqs_queue_policy" "audit" {
  queue_url = aws_sqs_queue.audit.url
  policy    = data.aws_iam_policy_document.audit.json
}

# A one-line JSON string.
resource "aws_sqs_queue" "events" {
  name   = "events"
  policy = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sqs:SendMessage\"}]}" # expect: SQS201
}

# Heredoc with interpolations before the finding: locations still map to the .tf lines.
# The first statement is restricted (SNS → SQS), the second is not.
resource "aws_sns_topic" "shipping" {
  name = "shipping"
}

resource "aws_sqs_queue" "shipping" {
  name   = "shipping"
  policy = <<POLICY
{
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "sqs:SendMessage",
      "Resource": "${aws_sqs_queue.shipping.arn}",
      "Condition": {"ArnEquals": {"aws:SourceArn": "${aws_sns_topic.shipping.arn}"}}
    },
    {
      "Effect": "Allow",
      "Resource": "${aws_sqs_queue.shipping.arn}",
      "Principal": "*", // expect: SQS201
      "Action": "sqs:ReceiveMessage"
    }
  ]
}
POLICY
}
