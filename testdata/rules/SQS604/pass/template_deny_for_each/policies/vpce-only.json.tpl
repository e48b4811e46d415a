{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "WorkerThroughEndpoint",
      "Effect": "Allow",
      "Principal": { "AWS": "${worker}" },
      "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"],
      "Resource": "${queue_arn}",
      "Condition": { "StringEquals": { "aws:SourceVpce": ${endpoint_ids} } }
    },
    {
      "Sid": "DenyOutsideEndpoint",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "sqs:*",
      "Resource": "${queue_arn}",
      "Condition": { "StringNotEquals": { "aws:SourceVpce": ${endpoint_ids} } }
    },
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "sqs:*",
      "Resource": "${queue_arn}",
      "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    }
  ]
}
