# Queues whose effective policy does not deny requests made without TLS.

# No policy at all: reported at the resource header.
resource "aws_sqs_queue" "bare" { # expect: SQS501
  name = "bare"
}

# jsonencode in aws_sqs_queue_policy: reported at the object passed to jsonencode.
resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({ # expect: SQS501
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.orders.arn
    }]
  })
}

# Heredoc JSON in the queue's own `policy`: the Deny names another queue. (Our JSON reader
# accepts `//` comments, so the expectation sits on the heredoc's `{`.)
resource "aws_sqs_queue" "payments" {
  name   = "payments"
  policy = <<POLICY
{ // expect: SQS501
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "sqs:*",
      "Resource": "${aws_sqs_queue.orders.arn}",
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
POLICY
}

# aws_iam_policy_document: reported at the data source. Its Deny matches secure requests.
data "aws_iam_policy_document" "audit" { # expect: SQS501
  statement {
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.audit.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}

resource "aws_sqs_queue" "audit" {
  name = "audit"
}

resource "aws_sqs_queue_policy" "audit" {
  queue_url = aws_sqs_queue.audit.url
  policy    = data.aws_iam_policy_document.audit.json
}

# A literal queue URL attaches to the scanned queue of that name; the Deny covers only
# SendMessage.
resource "aws_sqs_queue" "events" {
  name = "events"
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/111122223333/events"
  policy = jsonencode({ # expect: SQS501
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:us-east-1:111122223333:events"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# `policy = null` and `policy = ""` attach no policy: the queue has none.
resource "aws_sqs_queue" "null_policy" { # expect: SQS501
  name   = "null-policy"
  policy = null
}

resource "aws_sqs_queue" "empty_policy" { # expect: SQS501
  name   = "empty-policy"
  policy = ""
}
