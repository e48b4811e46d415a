variable "name" {
  type = string
}

variable "encrypt" {
  type = bool
}

resource "aws_sqs_queue" "this" {
  name                    = var.name
  sqs_managed_sse_enabled = var.encrypt # expect: SQS101
}
