variable "name" {
  type = string
}

variable "access" {
  type = object({
    producers = optional(list(string), [])
    consumers = optional(list(string), [])
  })
  default = {}
}

locals {
  roles = {
    Producers = {
      principals = var.access.producers
      actions    = ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    }
    Consumers = {
      principals = var.access.consumers
      actions    = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    }
  }
}

resource "aws_sqs_queue" "this" {
  name                    = var.name
  sqs_managed_sse_enabled = true
}

data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = { for sid, role in local.roles : sid => role if length(role.principals) > 0 }
    content {
      sid       = statement.key
      actions   = statement.value.actions
      resources = [aws_sqs_queue.this.arn]
      principals {
        type        = "AWS"
        identifiers = statement.value.principals
      }
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.this.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  queue_url = aws_sqs_queue.this.id
  policy    = data.aws_iam_policy_document.this.json
}
