# Endpoints that are not SQS, SQS endpoints whose policy restricts who or what, and policies
# that cannot be resolved statically: SQS601 must not fire.

variable "endpoint_policy" {
  type = string # no default: known only at plan time
}

variable "service_name" {
  type = string
}

# Not SQS: an S3 gateway endpoint and a DynamoDB interface endpoint without policy.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = "vpc-0123456789abcdef0"
  service_name      = "com.amazonaws.eu-west-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = ["rtb-0123456789abcdef0"]
}

resource "aws_vpc_endpoint" "dynamodb" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.dynamodb"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
}

# Every principal, every action, but only principals of our organisation.
resource "aws_vpc_endpoint" "sqs_org" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
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

# Only the actions producers and consumers need.
resource "aws_vpc_endpoint" "sqs_actions" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
      Resource  = "*"
    }]
  })
}

# Only our own queues (heredoc JSON).
resource "aws_vpc_endpoint" "sqs_queues" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy              = <<-JSON
    {
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": "*",
          "Action": "sqs:*",
          "Resource": "arn:aws:sqs:eu-west-1:111122223333:*"
        }
      ]
    }
  JSON
}

# Only one account's principals, through a policy document data source.
data "aws_iam_policy_document" "own_account" {
  statement {
    actions   = ["sqs:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_vpc_endpoint" "sqs_account" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy              = data.aws_iam_policy_document.own_account.json
}

# A restricting policy attached separately with `aws_vpc_endpoint_policy`.
resource "aws_vpc_endpoint" "sqs_attached" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
}

resource "aws_vpc_endpoint_policy" "sqs_attached" {
  vpc_endpoint_id = aws_vpc_endpoint.sqs_attached.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "*"
      Condition = { StringEquals = { "aws:PrincipalAccount" = "111122223333" } }
    }]
  })
}

# Unknown is not insecure: a policy, or a service name, known only at plan time.
resource "aws_vpc_endpoint" "sqs_policy_from_variable" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  policy              = var.endpoint_policy
}

resource "aws_vpc_endpoint" "service_from_variable" {
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = var.service_name
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
}
