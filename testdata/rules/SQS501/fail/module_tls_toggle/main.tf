# A registry-style queue module whose settings object has optional attributes; the TLS Deny is
# a `dynamic` statement that `enforce_tls` (default true) turns on. The legacy queue's caller
# turns it off for an old HTTP client: its policy is left with the producers' Allow only, and
# the finding sits on that policy, naming the instance.
module "orders" {
  source = "./modules/queue"
  name   = "orders"
  settings = {
    producers = ["arn:aws:iam::111122223333:role/checkout"]
  }
}

module "legacy_intake" {
  source = "./modules/queue"
  name   = "legacy-intake"
  settings = {
    producers   = ["arn:aws:iam::111122223333:role/legacy-gateway"]
    enforce_tls = false
  }
}
