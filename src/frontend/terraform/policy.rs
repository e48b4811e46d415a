//! Terraform policy expressions → the shared document tree ([`Node`]), so that
//! `jsonencode({...})`, heredoc or string JSON, and `data "aws_iam_policy_document"` all
//! become the same [`PolicyDocument`](crate::model::policy::PolicyDocument) with exact spans.

use std::collections::HashMap;

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, Body};
use hcl_edit::template::{Element, Template};

use super::eval;
use crate::frontend::cloudformation::json;
use crate::frontend::tree::{Entry, Node, NodeKind};
use crate::model::FileId;
use crate::model::symbolic::{Part, Symbolic};
use crate::source::Span;

/// The `data "aws_iam_policy_document"` blocks of a module, by name, with their file.
pub struct PolicyDocuments<'b> {
    blocks: HashMap<String, (&'b Block, FileId)>,
    /// The module's file texts, by file id, for heredocs read as written.
    texts: Vec<&'b str>,
    /// Variables and locals of the module.
    scope: &'b eval::Scope<'b>,
}

impl<'b> PolicyDocuments<'b> {
    #[must_use]
    pub fn new(texts: Vec<&'b str>, scope: &'b eval::Scope<'b>) -> Self {
        PolicyDocuments {
            blocks: HashMap::new(),
            texts,
            scope,
        }
    }

    pub fn collect(&mut self, body: &'b Body, file: FileId) {
        for block in body.blocks() {
            if block.ident.as_str() != "data" {
                continue;
            }
            if let [kind, name] = block.labels.as_slice()
                && super::label_text(kind) == "aws_iam_policy_document"
            {
                self.blocks
                    .insert(super::label_text(name).to_string(), (block, file));
            }
        }
    }

    /// The tree of a policy argument, and the file its spans refer to.
    #[must_use]
    pub fn tree(&self, expr: &Expression, file: FileId, depth: usize) -> Option<(Node, FileId)> {
        if depth > 8 {
            return None;
        }
        match expr {
            Expression::FuncCall(call) if call.name.name.as_str() == "jsonencode" => {
                let argument = call.args.iter().next()?;
                Some((value_tree(argument, self.scope), file))
            }
            Expression::String(text) => {
                let start = text.span()?.start + 1; // after the opening quote
                json_tree(&[Piece::Text(text.value(), start)]).map(|node| (node, file))
            }
            Expression::StringTemplate(template) => {
                json_tree(&pieces(template, self.scope)).map(|node| (node, file))
            }
            Expression::HeredocTemplate(heredoc) => {
                // `<<-` strips indentation from literal values; JSON does not care about
                // whitespace, so read the text as written and spans stay exact.
                let text = self.texts.get(file as usize).copied().unwrap_or("");
                let written: Vec<Piece<'_>> = pieces(&heredoc.template, self.scope)
                    .into_iter()
                    .map(|piece| match piece {
                        Piece::Text(value, start) => {
                            let end = start + value.len();
                            let raw = heredoc
                                .template
                                .iter()
                                .find(|element| element.span().is_some_and(|r| r.start == start))
                                .and_then(hcl_edit::Span::span)
                                .and_then(|range| text.get(range))
                                .unwrap_or_else(|| text.get(start..end).unwrap_or(value));
                            Piece::Text(raw, start)
                        }
                        Piece::Value(value, start) => Piece::Value(value, start),
                    })
                    .collect();
                json_tree(&written).map(|node| (node, file))
            }
            Expression::Parenthesis(inner) => self.tree(inner.inner(), file, depth + 1),
            Expression::Traversal(traversal) => {
                let names = eval::instance_traversal_names(traversal)?;
                match names.as_slice() {
                    [data, kind, name, attribute]
                        if data == "data"
                            && kind == "aws_iam_policy_document"
                            && (attribute == "json" || attribute == "minified_json") =>
                    {
                        let (block, block_file) = self.blocks.get(name.as_str())?;
                        Some((self.document_tree(block, depth), *block_file))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `data "aws_iam_policy_document"` → the JSON-shaped tree IAM would receive.
    fn document_tree(&self, block: &Block, depth: usize) -> Node {
        let file = self
            .blocks
            .values()
            .find(|(b, _)| std::ptr::eq(*b, block))
            .map_or(0, |(_, f)| *f);
        let span = block_span(block);
        let mut statements = Vec::new();
        let mut unknown = false;
        for source in ["source_policy_documents", "override_policy_documents"] {
            if let Some(attribute) = block.body.get_attribute(source) {
                // Merged documents: their statements come first (source) or override by Sid.
                match &attribute.value {
                    Expression::Array(items) => {
                        for item in items {
                            match self.tree(item, file, depth + 1) {
                                Some((node, item_file)) if item_file == file => {
                                    if let Some(NodeKind::Seq(more)) =
                                        node.get("Statement").map(|s| s.kind.clone())
                                    {
                                        statements.extend(more);
                                    }
                                }
                                _ => unknown = true,
                            }
                        }
                    }
                    _ => unknown = true,
                }
            }
        }
        for statement in block.body.blocks() {
            match statement.ident.as_str() {
                "statement" => statements.push(statement_tree(statement, self.scope)),
                "dynamic" => unknown = true,
                _ => {}
            }
        }
        let mut entries = vec![entry("Version", span, str_node("2012-10-17", span))];
        entries.push(entry(
            "Statement",
            span,
            Node {
                span,
                kind: NodeKind::Seq(statements),
            },
        ));
        if unknown {
            // A part of the document we cannot see: mark it as an unresolvable statement.
            if let Some(Entry { value, .. }) = entries.last_mut()
                && let NodeKind::Seq(items) = &mut value.kind
            {
                items.push(Node {
                    span,
                    kind: NodeKind::Sym(Symbolic::unknown()),
                });
            }
        }
        Node {
            span,
            kind: NodeKind::Map(entries),
        }
    }
}

fn entry(key: &str, key_span: Span, value: Node) -> Entry {
    Entry {
        key: key.to_string(),
        key_span,
        value,
    }
}

fn str_node(text: &str, span: Span) -> Node {
    Node {
        span,
        kind: NodeKind::Str(text.to_string()),
    }
}

fn span_of(item: &impl hcl_edit::Span) -> Span {
    item.span().map_or_else(Span::default, Span::from_range)
}

/// One `statement { … }` block of a policy document data source.
fn statement_tree(block: &Block, scope: &eval::Scope<'_>) -> Node {
    let span = block_span(block);
    let mut entries = Vec::new();
    let attributes = [
        ("sid", "Sid"),
        ("effect", "Effect"),
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ];
    for (name, key) in attributes {
        if let Some(attribute) = block.body.get_attribute(name) {
            entries.push(entry(
                key,
                span_of(attribute),
                value_tree(&attribute.value, scope),
            ));
        }
    }
    if block.body.get_attribute("effect").is_none() {
        // The data source defaults `effect` to Allow.
        entries.push(entry("Effect", span, str_node("Allow", span)));
    }
    for (name, key) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        let mut by_type: Vec<Entry> = Vec::new();
        let mut principals_span: Option<Span> = None;
        for principals in block.body.get_blocks(name) {
            let here = block_span(principals);
            principals_span = Some(principals_span.map_or(here, |s| s.cover(here)));
            let kind = principals
                .body
                .get_attribute("type")
                .map(|a| scope.evaluate(&a.value));
            let identifiers = principals
                .body
                .get_attribute("identifiers")
                .map(|a| value_tree(&a.value, scope));
            let (Some(eval::Val::Str(kind)), Some(identifiers)) = (kind, identifiers) else {
                by_type.push(entry("?", here, sym_node(Symbolic::unknown(), here)));
                continue;
            };
            let kind = if kind == "*" { "AWS".to_string() } else { kind };
            let items = match identifiers.kind {
                NodeKind::Seq(items) => items,
                _ => vec![identifiers],
            };
            match by_type.iter_mut().find(|existing| existing.key == kind) {
                Some(existing) => {
                    if let NodeKind::Seq(list) = &mut existing.value.kind {
                        list.extend(items);
                    }
                }
                None => by_type.push(entry(
                    &kind,
                    here,
                    Node {
                        span: here,
                        kind: NodeKind::Seq(items),
                    },
                )),
            }
        }
        if let Some(principal_span) = principals_span {
            entries.push(entry(
                key,
                principal_span,
                Node {
                    span: principal_span,
                    kind: NodeKind::Map(by_type),
                },
            ));
        }
    }
    let mut operators: Vec<Entry> = Vec::new();
    let mut condition_span: Option<Span> = None;
    for condition in block.body.get_blocks("condition") {
        let here = block_span(condition);
        condition_span = Some(condition_span.map_or(here, |s| s.cover(here)));
        let text = |name: &str| match condition
            .body
            .get_attribute(name)
            .map(|a| scope.evaluate(&a.value))
        {
            Some(eval::Val::Str(text)) => Some(text),
            _ => None,
        };
        let values = condition.body.get_attribute("values").map_or_else(
            || sym_node(Symbolic::unknown(), here),
            |a| value_tree(&a.value, scope),
        );
        let (Some(operator), Some(key)) = (text("test"), text("variable")) else {
            operators.push(entry("?", here, sym_node(Symbolic::unknown(), here)));
            continue;
        };
        let clause = entry(&key, here, values);
        match operators
            .iter_mut()
            .find(|existing| existing.key == operator)
        {
            Some(existing) => {
                if let NodeKind::Map(list) = &mut existing.value.kind {
                    list.push(clause);
                }
            }
            None => operators.push(entry(
                &operator,
                here,
                Node {
                    span: here,
                    kind: NodeKind::Map(vec![clause]),
                },
            )),
        }
    }
    if let Some(condition_span) = condition_span {
        entries.push(entry(
            "Condition",
            condition_span,
            Node {
                span: condition_span,
                kind: NodeKind::Map(operators),
            },
        ));
    }
    Node {
        span,
        kind: NodeKind::Map(entries),
    }
}

/// The whole block, `statement {` to `}`.
fn block_span(block: &Block) -> Span {
    span_of(block)
}

fn sym_node(value: Symbolic, span: Span) -> Node {
    Node {
        span,
        kind: NodeKind::Sym(value),
    }
}

/// An HCL value expression (inside `jsonencode`, or an argument of a policy document block).
fn value_tree(expr: &Expression, scope: &eval::Scope<'_>) -> Node {
    let span = span_of(expr);
    match expr {
        Expression::Object(object) => Node {
            span,
            kind: NodeKind::Map(
                object
                    .iter()
                    .map(|(key, value)| {
                        let (name, key_span) = match key {
                            ObjectKey::Ident(ident) => (ident.as_str().to_string(), span_of(ident)),
                            ObjectKey::Expression(key_expr) => match scope.evaluate(key_expr) {
                                eval::Val::Str(text) => (text, span_of(key_expr)),
                                _ => ("?".to_string(), span_of(key_expr)),
                            },
                        };
                        entry(&name, key_span, value_tree(value.expr(), scope))
                    })
                    .collect(),
            ),
        },
        Expression::Array(array) => Node {
            span,
            kind: NodeKind::Seq(array.iter().map(|item| value_tree(item, scope)).collect()),
        },
        Expression::Parenthesis(inner) => value_tree(inner.inner(), scope),
        _ => match scope.evaluate(expr) {
            eval::Val::Null => Node {
                span,
                kind: NodeKind::Null,
            },
            eval::Val::Bool(value) => Node {
                span,
                kind: NodeKind::Bool(value),
            },
            eval::Val::Number(value) => Node {
                span,
                kind: NodeKind::Number(value),
            },
            eval::Val::Str(text) => Node {
                span,
                kind: NodeKind::Str(text),
            },
            eval::Val::Ref { address, attribute } => {
                sym_node(Symbolic::reference(address, attribute), span)
            }
            eval::Val::Unknown(_) => sym_node(scope.symbolic(expr), span),
        },
    }
}

/// A piece of JSON text: literal text at a source offset, or an interpolated value.
enum Piece<'t> {
    Text(&'t str, usize),
    Value(Symbolic, usize),
}

fn pieces<'t>(template: &'t Template, scope: &eval::Scope<'_>) -> Vec<Piece<'t>> {
    template
        .iter()
        .map(|element| {
            let start = element.span().map_or(0, |range| range.start);
            match element {
                Element::Literal(literal) => Piece::Text(literal.value(), start),
                Element::Interpolation(interpolation) => {
                    let value = match scope.evaluate(&interpolation.expr) {
                        eval::Val::Str(text) => Symbolic::text(text),
                        eval::Val::Ref { address, attribute } => {
                            Symbolic::reference(address, attribute)
                        }
                        _ => scope.symbolic(&interpolation.expr),
                    };
                    Piece::Value(value, start)
                }
                Element::Directive(_) => Piece::Value(Symbolic::unknown(), start),
            }
        })
        .collect()
}

/// Marks an interpolation inside JSON text: a private-use character, valid in JSON strings and
/// never in IAM text.
const MARK: char = '\u{E000}';

fn placeholder(index: usize) -> String {
    format!("{MARK}{index}{MARK}")
}

/// Parse JSON written as HCL string or heredoc text, with interpolations standing in place,
/// and move every span back to where it is in the `.tf` file.
fn json_tree(pieces: &[Piece<'_>]) -> Option<Node> {
    let mut text = String::new();
    // (offset in `text`, offset in the source file) at the start of each piece.
    let mut map: Vec<(usize, usize)> = Vec::new();
    let mut values = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(literal, source) => {
                map.push((text.len(), *source));
                text.push_str(literal);
            }
            Piece::Value(value, source) => {
                map.push((text.len(), *source));
                text.push_str(&placeholder(values.len()));
                values.push(value.clone());
            }
        }
    }
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') {
        return None;
    }
    let parsed = json::parse(&text).ok()??;
    let to_source = |offset: u32| -> u32 {
        let offset = offset as usize;
        let index = map
            .partition_point(|(start, _)| *start <= offset)
            .saturating_sub(1);
        let (start, source) = map.get(index).copied().unwrap_or((0, 0));
        u32::try_from(source + (offset - start)).unwrap_or(u32::MAX)
    };
    Some(remap(parsed, &to_source, &values))
}

fn remap(node: Node, to_source: &dyn Fn(u32) -> u32, values: &[Symbolic]) -> Node {
    let span = Span {
        start: to_source(node.span.start),
        end: to_source(node.span.end),
    };
    let kind = match node.kind {
        NodeKind::Str(text) if text.contains(MARK) => NodeKind::Sym(substitute(&text, values)),
        NodeKind::Seq(items) => NodeKind::Seq(
            items
                .into_iter()
                .map(|n| remap(n, to_source, values))
                .collect(),
        ),
        NodeKind::Map(entries) => NodeKind::Map(
            entries
                .into_iter()
                .map(|e| Entry {
                    key: e.key,
                    key_span: Span {
                        start: to_source(e.key_span.start),
                        end: to_source(e.key_span.end),
                    },
                    value: remap(e.value, to_source, values),
                })
                .collect(),
        ),
        other => other,
    };
    Node { span, kind }
}

/// Text with placeholders → a symbolic string with the interpolated parts.
fn substitute(text: &str, values: &[Symbolic]) -> Symbolic {
    let mut result = Symbolic::default();
    let mut pieces = text.split(MARK);
    if let Some(first) = pieces.next() {
        result.push(Part::Text(first.to_string()));
    }
    let mut rest: Vec<&str> = pieces.collect();
    // After the first split, pieces alternate: index, text, index, text…
    let mut iter = rest.drain(..);
    while let Some(index) = iter.next() {
        match index.parse::<usize>().ok().and_then(|i| values.get(i)) {
            Some(value) => result.extend(value.clone()),
            None => result.push(Part::Unknown),
        }
        if let Some(text) = iter.next() {
            result.push(Part::Text(text.to_string()));
        }
    }
    result
}
