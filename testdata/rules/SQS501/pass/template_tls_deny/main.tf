# Every queue of the map — the defaults and the one this root's tfvars file adds — gets its
# policy from one template file, whose TLS Deny covers the queue (the Deny's actions inserted
# with jsonencode). Peers that do not render templates report every queue as unenforced.
variable "queues" {
  type = map(object({
    producer = string
  }))
  default = {
    orders = { producer = "arn:aws:iam::111122223333:role/checkout" }
  }
}

resource "aws_sqs_queue" "this" {
  for_each                = var.queues
  name                    = each.key
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue_policy" "this" {
  for_each  = var.queues
  queue_url = aws_sqs_queue.this[each.key].id
  policy = templatefile("${path.module}/policies/queue.json.tpl", {
    queue_arn    = aws_sqs_queue.this[each.key].arn
    producer     = each.value.producer
    deny_actions = jsonencode(["sqs:*"])
  })
}
