# The module's own default turns encryption off, but every call passes `true`: the module is
# reported through its callers only, and they encrypt. Peers scanning the module directory
# alone flag its default.
module "queues" {
  source   = "./modules/queue"
  for_each = toset(["a", "b"])
  name     = each.value
  sse      = true
}
