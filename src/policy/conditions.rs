//! Condition analysis: which clauses narrow who can call, TLS and VPC-endpoint conditions.

use crate::model::Truth;
use crate::model::policy::ConditionClause;

/// Keys that identify or bound the caller (rules.md, "restricting condition").
const RESTRICTING_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalservicename",
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:userid",
    "aws:sourceip",
];

/// Positive operators; `StringEqualsIgnoreCase` is as positive as `StringEquals`.
const POSITIVE_OPERATORS: &[&str] = &[
    "stringequals",
    "stringequalsignorecase",
    "stringlike",
    "arnequals",
    "arnlike",
    "ipaddress",
];

/// Negated operators, for "deny requests from elsewhere" statements.
const NEGATED_OPERATORS: &[&str] = &[
    "stringnotequals",
    "stringnotequalsignorecase",
    "stringnotlike",
    "arnnotequals",
    "arnnotlike",
    "notipaddress",
];

/// An operator split into its set qualifier, base name and `IfExists` flag (lower-cased).
struct Operator {
    base: String,
    if_exists: bool,
}

fn operator(text: &str) -> Operator {
    let lower = text.to_ascii_lowercase();
    let without_set = lower
        .strip_prefix("foranyvalue:")
        .or_else(|| lower.strip_prefix("forallvalues:"))
        .unwrap_or(&lower);
    match without_set.strip_suffix("ifexists") {
        Some(base) => Operator {
            base: base.to_string(),
            if_exists: true,
        },
        None => Operator {
            base: without_set.to_string(),
            if_exists: false,
        },
    }
}

fn key_is(clause: &ConditionClause, keys: &[&str]) -> bool {
    keys.contains(&clause.key.to_ascii_lowercase().as_str())
}

/// A value that matches anything: `*` alone, or a `/0` network.
fn matches_anything(text: &str) -> bool {
    let trimmed = text.trim();
    trimmed == "*" || trimmed.ends_with("/0")
}

/// Whether a clause narrows who can call (rules.md): a positive operator, not `…IfExists`,
/// on a caller-identifying key, with fixed values none of which matches anything. Policy
/// variables such as `${aws:username}` do not make a fixed value.
#[must_use]
pub fn restricts(clause: &ConditionClause) -> Truth {
    let op = operator(&clause.operator);
    if op.if_exists
        || !POSITIVE_OPERATORS.contains(&op.base.as_str())
        || !key_is(clause, RESTRICTING_KEYS)
    {
        return Truth::False;
    }
    if clause.values.is_empty() {
        return if clause.unknown {
            Truth::Unknown
        } else {
            Truth::False
        };
    }
    let mut result = Truth::True;
    for value in &clause.values {
        match value.value.as_text() {
            Some(text) if matches_anything(text) || text.contains("${aws:") => return Truth::False,
            Some(_) => {}
            // A reference to a resource of the scanned code (a topic ARN, say) is fixed.
            None => {
                if value.value.has_unknown() {
                    result = Truth::Unknown;
                }
            }
        }
    }
    if clause.unknown && result == Truth::True {
        Truth::Unknown
    } else {
        result
    }
}

/// `Bool` / `BoolIfExists` `aws:SecureTransport` = `false`: the clause of a TLS-enforcing Deny.
#[must_use]
pub fn is_insecure_transport(clause: &ConditionClause) -> bool {
    let op = operator(&clause.operator);
    op.base == "bool"
        && clause.key.eq_ignore_ascii_case("aws:SecureTransport")
        && !clause.values.is_empty()
        && clause.values.iter().all(|value| {
            value
                .value
                .as_text()
                .is_some_and(|t| t.eq_ignore_ascii_case("false"))
        })
}

const VPC_KEYS: &[&str] = &["aws:sourcevpce", "aws:sourcevpc"];

/// A positive condition on `aws:SourceVpce` / `aws:SourceVpc`: access through an endpoint.
#[must_use]
pub fn allows_only_from_vpc(clause: &ConditionClause) -> bool {
    let op = operator(&clause.operator);
    key_is(clause, VPC_KEYS) && POSITIVE_OPERATORS.contains(&op.base.as_str())
}

/// A negated condition on `aws:SourceVpce` / `aws:SourceVpc`: denies requests from elsewhere.
#[must_use]
pub fn denies_outside_vpc(clause: &ConditionClause) -> bool {
    let op = operator(&clause.operator);
    key_is(clause, VPC_KEYS) && NEGATED_OPERATORS.contains(&op.base.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;
    use crate::model::policy::PolicyValue;
    use crate::model::symbolic::Symbolic;

    fn clause(operator: &str, key: &str, values: &[&str]) -> ConditionClause {
        let at = Location {
            file: 0,
            span: crate::source::Span::default(),
        };
        ConditionClause {
            operator: operator.into(),
            key: key.into(),
            values: values
                .iter()
                .map(|v| PolicyValue {
                    value: Symbolic::text(*v),
                    at,
                })
                .collect(),
            unknown: false,
            at,
        }
    }

    #[test]
    fn positive_operators_on_caller_keys_restrict() {
        let arn = "arn:aws:sns:us-east-1:111122223333:orders";
        assert_eq!(
            restricts(&clause("ArnEquals", "aws:SourceArn", &[arn])),
            Truth::True
        );
        assert_eq!(
            restricts(&clause(
                "StringEquals",
                "AWS:SOURCEACCOUNT",
                &["111122223333"]
            )),
            Truth::True
        );
        assert_eq!(
            restricts(&clause(
                "ForAnyValue:StringLike",
                "aws:PrincipalOrgPaths",
                &["o-1/*"]
            )),
            Truth::True
        );
        assert_eq!(
            restricts(&clause("IpAddress", "aws:SourceIp", &["10.0.0.0/8"])),
            Truth::True
        );
    }

    #[test]
    fn weak_conditions_do_not_restrict() {
        let arn = "arn:aws:sns:us-east-1:111122223333:orders";
        assert_eq!(
            restricts(&clause("ArnEqualsIfExists", "aws:SourceArn", &[arn])),
            Truth::False
        );
        assert_eq!(
            restricts(&clause("StringNotEquals", "aws:SourceAccount", &["1"])),
            Truth::False
        );
        assert_eq!(
            restricts(&clause("StringLike", "aws:SourceArn", &["*"])),
            Truth::False
        );
        assert_eq!(
            restricts(&clause("IpAddress", "aws:SourceIp", &["0.0.0.0/0"])),
            Truth::False
        );
        assert_eq!(
            restricts(&clause(
                "IpAddress",
                "aws:SourceIp",
                &["10.0.0.0/8", "::/0"]
            )),
            Truth::False
        );
        assert_eq!(
            restricts(&clause("Bool", "aws:SecureTransport", &["true"])),
            Truth::False
        );
        assert_eq!(
            restricts(&clause("StringEquals", "aws:UserAgent", &["x"])),
            Truth::False
        );
        assert_eq!(
            restricts(&clause(
                "StringLike",
                "aws:PrincipalArn",
                &["arn:aws:iam::*:user/${aws:username}"]
            )),
            Truth::False
        );
    }

    #[test]
    fn unknown_values_leave_the_answer_unknown() {
        let mut unknown = clause("ArnEquals", "aws:SourceArn", &[]);
        unknown.values.push(PolicyValue {
            value: Symbolic::unknown(),
            at: unknown.at,
        });
        assert_eq!(restricts(&unknown), Truth::Unknown);
        let mut reference = clause("ArnEquals", "aws:SourceArn", &[]);
        reference.values.push(PolicyValue {
            value: Symbolic::reference("aws_sns_topic.t", "arn"),
            at: reference.at,
        });
        assert_eq!(restricts(&reference), Truth::True);
    }

    #[test]
    fn tls_and_vpc_clauses() {
        assert!(is_insecure_transport(&clause(
            "Bool",
            "aws:SecureTransport",
            &["false"]
        )));
        assert!(is_insecure_transport(&clause(
            "BoolIfExists",
            "aws:securetransport",
            &["False"]
        )));
        assert!(!is_insecure_transport(&clause(
            "Bool",
            "aws:SecureTransport",
            &["true"]
        )));
        assert!(allows_only_from_vpc(&clause(
            "StringEquals",
            "aws:SourceVpce",
            &["vpce-1"]
        )));
        assert!(denies_outside_vpc(&clause(
            "StringNotEquals",
            "aws:sourceVpce",
            &["vpce-1"]
        )));
        assert!(!denies_outside_vpc(&clause(
            "StringEquals",
            "aws:SourceVpce",
            &["vpce-1"]
        )));
    }
}
