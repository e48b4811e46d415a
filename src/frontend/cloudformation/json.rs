//! CloudFormation JSON (and CDK output) → [`Node`], with byte spans, via `jsonc-parser`.

use jsonc_parser::ast::{ObjectPropName, Value as JsonValue};
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::frontend::limits::MAX_DEPTH;
use crate::frontend::tree::{Entry, Node, NodeKind};
use crate::source::Span;

/// A JSON syntax problem at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

/// Parse strict JSON (comments are tolerated, as CloudFormation tooling does not emit them but
/// hand-written templates sometimes carry them).
///
/// # Errors
/// Invalid JSON, or nesting deeper than [`MAX_DEPTH`] (checked before the recursive parser runs).
pub fn parse(text: &str) -> Result<Option<Node>, JsonError> {
    if let Some(offset) = too_deep(text.as_bytes()) {
        return Err(JsonError {
            offset,
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
        });
    }
    let options = ParseOptions {
        allow_comments: true,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        ..ParseOptions::default()
    };
    let parsed = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options).map_err(
        |error| JsonError {
            offset: error.range().start,
            message: error.kind().to_string(),
        },
    )?;
    Ok(parsed.value.as_ref().map(convert))
}

/// The offset where brackets first nest deeper than [`MAX_DEPTH`], skipping strings and
/// comments.
fn too_deep(bytes: &[u8]) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut comment: Option<u8> = None; // b'/' for `//`, b'*' for `/* */`
    for (offset, &byte) in bytes.iter().enumerate() {
        match comment {
            Some(b'/') => {
                if byte == b'\n' {
                    comment = None;
                }
                continue;
            }
            Some(_) => {
                if byte == b'/' && offset > 0 && bytes[offset - 1] == b'*' {
                    comment = None;
                }
                continue;
            }
            None => {}
        }
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'/' if matches!(bytes.get(offset + 1), Some(b'/' | b'*')) => {
                comment = bytes.get(offset + 1).copied();
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(offset);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn span(range: jsonc_parser::common::Range) -> Span {
    Span::new(range.start, range.end)
}

fn convert(value: &JsonValue<'_>) -> Node {
    let (range, kind) = match value {
        JsonValue::StringLit(lit) => (lit.range, NodeKind::Str(lit.value.to_string())),
        JsonValue::NumberLit(lit) => (
            lit.range,
            NodeKind::Number(lit.value.parse::<f64>().unwrap_or(f64::NAN)),
        ),
        JsonValue::BooleanLit(lit) => (lit.range, NodeKind::Bool(lit.value)),
        JsonValue::NullKeyword(lit) => (lit.range, NodeKind::Null),
        JsonValue::Array(array) => (
            array.range,
            NodeKind::Seq(array.elements.iter().map(convert).collect()),
        ),
        JsonValue::Object(object) => (
            object.range,
            NodeKind::Map(
                object
                    .properties
                    .iter()
                    .map(|prop| {
                        let (key, key_range) = match &prop.name {
                            ObjectPropName::String(lit) => (lit.value.to_string(), lit.range),
                            ObjectPropName::Word(word) => (word.value.to_string(), word.range),
                        };
                        Entry {
                            key,
                            key_span: span(key_range),
                            value: convert(&prop.value),
                        }
                    })
                    .collect(),
            ),
        ),
    };
    Node {
        span: span(range),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_byte_spans() {
        let text = r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}"#;
        let root = parse(text).unwrap().unwrap();
        let entry = root.get("Resources").unwrap().entry("Q").unwrap();
        assert_eq!(
            &text[entry.key_span.start as usize..entry.key_span.end as usize],
            "\"Q\""
        );
        let ty = entry.value.get("Type").unwrap();
        assert_eq!(ty.as_str(), Some("AWS::SQS::Queue"));
    }

    #[test]
    fn absurd_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(100_000);
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("nesting"));
        assert_eq!(error.offset, MAX_DEPTH);
    }

    #[test]
    fn a_quote_in_a_comment_does_not_hide_nesting() {
        let text = format!("// \"\n{}1{}", "[".repeat(300), "]".repeat(300));
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("nesting"), "{error:?}");
    }

    #[test]
    fn brackets_inside_strings_do_not_count_as_nesting() {
        let text = format!("{{\"a\": \"{}\"}}", "[".repeat(500));
        assert!(parse(&text).is_ok());
    }
}
