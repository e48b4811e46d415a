variable "name" {
  type = string
}

variable "create_access_key" {
  description = "Create a long-term access key for the user (for systems that cannot assume a role)."
  type        = bool
  default     = true
}

resource "aws_iam_user" "this" {
  name = var.name
}

resource "aws_iam_access_key" "this" {
  count = var.create_access_key ? 1 : 0
  user  = aws_iam_user.this.name
}

output "access_key_id" {
  value = one(aws_iam_access_key.this[*].id)
}
