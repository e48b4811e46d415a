# Identity policies scoped to queues whose ARNs are assembled from the deploying partition,
# region and account (data sources) and a for_each key, or read from a module output: none
# covers every queue. Peers that see `${…}` in the account and region fields and assume a
# wildcard report these.
data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  arn_prefix = "arn:${data.aws_partition.current.partition}:sqs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
  pipelines = {
    ingest = ["sqs:SendMessage"]
    enrich = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
  }
}

resource "aws_iam_role" "pipeline" {
  for_each           = local.pipelines
  name               = "pipeline-${each.key}"
  assume_role_policy = "{}"
}

data "aws_iam_policy_document" "pipeline" {
  for_each = local.pipelines

  statement {
    sid     = "OwnQueues"
    actions = each.value
    resources = [
      "${local.arn_prefix}:pipeline-${each.key}",
      "${local.arn_prefix}:pipeline-${each.key}-dlq",
    ]
  }

  # Every queue of this account whose name starts with `pipeline-`: scoped by name.
  statement {
    sid       = "Discover"
    actions   = ["sqs:GetQueueUrl"]
    resources = [format("%s:pipeline-*", local.arn_prefix)]
  }
}

resource "aws_iam_role_policy" "pipeline" {
  for_each = local.pipelines
  name     = "queues"
  role     = aws_iam_role.pipeline[each.key].id
  policy   = data.aws_iam_policy_document.pipeline[each.key].json
}
