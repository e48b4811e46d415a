# A worker module grants its role the SQS actions the caller passes. The `reindex` worker is
# given every SQS action: the finding sits on the argument the caller wrote. The `mailer`
# worker's actions come from a for_each map; its entry asks for `sqs:*` too.
resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = true
}

module "thumbnails" {
  source    = "./modules/worker"
  name      = "thumbnails"
  queue_arn = aws_sqs_queue.jobs.arn
  actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]
}

module "reindex" {
  source    = "./modules/worker"
  name      = "reindex"
  queue_arn = aws_sqs_queue.jobs.arn
  actions   = ["sqs:*"] # expect: SQS301
}

locals {
  notifiers = {
    sms    = ["sqs:SendMessage"]
    mailer = ["SQS:*"] # expect: SQS301
  }
}

module "notifier" {
  source    = "./modules/worker"
  for_each  = local.notifiers
  name      = each.key
  queue_arn = aws_sqs_queue.jobs.arn
  actions   = each.value
}
