# sqsguard-fixture: trusted_accounts=111122223333
resource "aws_sqs_queue" "orders" {
  name = "orders"
}

data "aws_iam_policy_document" "orders" {
  statement {
    sid       = "Partner"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.orders.arn]
    principals { # expect: SQS204
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:role/producer"]
    }
  }
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = data.aws_iam_policy_document.orders.json
}

resource "aws_sqs_queue_policy" "inline" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "444455556666" } # expect: SQS204
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.orders.arn
    }]
  })
}
