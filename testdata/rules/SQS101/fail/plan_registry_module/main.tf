# The plan next to this file was made with `-var encrypt=false`. Its root queue is declared
# here: the finding points at the argument. The registry module was never initialised here
# (no `.terraform/`), so sqsguard cannot read its code: its queue is reported in the plan.

variable "encrypt" {
  type = bool
}

resource "aws_sqs_queue" "orders" {
  name                    = "orders"
  sqs_managed_sse_enabled = var.encrypt # expect: SQS101
}

module "vendor" {
  source  = "terraform-aws-modules/sqs/aws"
  version = "~> 4.0"
  name    = "vendor"
}
