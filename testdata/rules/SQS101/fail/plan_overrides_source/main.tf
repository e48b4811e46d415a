# A plan of this configuration sits next to it, made with `-var encrypt=false`. Read alone,
# this code does not say whether the queues are encrypted (no value for `var.encrypt`); the
# plan does, and its finding points at the argument that sets it in the module, once for both
# instances.

variable "encrypt" {
  type = bool
}

module "queues" {
  source   = "./modules/queue"
  for_each = toset(["alpha", "beta"])

  name    = each.key
  encrypt = var.encrypt
}
