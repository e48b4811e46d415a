# sqsguard-fixture: trusted_accounts=111122223333
variable "partner_account" {
  type = string
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_iam_role" "consumer" {
  name               = "consumer"
  assume_role_policy = "{}"
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Statement = [
      # A role of the scanned code is in the deploying account.
      { Effect = "Allow", Principal = { AWS = aws_iam_role.consumer.arn }, Action = "sqs:ReceiveMessage", Resource = aws_sqs_queue.orders.arn },
      # An account that cannot be resolved is not reported.
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::${var.partner_account}:root" }, Action = "sqs:SendMessage", Resource = aws_sqs_queue.orders.arn },
      # A trusted account.
      { Effect = "Allow", Principal = { AWS = "111122223333" }, Action = "sqs:SendMessage", Resource = aws_sqs_queue.orders.arn },
    ]
  })
}
