# Keys kept out of the .tf files but committed anyway: in this root's tfvars file, and as a
# module call's argument. Each literal is a finding where it is written.
variable "deploy_access_key" {
  type      = string
  sensitive = true
}

variable "deploy_secret_key" {
  type      = string
  sensitive = true
}

provider "aws" {
  region     = "eu-west-1"
  access_key = var.deploy_access_key
  secret_key = var.deploy_secret_key
}

resource "aws_sqs_queue" "legacy" {
  name                    = "legacy-orders"
  sqs_managed_sse_enabled = true
}

# Called once per region: each literal is still one finding.
module "legacy_consumer" {
  source            = "./modules/legacy-consumer"
  for_each          = toset(["eu-west-1", "us-east-1"])
  region            = each.key
  queue_url         = aws_sqs_queue.legacy.url
  access_key_id     = "AKIAJ7EXAMPLELEGACY1"                     # expect: SQS401
  secret_access_key = "Lq3Wm5Xn7Yo9Zp1Aq3Br5Cs7Dt9Eu1Fv3Gw5HxEX" # expect: SQS401
}
