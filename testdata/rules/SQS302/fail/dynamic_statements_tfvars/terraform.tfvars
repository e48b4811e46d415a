grants = {
  ReadQueues = {
    actions   = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueues"]
    resources = ["arn:aws:sqs:eu-west-1:111122223333:platform-*"]
  }
  OperateQueues = {
    not_actions = ["sqs:DeleteQueue", "sqs:PurgeQueue"] # expect: SQS302
    resources   = ["arn:aws:sqs:eu-west-1:111122223333:platform-*"]
  }
}
