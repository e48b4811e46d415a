# Suppression forms, for the SARIF snapshot of tests/workflow.rs.

# sqsguard:ignore SQS101 audit events are public by design
resource "aws_sqs_queue" "audit" {
  sqs_managed_sse_enabled = false
}

resource "aws_sqs_queue" "legacy" {
  kms_master_key_id = "alias/aws/sqs" #tfsec:ignore:aws-sqs-queue-encryption-use-cmk
}

# No reason: suppresses nothing, and is reported as a warning notification.
resource "aws_sqs_queue" "open" {
  sqs_managed_sse_enabled = false # sqsguard:ignore SQS101
}
