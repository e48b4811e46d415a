# `sqs:*` only inside Deny statements: the TLS guard and the outside-the-organisation guard,
# added by `dynamic` blocks for every queue of a for_each map (the second only where the map
# entry asks for it). A Deny grants nothing, whatever its actions; prefix wildcards such as
# `sqs:Receive*` are not every action.
variable "enforce_tls" {
  type    = bool
  default = false
}

variable "organization_id" {
  type = string
}

locals {
  queues = {
    orders   = { org_only = true, consumers = ["arn:aws:iam::111122223333:role/orders-worker"] }
    invoices = { org_only = false, consumers = ["arn:aws:iam::111122223333:role/invoices-worker"] }
  }
}

resource "aws_sqs_queue" "this" {
  for_each                = local.queues
  name                    = each.key
  sqs_managed_sse_enabled = true
}

data "aws_iam_policy_document" "this" {
  for_each = local.queues

  statement {
    sid       = "Consumers"
    actions   = ["sqs:Receive*", "sqs:DeleteMessage*", "sqs:ChangeMessageVisibility*"]
    resources = [aws_sqs_queue.this[each.key].arn]
    principals {
      type        = "AWS"
      identifiers = each.value.consumers
    }
  }

  dynamic "statement" {
    for_each = var.enforce_tls ? ["DenyInsecureTransport"] : []
    content {
      sid       = statement.value
      effect    = "Deny"
      actions   = ["sqs:*"]
      resources = [aws_sqs_queue.this[each.key].arn]
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

  dynamic "statement" {
    for_each = each.value.org_only ? [var.organization_id] : []
    content {
      sid       = "DenyOutsideOrganisation"
      effect    = "Deny"
      actions   = ["sqs:*"]
      resources = [aws_sqs_queue.this[each.key].arn]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
      condition {
        test     = "StringNotEquals"
        variable = "aws:PrincipalOrgID"
        values   = [statement.value]
      }
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  for_each  = local.queues
  queue_url = aws_sqs_queue.this[each.key].id
  policy    = data.aws_iam_policy_document.this[each.key].json
}
