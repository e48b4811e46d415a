# Workloads get roles with temporary credentials; no access key is created: SQS402 must not fire.

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_iam_role" "worker" {
  name = "orders-worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}

resource "aws_iam_instance_profile" "worker" {
  name = "orders-worker"
  role = aws_iam_role.worker.name
}

resource "aws_iam_role_policy" "worker_sqs" {
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
      Resource = aws_sqs_queue.orders.arn
    }]
  })
}

# A user without keys (console access, or keys managed outside the code).
resource "aws_iam_user" "auditor" {
  name = "auditor"
}

# Reading an existing key's metadata creates nothing.
data "aws_iam_access_keys" "auditor" {
  user = aws_iam_user.auditor.name
}
