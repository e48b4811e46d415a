{
  "Version": "2012-10-17",
  "Statement": [
    { // expect: SQS403
      "Sid": "SendToInbound",
      "Effect": "Allow",
      "Action": ["sqs:SendMessage", "sqs:GetQueueUrl"],
      "Resource": ${queue_arns}
    }
  ]
}
