# SQS VPC endpoints that let anyone do anything: no endpoint policy (the default allows every
# principal every action on every queue) or a policy that allows `*` to `*` on `*`.

variable "region" {
  type    = string
  default = "eu-west-1"
}

data "aws_region" "current" {}

# No policy at all: the finding sits on the header.
resource "aws_vpc_endpoint" "sqs_default" { # expect: SQS601
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
}

# The region interpolated from a variable or a data source: still SQS.
resource "aws_vpc_endpoint" "sqs_var_region" { # expect: SQS601
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.${var.region}.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "sqs_data_region" { # expect: SQS601
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.${data.aws_region.current.name}.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
}

# An explicit full-access policy in jsonencode: the finding sits on the document.
resource "aws_vpc_endpoint" "sqs_jsonencode" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy = jsonencode({ # expect: SQS601
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "*"
    }]
  })
}

# The same in heredoc JSON, with `{"AWS": "*"}` and `*` as the action. (The `// expect:` comment
# is for the test harness: sqsguard's JSON reader skips comments.)
resource "aws_vpc_endpoint" "sqs_heredoc" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy              = <<-JSON
    { // expect: SQS601
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": { "AWS": "*" },
          "Action": "*",
          "Resource": "*"
        }
      ]
    }
  JSON
}

# A policy document data source: the finding sits on the data source.
data "aws_iam_policy_document" "anything" { # expect: SQS601
  statement {
    effect    = "Allow"
    actions   = ["sqs:*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_vpc_endpoint" "sqs_document" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy              = data.aws_iam_policy_document.anything.json
}

# A condition that does not narrow who can call (TLS only) restricts nothing.
resource "aws_vpc_endpoint" "sqs_tls_only" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy = jsonencode({ # expect: SQS601
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["sqs:*"]
      Resource  = ["*"]
      Condition = { Bool = { "aws:SecureTransport" = "true" } }
    }]
  })
}

# A policy attached by `aws_vpc_endpoint_policy` to an endpoint declared without one.
resource "aws_vpc_endpoint" "sqs_attached" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
}

resource "aws_vpc_endpoint_policy" "sqs_attached" {
  vpc_endpoint_id = aws_vpc_endpoint.sqs_attached.id
  policy = jsonencode({ # expect: SQS601
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowAll"
      Effect    = "Allow"
      Principal = "*"
      Action    = "*"
      Resource  = "*"
    }]
  })
}

# `...IfExists` and public-range `aws:SourceIp` conditions restrict nothing; actions are
# case-insensitive and `{"AWS": ["*"]}` is a wildcard principal too.
resource "aws_vpc_endpoint" "sqs_weak_conditions" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy = jsonencode({ # expect: SQS601
    Statement = [
      {
        Sid       = "Scoped"
        Effect    = "Allow"
        Principal = "*"
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111122223333:orders"
      },
      {
        Sid       = "Everything"
        Effect    = "Allow"
        Principal = { AWS = ["*"] }
        Action    = "SQS:*"
        Resource  = "*"
        Condition = {
          StringEqualsIfExists = { "aws:PrincipalOrgID" = "o-exampleorgid" }
          IpAddress            = { "aws:SourceIp" = "0.0.0.0/0" }
        }
      },
    ]
  })
}
