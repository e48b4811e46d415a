# Wildcard principals narrowed by restricting conditions whose values come from data sources,
# a tfvars file, a template file and a dynamic block. Peers that cannot resolve these call the
# queues public or "weakly conditioned".
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

variable "organization_id" {
  type = string
}

variable "producer_buckets" {
  type    = list(string)
  default = []
}

resource "aws_sqs_queue" "uploads" {
  name = "uploads"
}

resource "aws_sqs_queue" "events" {
  name = "events"
}

# S3 notifications from this account's buckets: aws:SourceAccount is the deploying account and
# aws:SourceArn the buckets given in terraform.tfvars, in a template file.
resource "aws_sqs_queue_policy" "uploads" {
  queue_url = aws_sqs_queue.uploads.id
  policy = templatefile("${path.module}/policies/s3-notifications.json.tpl", {
    queue_arn   = aws_sqs_queue.uploads.arn
    account_id  = data.aws_caller_identity.current.account_id
    bucket_arns = jsonencode([for bucket in var.producer_buckets : "arn:${data.aws_partition.current.partition}:s3:::${bucket}"])
  })
}

# Anyone in the organisation (tfvars), or EventBridge rules of this account in this region,
# with the conditions built by `dynamic` blocks.
locals {
  event_conditions = {
    StringEquals = { variable = "aws:SourceAccount", values = [data.aws_caller_identity.current.account_id] }
    ArnLike      = { variable = "aws:SourceArn", values = ["arn:${data.aws_partition.current.partition}:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:rule/*"] }
  }
}

data "aws_iam_policy_document" "events" {
  statement {
    sid       = "Organisation"
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
    resources = [aws_sqs_queue.events.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = [var.organization_id]
    }
  }

  statement {
    sid       = "EventBridgeRules"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.events.arn]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    dynamic "condition" {
      for_each = local.event_conditions
      content {
        test     = condition.key
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy    = data.aws_iam_policy_document.events.json
}
