# A root calling a local module that calls another: the queue's encryption comes from the
# root's argument, two levels down, and the finding sits on that argument.
module "orders" {
  source  = "./modules/service"
  name    = "orders"
  encrypt = false # expect: SQS101
}

# The same modules called with encryption on: no finding for these instances.
module "billing" {
  source  = "./modules/service"
  name    = "billing"
  encrypt = true
}
