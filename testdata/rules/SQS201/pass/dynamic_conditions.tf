# Public-looking principals restricted by conditions built with `dynamic` blocks and
# `for_each`, and a principal list assembled with concat() from named accounts: none is
# public. Peers that do not expand dynamic blocks call these queues public.
variable "topics" {
  type = map(string)
  default = {
    orders = "arn:aws:sns:eu-west-1:111122223333:orders"
    audit  = "arn:aws:sns:eu-west-1:111122223333:audit"
  }
}

locals {
  readers = concat(
    ["arn:aws:iam::111122223333:role/worker"],
    [for account in ["444455556666"] : "arn:aws:iam::${account}:root"],
  )
}

resource "aws_sqs_queue" "fanout" {
  for_each = var.topics
  name     = "fanout-${each.key}"
}

data "aws_iam_policy_document" "fanout" {
  for_each = var.topics

  statement {
    sid     = "FromTopic"
    actions = ["sqs:SendMessage"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    resources = [aws_sqs_queue.fanout[each.key].arn]

    dynamic "condition" {
      for_each = { ArnEquals = each.value }
      content {
        test     = condition.key
        variable = "aws:SourceArn"
        values   = [condition.value]
      }
    }
  }

  statement {
    sid       = "Readers"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [aws_sqs_queue.fanout[each.key].arn]
    principals {
      type        = "AWS"
      identifiers = local.readers
    }
  }
}

resource "aws_sqs_queue_policy" "fanout" {
  for_each  = var.topics
  queue_url = aws_sqs_queue.fanout[each.key].id
  policy    = data.aws_iam_policy_document.fanout[each.key].json
}
