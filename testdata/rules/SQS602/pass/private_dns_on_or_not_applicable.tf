# SQS interface endpoints with private DNS, endpoints of other services or of Gateway type, and
# values known only at plan time: SQS602 must not fire.

variable "private_dns" {
  type = bool # no default
}

resource "aws_vpc_endpoint" "sqs" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = ["subnet-0123456789abcdef0"]
  private_dns_enabled = true
}

# Terraform converts the string "true" to a bool.
resource "aws_vpc_endpoint" "sqs_string_true" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = "true"
}

# Unknown is not insecure.
resource "aws_vpc_endpoint" "sqs_from_variable" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = var.private_dns
}

# Gateway endpoints have no private DNS.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = "vpc-0123456789abcdef0"
  service_name      = "com.amazonaws.eu-west-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = ["rtb-0123456789abcdef0"]
}

# Not SQS: another service's interface endpoint without private DNS is out of scope.
resource "aws_vpc_endpoint" "kms" {
  vpc_id            = "vpc-0123456789abcdef0"
  service_name      = "com.amazonaws.eu-west-1.kms"
  vpc_endpoint_type = "Interface"
}
