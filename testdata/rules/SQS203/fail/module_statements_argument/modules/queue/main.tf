variable "name" {
  type = string
}

variable "policy_statements" {
  description = "IAM statements for the queue policy; Resource is filled in with the queue's ARN."
  type        = any
  default     = []
}

resource "aws_sqs_queue" "this" {
  name                    = var.name
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue_policy" "this" {
  count     = length(var.policy_statements) > 0 ? 1 : 0
  queue_url = aws_sqs_queue.this.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [for statement in var.policy_statements : merge(statement, { Resource = aws_sqs_queue.this.arn })]
  })
}
