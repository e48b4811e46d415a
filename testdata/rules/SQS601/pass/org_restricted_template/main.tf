# SQS endpoints whose policies restrict the caller: one rendered from a template file with the
# organisation id from this root's tfvars, one attached with aws_vpc_endpoint_policy and
# scoped to this account's queues (ARNs built from data sources) for principals of this
# account. Peers that read only the endpoint's own `policy` argument, or cannot render the
# template, report both as full access.
data "aws_region" "current" {}
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

variable "organization_id" {
  type = string
}

variable "vpcs" {
  type = map(string)
  default = {
    shared  = "vpc-0123456789abcdef0"
    batches = "vpc-0fedcba9876543210"
  }
}

resource "aws_vpc_endpoint" "sqs" {
  for_each            = var.vpcs
  vpc_id              = each.value
  service_name        = "com.amazonaws.${data.aws_region.current.name}.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy = each.key == "shared" ? templatefile("${path.module}/policies/org-only.json.tpl", {
    organization_id = var.organization_id
  }) : null
}

resource "aws_vpc_endpoint_policy" "batches" {
  vpc_endpoint_id = aws_vpc_endpoint.sqs["batches"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
      Resource  = "arn:${data.aws_partition.current.partition}:sqs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:batch-*"
      Condition = {
        StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id }
      }
    }]
  })
}
