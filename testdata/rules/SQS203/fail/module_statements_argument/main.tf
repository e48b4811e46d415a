# A queue module that takes its policy statements as an argument and encodes them itself. The
# caller's statement allows everyone except the listed account: the finding sits on the
# NotPrincipal the caller wrote.
module "orders" {
  source = "./modules/queue"
  name   = "orders"

  policy_statements = [
    {
      Sid       = "Producers"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/orders-api" }
      Action    = "sqs:SendMessage"
    },
    {
      Sid          = "EveryoneButTheOldPartner"
      Effect       = "Allow"
      NotPrincipal = { AWS = "arn:aws:iam::444455556666:root" } # expect: SQS203
      Action       = "sqs:ReceiveMessage"
    },
  ]
}

# The same module with a statement that names its principal: no finding.
module "billing" {
  source = "./modules/queue"
  name   = "billing"

  policy_statements = [{
    Sid       = "Consumers"
    Effect    = "Allow"
    Principal = { AWS = "arn:aws:iam::111122223333:role/billing-worker" }
    Action    = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
  }]
}
