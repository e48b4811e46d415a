# The plan next to this file was made from another configuration (it holds
# `aws_sqs_queue.legacy`, which is not declared here): it is not mapped onto this code. Each
# reports where its own finding is — this queue here, the plan's queue in the plan.

resource "aws_sqs_queue" "audit" {
  name                    = "audit"
  sqs_managed_sse_enabled = false # expect: SQS101
}
