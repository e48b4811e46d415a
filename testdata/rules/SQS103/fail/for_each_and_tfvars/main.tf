# Queues expanded over a map: the entry that names the AWS managed key is reported at that
# entry. The shared key comes from a variable whose default is a customer managed key; this
# root's tfvars file switches it to the AWS managed key's ARN, and the finding sits there.
data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

variable "shared_key" {
  type    = string
  default = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

locals {
  queues = {
    orders   = { key = var.shared_key }
    payments = { key = "alias/aws/sqs" } # expect: SQS103
    exports  = { key = aws_kms_key.exports.arn }
  }
}

resource "aws_kms_key" "exports" {
  enable_key_rotation = true
}

resource "aws_sqs_queue" "this" {
  for_each          = local.queues
  name              = each.key
  kms_master_key_id = each.value.key
}

# The AWS managed key's alias ARN assembled from the deploying partition, region and account.
resource "aws_sqs_queue" "audit" {
  name              = "audit"
  kms_master_key_id = "arn:${data.aws_partition.current.partition}:kms:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:alias/aws/sqs" # expect: SQS103
}
