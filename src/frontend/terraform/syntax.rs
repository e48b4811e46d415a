//! Terraform's two syntaxes seen as one: native HCL bodies and JSON (`.tf.json`) objects.
//! A JSON document is a valid HCL expression (objects may use `:`; strings are templates, as
//! Terraform's JSON syntax says), so it is parsed by the same parser and keeps exact spans;
//! only where blocks and arguments sit differs, and that is what this module hides.

use std::ops::Range;

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, Object, ObjectKey};
use hcl_edit::structure::{self, BlockLabel};

use crate::source::Span;

/// A parsed configuration file.
pub enum File {
    Native(structure::Body),
    Json(Expression),
}

/// A block body in either syntax.
#[derive(Clone, Copy)]
pub enum Body<'b> {
    Native(&'b structure::Body),
    Json(&'b Object),
}

/// One argument: its value and the span of the whole `name = value`.
#[derive(Clone)]
pub struct Argument<'b> {
    pub value: &'b Expression,
    pub span: Option<Range<usize>>,
}

impl hcl_edit::Span for Argument<'_> {
    fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }
}

/// A block: its labels, its body, and where a reader looks for it (keyword to last label, or
/// the JSON key naming it).
#[derive(Clone)]
pub struct Block<'b> {
    pub labels: Vec<&'b str>,
    pub body: Body<'b>,
    pub header: Span,
    /// The whole block.
    pub span: Option<Range<usize>>,
}

impl hcl_edit::Span for Block<'_> {
    fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }
}

fn key_text(key: &ObjectKey) -> Option<&str> {
    match key {
        ObjectKey::Ident(ident) => Some(ident.as_str()),
        ObjectKey::Expression(Expression::String(text)) => Some(text.value()),
        ObjectKey::Expression(Expression::Variable(name)) => Some(name.as_str()),
        ObjectKey::Expression(_) => None,
    }
}

fn label_text(label: &BlockLabel) -> &str {
    match label {
        BlockLabel::Ident(ident) => ident.as_str(),
        BlockLabel::String(text) => text.value(),
    }
}

/// `resource "type" "name"`: from the keyword to the last label.
fn native_header(block: &structure::Block) -> Span {
    let start = block.ident.span().map_or(0, |range| range.start);
    let end = block
        .labels
        .last()
        .and_then(hcl_edit::Span::span)
        .or_else(|| block.ident.span())
        .map_or(start, |range| range.end);
    Span::new(start, end)
}

impl<'b> Body<'b> {
    #[must_use]
    pub fn attribute(self, name: &str) -> Option<Argument<'b>> {
        match self {
            Body::Native(body) => body.get_attribute(name).map(|attribute| Argument {
                value: &attribute.value,
                span: attribute.span(),
            }),
            Body::Json(object) => object.iter().find_map(|(key, value)| {
                (key_text(key) == Some(name)).then(|| Argument {
                    value: value.expr(),
                    span: cover(key.span(), value.expr().span()),
                })
            }),
        }
    }

    /// Every argument, in written order (a JSON body's nested blocks are objects: callers
    /// asking for arguments of a block kind that has none never see them).
    #[must_use]
    pub fn attributes(self) -> Vec<(&'b str, Argument<'b>)> {
        match self {
            Body::Native(body) => body
                .attributes()
                .map(|attribute| {
                    (
                        attribute.key.as_str(),
                        Argument {
                            value: &attribute.value,
                            span: attribute.span(),
                        },
                    )
                })
                .collect(),
            Body::Json(object) => object
                .iter()
                .filter_map(|(key, value)| {
                    let name = key_text(key)?;
                    // `"//"` keys are comments in Terraform's JSON syntax.
                    (name != "//").then(|| {
                        (
                            name,
                            Argument {
                                value: value.expr(),
                                span: cover(key.span(), value.expr().span()),
                            },
                        )
                    })
                })
                .collect(),
        }
    }

    /// The nested blocks of a type, with `depth` labels each (`statement`: 0, `dynamic`: 1).
    #[must_use]
    pub fn blocks(self, kind: &str, depth: usize) -> Vec<Block<'b>> {
        match self {
            Body::Native(body) => body
                .blocks()
                .filter(|block| block.ident.as_str() == kind && block.labels.len() == depth)
                .map(|block| Block {
                    labels: block.labels.iter().map(label_text).collect(),
                    body: Body::Native(&block.body),
                    header: native_header(block),
                    span: block.span(),
                })
                .collect(),
            Body::Json(object) => {
                let mut found = Vec::new();
                for (key, value) in object {
                    if key_text(key) == Some(kind) {
                        json_blocks(value.expr(), key.span(), depth, &mut Vec::new(), &mut found);
                    }
                }
                found
            }
        }
    }
}

/// JSON blocks under a key: `depth` levels of label keys, then an object (or a list of them
/// for repeated blocks).
fn json_blocks<'b>(
    value: &'b Expression,
    key_span: Option<Range<usize>>,
    depth: usize,
    labels: &mut Vec<&'b str>,
    found: &mut Vec<Block<'b>>,
) {
    match value {
        Expression::Object(object) if depth > 0 => {
            for (key, inner) in object {
                let Some(label) = key_text(key) else {
                    continue;
                };
                labels.push(label);
                json_blocks(inner.expr(), key.span(), depth - 1, labels, found);
                labels.pop();
            }
        }
        Expression::Object(object) => found.push(Block {
            labels: labels.clone(),
            body: Body::Json(object),
            header: key_span
                .clone()
                .map_or_else(Span::default, Span::from_range),
            span: cover(key_span, value.span()),
        }),
        Expression::Array(items) => {
            for item in items {
                json_blocks(item, key_span.clone(), depth, labels, found);
            }
        }
        _ => {}
    }
}

fn cover(a: Option<Range<usize>>, b: Option<Range<usize>>) -> Option<Range<usize>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.start.min(b.start)..a.end.max(b.end)),
        (a, b) => a.or(b),
    }
}

/// A top-level declaration of a file: `resource "type" "name" { … }` and its JSON form.
pub struct Declaration<'b> {
    pub kind: &'b str,
    pub block: Block<'b>,
}

/// How many labels each top-level block type has.
const TOP_LEVEL: &[(&str, usize)] = &[
    ("resource", 2),
    ("data", 2),
    ("variable", 1),
    ("module", 1),
    ("output", 1),
    ("locals", 0),
];

impl File {
    /// The top-level blocks the evaluator reads.
    #[must_use]
    pub fn declarations(&self) -> Vec<Declaration<'_>> {
        let body = match self {
            File::Native(body) => Body::Native(body),
            File::Json(Expression::Object(object)) => Body::Json(object),
            File::Json(_) => return Vec::new(),
        };
        let mut found = Vec::new();
        for (kind, depth) in TOP_LEVEL {
            for block in body.blocks(kind, *depth) {
                found.push(Declaration { kind, block });
            }
        }
        // Written order, for deterministic evaluation and output.
        found.sort_by_key(|declaration| declaration.block.header.start);
        found
    }

    /// The top-level arguments (a variable definitions file).
    #[must_use]
    pub fn arguments(&self) -> Vec<(&str, Argument<'_>)> {
        match self {
            File::Native(body) => Body::Native(body).attributes(),
            File::Json(Expression::Object(object)) => Body::Json(object).attributes(),
            File::Json(_) => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_native_files_give_the_same_declarations() {
        let native = File::Native(
            hcl_edit::parser::parse_body(
                "resource \"aws_sqs_queue\" \"q\" {\n  name = \"a\"\n  statement {\n    sid = \"x\"\n  }\n}\nlocals {\n  b = 1\n}\n",
            )
            .unwrap(),
        );
        let json = File::Json(
            hcl_edit::parser::parse_expr(
                r#"{"resource": {"aws_sqs_queue": {"q": {"name": "a", "statement": [{"sid": "x"}]}}}, "locals": {"b": 1}}"#,
            )
            .unwrap(),
        );
        for file in [&native, &json] {
            let declarations = file.declarations();
            let kinds: Vec<&str> = declarations.iter().map(|d| d.kind).collect();
            assert_eq!(kinds, vec!["resource", "locals"]);
            let queue = &declarations[0].block;
            assert_eq!(queue.labels, vec!["aws_sqs_queue", "q"]);
            assert!(queue.body.attribute("name").is_some());
            let statements = queue.body.blocks("statement", 0);
            assert_eq!(statements.len(), 1);
            assert!(statements[0].body.attribute("sid").is_some());
            assert_eq!(declarations[1].block.body.attributes().len(), 1);
        }
    }
}
