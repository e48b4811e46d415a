# SQS permissions reach people through a group, and the policy each user holds directly only
# lets them manage their own credentials, written with a `dynamic` statement per action set.
# A policy attachment naming roles only is not a user's. Peers that flag every policy near an
# aws_iam_user, or every user policy, report these.
locals {
  support_staff = {
    alice = "alice@example.com"
    bob   = "bob@example.com"
  }
  self_service = {
    OwnPassword  = ["iam:ChangePassword", "iam:GetUser"]
    OwnMfaDevice = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices"]
  }
}

resource "aws_sqs_queue" "tickets" {
  name                    = "support-tickets"
  sqs_managed_sse_enabled = true
}

resource "aws_iam_group" "support" {
  name = "support"
}

resource "aws_iam_user" "support" {
  for_each = local.support_staff
  name     = each.key
  tags     = { email = each.value }
}

resource "aws_iam_user_group_membership" "support" {
  for_each = local.support_staff
  user     = aws_iam_user.support[each.key].name
  groups   = [aws_iam_group.support.name]
}

resource "aws_iam_group_policy" "tickets" {
  name  = "read-tickets"
  group = aws_iam_group.support.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      Resource = aws_sqs_queue.tickets.arn
    }]
  })
}

data "aws_iam_policy_document" "self_service" {
  dynamic "statement" {
    for_each = local.self_service
    content {
      sid       = statement.key
      actions   = statement.value
      resources = ["arn:aws:iam::111122223333:user/$${aws:username}", "arn:aws:iam::111122223333:mfa/$${aws:username}"]
    }
  }
}

resource "aws_iam_user_policy" "self_service" {
  for_each = local.support_staff
  name     = "self-service"
  user     = aws_iam_user.support[each.key].name
  policy   = data.aws_iam_policy_document.self_service.json
}

resource "aws_iam_role" "ticket_router" {
  name               = "ticket-router"
  assume_role_policy = "{}"
}

resource "aws_iam_policy" "route_tickets" {
  name = "route-tickets"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.tickets.arn }]
  })
}

resource "aws_iam_policy_attachment" "route_tickets" {
  name       = "route-tickets"
  roles      = [aws_iam_role.ticket_router.name]
  policy_arn = aws_iam_policy.route_tickets.arn
}
