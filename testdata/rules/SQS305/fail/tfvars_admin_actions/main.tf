# The consumer's actions on the queue policy come from a variable whose default is right; this
# root's tfvars file adds PurgeQueue so that the consumer can "clean up after tests". The
# finding sits on the tfvars line, which is what the pull request changes.
variable "consumer_actions" {
  type    = list(string)
  default = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]
}

variable "consumer_role_arn" {
  type    = string
  default = "arn:aws:iam::111122223333:role/orders-worker"
}

resource "aws_sqs_queue" "orders" {
  name                    = "orders"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Consumer"
        Effect    = "Allow"
        Principal = { AWS = var.consumer_role_arn }
        Action    = var.consumer_actions
        Resource  = aws_sqs_queue.orders.arn
      },
    ]
  })
}
