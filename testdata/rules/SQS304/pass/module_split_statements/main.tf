# A queue module in the style of registry modules: producers and consumers are separate
# optional lists, and the module writes one statement per role with `dynamic` blocks, plus a
# TLS Deny on `sqs:*`. Read actions (GetQueueUrl, GetQueueAttributes) next to sending or
# consuming are not a third role, and a Deny grants nothing.
module "orders" {
  source = "./modules/queue"
  name   = "orders"
  access = {
    producers = ["arn:aws:iam::111122223333:role/checkout"]
    consumers = ["arn:aws:iam::111122223333:role/fulfilment"]
  }
}

module "audit" {
  source = "./modules/queue"
  name   = "audit"
  access = {
    consumers = ["arn:aws:iam::111122223333:role/auditor"]
  }
}
