# A queue policy attached to a queue URL known only at plan time may attach to any queue of
# the module: a queue without a visible policy is then unknown, not "without policy".

variable "queue_url" {
  type = string
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sqs_queue_policy" "external" {
  queue_url = var.queue_url
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
