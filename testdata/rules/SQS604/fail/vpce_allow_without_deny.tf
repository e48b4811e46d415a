# Queue policies that allow through a VPC endpoint but deny nothing from elsewhere.

resource "aws_vpc_endpoint" "sqs" {
  vpc_id            = "vpc-0a1b2c3d"
  service_name      = "com.amazonaws.us-east-1.sqs"
  vpc_endpoint_type = "Interface"
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# jsonencode: the finding is on the aws:SourceVpce key.
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = ["sqs:SendMessage", "sqs:ReceiveMessage"]
      Resource  = aws_sqs_queue.orders.arn
      Condition = {
        StringEquals = {
          "aws:SourceVpce" = aws_vpc_endpoint.sqs.id # expect: SQS604
        }
      }
    }]
  })
}

# Heredoc JSON in the queue's own `policy`: aws:SourceVpc, and a Deny on another key.
resource "aws_sqs_queue" "payments" {
  name   = "payments"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "sqs:ReceiveMessage",
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "aws:SourceVpc": "vpc-0a1b2c3d" // expect: SQS604
        }
      }
    },
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "sqs:*",
      "Resource": "*",
      "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}
    }
  ]
}
POLICY
}

# aws_iam_policy_document: the finding is on the condition block.
data "aws_iam_policy_document" "audit" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.audit.arn]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition { # expect: SQS604
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = [aws_vpc_endpoint.sqs.id]
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
