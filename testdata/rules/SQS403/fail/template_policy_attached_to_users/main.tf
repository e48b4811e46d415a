# Partners get an IAM user each (from a set), and one managed policy rendered from a template
# file is attached to every one of them: SQS permissions held directly by users. The finding
# sits on the statement, in the template file.
variable "partners" {
  type    = set(string)
  default = ["acme", "globex"]
}

resource "aws_sqs_queue" "inbound" {
  name                    = "partner-inbound"
  sqs_managed_sse_enabled = true
}

resource "aws_iam_user" "partner" {
  for_each = var.partners
  name     = "partner-${each.key}"
}

resource "aws_iam_policy" "partner_send" {
  name = "partner-send"
  policy = templatefile("${path.module}/policies/send.json.tpl", {
    queue_arns = jsonencode([aws_sqs_queue.inbound.arn])
  })
}

resource "aws_iam_user_policy_attachment" "partner" {
  for_each   = aws_iam_user.partner
  user       = each.value.name
  policy_arn = aws_iam_policy.partner_send.arn
}
