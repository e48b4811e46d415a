variable "queue_arn" {
  type = string
}

variable "queue_url" {
  type = string
}

variable "statements" {
  description = "Statements of the queue policy; principals default to anyone (restrict with conditions)."
  type = list(object({
    sid        = string
    effect     = optional(string, "Allow")
    actions    = list(string)
    principals = optional(list(string), ["*"])
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
}

data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.statements
    content {
      sid       = statement.value.sid
      effect    = statement.value.effect
      actions   = statement.value.actions
      resources = [var.queue_arn]

      principals {
        type        = "AWS"
        identifiers = statement.value.principals
      }

      dynamic "condition" {
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  queue_url = var.queue_url
  policy    = data.aws_iam_policy_document.this.json
}
