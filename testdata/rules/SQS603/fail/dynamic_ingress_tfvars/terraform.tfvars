client_networks = {
  app       = "10.0.0.0/16"
  debugging = "0.0.0.0/0" # expect: SQS603
}
