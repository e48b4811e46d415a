# sqsguard-fixture: trusted_accounts=111122223333
# Principals in the deploying account, written as ARNs built from data.aws_caller_identity and
# data.aws_partition, are always trusted. The shared-queue module's default reader is a vendor
# account, but every call passes a trusted reader: the module reports through its callers
# only. Peers that treat `${data…account_id}` as "some account", or scan the module alone,
# report these.
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
}

module "orders" {
  source  = "./modules/shared-queue"
  name    = "orders"
  readers = [local.account_root]
}

module "invoices" {
  source  = "./modules/shared-queue"
  name    = "invoices"
  readers = ["arn:aws:iam::111122223333:role/invoice-reader", "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/invoice-archiver"]
}
