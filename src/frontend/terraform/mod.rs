//! Terraform HCL front-end: the `.tf` files of one module directory → [`Model`].

pub mod eval;

use hcl_edit::Span as _;
use hcl_edit::structure::{Block, BlockLabel, Body};

use super::FileError;
use crate::model::{
    FileId, KeyRef, KmsAlias, KmsKey, Location, Model, Queue, Resource, ResourceRef, Value,
};
use crate::source::{SourceFile, Span};
use eval::Val;

/// Substrings without which a module holds nothing the model reads: modules whose files contain
/// none of them are not parsed. Extend this when the model reads a new resource type.
pub const RELEVANT_TOKENS: &[&str] = &["aws_sqs_queue", "aws_kms_key", "aws_kms_alias"];

/// Parse every file of a module directory into one model. Files that fail to parse are
/// returned as errors; the others still contribute.
#[must_use]
pub fn load(files: &[SourceFile]) -> (Model, Vec<FileError>) {
    let mut model = Model::default();
    let mut errors = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let file_id = FileId::try_from(index).unwrap_or(FileId::MAX);
        match hcl_edit::parser::parse_body(&file.text) {
            Ok(body) => read_body(&body, file_id, &mut model),
            Err(error) => errors.push(FileError::Syntax {
                path: file.path.clone(),
                line: u32::try_from(error.location().line()).unwrap_or(u32::MAX),
                column: u32::try_from(error.location().column()).unwrap_or(u32::MAX),
                message: error.message().to_string(),
            }),
        }
    }
    model.link();
    (model, errors)
}

fn read_body(body: &Body, file: FileId, model: &mut Model) {
    for block in body.blocks() {
        if block.ident.as_str() != "resource" {
            continue;
        }
        let [kind, name] = block.labels.as_slice() else {
            continue;
        };
        let (kind, name) = (label_text(kind), label_text(name));
        let header = Location {
            file,
            span: header_span(block),
        };
        let address = format!("{kind}.{name}");
        let attrs = Attributes { block, file };
        match kind {
            "aws_sqs_queue" => model.queues.push(Resource {
                address,
                kind: kind.to_string(),
                at: header,
                suppressions: Vec::new(),
                props: Queue {
                    name: attrs.string("name"),
                    sse_sqs_enabled: attrs.boolean("sqs_managed_sse_enabled"),
                    kms_key: attrs.key_ref("kms_master_key_id"),
                    kms_key_resource: None,
                },
            }),
            "aws_kms_key" => model.kms_keys.push(Resource {
                address,
                kind: kind.to_string(),
                at: header,
                suppressions: Vec::new(),
                props: KmsKey {
                    rotation_enabled: attrs.boolean("enable_key_rotation"),
                    ..KmsKey::default()
                },
            }),
            "aws_kms_alias" => model.kms_aliases.push(Resource {
                address,
                kind: kind.to_string(),
                at: header,
                suppressions: Vec::new(),
                props: KmsAlias {
                    name: attrs.string("name"),
                    target: attrs.key_ref("target_key_id"),
                },
            }),
            _ => {}
        }
    }
}

fn label_text(label: &BlockLabel) -> &str {
    match label {
        BlockLabel::Ident(ident) => ident.as_str(),
        BlockLabel::String(text) => text.value(),
    }
}

/// `resource "type" "name"`: from the keyword to the last label, where a reader looks.
fn header_span(block: &Block) -> Span {
    let start = block.ident.span().map_or(0, |range| range.start);
    let end = block
        .labels
        .last()
        .and_then(hcl_edit::Span::span)
        .or_else(|| block.ident.span())
        .map_or(start, |range| range.end);
    Span::new(start, end)
}

/// Typed access to a block's attributes, each evaluated to a [`Value`] located at the attribute.
struct Attributes<'b> {
    block: &'b Block,
    file: FileId,
}

impl Attributes<'_> {
    fn get(&self, name: &str) -> Option<(Location, Val)> {
        let attribute = self.block.body.get_attribute(name)?;
        let span = attribute
            .span()
            .map_or_else(Span::default, Span::from_range);
        let value = eval::evaluate(&attribute.value);
        // `null` means "not set" in Terraform: the same as leaving the attribute out.
        if value == Val::Null {
            return None;
        }
        Some((
            Location {
                file: self.file,
                span,
            },
            value,
        ))
    }

    fn boolean(&self, name: &str) -> Option<Value<bool>> {
        let (at, value) = self.get(name)?;
        Some(match value.as_bool() {
            Some(flag) => Value::Known(flag, at),
            None => Value::unknown(at, unknown_reason(&value, "a bool")),
        })
    }

    fn string(&self, name: &str) -> Option<Value<String>> {
        let (at, value) = self.get(name)?;
        Some(match value {
            Val::Str(text) => Value::Known(text, at),
            other => Value::unknown(at, unknown_reason(&other, "a string")),
        })
    }

    /// A KMS key reference; an empty string means no key, as for the AWS API.
    fn key_ref(&self, name: &str) -> Option<Value<KeyRef>> {
        let (at, value) = self.get(name)?;
        match value {
            Val::Str(text) if text.is_empty() => None,
            Val::Str(text) => Some(Value::Known(KeyRef::Literal(text), at)),
            Val::Ref { address, .. } => {
                Some(Value::Known(KeyRef::Resource(ResourceRef { address }), at))
            }
            other => Some(Value::unknown(at, unknown_reason(&other, "a key id"))),
        }
    }
}

fn unknown_reason(value: &Val, expected: &str) -> String {
    match value {
        Val::Unknown(reason) => reason.clone(),
        _ => format!("not {expected}"),
    }
}
