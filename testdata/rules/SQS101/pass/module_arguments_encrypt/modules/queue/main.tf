variable "name" {
  type = string
}

variable "sse" {
  type    = bool
  default = false
}

resource "aws_sqs_queue" "this" {
  name                    = var.name
  sqs_managed_sse_enabled = var.sse
}
