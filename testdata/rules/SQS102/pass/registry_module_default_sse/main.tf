# A registry module, installed by `terraform init`, whose settings object turns SSE-SQS on by
# default (`optional(bool, true)`). The callers leave encryption out, and the module writes the
# default into the queue: each queue declares its encryption. Peers that do not convert
# arguments to the variable's type see nothing set.
module "orders" {
  source  = "acme/sqs-queue/aws"
  version = "3.0.1"
  name    = "orders"
}

module "audit" {
  source  = "acme/sqs-queue/aws"
  version = "3.0.1"
  name    = "audit"
  settings = {
    message_retention_seconds = 1209600
  }
}
