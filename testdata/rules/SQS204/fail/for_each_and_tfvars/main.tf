# sqsguard-fixture: trusted_accounts=111122223333,222233334444
# Consumer queues per team, expanded over a map; each policy lets the team's role read. The
# map entry of the team whose role sits in an untrusted account is where the finding is. The
# producer account comes from a variable whose tfvars value is untrusted; the ARN is assembled
# in the policy from that part, and the finding sits on the principal that assembles it (a
# string built by interpolation is located where it is built).
variable "producer_account" {
  type    = string
  default = "222233334444"
}

locals {
  consumers = {
    analytics = "arn:aws:iam::111122223333:role/analytics"
    vendor    = "arn:aws:iam::999988887777:role/vendor-reader" # expect: SQS204
  }
}

resource "aws_sqs_queue" "feed" {
  for_each                = local.consumers
  name                    = "feed-${each.key}"
  sqs_managed_sse_enabled = true
}

data "aws_iam_policy_document" "feed" {
  for_each = local.consumers

  statement {
    sid       = "Consumer"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [aws_sqs_queue.feed[each.key].arn]
    principals {
      type        = "AWS"
      identifiers = [each.value]
    }
  }

  statement {
    sid       = "Producer"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.feed[each.key].arn]
    principals { # expect: SQS204
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.producer_account}:root"]
    }
  }
}

resource "aws_sqs_queue_policy" "feed" {
  for_each  = local.consumers
  queue_url = aws_sqs_queue.feed[each.key].id
  policy    = data.aws_iam_policy_document.feed[each.key].json
}
