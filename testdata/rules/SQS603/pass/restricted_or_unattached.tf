# SQS endpoint security groups open only to the VPC, open groups that are not on an SQS
# endpoint, and open egress: SQS603 must not fire.

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# Ingress from the VPC only (a literal range and a reference); egress anywhere is fine.
resource "aws_security_group" "sqs_endpoint" {
  name   = "sqs-endpoint"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16", aws_vpc.main.cidr_block]
  }

  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group_rule" "sqs_endpoint_egress" {
  type              = "egress"
  security_group_id = aws_security_group.sqs_endpoint.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "sqs_endpoint_private" {
  security_group_id = aws_security_group.sqs_endpoint.id
  cidr_ipv4         = "172.16.0.0/12"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_egress_rule" "sqs_endpoint_egress" {
  security_group_id = aws_security_group.sqs_endpoint.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_vpc_endpoint" "sqs" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [aws_security_group.sqs_endpoint.id]
}

# An open group, used by an endpoint of another service.
resource "aws_security_group" "open" {
  name   = "open"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.ssm"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [aws_security_group.open.id]
}

# An open group that no SQS endpoint uses (a load balancer's, say).
resource "aws_security_group" "public_alb" {
  name   = "public-alb"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "public_alb" {
  security_group_id = aws_security_group.public_alb.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

# Unknown is not insecure: a range known only at plan time.
variable "allowed_cidr" {
  type = string
}

resource "aws_security_group" "from_variable" {
  name   = "sqs-endpoint-from-variable"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [var.allowed_cidr]
  }
}

resource "aws_vpc_endpoint" "sqs_from_variable" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [aws_security_group.from_variable.id]
}
