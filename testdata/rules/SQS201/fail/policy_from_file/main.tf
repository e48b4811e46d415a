# The policy is a JSON file next to the module, read with file(); a second one is a template
# filled with templatefile(). Findings sit in those files.
resource "aws_sqs_queue" "inbox" {
  name = "inbox"
}

resource "aws_sqs_queue_policy" "inbox" {
  queue_url = aws_sqs_queue.inbox.id
  policy    = file("${path.module}/policies/inbox.json")
}

resource "aws_sqs_queue" "outbox" {
  name = "outbox"
}

resource "aws_sqs_queue_policy" "outbox" {
  queue_url = aws_sqs_queue.outbox.id
  policy = templatefile("${path.module}/policies/send.json.tpl", {
    queue_arn = aws_sqs_queue.outbox.arn
    principal = "*"
  })
}
