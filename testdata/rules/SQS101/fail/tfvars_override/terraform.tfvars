queue_encryption = false # expect: SQS101
