# Interface endpoints from a map of services, private DNS from each entry: the SQS entry turns
# it off, and the finding sits on that entry. A second SQS endpoint, in the batch VPC, takes
# private DNS from a variable that this root's tfvars file turns off.
variable "batch_private_dns" {
  type    = bool
  default = true
}

locals {
  services = {
    sqs = { private_dns = false } # expect: SQS602
    sts = { private_dns = false }
    ssm = { private_dns = true }
  }
}

resource "aws_vpc_endpoint" "shared" {
  for_each            = local.services
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = each.value.private_dns
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "*"
      Resource  = "*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}

resource "aws_vpc_endpoint" "batch_sqs" {
  vpc_id              = "vpc-0fedcba9876543210"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = var.batch_private_dns
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "*"
      Resource  = "*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}
