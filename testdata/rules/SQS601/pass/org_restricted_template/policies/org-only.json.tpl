{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OrganisationOnly",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "sqs:*",
      "Resource": "*",
      "Condition": {
        "StringEquals": { "aws:PrincipalOrgID": "${organization_id}" }
      }
    }
  ]
}
