# One IAM user per external system, from a map; the module creates an access key only when
# asked. The `erp` entry asks for one: the key is created, and the finding sits on the
# module's access key resource (the resource is the cause), naming the instance.
locals {
  systems = {
    crm = { needs_key = false }
    erp = { needs_key = true }
  }
}

module "system_user" {
  source            = "./modules/service-user"
  for_each          = local.systems
  name              = "system-${each.key}"
  create_access_key = each.value.needs_key
}
