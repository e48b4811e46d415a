# The endpoint security group module opens HTTPS to anywhere unless told otherwise; every call
# narrows it to the VPC's own range (a reference) or to private ranges. The group that is
# open to the internet serves an SSM endpoint, not SQS. Peers that scan the module alone, or
# do not follow which endpoint a group serves, report these.
resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

module "sqs_sg" {
  source        = "./modules/endpoint-sg"
  name          = "sqs-endpoint"
  vpc_id        = aws_vpc.main.id
  allowed_cidrs = [aws_vpc.main.cidr_block, "172.16.0.0/12"]
}

module "ssm_sg" {
  source        = "./modules/endpoint-sg"
  name          = "ssm-endpoint"
  vpc_id        = aws_vpc.main.id
  allowed_cidrs = ["0.0.0.0/0"]
}

resource "aws_vpc_endpoint" "sqs" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [module.sqs_sg.id]
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

resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.ssm"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [module.ssm_sg.id]
}
