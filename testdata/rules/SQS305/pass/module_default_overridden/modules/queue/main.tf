variable "name" {
  type = string
}

variable "admin_actions" {
  description = "Administrative actions granted to the operator through the queue policy."
  type        = list(string)
  default     = ["sqs:SetQueueAttributes", "sqs:PurgeQueue"]
}

resource "aws_sqs_queue" "this" {
  name                    = var.name
  sqs_managed_sse_enabled = true
}

data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = length(var.admin_actions) > 0 ? [var.admin_actions] : []
    content {
      sid       = "Operator"
      actions   = statement.value
      resources = [aws_sqs_queue.this.arn]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::111122223333:role/queue-operator"]
      }
    }
  }

  statement {
    sid       = "NoAdministrationFromOtherAccounts"
    effect    = "Deny"
    actions   = ["sqs:SetQueueAttributes", "sqs:AddPermission", "sqs:RemovePermission", "sqs:DeleteQueue"]
    resources = [aws_sqs_queue.this.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalAccount"
      values   = ["111122223333"]
    }
  }

  statement {
    sid       = "Producers"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this.arn]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  queue_url = aws_sqs_queue.this.id
  policy    = data.aws_iam_policy_document.this.json
}

output "arn" {
  value = aws_sqs_queue.this.arn
}
