//! Principal classification: who a `Principal` entry names, and in which account.

use crate::model::policy::{PrincipalEntry, PrincipalType};
use crate::model::symbolic::{Part, PartRef, Symbolic};

/// The account an ARN or id belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Account {
    /// A literal 12-digit account id.
    Id(String),
    /// The account the stack is deployed to: `${AWS::AccountId}`, or a resource of the scanned code.
    Deploying,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PrincipalClass {
    /// `"*"` or `{"AWS": "*"}`: anyone, in any account, and anonymous callers.
    Wildcard,
    /// An account root: `111122223333` or `arn:aws:iam::111122223333:root`.
    Account(Account),
    /// A role, user, assumed-role session or other IAM ARN.
    Iam {
        account: Account,
        arn: String,
    },
    Service(String),
    Federated(String),
    CanonicalUser(String),
    Unknown,
}

impl PrincipalClass {
    /// The account this principal belongs to, when it has one.
    #[must_use]
    pub fn account(&self) -> Option<&Account> {
        match self {
            PrincipalClass::Account(account) | PrincipalClass::Iam { account, .. } => Some(account),
            _ => None,
        }
    }
}

/// Split a symbolic ARN into its `:`-separated fields, each still symbolic.
#[must_use]
pub fn arn_fields(value: &Symbolic) -> Vec<Symbolic> {
    let mut fields = vec![Symbolic::default()];
    for part in value.parts() {
        match part {
            PartRef::Text(text) => {
                let mut pieces = text.split(':');
                if let Some(first) = pieces.next()
                    && let Some(last) = fields.last_mut()
                {
                    last.push(Part::Text(first.to_string()));
                }
                for piece in pieces {
                    fields.push(Symbolic::text(piece));
                }
            }
            other => {
                if let Some(last) = fields.last_mut() {
                    last.push(other.to_part());
                }
            }
        }
    }
    fields
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn account_of(field: &Symbolic) -> Account {
    match field.as_text() {
        Some(text) if is_account_id(text) => Account::Id(text.to_string()),
        None if field.as_pseudo() == Some("AWS::AccountId") || field.as_reference().is_some() => {
            Account::Deploying
        }
        _ => Account::Unknown,
    }
}

/// Classify one principal entry.
#[must_use]
pub fn classify(entry: &PrincipalEntry) -> PrincipalClass {
    let value = &entry.value.value;
    let text = value.as_text();
    match entry.kind {
        PrincipalType::Any => PrincipalClass::Wildcard,
        PrincipalType::Aws => {
            if text == Some("*") {
                return PrincipalClass::Wildcard;
            }
            if let Some(text) = text.filter(|t| is_account_id(t)) {
                return PrincipalClass::Account(Account::Id(text.to_string()));
            }
            if value.as_reference().is_some() {
                // A role or user of the scanned code, by reference.
                return PrincipalClass::Iam {
                    account: Account::Deploying,
                    arn: value.to_string(),
                };
            }
            if value.as_pseudo() == Some("AWS::AccountId") {
                return PrincipalClass::Account(Account::Deploying);
            }
            let fields = arn_fields(value);
            if fields.len() < 6 || fields[0].as_text() != Some("arn") {
                return PrincipalClass::Unknown;
            }
            let account = account_of(&fields[4]);
            let resource = fields[5..]
                .iter()
                .map(Symbolic::to_string)
                .collect::<Vec<_>>()
                .join(":");
            if resource == "root" {
                PrincipalClass::Account(account)
            } else {
                PrincipalClass::Iam {
                    account,
                    arn: value.to_string(),
                }
            }
        }
        PrincipalType::Service => text.map_or(PrincipalClass::Unknown, |t| {
            PrincipalClass::Service(t.to_string())
        }),
        PrincipalType::Federated => text.map_or(PrincipalClass::Unknown, |t| {
            PrincipalClass::Federated(t.to_string())
        }),
        PrincipalType::CanonicalUser => text.map_or(PrincipalClass::Unknown, |t| {
            PrincipalClass::CanonicalUser(t.to_string())
        }),
        PrincipalType::Other => PrincipalClass::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;
    use crate::model::policy::PolicyValue;

    fn entry(kind: PrincipalType, value: Symbolic) -> PrincipalEntry {
        PrincipalEntry {
            kind,
            value: PolicyValue {
                value,
                at: Location {
                    file: 0,
                    span: crate::source::Span::default(),
                },
            },
        }
    }

    fn aws(text: &str) -> PrincipalClass {
        classify(&entry(PrincipalType::Aws, Symbolic::text(text)))
    }

    #[test]
    fn wildcards_accounts_and_iam_arns() {
        assert_eq!(aws("*"), PrincipalClass::Wildcard);
        assert_eq!(
            classify(&entry(PrincipalType::Any, Symbolic::text("*"))),
            PrincipalClass::Wildcard
        );
        assert_eq!(
            aws("111122223333"),
            PrincipalClass::Account(Account::Id("111122223333".into()))
        );
        assert_eq!(
            aws("arn:aws:iam::111122223333:root"),
            PrincipalClass::Account(Account::Id("111122223333".into()))
        );
        assert!(matches!(
            aws("arn:aws-cn:iam::111122223333:role/app"),
            PrincipalClass::Iam { account: Account::Id(id), .. } if id == "111122223333"
        ));
        assert_eq!(aws("not-an-arn"), PrincipalClass::Unknown);
    }

    #[test]
    fn arns_built_from_the_deploying_account_are_account_principals_not_wildcards() {
        let mut value = Symbolic::text("arn:");
        value.push(Part::Pseudo("AWS::Partition".into()));
        value.push(Part::Text(":iam::".into()));
        value.push(Part::Pseudo("AWS::AccountId".into()));
        value.push(Part::Text(":root".into()));
        assert_eq!(
            classify(&entry(PrincipalType::Aws, value)),
            PrincipalClass::Account(Account::Deploying)
        );
        let role = Symbolic::reference("aws_iam_role.app", "arn");
        assert!(matches!(
            classify(&entry(PrincipalType::Aws, role)),
            PrincipalClass::Iam {
                account: Account::Deploying,
                ..
            }
        ));
        assert_eq!(
            classify(&entry(PrincipalType::Aws, Symbolic::unknown())),
            PrincipalClass::Unknown
        );
    }

    #[test]
    fn services_and_other_types() {
        assert_eq!(
            classify(&entry(
                PrincipalType::Service,
                Symbolic::text("sns.amazonaws.com")
            )),
            PrincipalClass::Service("sns.amazonaws.com".into())
        );
    }
}
