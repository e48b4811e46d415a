variable "name" {
  type = string
}

variable "rotate" {
  type    = bool
  default = true
}

resource "aws_kms_key" "this" {
  description         = "queue key for ${var.name}"
  enable_key_rotation = var.rotate
}

output "arn" {
  value = aws_kms_key.this.arn
}
