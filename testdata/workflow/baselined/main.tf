# Findings accepted in sqsguard-baseline.json, for the SARIF snapshot of tests/workflow.rs.
# The baseline was written with:
#   sqsguard baseline testdata/workflow/baselined --select SQS101,SQS103 \
#     -o testdata/workflow/baselined/sqsguard-baseline.json
# and the queue `new` was added afterwards.

resource "aws_sqs_queue" "accepted" {
  sqs_managed_sse_enabled = false
}

resource "aws_sqs_queue" "also_accepted" {
  kms_master_key_id = "alias/aws/sqs"
}

resource "aws_sqs_queue" "new" {
  sqs_managed_sse_enabled = false
}
