variable "name" {
  type = string
}

variable "settings" {
  type = object({
    message_retention_seconds = optional(number, 345600)
    sqs_managed_sse_enabled   = optional(bool, true)
    kms_master_key_id         = optional(string)
  })
  default = {}
}

resource "aws_sqs_queue" "this" {
  name                      = var.name
  message_retention_seconds = var.settings.message_retention_seconds
  sqs_managed_sse_enabled   = var.settings.kms_master_key_id == null ? var.settings.sqs_managed_sse_enabled : null
  kms_master_key_id         = var.settings.kms_master_key_id
}
