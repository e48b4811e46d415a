# Staging uses the AWS managed key to save the key's monthly cost.
shared_key = "arn:aws:kms:eu-west-1:111122223333:alias/aws/sqs" # expect: SQS103
