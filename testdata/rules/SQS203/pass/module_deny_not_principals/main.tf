# NotPrincipal only in Deny statements, written through a policy module whose statements are
# objects with optional attributes and are expanded with `dynamic` blocks. Deny + NotPrincipal
# ("everyone but the operators loses administration") is the pattern AWS documents; a peer
# that does not read the effect the caller passes flags it.
resource "aws_iam_role" "operator" {
  name               = "queue-operator"
  assume_role_policy = "{}"
}

resource "aws_sqs_queue" "orders" {
  name                    = "orders"
  sqs_managed_sse_enabled = true
}

module "orders_policy" {
  source    = "./modules/queue-policy"
  queue_url = aws_sqs_queue.orders.id
  queue_arn = aws_sqs_queue.orders.arn

  statements = {
    OperatorsOnlyAdminister = {
      effect         = "Deny"
      actions        = ["sqs:SetQueueAttributes", "sqs:DeleteQueue", "sqs:PurgeQueue"]
      not_principals = [aws_iam_role.operator.arn]
    }
    Producers = {
      actions    = ["sqs:SendMessage"]
      principals = ["arn:aws:iam::111122223333:role/orders-api"]
    }
  }
}
