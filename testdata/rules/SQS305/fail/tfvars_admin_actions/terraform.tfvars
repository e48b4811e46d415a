consumer_actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:PurgeQueue"] # expect: SQS305, SQS304
