# A value written in a variable default reaches the queue directly and through a local: the
# findings sit on the default, the line a pull request changes.
variable "sse" {
  type    = bool
  default = false # expect: SQS101
}

variable "legacy" {
  type    = bool
  default = true
}

locals {
  encrypted = var.sse
}

resource "aws_sqs_queue" "from_variable" {
  name                    = "from-variable"
  sqs_managed_sse_enabled = var.sse
}

resource "aws_sqs_queue" "from_local" {
  name                    = "from-local"
  sqs_managed_sse_enabled = local.encrypted
}

# A conditional on a known variable picks its branch.
resource "aws_sqs_queue" "conditional" {
  name                    = "conditional"
  sqs_managed_sse_enabled = var.legacy ? false : true # expect: SQS101
}
