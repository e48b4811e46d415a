# Security groups attached to SQS interface endpoints that accept ingress from anywhere. The
# finding sits on the open range, wherever the ingress rule is written.

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# Inline `ingress` block, IPv4.
resource "aws_security_group" "inline_v4" {
  name   = "sqs-endpoint-inline-v4"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port = 443
    to_port   = 443
    protocol  = "tcp"
    cidr_blocks = [
      "0.0.0.0/0", # expect: SQS603
    ]
  }
}

resource "aws_vpc_endpoint" "inline_v4" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [aws_security_group.inline_v4.id]
}

# Inline `ingress` block, IPv6, next to a harmless IPv4 range.
resource "aws_security_group" "inline_v6" {
  name   = "sqs-endpoint-inline-v6"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["10.0.0.0/16"]
    ipv6_cidr_blocks = ["::/0"] # expect: SQS603
  }
}

resource "aws_vpc_endpoint" "inline_v6" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [aws_security_group.inline_v6.id]
}

# Standalone `aws_security_group_rule` of type ingress.
resource "aws_security_group" "rule" {
  name   = "sqs-endpoint-rule"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "https_from_anywhere" {
  type              = "ingress"
  security_group_id = aws_security_group.rule.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: SQS603
}

resource "aws_vpc_endpoint" "rule" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${var.region}.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [aws_security_group.rule.id]
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

# `aws_vpc_security_group_ingress_rule`, IPv4 and IPv6, on a group that is the second of two.
resource "aws_security_group" "baseline" {
  name   = "baseline"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "new_style" {
  name   = "sqs-endpoint-new-style"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "https_v4" {
  security_group_id = aws_security_group.new_style.id
  cidr_ipv4         = "0.0.0.0/0" # expect: SQS603
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_vpc_endpoint" "new_style" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [aws_security_group.baseline.id, aws_security_group.new_style.id]
}

resource "aws_security_group" "new_style_v6" {
  name   = "sqs-endpoint-new-style-v6"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "https_v6" {
  security_group_id = aws_security_group.new_style_v6.id
  cidr_ipv6         = "::/0" # expect: SQS603
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_vpc_endpoint" "new_style_v6" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [aws_security_group.new_style_v6.id]
}

# A group named by its literal id, on both the endpoint and the rule.
resource "aws_vpc_security_group_ingress_rule" "existing_group" {
  security_group_id = "sg-0123456789abcdef0"
  cidr_ipv4         = "0.0.0.0/0" # expect: SQS603
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_vpc_endpoint" "existing_group" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = ["sg-0123456789abcdef0"]
}
