# Allow statements with NotPrincipal / not_principals, in every Terraform policy form.

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# jsonencode.
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid          = "AllButPartner"
      Effect       = "Allow"
      NotPrincipal = { AWS = ["arn:aws:iam::444455556666:root"] } # expect: SQS203
      Action       = "sqs:SendMessage"
      Resource     = aws_sqs_queue.orders.arn
    }]
  })
}

# Heredoc JSON in the queue's own `policy`.
resource "aws_sqs_queue" "payments" {
  name   = "payments"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "NotPrincipal": {"Service": "sns.amazonaws.com"}, // expect: SQS203
      "Action": "sqs:ReceiveMessage",
      "Resource": "*"
    }
  ]
}
EOT
}

# aws_iam_policy_document: `effect` defaults to Allow; the finding is on `not_principals`.
data "aws_iam_policy_document" "audit" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
    resources = [aws_sqs_queue.audit.arn]
    not_principals { # expect: SQS203
      type        = "AWS"
      identifiers = [aws_iam_role.ops.arn]
    }
  }
}

resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = "{}"
}

resource "aws_sqs_queue" "audit" {
  name = "audit"
}

resource "aws_sqs_queue_policy" "audit" {
  queue_url = aws_sqs_queue.audit.id
  policy    = data.aws_iam_policy_document.audit.json
}
