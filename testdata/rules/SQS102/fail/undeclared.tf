# Queues that declare neither SSE-SQS nor a KMS key (SQS102 is opt-in; the finding sits on the header).

resource "aws_sqs_queue" "orders" { # expect: SQS102
  name                      = "orders"
  visibility_timeout_seconds = 60
}

# `null` means "not set": the same as leaving both attributes out.
resource "aws_sqs_queue" "nulls" { # expect: SQS102
  name                    = "orders-nulls"
  sqs_managed_sse_enabled = null
  kms_master_key_id       = null
}

# An empty key id is no key, and SSE-SQS is not declared. SQS101 must not fire: nothing is disabled.
resource "aws_sqs_queue" "empty_key" { # expect: SQS102
  name              = "orders-empty-key"
  kms_master_key_id = ""
}

# A key reuse period is not a key.
resource "aws_sqs_queue" "reuse_only" { # expect: SQS102
  name                              = "orders-reuse-only.fifo"
  fifo_queue                        = true
  kms_data_key_reuse_period_seconds = 300
}
