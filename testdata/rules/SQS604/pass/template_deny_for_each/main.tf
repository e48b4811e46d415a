# Private queues over a map, each allowed through the VPC endpoint and denied from everywhere
# else; the policy is a template file, and the endpoint ids reach it jsonencoded. Peers that
# cannot render the template report the Allow on aws:SourceVpce as unenforced.
resource "aws_vpc_endpoint" "sqs" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}

locals {
  private_queues = {
    payroll = "arn:aws:iam::111122223333:role/payroll-worker"
    hr      = "arn:aws:iam::111122223333:role/hr-worker"
  }
}

resource "aws_sqs_queue" "private" {
  for_each                = local.private_queues
  name                    = each.key
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue_policy" "private" {
  for_each  = local.private_queues
  queue_url = aws_sqs_queue.private[each.key].id
  policy = templatefile("${path.module}/policies/vpce-only.json.tpl", {
    queue_arn    = aws_sqs_queue.private[each.key].arn
    worker       = each.value
    endpoint_ids = jsonencode([aws_vpc_endpoint.sqs.id])
  })
}
