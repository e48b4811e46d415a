//! CloudFormation YAML → [`Node`], built from `saphyr-parser` events with an explicit stack, so
//! nesting depth and alias expansion are bounded and every node keeps its byte span.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use crate::frontend::limits::{MAX_ALIAS_NODES, MAX_DEPTH};
use crate::frontend::tree::{Entry, Node, NodeKind, intrinsic_for_tag};
use crate::source::Span;

/// A YAML problem at a byte offset (positions are computed by the caller's line index, so
/// that every line-ending convention counts lines the same way).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub offset: u32,
    pub message: String,
}

/// saphyr reports character indices; spans are byte offsets.
struct Offsets {
    /// Byte offset of each character, only for non-ASCII text.
    char_starts: Option<Vec<u32>>,
    len: u32,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let char_starts = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(offset, _)| u32::try_from(offset).unwrap_or(u32::MAX))
                .collect()
        });
        Offsets { char_starts, len }
    }

    fn byte(&self, char_index: usize) -> u32 {
        match &self.char_starts {
            None => u32::try_from(char_index).unwrap_or(u32::MAX).min(self.len),
            Some(starts) => starts.get(char_index).copied().unwrap_or(self.len),
        }
    }

    fn span(&self, span: saphyr_parser::Span) -> Span {
        Span {
            start: self.byte(span.start.index()),
            end: self.byte(span.end.index()),
        }
    }
}

enum Frame {
    Seq {
        start: u32,
        items: Vec<Node>,
        anchor: usize,
        tag: Option<String>,
    },
    Map {
        start: u32,
        entries: Vec<Entry>,
        key: Option<(String, Span)>,
        anchor: usize,
        tag: Option<String>,
    },
}

/// Parse the first document of a YAML stream (`None` for an empty stream).
///
/// # Errors
/// Invalid YAML, nesting deeper than [`MAX_DEPTH`], or alias expansion past [`MAX_ALIAS_NODES`].
pub fn parse(text: &str) -> Result<Option<Node>, YamlError> {
    parse_with_warnings(text).map(|(root, _)| root)
}

/// A tag the template uses that is not an intrinsic function: the value is read as if
/// untagged, and the caller is told where (byte offset) and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTag {
    pub offset: u32,
    pub tag: String,
}

/// [`parse`], also returning the unknown local tags (`!Foo`) met on the way.
///
/// # Errors
/// As [`parse`].
pub fn parse_with_warnings(text: &str) -> Result<(Option<Node>, Vec<UnknownTag>), YamlError> {
    let mut unknown_tags = Vec::new();
    let mut note_tag = |tag: Option<&Tag>, offset: u32| {
        if let Some(tag) =
            tag.filter(|tag| tag.handle == "!" && intrinsic_for_tag(&tag.suffix).is_none())
        {
            unknown_tags.push(UnknownTag {
                offset,
                tag: format!("!{}", tag.suffix),
            });
        }
    };
    let offsets = Offsets::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut alias_budget = MAX_ALIAS_NODES;
    let error_at = |span: saphyr_parser::Span, message: String| YamlError {
        offset: offsets.byte(span.start.index()),
        message,
    };

    while let Some(next) = parser.next_event() {
        let (event, raw_span) = next.map_err(|error| YamlError {
            offset: offsets.byte(error.marker().index()),
            message: error.info().to_string(),
        })?;
        let span = offsets.span(raw_span);
        let is_sequence = matches!(event, Event::SequenceStart(..));
        let done = match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => None,
            // A template is one document; later documents are not CloudFormation.
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::Scalar(value, style, anchor, tag) => {
                note_tag(tag.as_deref(), span.start);
                let span = quoted_extent(text, style, span);
                let node = scalar(&value, style, tag.as_deref(), span);
                remember(&mut anchors, anchor, &node);
                Some(node)
            }
            Event::Alias(id) => {
                let node = anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| error_at(raw_span, "alias to an unknown anchor".to_string()))?;
                let size = count_nodes(&node);
                if size > alias_budget {
                    return Err(error_at(
                        raw_span,
                        format!("alias expansion exceeds {MAX_ALIAS_NODES} nodes"),
                    ));
                }
                alias_budget -= size;
                Some(node)
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                note_tag(tag.as_deref(), span.start);
                if stack.len() >= MAX_DEPTH {
                    return Err(error_at(
                        raw_span,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                }
                let tag = tag.as_deref().and_then(tag_intrinsic).map(str::to_string);
                stack.push(if is_sequence {
                    Frame::Seq {
                        start: span.start,
                        items: Vec::new(),
                        anchor,
                        tag,
                    }
                } else {
                    Frame::Map {
                        start: span.start,
                        entries: Vec::new(),
                        key: None,
                        anchor,
                        tag,
                    }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else {
                    return Err(error_at(raw_span, "unbalanced collection end".to_string()));
                };
                let (start, kind, anchor, tag) = match frame {
                    Frame::Seq {
                        start,
                        items,
                        anchor,
                        tag,
                    } => (start, NodeKind::Seq(items), anchor, tag),
                    Frame::Map {
                        start,
                        entries,
                        anchor,
                        tag,
                        ..
                    } => (start, NodeKind::Map(entries), anchor, tag),
                };
                let node = wrap(
                    tag.as_deref(),
                    Node {
                        span: Span {
                            start,
                            end: span.end.max(start),
                        },
                        kind,
                    },
                );
                remember(&mut anchors, anchor, &node);
                Some(node)
            }
        };
        let Some(node) = done else { continue };
        match stack.last_mut() {
            None => return Ok((Some(node), unknown_tags)),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some((key_text(&node), node.span)),
                Some((key, key_span)) => entries.push(Entry {
                    key,
                    key_span,
                    value: node,
                }),
            },
        }
    }
    Ok((None, unknown_tags))
}

/// A quoted scalar's span ends at its closing quote (the parser's may run on past a trailing
/// comment).
fn quoted_extent(text: &str, style: ScalarStyle, span: Span) -> Span {
    let quote = match style {
        ScalarStyle::DoubleQuoted => b'"',
        ScalarStyle::SingleQuoted => b'\'',
        _ => return span,
    };
    let bytes = text.as_bytes();
    let start = span.start as usize;
    if bytes.get(start) != Some(&quote) {
        return span;
    }
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if quote == b'"' => at += 2,
            b'\'' if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 2,
            byte if byte == quote => {
                return Span {
                    start: span.start,
                    end: u32::try_from(at + 1)
                        .unwrap_or(span.end)
                        .min(span.end.max(span.start)),
                };
            }
            _ => at += 1,
        }
    }
    span
}

fn remember(anchors: &mut HashMap<usize, Node>, anchor: usize, node: &Node) {
    if anchor != 0 {
        anchors.insert(anchor, node.clone());
    }
}

fn count_nodes(node: &Node) -> usize {
    let mut count = 0;
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        count += 1;
        match &node.kind {
            NodeKind::Seq(items) => pending.extend(items),
            NodeKind::Map(entries) => pending.extend(entries.iter().map(|entry| &entry.value)),
            _ => {}
        }
    }
    count
}

/// The text of a mapping key (CloudFormation keys are scalars).
fn key_text(node: &Node) -> String {
    match &node.kind {
        NodeKind::Str(text) => text.clone(),
        NodeKind::Bool(value) => value.to_string(),
        NodeKind::Number(value) => value.to_string(),
        NodeKind::Null | NodeKind::Sym(_) => String::new(),
        NodeKind::Seq(_) | NodeKind::Map(_) => match node.intrinsic() {
            Some((name, _)) => name.to_string(),
            None => String::new(),
        },
    }
}

/// The intrinsic a local tag (`!Ref`, `!GetAtt`, …) stands for.
fn tag_intrinsic(tag: &Tag) -> Option<&'static str> {
    (tag.handle == "!").then(|| intrinsic_for_tag(&tag.suffix))?
}

fn wrap(intrinsic: Option<&str>, node: Node) -> Node {
    match intrinsic {
        None => node,
        Some(name) => Node {
            span: node.span,
            kind: NodeKind::Map(vec![Entry {
                key: name.to_string(),
                key_span: node.span,
                value: node,
            }]),
        },
    }
}

fn scalar(value: &str, style: ScalarStyle, tag: Option<&Tag>, span: Span) -> Node {
    let intrinsic = tag.and_then(tag_intrinsic);
    let core_str = tag.is_some_and(|tag| tag.handle == "tag:yaml.org,2002:" && tag.suffix == "str");
    let kind = if style != ScalarStyle::Plain || intrinsic.is_some() || core_str {
        NodeKind::Str(value.to_string())
    } else {
        plain_scalar(value)
    };
    wrap(intrinsic, Node { span, kind })
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn plain_scalar(value: &str) -> NodeKind {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => NodeKind::Null,
        "true" | "True" | "TRUE" => NodeKind::Bool(true),
        "false" | "False" | "FALSE" => NodeKind::Bool(false),
        _ => {
            let numeric = value
                .trim_start_matches(['-', '+'])
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == '.');
            match value.parse::<f64>() {
                Ok(number) if numeric => NodeKind::Number(number),
                _ => NodeKind::Str(value.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn text_of(text: &str, span: Span) -> &str {
        &text[span.start as usize..span.end as usize]
    }

    #[test]
    fn short_form_tags_become_intrinsics() {
        let text = "A: !GetAtt Key.Arn\nB: !Sub\n  - '${X}'\n  - X: 1\nC: !Ref Q\n";
        let root = parse(text).unwrap().unwrap();
        let (name, arg) = root.get("A").unwrap().intrinsic().unwrap();
        assert_eq!((name, arg.as_str()), ("Fn::GetAtt", Some("Key.Arn")));
        let (name, arg) = root.get("B").unwrap().intrinsic().unwrap();
        assert_eq!(name, "Fn::Sub");
        assert!(matches!(arg.kind, NodeKind::Seq(ref items) if items.len() == 2));
        assert_eq!(root.get("C").unwrap().intrinsic().unwrap().0, "Ref");
    }

    #[test]
    fn spans_are_bytes_even_after_multibyte_text() {
        let text = "Description: \"héllo 𝄞\"\nKey: value\n";
        let root = parse(text).unwrap().unwrap();
        let entry = root.entry("Key").unwrap();
        assert_eq!(text_of(text, entry.key_span), "Key");
        assert_eq!(text_of(text, entry.value.span), "value");
    }

    #[test]
    fn quoted_scalars_end_at_their_closing_quote() {
        let text = "a: \"x\\\"y\" # note\nb: 'it''s' # more\n";
        let root = parse(text).unwrap().unwrap();
        assert_eq!(text_of(text, root.get("a").unwrap().span), "\"x\\\"y\"");
        assert_eq!(text_of(text, root.get("b").unwrap().span), "'it''s'");
    }

    #[test]
    fn plain_scalars_follow_the_core_schema_and_quoted_ones_stay_strings() {
        let root = parse("a: false\nb: 'false'\nc: yes\nd: 12\ne: ~\n")
            .unwrap()
            .unwrap();
        assert_eq!(root.get("a").unwrap().kind, NodeKind::Bool(false));
        assert_eq!(root.get("b").unwrap().kind, NodeKind::Str("false".into()));
        assert_eq!(root.get("c").unwrap().kind, NodeKind::Str("yes".into()));
        assert_eq!(root.get("d").unwrap().kind, NodeKind::Number(12.0));
        assert_eq!(root.get("e").unwrap().kind, NodeKind::Null);
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let prev = level - 1;
            let items = vec![format!("*a{prev}"); 10].join(", ");
            let _ = writeln!(text, "a{level}: &a{level} [{items}]");
        }
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("alias expansion"), "{error:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let error = parse(&text).unwrap_err();
        // saphyr's scanner has its own recursion limit, which may trip before ours.
        assert!(
            error.message.contains("nesting") || error.message.contains("recursion limit"),
            "{error:?}"
        );
        assert!(error.offset < 20_000);
    }

    #[test]
    fn syntax_errors_carry_an_offset_inside_the_text() {
        let text = "a: b\n  c: [\n";
        let error = parse(text).unwrap_err();
        assert!(error.offset as usize <= text.len());
    }
}
