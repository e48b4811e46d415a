variable "vpc_id" {
  type = string
}

variable "region" {
  type = string
}

variable "services" {
  description = "Interface endpoints by service short name."
  type = map(object({
    policy              = optional(string)
    private_dns_enabled = optional(bool, true)
  }))
}

resource "aws_vpc_endpoint" "this" {
  for_each            = var.services
  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = each.value.private_dns_enabled
  policy              = each.value.policy
}
