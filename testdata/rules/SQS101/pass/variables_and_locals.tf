variable "sse" {
  type    = bool
  default = true
}

variable "without_default" {
  type = bool
}

locals {
  loop_a = local.loop_b
  loop_b = local.loop_a
}

resource "aws_sqs_queue" "from_variable" {
  sqs_managed_sse_enabled = var.sse
}

# A variable with no default (and no tfvars) is unknown: never a finding.
resource "aws_sqs_queue" "unknown" {
  sqs_managed_sse_enabled = var.without_default
}

# Locals that refer to each other are refused, not followed forever: unknown.
resource "aws_sqs_queue" "cycle" {
  sqs_managed_sse_enabled = local.loop_a
}

# A conditional on an unknown variable is unknown.
resource "aws_sqs_queue" "conditional" {
  sqs_managed_sse_enabled = var.without_default ? false : true
}
