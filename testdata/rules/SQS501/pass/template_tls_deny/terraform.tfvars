queues = {
  orders   = { producer = "arn:aws:iam::111122223333:role/checkout" }
  invoices = { producer = "arn:aws:iam::111122223333:role/billing" }
}
