# Queues and their policies expanded over a map; statements built with `dynamic` blocks.
# Only the instance whose map entry names `*` is public, and the finding sits on that entry.
locals {
  queues = {
    orders = { senders = ["arn:aws:iam::111122223333:role/orders-api"] }
    intake = { senders = ["*"] } # expect: SQS201
  }
}

resource "aws_sqs_queue" "this" {
  for_each = local.queues
  name     = each.key
}

data "aws_iam_policy_document" "send" {
  for_each = local.queues

  dynamic "statement" {
    for_each = [each.value.senders]
    content {
      sid     = "Send"
      actions = ["sqs:SendMessage"]
      principals {
        type        = "AWS"
        identifiers = statement.value
      }
      resources = [aws_sqs_queue.this[each.key].arn]
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  for_each  = local.queues
  queue_url = aws_sqs_queue.this[each.key].id
  policy    = data.aws_iam_policy_document.send[each.key].json
}
