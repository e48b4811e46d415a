# The queue module defaults to the AWS managed key, but every call passes a customer managed
# key: the module reports through its callers only, and none of them uses `alias/aws/sqs`.
# Peers that scan the module directory alone flag its default.
data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_kms_key" "queues" {
  description         = "queues"
  enable_key_rotation = true
}

resource "aws_kms_alias" "queues" {
  name          = "alias/queues/sqs"
  target_key_id = aws_kms_key.queues.key_id
}

module "orders" {
  source  = "./modules/queue"
  name    = "orders"
  kms_key = aws_kms_key.queues.arn
}

# A customer alias ARN assembled from the deploying partition, region and account: its name
# ends in `sqs` but it is not `alias/aws/sqs`.
module "payments" {
  source  = "./modules/queue"
  name    = "payments"
  kms_key = "arn:${data.aws_partition.current.partition}:kms:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:${aws_kms_alias.queues.name}"
}

module "reports" {
  source   = "./modules/queue"
  for_each = toset(["daily", "weekly"])
  name     = "reports-${each.key}"
  kms_key  = "arn:${data.aws_partition.current.partition}:kms:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:alias/queues/sqs"
}
