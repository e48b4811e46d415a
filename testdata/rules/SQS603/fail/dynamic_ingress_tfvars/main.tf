# The endpoint's security group is built with a `dynamic` ingress block per allowed network,
# from a variable this root's tfvars file extends with "anywhere" to debug a connectivity
# problem. The dual-stack endpoint's group takes its rules from a for_each map of standalone
# ingress rules; one entry is open to the IPv6 internet. Each finding sits where the range is
# written.
variable "client_networks" {
  type = map(string)
  default = {
    app = "10.0.0.0/16"
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "sqs_endpoint" {
  name   = "sqs-endpoint"
  vpc_id = aws_vpc.main.id

  dynamic "ingress" {
    for_each = var.client_networks
    content {
      description = "HTTPS from ${ingress.key}"
      from_port   = 443
      to_port     = 443
      protocol    = "tcp"
      cidr_blocks = [ingress.value]
    }
  }
}

resource "aws_security_group" "sqs_endpoint_v6" {
  name   = "sqs-endpoint-v6"
  vpc_id = aws_vpc.main.id
}

locals {
  v6_rules = {
    app    = "2001:db8:1234::/48"
    public = "::/0" # expect: SQS603
  }
}

resource "aws_vpc_security_group_ingress_rule" "sqs_endpoint_v6" {
  for_each          = local.v6_rules
  security_group_id = aws_security_group.sqs_endpoint_v6.id
  description       = "HTTPS from ${each.key}"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv6         = each.value
}

resource "aws_vpc_endpoint" "sqs" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [aws_security_group.sqs_endpoint.id]
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

resource "aws_vpc_endpoint" "sqs_dualstack" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  ip_address_type     = "dualstack"
  private_dns_enabled = true
  security_group_ids  = [aws_security_group.sqs_endpoint_v6.id]
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
