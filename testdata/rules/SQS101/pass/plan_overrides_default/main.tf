# Read alone, this code turns encryption off (the default of `var.encrypt`). The plan next to
# it was made with `-var encrypt=true`: what will exist is encrypted, and the plan wins, so the
# queue is not reported — neither here nor in the plan.

variable "encrypt" {
  type    = bool
  default = false
}

resource "aws_sqs_queue" "events" {
  name                    = "events"
  sqs_managed_sse_enabled = var.encrypt
}
