# The batch VPC resolves SQS through a central Route 53 resolver instead (not yet migrated).
batch_private_dns = false # expect: SQS602
