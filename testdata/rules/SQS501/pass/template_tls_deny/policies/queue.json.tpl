{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Producer",
      "Effect": "Allow",
      "Principal": { "AWS": "${producer}" },
      "Action": "sqs:SendMessage",
      "Resource": "${queue_arn}"
    },
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": ${deny_actions},
      "Resource": "${queue_arn}",
      "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    }
  ]
}
