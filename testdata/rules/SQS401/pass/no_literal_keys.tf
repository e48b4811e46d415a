# No literal credentials: SQS401 must not fire.

# The provider finds credentials itself (assumed role, AWS_PROFILE, OIDC in CI).
provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deploy"
  }
}

# Variables without defaults: the value comes from the environment at plan time.
variable "access_key" {
  type      = string
  sensitive = true
}

variable "secret_key" {
  type      = string
  sensitive = true
}

provider "aws" {
  alias      = "legacy"
  region     = "us-east-1"
  access_key = var.access_key
  secret_key = var.secret_key
}

# Secrets read at apply time from Secrets Manager and SSM Parameter Store.
data "aws_secretsmanager_secret_version" "api" {
  secret_id = "prod/orders/api"
}

data "aws_ssm_parameter" "token" {
  name = "/prod/orders/token"
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_iam_role" "consumer" {
  name = "orders-consumer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_lambda_function" "consumer" {
  function_name = "orders-consumer"
  role          = aws_iam_role.consumer.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "consumer.zip"

  environment {
    variables = {
      QUEUE_URL  = aws_sqs_queue.orders.url
      API_SECRET = data.aws_secretsmanager_secret_version.api.secret_string
      TOKEN      = data.aws_ssm_parameter.token.value
      # The secret's ARN, not the secret itself.
      SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/api-AbCdEf"
    }
  }
}

# A git SHA (40 characters, lower-case hex) on a line that mentions a secret is not a key.
module "secrets_rotation" {
  source = "git::https://example.com/modules/secret-rotation.git?ref=cc15171d03a9635784bea6aa6d456556d5cce739"
}

# Text that merely starts like a key id: too short, too long, or not upper case.
locals {
  key_prefix_doc = "long-term key ids start with AKIA, temporary ones with ASIA"
  short_id       = "AKIA1234"
  too_long_id    = "AKIAIOSFODNN7EXAMPLE1234"
  lower_case     = "akiaiosfodnn7example"
  secret_name    = "orders/api-secret-for-the-payments-service"
}
