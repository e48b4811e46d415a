variable "region" {
  type = string
}

# Left over from testing the module on a laptop.
locals {
  fallback_access_key_id = "AKIAJ7EXAMPLEFALLBK1" # expect: SQS401
}

variable "queue_url" {
  type = string
}

variable "access_key_id" {
  type = string
}

variable "secret_access_key" {
  type      = string
  sensitive = true
}

resource "aws_lambda_function" "this" {
  function_name = "legacy-consumer"
  role          = "arn:aws:iam::111122223333:role/legacy-consumer"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "${path.module}/consumer.zip"

  environment {
    variables = {
      QUEUE_URL             = var.queue_url
      AWS_ACCESS_KEY_ID     = coalesce(var.access_key_id, local.fallback_access_key_id)
      AWS_SECRET_ACCESS_KEY = var.secret_access_key
    }
  }
}
