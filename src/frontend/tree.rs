//! The one document tree, with byte spans, that CloudFormation YAML and JSON parse into and
//! that Terraform's `jsonencode(...)` and heredoc JSON evaluate to. YAML short-form tags become
//! their long form here (`!GetAtt A.B` → `{"Fn::GetAtt": "A.B"}`), so readers handle one shape;
//! a string built from parts not known as text (an interpolation, `Fn::Sub`) is a `Sym`.

use crate::model::symbolic::Symbolic;
use crate::source::Span;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    /// A string with parts not known as text (pseudo parameters, references, unknowns).
    Sym(Symbolic),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One key/value pair of a mapping; the key keeps its own span (the logical id of a resource
/// is where a finding about a missing property points).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    #[must_use]
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|entry| entry.key == key),
            _ => None,
        }
    }

    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(text) => Some(text),
            _ => None,
        }
    }

    /// A mapping of exactly one `Ref` / `Fn::*` / `Condition` key: an intrinsic function call.
    #[must_use]
    pub fn intrinsic(&self) -> Option<(&str, &Node)> {
        match &self.kind {
            NodeKind::Map(entries) if entries.len() == 1 => {
                let entry = &entries[0];
                let name = entry.key.as_str();
                (name == "Ref" || name == "Condition" || name.starts_with("Fn::"))
                    .then_some((name, &entry.value))
            }
            _ => None,
        }
    }
}

/// Keys written twice in one mapping, anywhere in the tree (YAML and JSON parsers keep the
/// last or first silently; a reader of the template may expect the other): the span of each
/// repeated key and its text.
#[must_use]
pub fn duplicate_keys(root: &Node) -> Vec<(Span, String)> {
    let mut found = Vec::new();
    let mut pending = vec![root];
    while let Some(node) = pending.pop() {
        match &node.kind {
            NodeKind::Map(entries) => {
                let mut seen = std::collections::HashSet::with_capacity(entries.len());
                for entry in entries {
                    if !seen.insert(entry.key.as_str()) {
                        found.push((entry.key_span, entry.key.clone()));
                    }
                    pending.push(&entry.value);
                }
            }
            NodeKind::Seq(items) => pending.extend(items),
            _ => {}
        }
    }
    found.sort_by_key(|(span, _)| *span);
    found
}

/// The long-form name of a YAML short-form tag (`Ref` → `Ref`, `GetAtt` → `Fn::GetAtt`).
#[must_use]
pub fn intrinsic_for_tag(suffix: &str) -> Option<&'static str> {
    Some(match suffix {
        "Ref" => "Ref",
        "Condition" => "Condition",
        "GetAtt" => "Fn::GetAtt",
        "Sub" => "Fn::Sub",
        "Join" => "Fn::Join",
        "If" => "Fn::If",
        "Equals" => "Fn::Equals",
        "And" => "Fn::And",
        "Or" => "Fn::Or",
        "Not" => "Fn::Not",
        "Select" => "Fn::Select",
        "Split" => "Fn::Split",
        "FindInMap" => "Fn::FindInMap",
        "ImportValue" => "Fn::ImportValue",
        "Base64" => "Fn::Base64",
        "GetAZs" => "Fn::GetAZs",
        "Cidr" => "Fn::Cidr",
        "Transform" => "Fn::Transform",
        "Length" => "Fn::Length",
        "ToJsonString" => "Fn::ToJsonString",
        "ForEach" => "Fn::ForEach",
        _ => return None,
    })
}
