# Literal AWS credentials written in Terraform: every one is a finding, wherever it sits.
# The keys are AWS's documented examples (or similarly fake ones).

# Static credentials in the provider block: the classic leak.
provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"                     # expect: SQS401
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" # expect: SQS401
}

# An aliased provider for a second account, keys in variable defaults.
provider "aws" {
  alias      = "audit"
  region     = "us-east-1"
  access_key = var.audit_access_key
  secret_key = var.audit_secret_key
}

variable "audit_access_key" {
  type    = string
  default = "AKIAI44QH8DHBEXAMPLE" # expect: SQS401
}

# Marking a variable sensitive does not take its default out of the repository.
variable "audit_secret_key" { default = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY" } # expect: SQS401

# Temporary credentials (ASIA…) copied from a session are just as bad.
locals {
  session = {
    access_key_id = "ASIAY34FZKBOKMUTVV7A" # expect: SQS401
  }
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# Lambda environment variables: both on one line is one finding per key, on the same line.
resource "aws_lambda_function" "consumer" {
  function_name = "orders-consumer"
  role          = "arn:aws:iam::111122223333:role/orders-consumer"
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "consumer.zip"

  environment {
    variables = {
      QUEUE_URL             = aws_sqs_queue.orders.url
      AWS_ACCESS_KEY_ID     = "AKIAJ7EXAMPLEQUEUE12" # expect: SQS401
      AWS_SECRET_ACCESS_KEY = "Q7kLm2Np4Rs6Tu8Vw0Xy/Zb1Cd3Ef5Gh7Ij9KlEX" # expect: SQS401
      KEY_AND_SECRET        = "AKIAJ7EXAMPLEQUEUE34:Q7kLm2Np4Rs6Tu8Vw0Xy+Zb1Cd3Ef5Gh7Ij9KlSE" # expect: SQS401
    }
  }
}

# User data: the keys end up in instance metadata, readable from the instance.
resource "aws_instance" "worker" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7WORKER1 # expect: SQS401
    export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYWORKER1KEY # expect: SQS401
    aws sqs receive-message --queue-url "${aws_sqs_queue.orders.url}"
  EOT
}

# Inside any other string, for example an interpolated URL or a JSON blob.
resource "aws_ssm_parameter" "legacy" {
  name  = "/legacy/config"
  type  = "String"
  value = jsonencode({ key = "AKIAIOSFODNN7LEGACY1", region = "eu-west-1" }) # expect: SQS401
}
