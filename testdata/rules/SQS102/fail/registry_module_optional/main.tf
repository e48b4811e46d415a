# A registry module, installed by `terraform init`, whose `queues` variable is a map of objects
# with optional attributes. The entry that leaves encryption out gets nulls for both
# attributes: the queue declares nothing, and SQS applies SSE-SQS by default (SQS102 is
# opt-in). The entries that name SSE-SQS or a key declare it. Nothing is written for the
# cause, so the finding sits on the module's resource header, naming the instance.
module "queues" {
  source  = "acme/sqs-queues/aws"
  version = "~> 2.1"

  queues = {
    orders = { sqs_managed_sse_enabled = true }
    billing = {
      kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
    audit = { visibility_timeout_seconds = 120 }
  }
}
