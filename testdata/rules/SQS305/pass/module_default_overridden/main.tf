# The queue module's default lets its operator principal administer the queue through the
# queue policy, but every call passes an empty list, and administration goes to an IAM role's
# identity policy instead. Denying administrative actions in the queue policy grants nothing.
# Peers that scan the module alone, or count Deny statements, report these.
resource "aws_iam_role" "operator" {
  name               = "queue-operator"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "operator" {
  name = "administer-queues"
  role = aws_iam_role.operator.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:SetQueueAttributes", "sqs:PurgeQueue", "sqs:TagQueue", "sqs:UntagQueue"]
      Resource = [module.orders.arn, module.payments.arn]
    }]
  })
}

module "orders" {
  source        = "./modules/queue"
  name          = "orders"
  admin_actions = []
}

module "payments" {
  source        = "./modules/queue"
  name          = "payments"
  admin_actions = []
}
