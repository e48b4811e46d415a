//! Three-valued evaluation of a rule's `match` over one subject: a finding needs `True`;
//! `Unknown` (a value that cannot be resolved statically) never fires.

use globset::GlobMatcher;

use super::{Condition, Literal, MessagePart, Operator, Rule};
use crate::model::fields::{Field, Subject};
use crate::model::{Location, Model};

pub use crate::model::Truth;

/// Evaluate `condition` on `subject`.
pub fn evaluate(condition: &Condition, subject: &dyn Subject, model: &Model) -> Truth {
    match condition {
        Condition::All(items) => {
            let mut result = Truth::True;
            for item in items {
                match evaluate(item, subject, model) {
                    Truth::False => return Truth::False,
                    Truth::Unknown => result = Truth::Unknown,
                    Truth::True => {}
                }
            }
            result
        }
        Condition::Any(items) => {
            let mut result = Truth::False;
            for item in items {
                match evaluate(item, subject, model) {
                    Truth::True => return Truth::True,
                    Truth::Unknown => result = Truth::Unknown,
                    Truth::False => {}
                }
            }
            result
        }
        Condition::Not(inner) => !evaluate(inner, subject, model),
        Condition::Test { field, op } => test(&subject.field(field, model), op),
    }
}

fn test(value: &Field<'_>, op: &Operator) -> Truth {
    match op {
        Operator::Exists(expected) => {
            let exists = match value {
                Field::Missing => false,
                // Declared but unresolvable: whether it "exists" as the rule means is unknown.
                Field::Unknown(_) => return Truth::Unknown,
                Field::List(items, _) => !items.is_empty(),
                _ => true,
            };
            Truth::from_bool(exists == *expected)
        }
        Operator::Equals(literal) => compare(value, &|field| equals(field, literal)),
        Operator::OneOf(literals) => compare(value, &|field| {
            literals.iter().any(|literal| equals(field, literal))
        }),
        Operator::Glob(globs) => compare(value, &|field| glob(field, globs)),
    }
}

/// Apply a scalar comparison: missing is never equal, unknown stays unknown, and a list
/// matches when any known element does (unknown when none does but some is unknown).
fn compare(value: &Field<'_>, matches: &dyn Fn(&Field<'_>) -> bool) -> Truth {
    match value {
        Field::Missing => Truth::False,
        Field::Unknown(_) => Truth::Unknown,
        Field::List(items, _) => {
            let mut result = Truth::False;
            for item in items {
                match compare(item, matches) {
                    Truth::True => return Truth::True,
                    Truth::Unknown => result = Truth::Unknown,
                    Truth::False => {}
                }
            }
            result
        }
        _ => Truth::from_bool(matches(value)),
    }
}

fn equals(field: &Field<'_>, literal: &Literal) -> bool {
    match (field, literal) {
        (Field::Bool(value, _), Literal::Bool(expected)) => value == expected,
        (Field::Str(value, _), Literal::Str(expected)) => value == expected,
        _ => false,
    }
}

fn glob(field: &Field<'_>, globs: &[GlobMatcher]) -> bool {
    match field {
        Field::Str(value, _) => globs.iter().any(|glob| glob.is_match(value.as_ref())),
        _ => false,
    }
}

/// The message for a finding, with fields substituted.
#[must_use]
pub fn render_message(rule: &Rule, subject: &dyn Subject, model: &Model) -> String {
    rule.message
        .iter()
        .map(|part| match part {
            MessagePart::Text(text) => text.clone(),
            MessagePart::Field(name) => subject
                .field(name, model)
                .display()
                .unwrap_or_else(|| "(unknown)".to_string()),
        })
        .collect()
}

/// Where a finding points: the first `location` field that is present, else the header.
/// Also returns which field it was, for the fingerprint.
#[must_use]
pub fn locate(
    rule: &Rule,
    subject: &dyn Subject,
    model: &Model,
) -> (Location, Option<&'static str>) {
    rule.location
        .iter()
        .find_map(|name| {
            subject
                .field(name, model)
                .location()
                .map(|at| (at, Some(*name)))
        })
        .unwrap_or((subject.header(), None))
}
