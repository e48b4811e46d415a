# Interface endpoints created by a module from a map of services, each with an optional policy.
# The caller gives the SQS endpoint the "full access" document: the finding sits on that
# argument. The SNS endpoint has no policy either, but it is not an SQS endpoint.
data "aws_region" "current" {}

module "endpoints" {
  source = "./modules/endpoints"
  vpc_id = "vpc-0123456789abcdef0"
  region = data.aws_region.current.name

  services = {
    sqs = {
      policy = jsonencode({ # expect: SQS601
        Version   = "2012-10-17"
        Statement = [{ Effect = "Allow", Principal = "*", Action = "*", Resource = "*" }]
      })
    }
    sns = {}
  }
}
