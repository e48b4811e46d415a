# Wildcard principals whose conditions do not restrict who can call, in every Terraform form.

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# jsonencode: aws:SecureTransport, and a policy variable (`$${` writes a literal `${`).
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AnyoneOverTls"
        Effect    = "Allow"
        Principal = "*"
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.orders.arn
        Condition = { # expect: SQS202
          Bool = { "aws:SecureTransport" = "true" }
        }
      },
      {
        Sid       = "SelfNamed"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "sqs:ReceiveMessage"
        Resource  = aws_sqs_queue.orders.arn
        Condition = { # expect: SQS202
          StringLike = { "aws:PrincipalArn" = "arn:aws:iam::*:user/$${aws:username}" }
        }
      },
    ]
  })
}

# Heredoc JSON: IfExists, and aws:SourceIp with 0.0.0.0/0.
resource "aws_sqs_queue" "payments" {
  name   = "payments"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "IfExists",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "sqs:SendMessage",
      "Resource": "*",
      "Condition": {"ArnLikeIfExists": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}} // expect: SQS202
    },
    {
      "Sid": "Internet",
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "sqs:SendMessage",
      "Resource": "*",
      "Condition": { // expect: SQS202
        "IpAddress": {"aws:SourceIp": "0.0.0.0/0"}
      }
    }
  ]
}
POLICY
}

# aws_iam_policy_document: the finding starts on the first condition block.
data "aws_iam_policy_document" "audit" {
  statement {
    sid       = "Negated"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.audit.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition { # expect: SQS202
      test     = "StringNotEquals"
      variable = "aws:SourceAccount"
      values   = ["444455556666"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:UserAgent"
      values   = ["audit-client"]
    }
  }

  statement {
    sid       = "StarSource"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.audit.arn]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition { # expect: SQS202
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["*"]
    }
  }
}

resource "aws_sqs_queue" "audit" {
  name = "audit"
}

resource "aws_sqs_queue_policy" "audit" {
  queue_url = aws_sqs_queue.audit.id
  policy    = data.aws_iam_policy_document.audit.json
}
