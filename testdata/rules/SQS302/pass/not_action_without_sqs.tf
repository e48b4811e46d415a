# NotAction that cannot reach SQS, or NotAction in a Deny: SQS302 must not fire.

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# Data source: everything except SQS (all of it) grants no SQS action.
data "aws_iam_policy_document" "no_sqs" {
  statement {
    sid         = "EverythingButSqs"
    not_actions = ["sqs:*"]
    resources   = ["*"]
  }

  # Deny + NotAction narrows, it grants nothing.
  statement {
    sid         = "DenyAllButReads"
    effect      = "Deny"
    not_actions = ["sqs:Get*", "sqs:List*"]
    resources   = ["*"]
  }
}

resource "aws_iam_role" "reader" {
  name               = "reader"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "reader" {
  role   = aws_iam_role.reader.id
  policy = data.aws_iam_policy_document.no_sqs.json
}

# jsonencode: `SQS:*` in any case excludes every SQS action; `*` excludes everything.
resource "aws_iam_policy" "no_sqs" {
  name = "no-sqs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        NotAction = ["SQS:*", "iam:*"]
        Resource  = "*"
      },
      {
        Effect    = "Allow"
        NotAction = "*"
        Resource  = "*"
      },
    ]
  })
}

# Heredoc JSON queue policy: the usual TLS guard written with NotAction in a Deny.
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "NotAction": "sqs:GetQueueUrl",
      "Resource": "${aws_sqs_queue.orders.arn}",
      "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    },
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
      "Action": "sqs:SendMessage",
      "Resource": "${aws_sqs_queue.orders.arn}"
    }
  ]
}
EOT
}
