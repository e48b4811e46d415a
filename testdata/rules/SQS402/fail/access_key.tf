# The code creates long-term access keys for IAM users: SQS402 on each key's header line.

resource "aws_iam_user" "ci" {
  name = "ci-publisher"
}

resource "aws_iam_access_key" "ci" { # expect: SQS402
  user = aws_iam_user.ci.name
}

# A PGP key keeps the secret out of the state in clear text, but the key is still long-term.
resource "aws_iam_access_key" "ci_encrypted" { # expect: SQS402
  user    = aws_iam_user.ci.name
  pgp_key = "keybase:ci_team"
  status  = "Active"
}

# Created once per user, with count or for_each.
resource "aws_iam_access_key" "per_user" { # expect: SQS402
  for_each = toset(["alice", "bob"])
  user     = each.key
}

# An inactive key is still a long-term key that can be re-activated.
resource "aws_iam_access_key" "spare" { # expect: SQS402
  user   = aws_iam_user.ci.name
  status = "Inactive"
}
