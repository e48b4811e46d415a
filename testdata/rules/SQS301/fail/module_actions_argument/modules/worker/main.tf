variable "name" {
  type = string
}

variable "queue_arn" {
  type = string
}

variable "actions" {
  type = list(string)
}

resource "aws_iam_role" "this" {
  name = "worker-${var.name}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

data "aws_iam_policy_document" "queue" {
  statement {
    sid       = "Queue"
    actions   = var.actions
    resources = [var.queue_arn]
  }
}

resource "aws_iam_role_policy" "queue" {
  name   = "queue"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.queue.json
}
