# The queue should be reachable only through the VPC endpoint. The caller of the policy module
# adds an Allow conditioned on aws:SourceVpce, but no Deny for other paths: principals of the
# account still reach the queue from the internet with their identity policies. The finding
# sits on the condition the caller wrote.
resource "aws_vpc_endpoint" "sqs" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
}

resource "aws_sqs_queue" "payroll" {
  name                    = "payroll"
  sqs_managed_sse_enabled = true
}

module "payroll_policy" {
  source    = "./modules/queue-policy"
  queue_arn = aws_sqs_queue.payroll.arn
  queue_url = aws_sqs_queue.payroll.id

  statements = [
    {
      sid        = "PayrollWorkersThroughEndpoint"
      actions    = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
      principals = ["arn:aws:iam::111122223333:role/payroll-worker"]
      conditions = [
        { test = "StringEquals", variable = "aws:SourceVpce", values = [aws_vpc_endpoint.sqs.id] }, # expect: SQS604
      ]
    },
  ]
}
