variable "queue_url" {
  type = string
}

variable "queue_arn" {
  type = string
}

variable "statements" {
  description = "Statements by Sid. Give either principals or not_principals."
  type = map(object({
    effect         = optional(string, "Allow")
    actions        = list(string)
    principals     = optional(list(string))
    not_principals = optional(list(string))
  }))
}

data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.statements
    content {
      sid       = statement.key
      effect    = statement.value.effect
      actions   = statement.value.actions
      resources = [var.queue_arn]

      dynamic "principals" {
        for_each = statement.value.principals != null ? [statement.value.principals] : []
        content {
          type        = "AWS"
          identifiers = principals.value
        }
      }

      dynamic "not_principals" {
        for_each = statement.value.not_principals != null ? [statement.value.not_principals] : []
        content {
          type        = "AWS"
          identifiers = not_principals.value
        }
      }
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  queue_url = var.queue_url
  policy    = data.aws_iam_policy_document.this.json
}
