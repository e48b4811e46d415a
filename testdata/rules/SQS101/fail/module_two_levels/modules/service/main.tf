variable "name" {
  type = string
}

variable "encrypt" {
  type    = bool
  default = true
}

locals {
  queues = {
    main = { retention = 345600 }
    dlq  = { retention = 1209600 }
  }
}

module "queue" {
  source   = "../queue"
  for_each = local.queues
  name     = "${var.name}-${each.key}"
  sse      = var.encrypt
}

output "queue_arns" {
  value = { for key, queue in module.queue : key => queue.arn }
}
