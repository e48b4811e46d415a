# A service-role module renders its identity policy from a template file, inserting the queue
# ARNs the caller gives with jsonencode. One caller grants on every queue of every account;
# another leaves the argument out and gets the module's default, `*`. Each finding sits where
# the resource was written: the caller's argument, the module's default.
resource "aws_sqs_queue" "billing" {
  name                    = "billing"
  sqs_managed_sse_enabled = true
}

module "billing_worker" {
  source     = "./modules/service-role"
  name       = "billing-worker"
  queue_arns = [aws_sqs_queue.billing.arn]
}

module "dlq_redriver" {
  source     = "./modules/service-role"
  name       = "dlq-redriver"
  queue_arns = ["arn:aws:sqs:*:*:*"] # expect: SQS303
}

module "metrics_exporter" {
  source  = "./modules/service-role"
  name    = "metrics-exporter"
  actions = ["sqs:GetQueueAttributes"]
}
