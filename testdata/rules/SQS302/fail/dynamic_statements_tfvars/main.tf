# The platform role's grants are statements built with a `dynamic` block from a map variable
# of objects with optional attributes. This root's tfvars file adds a grant written as "all
# but deletion" with not_actions: the finding sits on that tfvars line.
variable "grants" {
  type = map(object({
    actions     = optional(list(string))
    not_actions = optional(list(string))
    resources   = list(string)
  }))
  default = {
    ReadQueues = {
      actions   = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueues"]
      resources = ["arn:aws:sqs:eu-west-1:111122223333:platform-*"]
    }
  }
}

resource "aws_iam_role" "platform" {
  name               = "platform"
  assume_role_policy = "{}"
}

data "aws_iam_policy_document" "platform" {
  dynamic "statement" {
    for_each = var.grants
    content {
      sid         = statement.key
      actions     = statement.value.actions
      not_actions = statement.value.not_actions
      resources   = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "platform" {
  name   = "platform"
  role   = aws_iam_role.platform.id
  policy = data.aws_iam_policy_document.platform.json
}
