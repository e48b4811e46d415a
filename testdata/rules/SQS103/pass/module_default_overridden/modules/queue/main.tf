variable "name" {
  type = string
}

variable "kms_key" {
  description = "KMS key for SSE-KMS; the AWS managed key unless a caller gives one."
  type        = string
  default     = "alias/aws/sqs"
}

resource "aws_sqs_queue" "this" {
  name                              = var.name
  kms_master_key_id                 = var.kms_key
  kms_data_key_reuse_period_seconds = 300
}

output "arn" {
  value = aws_sqs_queue.this.arn
}
