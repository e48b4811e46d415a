variable "name" {
  type = string
}

variable "settings" {
  type = object({
    producers   = optional(list(string), [])
    enforce_tls = optional(bool, true)
  })
  default = {}
}

resource "aws_sqs_queue" "this" {
  name                    = var.name
  sqs_managed_sse_enabled = true
}

data "aws_iam_policy_document" "this" { # expect: SQS501
  statement {
    sid       = "Producers"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this.arn]
    principals {
      type        = "AWS"
      identifiers = var.settings.producers
    }
  }

  dynamic "statement" {
    for_each = var.settings.enforce_tls ? [aws_sqs_queue.this.arn] : []
    content {
      sid       = "DenyInsecureTransport"
      effect    = "Deny"
      actions   = ["sqs:*"]
      resources = [statement.value]
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
}

resource "aws_sqs_queue_policy" "this" {
  queue_url = aws_sqs_queue.this.id
  policy    = data.aws_iam_policy_document.this.json
}
