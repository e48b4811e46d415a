# Queue policies restricted to a VPC endpoint by a Deny, or without an endpoint condition.

resource "aws_vpc_endpoint" "sqs" {
  vpc_id            = "vpc-0a1b2c3d"
  service_name      = "com.amazonaws.us-east-1.sqs"
  vpc_endpoint_type = "Interface"
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# aws_iam_policy_document: the remediation's shape.
data "aws_iam_policy_document" "orders" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
    resources = [aws_sqs_queue.orders.arn]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = [aws_vpc_endpoint.sqs.id]
    }
  }

  statement {
    sid       = "DenyOutsideVpce"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.orders.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [aws_vpc_endpoint.sqs.id]
    }
  }
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = data.aws_iam_policy_document.orders.json
}

# jsonencode with aws:SourceVpc.
resource "aws_sqs_queue" "payments" {
  name = "payments"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "sqs:ReceiveMessage"
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceVpc" = "vpc-0a1b2c3d" } }
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = "*"
        Condition = { StringNotEquals = { "aws:SourceVpc" = "vpc-0a1b2c3d" } }
      },
    ]
  })
}

# Heredoc JSON with no endpoint condition at all.
resource "aws_sqs_queue" "events" {
  name   = "events"
  policy = <<POLICY
{
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "events.amazonaws.com"},
      "Action": "sqs:SendMessage",
      "Resource": "*"
    }
  ]
}
POLICY
}
