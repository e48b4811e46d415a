# "Temporary" values for the first deployment.
deploy_access_key = "AKIAIOSFODNN7DEPLOY1"                     # expect: SQS401
deploy_secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYDEPLOY1KEY" # expect: SQS401
