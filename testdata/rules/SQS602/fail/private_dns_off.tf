# SQS interface endpoints that do not enable private DNS: clients keep resolving the public
# SQS hostname. The finding sits on `private_dns_enabled = false`, or on the header when the
# argument is left out (Terraform's default is off).

variable "region" {
  type    = string
  default = "eu-west-1"
}

resource "aws_vpc_endpoint" "sqs_disabled" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = ["subnet-0123456789abcdef0"]
  private_dns_enabled = false # expect: SQS602
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-exampleorgid" } }
    }]
  })
}

# Left out: the default is off.
resource "aws_vpc_endpoint" "sqs_default" { # expect: SQS602
  vpc_id            = "vpc-0123456789abcdef0"
  service_name      = "com.amazonaws.${var.region}.sqs"
  vpc_endpoint_type = "Interface"
  subnet_ids        = ["subnet-0123456789abcdef0"]
}

# `null` is the same as leaving the argument out.
resource "aws_vpc_endpoint" "sqs_null" { # expect: SQS602
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = null
}

# Terraform converts the string "false" to a bool.
resource "aws_vpc_endpoint" "sqs_string_false" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = "false" # expect: SQS602
}
