{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "${principal}" }, // expect: SQS201
      "Action": "sqs:SendMessage",
      "Resource": "${queue_arn}"
    }
  ]
}
