# A file whose only credential is a secret access key is still scanned.
variable "aws_secret_key" {
  default = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" # expect: SQS401
}

# The name two lines above the default is enough context.
variable "deploy_secret" {
  type    = string
  default = "ZH6HDV/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv" # expect: SQS401
}
