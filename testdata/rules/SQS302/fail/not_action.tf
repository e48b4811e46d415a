# Allow statements with NotAction that still reach SQS: everything but a few actions.

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# Policy document data source: everything except IAM and S3, SQS included.
data "aws_iam_policy_document" "ops" {
  statement {
    sid         = "AllButIamAndS3"
    effect      = "Allow"
    not_actions = ["iam:*", "s3:*"] # expect: SQS302
    resources   = ["*"]
  }
}

resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "ops" {
  role   = aws_iam_role.ops.id
  policy = data.aws_iam_policy_document.ops.json
}

# jsonencode: excluding some SQS actions still grants the others (and future ones).
resource "aws_iam_policy" "no_delete" {
  name = "sqs-no-delete"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = ["sqs:DeleteQueue", "sqs:PurgeQueue"] # expect: SQS302
      Resource  = aws_sqs_queue.orders.arn
    }]
  })
}

# Heredoc JSON in a queue policy: a single NotAction string.
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllButS3",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
      "NotAction": "s3:*", // expect: SQS302
      "Resource": "${aws_sqs_queue.orders.arn}"
    }
  ]
}
EOT
}
