# A plan of this configuration sits next to it. The policy embeds the new queue's ARN, so the
# plan does not know it yet ("known after apply"); the static reading of this file fills it in,
# and the finding points here, once, not into the plan.

resource "aws_sqs_queue" "orders" {
  name                    = "orders"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Public"
      Effect    = "Allow"
      Principal = "*" # expect: SQS201
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.orders.arn
    }]
  })
}
