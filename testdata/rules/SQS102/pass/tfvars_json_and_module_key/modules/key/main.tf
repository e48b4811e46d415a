variable "alias" {
  type = string
}

resource "aws_kms_key" "this" {
  description         = "queue key for ${var.alias}"
  enable_key_rotation = true
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}

output "arn" {
  value = aws_kms_key.this.arn
}
