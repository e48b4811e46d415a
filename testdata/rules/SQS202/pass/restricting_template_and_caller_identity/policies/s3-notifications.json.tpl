{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "S3Notifications",
      "Effect": "Allow",
      "Principal": { "Service": "s3.amazonaws.com" },
      "Action": "sqs:SendMessage",
      "Resource": "${queue_arn}"
    },
    {
      "Sid": "AnyPrincipalFromOurBuckets",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "sqs:SendMessage",
      "Resource": "${queue_arn}",
      "Condition": {
        "StringEquals": { "aws:SourceAccount": "${account_id}" },
        "ArnLike": { "aws:SourceArn": ${bucket_arns} }
      }
    }
  ]
}
