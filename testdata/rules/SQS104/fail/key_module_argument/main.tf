# Keys created by a local module and used by queues of another module through its output.
# The `audit` key is created with rotation turned off by the call's argument: the finding
# sits on that argument and names the queue that uses the key.
module "orders_key" {
  source = "./modules/key"
  name   = "orders"
}

module "audit_key" {
  source = "./modules/key"
  name   = "audit"
  rotate = false # expect: SQS104
}

module "orders_queue" {
  source  = "./modules/queue"
  name    = "orders"
  kms_key = module.orders_key.arn
}

module "audit_queue" {
  source  = "./modules/queue"
  name    = "audit"
  kms_key = module.audit_key.arn
}

# Keys per tenant, expanded over a map: the tenant whose entry turns rotation off is reported
# at that entry.
locals {
  tenants = {
    acme   = { rotate = true }
    globex = { rotate = false } # expect: SQS104
  }
}

resource "aws_kms_key" "tenant" {
  for_each            = local.tenants
  description         = "queue key for ${each.key}"
  enable_key_rotation = each.value.rotate
}

resource "aws_sqs_queue" "tenant" {
  for_each          = local.tenants
  name              = "tenant-${each.key}"
  kms_master_key_id = aws_kms_key.tenant[each.key].arn
}
