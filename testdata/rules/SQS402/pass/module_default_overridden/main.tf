# The service-user module creates an access key by default, but every call turns it off
# (`count = 0`): no key is created. The module reports through its callers only; peers that
# scan it alone, or ignore `count`, report its access key resource.
module "exporter" {
  source            = "./modules/service-user"
  name              = "exporter"
  create_access_key = false
}

module "importers" {
  source            = "./modules/service-user"
  for_each          = toset(["sftp", "edi"])
  name              = "importer-${each.key}"
  create_access_key = false
}
