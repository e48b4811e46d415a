variable "name" {
  type = string
}

variable "queue_arns" {
  description = "Queues the role may use."
  type        = list(string)
  default     = ["*"] # expect: SQS303
}

variable "actions" {
  type    = list(string)
  default = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = file("${path.module}/trust.json")
}

resource "aws_iam_role_policy" "queues" {
  name = "queues"
  role = aws_iam_role.this.id
  policy = templatefile("${path.module}/policy.json.tpl", {
    actions    = jsonencode(var.actions)
    queue_arns = jsonencode(var.queue_arns)
  })
}
