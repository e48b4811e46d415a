# `policy = null` attaches no policy: the endpoint allows full access.
resource "aws_vpc_endpoint" "sqs" { # expect: SQS601
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy              = null
}
