# Queues encrypted with the AWS managed key `alias/aws/sqs`, in every form AWS accepts.

# Alias name, as the Terraform docs show it.
resource "aws_sqs_queue" "alias_name" {
  name                              = "orders"
  kms_master_key_id                 = "alias/aws/sqs" # expect: SQS103
  kms_data_key_reuse_period_seconds = 300
}

# Alias ARN.
resource "aws_sqs_queue" "alias_arn" {
  name              = "payments"
  kms_master_key_id = "arn:aws:kms:us-east-1:111122223333:alias/aws/sqs" # expect: SQS103
}

# Alias ARN in another partition (GovCloud).
resource "aws_sqs_queue" "gov_alias_arn" {
  name              = "payments-gov"
  kms_master_key_id = "arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/aws/sqs" # expect: SQS103
}

# SSE-SQS explicitly off: the queue is SSE-KMS encrypted (no SQS101), but with the AWS managed key.
resource "aws_sqs_queue" "sse_sqs_off" {
  name                    = "audit"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = "alias/aws/sqs" # expect: SQS103
}
