# A policy module in the style of registry modules: statements are objects with optional
# attributes (principals default to anyone), expanded with `dynamic` statement and condition
# blocks. The caller's second statement lets anyone in over TLS: aws:SecureTransport
# describes the request, not the caller, so the queue stays public.
resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_sqs_queue" "ingest" {
  name = "ingest"
}

module "ingest_policy" {
  source    = "./modules/queue-policy"
  queue_arn = aws_sqs_queue.ingest.arn
  queue_url = aws_sqs_queue.ingest.id

  statements = [
    {
      sid     = "FromOrdersTopic"
      actions = ["sqs:SendMessage"]
      conditions = [
        { test = "ArnEquals", variable = "aws:SourceArn", values = [aws_sns_topic.orders.arn] },
      ]
    },
    {
      sid     = "AnyoneOverTls"
      actions = ["sqs:SendMessage"]
      conditions = [
        { test = "Bool", variable = "aws:SecureTransport", values = ["true"] }, # expect: SQS202
      ]
    },
  ]
}
