# The default encrypts; the tfvars file of this root turns it off, and the finding sits on
# the tfvars line.
variable "queue_encryption" {
  type    = bool
  default = true
}

resource "aws_sqs_queue" "events" {
  name                    = "events"
  sqs_managed_sse_enabled = var.queue_encryption
}
