//! Terraform policy expressions → the shared document tree ([`Node`]), so that
//! `jsonencode({...})`, heredoc or string JSON, `file()` JSON and
//! `data "aws_iam_policy_document"` all become the same
//! [`PolicyDocument`](crate::model::policy::PolicyDocument) with exact spans.
//!
//! A policy's parts may be written in several files (a principal passed as a module argument),
//! so tree spans here are offsets in the configuration's [`Offsets`] space: every file of the
//! configuration laid end to end.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::template::{Element, Template};

use super::eval::{Evaluator, Frame, Kind, Val};
use super::syntax::{Block, Body};
use crate::frontend::cloudformation::json;
use crate::frontend::policy_document;
use crate::frontend::tree::{Entry, Node, NodeKind};
use crate::model::symbolic::{Part, PartRef, Symbolic};
use crate::model::{FileId, Location};
use crate::source::Span;

/// Every file of a configuration laid end to end: a tree span is an offset in this space.
#[derive(Debug, Default)]
pub struct Offsets {
    /// The start of each file, by file id.
    starts: Vec<u32>,
    end: u32,
}

impl Offsets {
    /// Add the next file (ids are given in order).
    pub fn push(&mut self, length: usize) {
        self.starts.push(self.end);
        let length = u32::try_from(length).unwrap_or(u32::MAX);
        self.end = self.end.saturating_add(length).saturating_add(1);
    }

    fn start(&self, file: FileId) -> u32 {
        self.starts.get(file as usize).copied().unwrap_or(0)
    }

    /// A location → a span of the combined space.
    #[must_use]
    pub fn global(&self, at: Location) -> Span {
        let start = self.start(at.file);
        Span {
            start: start.saturating_add(at.span.start),
            end: start.saturating_add(at.span.end),
        }
    }

    /// A span of the combined space → the place in its file. A span running past its file's
    /// end (covering parts from two files) is cut at the end of the file it starts in.
    #[must_use]
    pub fn locate(&self, span: Span) -> Location {
        let index = self
            .starts
            .partition_point(|start| *start <= span.start)
            .saturating_sub(1);
        let start = self.starts.get(index).copied().unwrap_or(0);
        let next = self.starts.get(index + 1).copied().unwrap_or(self.end);
        Location {
            file: FileId::try_from(index).unwrap_or(FileId::MAX),
            span: Span {
                start: span.start - start.min(span.start),
                end: span.end.min(next.saturating_sub(1)).saturating_sub(start),
            },
        }
    }
}

/// The tree of a policy argument. Text written in place (a string, a heredoc) keeps exact
/// spans inside it; any other expression is evaluated and its value becomes the tree.
#[must_use]
pub fn tree(
    evaluator: &Evaluator<'_>,
    expr: &Expression,
    frame: &Frame,
    offsets: &RefCell<Offsets>,
    texts: &dyn Fn(FileId, Span) -> Option<String>,
) -> Option<Node> {
    // Offsets grow while evaluating (`file()` adds a file): borrowed only between evaluations.
    let base = offsets.borrow().start(evaluator.file) as usize;
    match expr {
        Expression::String(text) => {
            let start = base + text.span()?.start + 1; // after the opening quote
            json_tree(&[Piece::Text(text.value(), start)], &offsets.borrow())
        }
        // `"${…}"` alone is the value itself (Terraform's JSON syntax writes every
        // expression so).
        Expression::StringTemplate(template)
            if !matches!(
                template.iter().collect::<Vec<_>>().as_slice(),
                [Element::Interpolation(_)]
            ) =>
        {
            let pieces = pieces(evaluator, template, frame, base);
            json_tree(&pieces, &offsets.borrow())
        }
        Expression::HeredocTemplate(heredoc) => {
            // `<<-` strips indentation from literal values; JSON does not care about
            // whitespace, so read the text as written and spans stay exact.
            let written: Vec<Piece<'_>> = pieces(evaluator, &heredoc.template, frame, base)
                .into_iter()
                .map(|piece| match piece {
                    Piece::Text(value, start) => {
                        let raw = heredoc
                            .template
                            .iter()
                            .find(|element| element.span().is_some_and(|r| r.start + base == start))
                            .and_then(hcl_edit::Span::span)
                            .and_then(|range| texts(evaluator.file, Span::from_range(range)));
                        match raw {
                            Some(raw) => Piece::Owned(raw, start),
                            None => Piece::Text(value, start),
                        }
                    }
                    other => other,
                })
                .collect();
            json_tree(&written, &offsets.borrow())
        }
        Expression::Parenthesis(inner) => tree(evaluator, inner.inner(), frame, offsets, texts),
        Expression::FuncCall(call)
            if call.name.name.as_str() == "jsonencode" && call.name.namespace.is_empty() =>
        {
            let argument = call.args.iter().next()?;
            Some(written_tree(evaluator, argument, frame, offsets, texts))
        }
        Expression::FuncCall(call)
            if call.name.name.as_str() == "templatefile" && call.name.namespace.is_empty() =>
        {
            // JSON in a template file: spans inside that file, interpolations in place.
            let args: Vec<&Expression> = call.args.iter().collect();
            let (template, bound, at) = evaluator.template_file_parts(&args, frame)?;
            let inner = Evaluator::new(evaluator.env, at.file);
            let base = offsets.borrow().start(at.file) as usize;
            let owned: Vec<Piece<'_>> = pieces(&inner, &template, &bound, base)
                .into_iter()
                .map(|piece| match piece {
                    Piece::Text(text, start) => Piece::Owned(text.to_string(), start),
                    other => other,
                })
                .collect();
            json_tree(&owned, &offsets.borrow())
        }
        _ => {
            let value = evaluator.eval(expr, frame);
            let offsets = offsets.borrow();
            let fallback = evaluator
                .at(expr)
                .map_or_else(Span::default, |at| offsets.global(at));
            value_tree(&value, fallback, &offsets, texts)
        }
    }
}

/// An HCL value written in place (inside `jsonencode`): objects and lists keep the spans of
/// their keys; every other expression is evaluated.
fn written_tree(
    evaluator: &Evaluator<'_>,
    expr: &Expression,
    frame: &Frame,
    offsets: &RefCell<Offsets>,
    texts: &dyn Fn(FileId, Span) -> Option<String>,
) -> Node {
    let global = |item: &dyn hcl_edit::Span| {
        evaluator
            .at(item)
            .map_or_else(Span::default, |at| offsets.borrow().global(at))
    };
    let span = global(expr);
    match expr {
        Expression::Object(object) => {
            let mut entries = Vec::new();
            for (key, value) in object {
                let (name, key_span) = match key {
                    hcl_edit::expr::ObjectKey::Ident(ident) => {
                        (Some(ident.as_str().to_string()), global(ident))
                    }
                    hcl_edit::expr::ObjectKey::Expression(Expression::Variable(name)) => {
                        (Some(name.as_str().to_string()), global(name))
                    }
                    hcl_edit::expr::ObjectKey::Expression(key_expr) => {
                        (evaluator.eval(key_expr, frame).as_text(), global(key_expr))
                    }
                };
                entries.push(Entry {
                    key: name.unwrap_or_else(|| "?".to_string()),
                    key_span,
                    value: written_tree(evaluator, value.expr(), frame, offsets, texts),
                });
            }
            Node {
                span,
                kind: NodeKind::Map(entries),
            }
        }
        Expression::Array(items) => Node {
            span,
            kind: NodeKind::Seq(
                items
                    .iter()
                    .map(|item| written_tree(evaluator, item, frame, offsets, texts))
                    .collect(),
            ),
        },
        Expression::Parenthesis(inner) => {
            written_tree(evaluator, inner.inner(), frame, offsets, texts)
        }
        _ => {
            let value = evaluator.eval(expr, frame);
            value_tree(&value, span, &offsets.borrow(), texts).unwrap_or_else(|| unknown_node(span))
        }
    }
}

/// A value → the JSON-shaped tree IAM would receive.
#[must_use]
pub fn value_tree(
    value: &Val,
    fallback: Span,
    offsets: &Offsets,
    texts: &dyn Fn(FileId, Span) -> Option<String>,
) -> Option<Node> {
    let span = value.at.map_or(fallback, |at| offsets.global(at));
    let kind = match &value.kind {
        Kind::Json(inner) => return value_tree(inner, span, offsets, texts),
        Kind::Null => NodeKind::Null,
        Kind::Bool(flag) => NodeKind::Bool(*flag),
        Kind::Number(number) => NodeKind::Number(*number),
        Kind::Str(text) => {
            // A whole file read with `file()`: parse it where it is, spans exact.
            if let Some(at) = value.at
                && text.trim_start().starts_with('{')
                && texts(at.file, at.span).as_deref() == Some(text.as_str())
            {
                return json_tree(&[Piece::Text(text, span.start as usize)], offsets);
            }
            NodeKind::Str(text.clone())
        }
        Kind::Sym(symbolic) if looks_like_json(symbolic) => {
            // JSON text with interpolations, from elsewhere: parsed, located at the text.
            let pieces: Vec<Piece<'_>> = symbolic
                .parts()
                .map(|part| match part {
                    PartRef::Text(text) => Piece::Text(text, span.start as usize),
                    other => Piece::Value(
                        Val::new(Kind::Sym(Symbolic::from(other.to_part())), None),
                        span.start as usize,
                    ),
                })
                .collect();
            return json_tree(&pieces, offsets).map(|node| policy_document::relocate(node, span));
        }
        Kind::Sym(symbolic) => NodeKind::Sym(symbolic.clone()),
        Kind::List(items) => NodeKind::Seq(
            items
                .iter()
                .map(|item| {
                    value_tree(item, span, offsets, texts).unwrap_or_else(|| unknown_node(span))
                })
                .collect(),
        ),
        Kind::Map(entries) => NodeKind::Map(
            entries
                .iter()
                .map(|(key, item)| {
                    let node = value_tree(item, span, offsets, texts)
                        .unwrap_or_else(|| unknown_node(span));
                    Entry {
                        key: key.clone(),
                        key_span: node.span,
                        value: node,
                    }
                })
                .collect(),
        ),
        Kind::Resource(_) | Kind::Unknown(_) | Kind::Invalid(_) => {
            NodeKind::Sym(Symbolic::unknown())
        }
    };
    Some(Node { span, kind })
}

fn looks_like_json(symbolic: &Symbolic) -> bool {
    matches!(symbolic.first_part(), Some(PartRef::Text(text)) if text.trim_start().starts_with('{'))
}

fn unknown_node(span: Span) -> Node {
    Node {
        span,
        kind: NodeKind::Sym(Symbolic::unknown()),
    }
}

/// A block body as seen by its reader: a block written as such, or one `content` of a
/// `dynamic` block with its iterator bound.
pub struct BlockInstance<'b> {
    pub body: Body<'b>,
    pub frame: Frame,
    pub at: Option<Location>,
}

/// The blocks named `name` in a body, `dynamic` ones expanded over their `for_each`.
/// A `dynamic` block whose collection is not known gives one instance with the iterator
/// unknown, and `true` in the second place.
pub fn blocks<'b>(
    evaluator: &Evaluator<'_>,
    body: Body<'b>,
    name: &str,
    frame: &Frame,
) -> (Vec<BlockInstance<'b>>, bool) {
    let mut found: Vec<BlockInstance<'b>> = body
        .blocks(name, 0)
        .into_iter()
        .map(|block| BlockInstance {
            body: block.body,
            frame: frame.clone(),
            at: evaluator.at(&block),
        })
        .collect();
    let mut unknown = false;
    for block in body.blocks("dynamic", 1) {
        if block.labels.first() != Some(&name) {
            continue;
        }
        let Some(content) = block.body.blocks("content", 0).into_iter().next() else {
            continue;
        };
        let iterator = match block.body.attribute("iterator").map(|a| a.value) {
            Some(Expression::Variable(variable)) => variable.as_str().to_string(),
            _ => name.to_string(),
        };
        let collection = block
            .body
            .attribute("for_each")
            .map(|attribute| evaluator.eval(attribute.value, frame));
        let at = evaluator.at(&content);
        let Some(pairs) = collection.as_ref().and_then(super::eval::pairs) else {
            unknown = true;
            found.push(BlockInstance {
                body: content.body,
                frame: frame.with(&iterator, Val::unknown("dynamic block iterator", None)),
                at,
            });
            continue;
        };
        for (key, value) in pairs {
            let mut fields = BTreeMap::new();
            let item_at = value.at;
            fields.insert("key".to_string(), key);
            fields.insert("value".to_string(), value);
            found.push(BlockInstance {
                body: content.body,
                frame: frame.with(&iterator, Val::map(fields, item_at)),
                at,
            });
        }
    }
    (found, unknown)
}

/// `data "aws_iam_policy_document"` → the value of the JSON document IAM would receive.
#[must_use]
pub fn document_value(evaluator: &Evaluator<'_>, block: &Block<'_>, frame: &Frame) -> Val {
    let at = evaluator.at(block);
    let mut statements: Vec<Val> = Vec::new();
    let statements_of = |value: &Val| -> Option<Vec<Val>> {
        let Kind::Json(document) = &value.kind else {
            return None;
        };
        let Kind::Map(entries) = &document.kind else {
            return None;
        };
        match entries.get("Statement").map(|s| &s.kind) {
            Some(Kind::List(items)) => Some(items.to_vec()),
            Some(Kind::Map(_)) => entries.get("Statement").cloned().map(|s| vec![s]),
            _ => None,
        }
    };
    let sid = |statement: &Val| match &statement.kind {
        Kind::Map(entries) => entries.get("Sid").and_then(Val::as_text),
        _ => None,
    };
    // `source_policy_documents` come first; this document's statements replace those with
    // the same Sid; `override_policy_documents` replace by Sid last.
    let merge = |into: &mut Vec<Val>, more: Vec<Val>| {
        for statement in more {
            let id = sid(&statement);
            match into
                .iter_mut()
                .find(|existing| id.is_some() && sid(existing) == id)
            {
                Some(existing) => *existing = statement,
                None => into.push(statement),
            }
        }
    };
    let documents = |name: &str| -> Vec<Val> {
        let Some(attribute) = block.body.attribute(name) else {
            return Vec::new();
        };
        match evaluator.eval(attribute.value, frame).kind {
            Kind::List(items) => items
                .iter()
                .flat_map(|item| {
                    statements_of(item).unwrap_or_else(|| {
                        vec![Val::unknown("a merged document not known", item.at)]
                    })
                })
                .collect(),
            _ => vec![Val::unknown("merged documents not known", at)],
        }
    };
    statements.extend(documents("source_policy_documents"));
    let (own, unknown) = blocks(evaluator, block.body, "statement", frame);
    let own: Vec<Val> = own
        .iter()
        .map(|statement| statement_value(evaluator, statement))
        .collect();
    merge(&mut statements, own);
    if unknown {
        statements.push(Val::unknown("dynamic statements not known", at));
    }
    merge(&mut statements, documents("override_policy_documents"));
    let mut document = BTreeMap::new();
    document.insert("Version".to_string(), Val::str("2012-10-17", at));
    document.insert("Statement".to_string(), Val::list(statements, at));
    Val::new(Kind::Json(Box::new(Val::map(document, at))), at)
}

/// One `statement { … }` of a policy document data source.
fn statement_value(evaluator: &Evaluator<'_>, statement: &BlockInstance<'_>) -> Val {
    let at = statement.at;
    let frame = &statement.frame;
    let body = statement.body;
    let mut entries = BTreeMap::new();
    let attribute = |name: &str| {
        body.attribute(name)
            .map(|attribute| evaluator.eval(attribute.value, frame))
            .filter(|value| !value.is_null())
    };
    for (name, key) in [
        ("sid", "Sid"),
        ("effect", "Effect"),
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(value) = attribute(name) {
            entries.insert(key.to_string(), value);
        }
    }
    // The data source defaults `effect` to Allow.
    entries
        .entry("Effect".to_string())
        .or_insert_with(|| Val::str("Allow", at));
    for (name, key) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        let (principals, unknown) = blocks(evaluator, body, name, frame);
        if principals.is_empty() {
            continue;
        }
        let mut by_type: BTreeMap<String, Val> = BTreeMap::new();
        let mut principal_at: Option<Location> = None;
        for principal in &principals {
            principal_at = principal_at.or(principal.at);
            let value = |name: &str| {
                principal
                    .body
                    .attribute(name)
                    .map(|a| evaluator.eval(a.value, &principal.frame))
            };
            let kind = value("type").and_then(|kind| kind.as_text());
            let identifiers = value("identifiers");
            let (Some(kind), Some(identifiers)) = (kind, identifiers) else {
                by_type.insert(
                    "?".into(),
                    Val::unknown("principal not known", principal.at),
                );
                continue;
            };
            let kind = if kind == "*" { "AWS".to_string() } else { kind };
            let items = match identifiers.kind {
                Kind::List(items) => Rc::unwrap_or_clone(items),
                _ => vec![identifiers],
            };
            let group = by_type
                .entry(kind)
                .or_insert_with(|| Val::list(Vec::new(), principal.at));
            if let Kind::List(list) = &mut group.kind {
                Rc::make_mut(list).extend(items);
            }
        }
        if unknown {
            by_type.insert("?".into(), Val::unknown("dynamic principals", principal_at));
        }
        entries.insert(key.to_string(), Val::map(by_type, principal_at));
    }
    let (conditions, unknown) = blocks(evaluator, body, "condition", frame);
    if !conditions.is_empty() {
        let mut operators: BTreeMap<String, Val> = BTreeMap::new();
        let mut condition_at: Option<Location> = None;
        for condition in &conditions {
            let value = |name: &str| {
                condition
                    .body
                    .attribute(name)
                    .map(|a| evaluator.eval(a.value, &condition.frame))
            };
            let values =
                value("values").unwrap_or_else(|| Val::unknown("condition values", condition.at));
            let variable = value("variable");
            let (Some(operator), Some(key)) = (
                value("test").and_then(|v| v.as_text()),
                variable.as_ref().and_then(Val::as_text),
            ) else {
                condition_at = condition_at.or(condition.at);
                operators.insert(
                    "?".into(),
                    Val::unknown("condition not known", condition.at),
                );
                continue;
            };
            // The clause is located at its whole block, where a reader looks — unless its key
            // was written elsewhere (a module argument, a `for_each` map entry, a local that a
            // `dynamic` block expands): there, where a change to it is made.
            let clause_at = variable
                .and_then(|variable| variable.at)
                .filter(|at| {
                    condition.at.is_none_or(|block| {
                        at.file != block.file || block.span.cover(at.span) != block.span
                    })
                })
                .or(condition.at);
            condition_at = condition_at.or(clause_at);
            let values = Val::new(values.kind, clause_at);
            let group = operators
                .entry(operator)
                .or_insert_with(|| Val::map(BTreeMap::new(), clause_at));
            if let Kind::Map(clauses) = &mut group.kind {
                Rc::make_mut(clauses).insert(key, values);
            }
        }
        if unknown {
            operators.insert("?".into(), Val::unknown("dynamic conditions", condition_at));
        }
        entries.insert("Condition".to_string(), Val::map(operators, condition_at));
    }
    Val::map(entries, at)
}

/// A piece of JSON text: literal text at an offset, or an interpolated value.
enum Piece<'t> {
    Text(&'t str, usize),
    Owned(String, usize),
    Value(Val, usize),
}

fn pieces<'t>(
    evaluator: &Evaluator<'_>,
    template: &'t Template,
    frame: &Frame,
    base: usize,
) -> Vec<Piece<'t>> {
    template
        .iter()
        .map(|element| {
            let start = base + element.span().map_or(0, |range| range.start);
            match element {
                Element::Literal(literal) => Piece::Text(literal.value(), start),
                Element::Interpolation(interpolation) => {
                    Piece::Value(evaluator.eval(&interpolation.expr, frame), start)
                }
                Element::Directive(_) => {
                    Piece::Value(Val::unknown("a template directive", None), start)
                }
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

/// JSON text being assembled from pieces, with a map back to where each piece is written.
#[derive(Default)]
struct Assembly {
    text: String,
    /// (offset in `text`, offset in the source) at the start of each piece.
    map: Vec<(usize, usize)>,
    values: Vec<Symbolic>,
    /// Whether the text so far ends inside a JSON string.
    in_string: bool,
}

impl Assembly {
    fn push_text(&mut self, literal: &str, source: usize) {
        self.map.push((self.text.len(), source));
        self.text.push_str(literal);
        let mut escaped = false;
        for c in literal.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if self.in_string => escaped = true,
                '"' => self.in_string = !self.in_string,
                _ => {}
            }
        }
    }

    fn push_placeholder(&mut self, value: Symbolic, source: usize) {
        self.map.push((self.text.len(), source));
        self.text.push_str(&placeholder(self.values.len()));
        self.values.push(value);
    }

    /// An interpolated value. Inside a JSON string it is text, standing in place. Where JSON
    /// expects a value it is the JSON text it holds, as Terraform inserts it: mostly a
    /// `jsonencode(…)` (`"Resource": ${jsonencode(arns)}`), whose parts are located where
    /// each was written. A value not known there stands as an unknown string, so that the
    /// rest of the document is still read.
    fn push_value(&mut self, value: &Val, source: usize, offsets: &Offsets) {
        let symbolic = |value: &Val| {
            if value.is_unknown() {
                Symbolic::unknown()
            } else {
                value.symbolic()
            }
        };
        if self.in_string {
            self.push_placeholder(symbolic(value), source);
            return;
        }
        match &value.kind {
            Kind::Json(inner) => self.push_json(inner, source, offsets, 0),
            Kind::Str(text) => self.push_text(text, source),
            Kind::Number(_) | Kind::Bool(_) => {
                self.push_text(&value.as_text().unwrap_or_default(), source);
            }
            Kind::Null => self.push_text("null", source),
            // Text with references: its text parts are JSON text, the rest stands in place.
            Kind::Sym(written) if !written.has_unknown() => {
                for part in written.parts() {
                    match part {
                        PartRef::Text(text) => self.push_text(text, source),
                        other => {
                            self.push_placeholder(Symbolic::from(other.to_part()), source);
                        }
                    }
                }
            }
            _ => {
                self.push_text("\"", source);
                self.push_placeholder(Symbolic::unknown(), source);
                self.push_text("\"", source);
            }
        }
    }

    /// The JSON encoding of a value, as `jsonencode` writes it.
    fn push_json(&mut self, value: &Val, fallback: usize, offsets: &Offsets, depth: usize) {
        let source = value
            .at
            .map_or(fallback, |at| offsets.global(at).start as usize);
        if depth > MAX_JSON_DEPTH {
            self.push_text("\"", source);
            self.push_placeholder(Symbolic::unknown(), source);
            self.push_text("\"", source);
            return;
        }
        match &value.kind {
            Kind::Json(_) => {
                // `jsonencode(jsonencode(x))`: a string holding JSON text, not read here.
                self.push_text("\"", source);
                self.push_placeholder(Symbolic::unknown(), source);
                self.push_text("\"", source);
            }
            Kind::Null => self.push_text("null", source),
            Kind::Bool(_) | Kind::Number(_) => {
                self.push_text(&value.as_text().unwrap_or_default(), source);
            }
            Kind::Str(text) => {
                let quoted = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string());
                self.push_text(&quoted, source);
            }
            Kind::List(items) => {
                self.push_text("[", source);
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.push_text(",", source);
                    }
                    self.push_json(item, source, offsets, depth + 1);
                }
                self.push_text("]", source);
            }
            Kind::Map(entries) => {
                self.push_text("{", source);
                for (index, (key, item)) in entries.iter().enumerate() {
                    if index > 0 {
                        self.push_text(",", source);
                    }
                    let key = serde_json::to_string(key).unwrap_or_else(|_| "\"\"".to_string());
                    let item_source = item
                        .at
                        .map_or(source, |at| offsets.global(at).start as usize);
                    self.push_text(&key, item_source);
                    self.push_text(":", item_source);
                    self.push_json(item, source, offsets, depth + 1);
                }
                self.push_text("}", source);
            }
            Kind::Sym(_) | Kind::Resource(_) | Kind::Unknown(_) | Kind::Invalid(_) => {
                let symbolic = if value.is_unknown() || matches!(value.kind, Kind::Resource(_)) {
                    Symbolic::unknown()
                } else {
                    value.symbolic()
                };
                self.push_text("\"", source);
                self.push_placeholder(symbolic, source);
                self.push_text("\"", source);
            }
        }
    }
}

/// Deepest value encoded into a template's JSON (values are trees of bounded depth already;
/// this keeps a pathological one from recursing far).
const MAX_JSON_DEPTH: usize = 32;

/// Parse JSON written as text with interpolations standing in place, and move every span back
/// to where it is written.
fn json_tree(pieces: &[Piece<'_>], offsets: &Offsets) -> Option<Node> {
    let mut assembly = Assembly::default();
    for piece in pieces {
        match piece {
            Piece::Text(literal, source) => assembly.push_text(literal, *source),
            Piece::Owned(literal, source) => assembly.push_text(literal, *source),
            Piece::Value(value, source) => assembly.push_value(value, *source, offsets),
        }
    }
    let Assembly {
        text, map, values, ..
    } = assembly;
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let parsed = json::parse(&text).ok()??;
    let to_source = |offset: u32| -> u32 {
        let offset = offset as usize;
        let index = map
            .partition_point(|(start, _)| *start <= offset)
            .saturating_sub(1);
        let (start, source) = map.get(index).copied().unwrap_or((0, 0));
        u32::try_from(source + (offset - start.min(offset))).unwrap_or(u32::MAX)
    };
    Some(remap(parsed, &to_source, &values))
}

fn remap(node: Node, to_source: &dyn Fn(u32) -> u32, values: &[Symbolic]) -> Node {
    // An end is the end of its last character: mapped through that character, it stays in
    // the piece the node ends in, even when the next piece was written elsewhere.
    let end = |offset: u32| {
        if offset == 0 {
            to_source(0)
        } else {
            to_source(offset - 1).saturating_add(1)
        }
    };
    let span = Span {
        start: to_source(node.span.start),
        end: end(node.span.end).max(to_source(node.span.start)),
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
                        end: end(e.key_span.end).max(to_source(e.key_span.start)),
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
    // After the first split, pieces alternate: index, text, index, text…
    while let Some(index) = pieces.next() {
        match index.parse::<usize>().ok().and_then(|i| values.get(i)) {
            Some(value) => result.extend(value.clone()),
            None => result.push(Part::Unknown),
        }
        if let Some(text) = pieces.next() {
            result.push(Part::Text(text.to_string()));
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_locate_spans_in_their_file() {
        let mut offsets = Offsets::default();
        offsets.push(10);
        offsets.push(20);
        let at = Location {
            file: 1,
            span: Span { start: 3, end: 7 },
        };
        let global = offsets.global(at);
        assert_eq!(global, Span { start: 14, end: 18 });
        assert_eq!(offsets.locate(global), at);
        // A span covering two files is cut at the end of the first.
        let cut = offsets.locate(Span { start: 2, end: 15 });
        assert_eq!(cut.file, 0);
        assert_eq!(cut.span, Span { start: 2, end: 10 });
    }
}
