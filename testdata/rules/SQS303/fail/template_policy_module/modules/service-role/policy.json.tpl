{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Queues",
      "Effect": "Allow",
      "Action": ${actions},
      "Resource": ${queue_arns}
    }
  ]
}
