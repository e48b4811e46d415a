variable "queues" {
  description = "Queues to create, by name."
  type = map(object({
    visibility_timeout_seconds = optional(number, 30)
    sqs_managed_sse_enabled    = optional(bool)
    kms_master_key_id          = optional(string)
  }))
  default = {}
}

resource "aws_sqs_queue" "this" { # expect: SQS102
  for_each = var.queues

  name                       = each.key
  visibility_timeout_seconds = each.value.visibility_timeout_seconds
  sqs_managed_sse_enabled    = each.value.sqs_managed_sse_enabled
  kms_master_key_id          = each.value.kms_master_key_id
}

output "arns" {
  value = { for name, queue in aws_sqs_queue.this : name => queue.arn }
}
