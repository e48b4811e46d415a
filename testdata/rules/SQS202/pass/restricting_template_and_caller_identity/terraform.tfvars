organization_id  = "o-a1b2c3d4e5"
producer_buckets = ["acme-uploads", "acme-uploads-eu"]
