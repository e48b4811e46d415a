# not_principals / NotPrincipal only in Deny statements; Allow statements name principals.

resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = "{}"
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

data "aws_iam_policy_document" "orders" {
  # Deny + not_principals: everyone but the ops role loses administration.
  statement {
    effect    = "Deny"
    actions   = ["sqs:SetQueueAttributes", "sqs:DeleteQueue", "sqs:PurgeQueue"]
    resources = [aws_sqs_queue.orders.arn]
    not_principals {
      type        = "AWS"
      identifiers = [aws_iam_role.ops.arn]
    }
  }

  statement {
    actions   = ["sqs:SetQueueAttributes", "sqs:DeleteQueue", "sqs:PurgeQueue"]
    resources = [aws_sqs_queue.orders.arn]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.ops.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = data.aws_iam_policy_document.orders.json
}

# jsonencode: Deny with NotPrincipal.
resource "aws_sqs_queue" "payments" {
  name = "payments"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect       = "Deny"
      NotPrincipal = { AWS = aws_iam_role.ops.arn }
      Action       = "sqs:PurgeQueue"
      Resource     = "*"
    }]
  })
}
