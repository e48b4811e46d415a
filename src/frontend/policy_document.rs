//! A policy document tree ([`Node`], from any format) → [`PolicyDocument`].
//!
//! Front-ends first turn their own expressions (CloudFormation intrinsics, Terraform
//! interpolations) into `Str`/`Sym` nodes; this reader then knows only IAM's JSON grammar.

use std::cell::RefCell;

use super::tree::{Node, NodeKind};
use crate::model::policy::{
    ConditionClause, Conditions, Effect, Items, PolicyDocument, PolicyValue, PrincipalEntry,
    PrincipalType, Principals, Statement,
};
use crate::model::symbolic::{Symbolic, TextInterner};
use crate::model::{FileId, Location};
use crate::source::Span;

/// Read a policy document. A document that is not an object (an unresolved value) is `None`.
#[must_use]
pub fn read(root: &Node, file: FileId) -> Option<PolicyDocument> {
    read_located(root, &|span| Location { file, span })
}

/// [`read`], sharing equal texts with the other documents read with `texts` (a plan's
/// thousands of policies).
#[must_use]
pub fn read_sharing(
    root: &Node,
    file: FileId,
    texts: &RefCell<TextInterner>,
) -> Option<PolicyDocument> {
    read_with(root, &|span| Location { file, span }, texts)
}

/// [`read`] for a tree whose spans are not all in one file: `locate` turns a span into the
/// place it stands for.
#[must_use]
pub fn read_located(root: &Node, locate: &dyn Fn(Span) -> Location) -> Option<PolicyDocument> {
    read_with(root, locate, &RefCell::default())
}

fn read_with(
    root: &Node,
    locate: &dyn Fn(Span) -> Location,
    texts: &RefCell<TextInterner>,
) -> Option<PolicyDocument> {
    let reader = Reader { locate, texts };
    if let NodeKind::Str(text) = &root.kind {
        // A document written as a JSON string (allowed by CloudFormation and the AWS API):
        // everything in it is located at the string.
        let parsed = super::cloudformation::json::parse(text).ok()??;
        return read_with(&relocate(parsed, root.span), locate, texts);
    }
    if !matches!(root.kind, NodeKind::Map(_)) {
        return None;
    }
    let mut unknown_statements = false;
    let statements = match root.get("Statement").map(|node| &node.kind) {
        None => Vec::new(),
        Some(NodeKind::Seq(items)) => items
            .iter()
            .filter_map(|item| {
                let statement = reader.statement(item);
                unknown_statements |= statement.is_none();
                statement
            })
            .collect(),
        Some(NodeKind::Map(_)) => root
            .get("Statement")
            .and_then(|statement| reader.statement(statement))
            .into_iter()
            .collect(),
        Some(_) => {
            unknown_statements = true;
            Vec::new()
        }
    };
    Some(PolicyDocument {
        statements,
        unknown_statements,
        at: reader.at(root),
    })
}

/// Every span of a tree moved to `span` (a document parsed out of a string).
pub(crate) fn relocate(node: Node, span: Span) -> Node {
    let kind = match node.kind {
        NodeKind::Seq(items) => {
            NodeKind::Seq(items.into_iter().map(|n| relocate(n, span)).collect())
        }
        NodeKind::Map(entries) => NodeKind::Map(
            entries
                .into_iter()
                .map(|entry| super::tree::Entry {
                    key: entry.key,
                    key_span: span,
                    value: relocate(entry.value, span),
                })
                .collect(),
        ),
        other => other,
    };
    Node { span, kind }
}

struct Reader<'l> {
    locate: &'l dyn Fn(Span) -> Location,
    texts: &'l RefCell<TextInterner>,
}

impl Reader<'_> {
    fn at(&self, node: &Node) -> Location {
        (self.locate)(node.span)
    }

    /// A scalar as a policy string; `None` for null, unknown for collections.
    fn scalar(&self, node: &Node) -> Option<Symbolic> {
        Some(match &node.kind {
            NodeKind::Null => return None,
            NodeKind::Str(text) => self.texts.borrow_mut().text(text),
            NodeKind::Sym(value) => value.clone(),
            NodeKind::Bool(value) => Symbolic::text(value.to_string()),
            NodeKind::Number(value) => Symbolic::text(format_number(*value)),
            NodeKind::Seq(_) | NodeKind::Map(_) => Symbolic::unknown(),
        })
    }

    /// A string or list of strings: (values, whether part of it was not resolvable).
    fn list(&self, node: &Node) -> (Vec<PolicyValue>, bool) {
        let items: Vec<&Node> = match &node.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            NodeKind::Map(_) => return (Vec::new(), true),
            _ => vec![node],
        };
        let mut unknown = false;
        let values = items
            .into_iter()
            .filter_map(|item| {
                let value = self.scalar(item)?;
                unknown |= value.has_unknown() && value.as_reference().is_none();
                Some(PolicyValue {
                    value,
                    at: self.at(item),
                })
            })
            .collect();
        (values, unknown)
    }

    /// Where an entry is: its key through its value, or — when the value was written
    /// elsewhere (a parameter default, a tfvars line, a local below the policy) — where the
    /// value was written.
    fn entry_at(&self, statement: &Node, key: &str) -> Option<Location> {
        let entry = statement.entry(key)?;
        Some((self.locate)(key_through_value(
            statement.span,
            entry.key_span,
            entry.value.span,
        )))
    }

    fn items(&self, statement: &Node, key: &str, negated_key: &str) -> Option<Items> {
        let (negated, name) = if statement.get(key).is_some() {
            (false, key)
        } else if statement.get(negated_key).is_some() {
            (true, negated_key)
        } else {
            return None;
        };
        let node = statement.get(name)?;
        let (values, unknown) = self.list(node);
        Some(Items {
            negated,
            values,
            unknown,
            at: self.entry_at(statement, name)?,
        })
    }

    fn principals(&self, statement: &Node) -> Option<Principals> {
        let (negated, name) = if statement.get("Principal").is_some() {
            (false, "Principal")
        } else if statement.get("NotPrincipal").is_some() {
            (true, "NotPrincipal")
        } else {
            return None;
        };
        let node = statement.get(name)?;
        let mut entries = Vec::new();
        let mut unknown = false;
        match &node.kind {
            NodeKind::Map(map) => {
                for entry in map {
                    let kind = match entry.key.as_str() {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        "CanonicalUser" => PrincipalType::CanonicalUser,
                        _ => PrincipalType::Other,
                    };
                    let (values, part_unknown) = self.list(&entry.value);
                    unknown |= part_unknown;
                    entries.extend(
                        values
                            .into_iter()
                            .map(|value| PrincipalEntry { kind, value }),
                    );
                }
            }
            _ => match self.scalar(node) {
                Some(value) if value.as_text() == Some("*") => entries.push(PrincipalEntry {
                    kind: PrincipalType::Any,
                    value: PolicyValue {
                        value,
                        at: self.at(node),
                    },
                }),
                _ => unknown = true,
            },
        }
        Some(Principals {
            negated,
            entries,
            unknown,
            at: self.entry_at(statement, name)?,
        })
    }

    fn conditions(&self, statement: &Node) -> Option<Conditions> {
        let node = statement.get("Condition")?;
        let mut clauses = Vec::new();
        let mut unknown = false;
        match &node.kind {
            NodeKind::Map(operators) => {
                for operator in operators {
                    match &operator.value.kind {
                        NodeKind::Map(keys) => {
                            for key in keys {
                                let (values, part_unknown) = self.list(&key.value);
                                clauses.push(ConditionClause {
                                    operator: operator.key.clone(),
                                    key: key.key.clone(),
                                    values,
                                    unknown: part_unknown,
                                    at: (self.locate)(key_through_value(
                                        operator.value.span,
                                        key.key_span,
                                        key.value.span,
                                    )),
                                });
                            }
                        }
                        _ => unknown = true,
                    }
                }
            }
            NodeKind::Null => return None,
            _ => unknown = true,
        }
        Some(Conditions {
            clauses,
            unknown,
            at: self.entry_at(statement, "Condition")?,
        })
    }

    fn statement(&self, node: &Node) -> Option<Statement> {
        if !matches!(node.kind, NodeKind::Map(_)) {
            return None;
        }
        let effect = match node.get("Effect").and_then(|node| self.scalar(node)) {
            Some(value) => match value.as_text() {
                Some(text) if text.eq_ignore_ascii_case("allow") => Some(Effect::Allow),
                Some(text) if text.eq_ignore_ascii_case("deny") => Some(Effect::Deny),
                _ => None,
            },
            // IAM requires `Effect`; a statement without one grants nothing, but an
            // unresolvable one is simply unknown.
            None => None,
        };
        Some(Statement {
            sid: node
                .get("Sid")
                .and_then(|node| self.scalar(node))
                .and_then(|sid| sid.as_text().map(str::to_string))
                .filter(|sid| !sid.is_empty()),
            effect,
            principals: self.principals(node),
            actions: self.items(node, "Action", "NotAction"),
            resources: self.items(node, "Resource", "NotResource"),
            conditions: self.conditions(node),
            at: self.at(node),
        })
    }
}

/// An entry of `container` from its key through its value — or only the value, when it was
/// written elsewhere: before its key, or outside the container. Spans of a Terraform policy
/// are offsets in all the configuration's files laid end to end, so a value written after the
/// policy (a local below it, a tfvars file, a module argument in a later file) is elsewhere
/// too, and a span covering both would run across files.
fn key_through_value(container: Span, key: Span, value: Span) -> Span {
    let inside = container.cover(value) == container;
    if inside && value.start >= key.start {
        key.cover(value)
    } else {
        value
    }
}

/// Numbers as IAM would read them from JSON text: integers without a fraction.
fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::cloudformation::json;

    #[test]
    fn statements_principals_actions_and_conditions_are_read_with_locations() {
        let text = r#"{"Version": "2012-10-17", "Statement": [
          {"Sid": "Sns", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
           "Action": "sqs:SendMessage", "Resource": "*",
           "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}}},
          {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:root"]},
           "NotAction": ["sqs:Receive*", "sqs:Get*"]}
        ]}"#;
        let root = json::parse(text).unwrap().unwrap();
        let document = read(&root, 0).unwrap();
        assert_eq!(document.statements.len(), 2);
        let first = &document.statements[0];
        assert_eq!(first.sid.as_deref(), Some("Sns"));
        assert_eq!(first.effect, Some(Effect::Allow));
        let principals = first.principals.as_ref().unwrap();
        assert_eq!(principals.entries[0].kind, PrincipalType::Service);
        let clause = &first.conditions.as_ref().unwrap().clauses[0];
        assert_eq!(
            (clause.operator.as_str(), clause.key.as_str()),
            ("ArnEquals", "aws:SourceArn")
        );
        let span = clause.at.span;
        assert!(text[span.start as usize..span.end as usize].starts_with("\"aws:SourceArn\""));
        let second = &document.statements[1];
        assert!(second.principals.as_ref().unwrap().negated);
        let actions = second.actions.as_ref().unwrap();
        assert!(actions.negated);
        assert_eq!(actions.values.len(), 2);
    }

    #[test]
    fn a_single_statement_object_and_a_star_principal_are_accepted() {
        let text = r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*"}}"#;
        let document = read(&json::parse(text).unwrap().unwrap(), 0).unwrap();
        let principals = document.statements[0].principals.as_ref().unwrap();
        assert_eq!(principals.entries[0].kind, PrincipalType::Any);
    }
}
