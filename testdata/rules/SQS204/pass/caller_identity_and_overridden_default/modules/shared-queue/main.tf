variable "name" {
  type = string
}

variable "readers" {
  description = "Principals allowed to consume the queue."
  type        = list(string)
  default     = ["arn:aws:iam::999988887777:root"]
}

resource "aws_sqs_queue" "this" {
  name                    = var.name
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue_policy" "this" {
  queue_url = aws_sqs_queue.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Readers"
      Effect    = "Allow"
      Principal = { AWS = var.readers }
      Action    = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]
      Resource  = aws_sqs_queue.this.arn
    }]
  })
}
