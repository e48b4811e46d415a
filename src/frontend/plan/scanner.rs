//! A JSON scanner for plans (JSON with `//` and `/* */` comments, as every sqsguard JSON reader
//! accepts): it checks a text in one pass without allocating, and builds document trees
//! ([`Node`]) only for the values the plan reader asks for — a 50 MB plan is never one tree.
//!
//! It accepts strict JSON plus comments. Anything it refuses is handed to the document parser
//! (`cloudformation::json`) by its caller, which then decides, so no file is refused here that
//! the other JSON readers accept, and syntax errors read the same everywhere.

use std::borrow::Cow;

use crate::frontend::limits::MAX_DEPTH;
use crate::frontend::tree::{Entry, Node, NodeKind};
use crate::source::Span;

/// Where the text stops being JSON, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub offset: usize,
    pub message: &'static str,
}

pub type Scan<T> = Result<T, ScanError>;

/// What a value is, from its first byte: enough for messages about unexpected types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

impl Kind {
    /// `an object`, `a string`…
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean",
            Kind::Null => "null",
        }
    }
}

pub struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    depth: usize,
}

impl<'t> Scanner<'t> {
    #[must_use]
    pub fn new(text: &'t str) -> Scanner<'t> {
        Scanner::at(text, 0)
    }

    /// A scanner at `offset`: to read again a value an earlier pass located.
    #[must_use]
    pub fn at(text: &'t str, offset: usize) -> Scanner<'t> {
        Scanner {
            text,
            bytes: text.as_bytes(),
            at: offset.min(text.len()),
            depth: 0,
        }
    }

    #[must_use]
    pub fn offset(&self) -> usize {
        self.at
    }

    fn fail<T>(offset: usize, message: &'static str) -> Scan<T> {
        Err(ScanError { offset, message })
    }

    /// The value that starts here (after [`Scanner::space`]), if any.
    #[must_use]
    pub fn kind(&self) -> Option<Kind> {
        Some(match self.bytes.get(self.at)? {
            b'{' => Kind::Object,
            b'[' => Kind::Array,
            b'"' => Kind::String,
            b't' | b'f' => Kind::Boolean,
            b'n' => Kind::Null,
            _ => Kind::Number,
        })
    }

    /// Skip whitespace and comments.
    ///
    /// # Errors
    /// A `/* */` comment that is never closed.
    pub fn space(&mut self) -> Scan<()> {
        loop {
            match self.bytes.get(self.at) {
                Some(b' ' | b'\n' | b'\r' | b'\t') => self.at += 1,
                Some(b'/') => match self.bytes.get(self.at + 1) {
                    Some(b'/') => {
                        self.at = self.bytes[self.at..]
                            .iter()
                            .position(|&b| b == b'\n')
                            .map_or(self.bytes.len(), |end| self.at + end);
                    }
                    Some(b'*') => {
                        let start = self.at;
                        let close = self.bytes[self.at + 2..]
                            .windows(2)
                            .position(|pair| pair == b"*/");
                        match close {
                            Some(end) => self.at += 2 + end + 2,
                            None => return Self::fail(start, "unterminated comment"),
                        }
                    }
                    _ => return Ok(()),
                },
                _ => return Ok(()),
            }
        }
    }

    /// After the root value: only whitespace and comments may follow.
    ///
    /// # Errors
    /// Anything else.
    pub fn end(&mut self) -> Scan<()> {
        self.space()?;
        if self.at < self.bytes.len() {
            return Self::fail(self.at, "more than one JSON value");
        }
        Ok(())
    }

    /// Check the value here and move past it, building nothing.
    ///
    /// # Errors
    /// The value is not JSON.
    pub fn skip(&mut self) -> Scan<Span> {
        match self.bytes.get(self.at) {
            Some(b'{') => self.object(|scanner, _, _| scanner.skip().map(drop)),
            Some(b'[') => self.array(|scanner| scanner.skip().map(drop)),
            Some(b'"') => self.string_span().map(|(span, _)| span),
            _ => self.scalar().map(|node| node.span),
        }
    }

    /// The value here as a tree.
    ///
    /// # Errors
    /// The value is not JSON.
    pub fn node(&mut self) -> Scan<Node> {
        self.node_without(&[])
    }

    /// The value here as a tree in which the values of the keys `skipped` (at any depth) are
    /// checked but not built: they are null, with their span.
    ///
    /// # Errors
    /// The value is not JSON.
    pub fn node_without(&mut self, skipped: &[&str]) -> Scan<Node> {
        match self.bytes.get(self.at) {
            Some(b'{') => {
                let mut entries = Vec::new();
                let span = self.object(|scanner, key, key_span| {
                    let value = if skipped.contains(&key.as_ref()) {
                        Node {
                            span: scanner.skip()?,
                            kind: NodeKind::Null,
                        }
                    } else {
                        scanner.node_without(skipped)?
                    };
                    entries.push(Entry {
                        key: key.into_owned(),
                        key_span,
                        value,
                    });
                    Ok(())
                })?;
                Ok(Node {
                    span,
                    kind: NodeKind::Map(entries),
                })
            }
            Some(b'[') => {
                let mut items = Vec::new();
                let span = self.array(|scanner| {
                    items.push(scanner.node_without(skipped)?);
                    Ok(())
                })?;
                Ok(Node {
                    span,
                    kind: NodeKind::Seq(items),
                })
            }
            Some(b'"') => {
                let (text, span) = self.string()?;
                Ok(Node {
                    span,
                    kind: NodeKind::Str(text.into_owned()),
                })
            }
            _ => self.scalar(),
        }
    }

    /// A whole text that is one value: a policy document inside a string, say.
    ///
    /// # Errors
    /// The text is not one JSON value.
    pub fn document(&mut self) -> Scan<Node> {
        self.space()?;
        let node = self.node()?;
        self.end()?;
        Ok(node)
    }

    fn enter(&mut self) -> Scan<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Self::fail(self.at, "nesting deeper than the limit");
        }
        Ok(())
    }

    /// Walk the object here: `entry` is called with each key (decoded) and its span, the
    /// scanner at the value, and must move past the value.
    ///
    /// # Errors
    /// The object is not JSON, or `entry` failed.
    pub fn object(
        &mut self,
        mut entry: impl FnMut(&mut Self, Cow<'t, str>, Span) -> Scan<()>,
    ) -> Scan<Span> {
        let start = self.at;
        if self.bytes.get(self.at) != Some(&b'{') {
            return Self::fail(self.at, "expected an object");
        }
        self.enter()?;
        self.at += 1;
        self.space()?;
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            self.depth -= 1;
            return Ok(Span::new(start, self.at));
        }
        loop {
            match self.bytes.get(self.at) {
                Some(b'"') => {}
                None => return Self::fail(start, "unterminated object"),
                Some(_) => return Self::fail(self.at, "expected a string key"),
            }
            let (key, key_span) = self.string()?;
            self.space()?;
            if self.bytes.get(self.at) != Some(&b':') {
                return Self::fail(self.at, "expected a colon after the key");
            }
            self.at += 1;
            self.space()?;
            if self.at >= self.bytes.len() {
                return Self::fail(start, "unterminated object");
            }
            entry(self, key, key_span)?;
            self.space()?;
            match self.bytes.get(self.at) {
                Some(b',') => {
                    self.at += 1;
                    self.space()?;
                    if self.bytes.get(self.at) == Some(&b'}') {
                        return Self::fail(self.at, "trailing comma");
                    }
                }
                Some(b'}') => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(Span::new(start, self.at));
                }
                None => return Self::fail(start, "unterminated object"),
                Some(_) => return Self::fail(self.at, "expected a comma or a closing brace"),
            }
        }
    }

    /// Walk the array here: `item` is called with the scanner at each element and must move
    /// past it.
    ///
    /// # Errors
    /// The array is not JSON, or `item` failed.
    pub fn array(&mut self, mut item: impl FnMut(&mut Self) -> Scan<()>) -> Scan<Span> {
        let start = self.at;
        if self.bytes.get(self.at) != Some(&b'[') {
            return Self::fail(self.at, "expected an array");
        }
        self.enter()?;
        self.at += 1;
        self.space()?;
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            self.depth -= 1;
            return Ok(Span::new(start, self.at));
        }
        loop {
            if self.at >= self.bytes.len() {
                return Self::fail(start, "unterminated array");
            }
            item(self)?;
            self.space()?;
            match self.bytes.get(self.at) {
                Some(b',') => {
                    self.at += 1;
                    self.space()?;
                    if self.bytes.get(self.at) == Some(&b']') {
                        return Self::fail(self.at, "trailing comma");
                    }
                }
                Some(b']') => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(Span::new(start, self.at));
                }
                None => return Self::fail(start, "unterminated array"),
                Some(_) => return Self::fail(self.at, "expected a comma or a closing bracket"),
            }
        }
    }

    /// The string literal here: its span (quotes included) and whether it has escapes.
    fn string_span(&mut self) -> Scan<(Span, bool)> {
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        loop {
            let Some(next) = self.bytes[self.at..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\')
            else {
                return Self::fail(start, "unterminated string");
            };
            self.at += next;
            if self.bytes[self.at] == b'"' {
                self.at += 1;
                return Ok((Span::new(start, self.at), escaped));
            }
            escaped = true;
            match self.bytes.get(self.at + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.at += 2,
                Some(b'u')
                    if self
                        .bytes
                        .get(self.at + 2..self.at + 6)
                        .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) =>
                {
                    self.at += 6;
                }
                None => return Self::fail(start, "unterminated string"),
                Some(_) => return Self::fail(self.at, "invalid escape in a string"),
            }
        }
    }

    /// The string literal here, decoded, and its span.
    fn string(&mut self) -> Scan<(Cow<'t, str>, Span)> {
        let (span, escaped) = self.string_span()?;
        let raw = &self.text[span.start as usize..span.end as usize];
        if !escaped {
            return Ok((Cow::Borrowed(&raw[1..raw.len() - 1]), span));
        }
        match decode(raw, None) {
            Some(text) => Ok((Cow::Owned(text), span)),
            None => Self::fail(span.start as usize, "invalid unicode escape in a string"),
        }
    }

    /// `true`, `false`, `null` or a number.
    fn scalar(&mut self) -> Scan<Node> {
        let start = self.at;
        let rest = &self.bytes[self.at..];
        let (kind, length) = if rest.starts_with(b"true") {
            (NodeKind::Bool(true), 4)
        } else if rest.starts_with(b"false") {
            (NodeKind::Bool(false), 5)
        } else if rest.starts_with(b"null") {
            (NodeKind::Null, 4)
        } else {
            let length = number_length(rest);
            if length == 0 {
                return match rest.first() {
                    None => Self::fail(start, "unexpected end of text"),
                    Some(_) => Self::fail(start, "unexpected character"),
                };
            }
            let value = self.text[start..start + length]
                .parse::<f64>()
                .unwrap_or(f64::NAN);
            (NodeKind::Number(value), length)
        };
        // `truex`, `12a`: a word, not a value.
        if rest
            .get(length)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'+'))
        {
            return Self::fail(start, "unexpected character");
        }
        self.at += length;
        Ok(Node {
            span: Span::new(start, self.at),
            kind,
        })
    }
}

/// The length of the JSON number at the start of `bytes`: `-?(0|[1-9][0-9]*)(.[0-9]+)?
/// ([eE][+-]?[0-9]+)?`; 0 when there is none.
fn number_length(bytes: &[u8]) -> usize {
    let digits = |from: usize| {
        bytes.get(from..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        })
    };
    let mut at = usize::from(bytes.first() == Some(&b'-'));
    match bytes.get(at) {
        Some(b'0') => at += 1,
        Some(b'1'..=b'9') => at += digits(at),
        _ => return 0,
    }
    if bytes.get(at) == Some(&b'.') {
        let fraction = digits(at + 1);
        if fraction == 0 {
            return 0;
        }
        at += 1 + fraction;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(at + 1), Some(b'+' | b'-')));
        let exponent = digits(at + 1 + sign);
        if exponent == 0 {
            return 0;
        }
        at += 1 + sign + exponent;
    }
    at
}

/// The text of a JSON string literal (`raw`, quotes included); with `offsets`, also, for every
/// byte of the text and one past its end, the offset in `raw` it was written at. `None` when
/// `raw` is not a valid literal.
#[must_use]
pub fn decode(raw: &str, mut offsets: Option<&mut Vec<u32>>) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let bytes = inner.as_bytes();
    let mut text = String::with_capacity(inner.len());
    if let Some(offsets) = offsets.as_deref_mut() {
        offsets.reserve(inner.len() + 1);
    }
    let offset = |at: usize| u32::try_from(at + 1).unwrap_or(u32::MAX);
    let mut at = 0;
    loop {
        // A run written as itself: copied whole, each byte mapped to its own place.
        let run = bytes[at..]
            .iter()
            .position(|&b| b == b'\\')
            .unwrap_or(bytes.len() - at);
        text.push_str(&inner[at..at + run]);
        if let Some(offsets) = offsets.as_deref_mut() {
            offsets.extend((at..at + run).map(offset));
        }
        at += run;
        if at >= bytes.len() {
            break;
        }
        let start = at;
        let escape = *bytes.get(at + 1)?;
        at += 2;
        let decoded = match escape {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = |at: usize| u32::from_str_radix(inner.get(at..at + 4)?, 16).ok();
                let first = unit(at)?;
                at += 4;
                if (0xD800..0xDC00).contains(&first) && inner.get(at..at + 2) == Some("\\u") {
                    let second = unit(at + 2)?.checked_sub(0xDC00)?;
                    at += 6;
                    char::from_u32(0x10000 + ((first - 0xD800) << 10) + second)?
                } else {
                    char::from_u32(first)?
                }
            }
            _ => return None,
        };
        text.push(decoded);
        if let Some(offsets) = offsets.as_deref_mut() {
            offsets.extend(std::iter::repeat_n(offset(start), decoded.len_utf8()));
        }
    }
    if let Some(offsets) = offsets {
        offsets.push(offset(bytes.len()));
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::cloudformation::json;

    fn tree(text: &str) -> Scan<Node> {
        Scanner::new(text).document()
    }

    #[test]
    fn trees_match_the_document_parser() {
        for text in [
            r#"{"a": [1, -2.5e3, true, false, null, "x\"y\u00e9"], "b": {}, "c": []}"#,
            "// a comment\n{\"a\": /* inline */ 1}\n",
            r#"[{"k": "v", "k": "w"}]"#,
            r#""\ud83d\ude00""#,
            "0",
        ] {
            assert_eq!(
                tree(text).unwrap(),
                json::parse(text).unwrap().unwrap(),
                "{text}"
            );
        }
    }

    #[test]
    fn invalid_json_is_refused_with_an_offset() {
        for (text, offset, message) in [
            (r#"{"a": 1"#, 0, "unterminated object"),
            (r#"{"a": 1,}"#, 8, "trailing comma"),
            (r#"["a" "b"]"#, 5, "expected a comma or a closing bracket"),
            (r#"{"a" 1}"#, 5, "expected a colon after the key"),
            (r#"{"a": tru}"#, 6, "unexpected character"),
            (r#"{"a": 01}"#, 6, "unexpected character"),
            (r#"{"a": "x\q"}"#, 8, "invalid escape in a string"),
            (r#"{"a": "x"#, 6, "unterminated string"),
            ("{} {}", 3, "more than one JSON value"),
            ("{} /* open", 3, "unterminated comment"),
            ("", 0, "unexpected end of text"),
        ] {
            let error = tree(text).unwrap_err();
            assert_eq!((error.offset, error.message), (offset, message), "{text}");
        }
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(
            tree(&deep).unwrap_err().message,
            "nesting deeper than the limit"
        );
    }

    #[test]
    fn skipped_keys_are_checked_but_not_built() {
        let text = r#"{"keep": {"drop": [1, 2], "x": 1}, "drop": "y"}"#;
        let node = Scanner::new(text).node_without(&["drop"]).unwrap();
        let keep = node.get("keep").unwrap();
        assert_eq!(keep.get("drop").unwrap().kind, NodeKind::Null);
        assert_eq!(keep.get("x").unwrap().kind, NodeKind::Number(1.0));
        let dropped = node.get("drop").unwrap();
        assert_eq!(
            &text[dropped.span.start as usize..dropped.span.end as usize],
            "\"y\""
        );
        assert!(
            Scanner::new(r#"{"drop": [1,]}"#)
                .node_without(&["drop"])
                .is_err()
        );
    }

    #[test]
    fn decoding_maps_every_byte_back_to_where_it_is_written() {
        let raw = r#""a\"b\n\u00e9\ud83d\ude00é""#;
        let mut offsets = Vec::new();
        let text = decode(raw, Some(&mut offsets)).unwrap();
        assert_eq!(text, "a\"b\né😀é");
        // `a` at 1, `\"` at 2, `b` at 4, `\n` at 5, `\u00e9` (2 bytes) at 7, the surrogate pair
        // (4 bytes) at 13, `é` written as itself at 25 and 26, the closing quote at 27.
        assert_eq!(offsets, vec![1, 2, 4, 5, 7, 7, 13, 13, 13, 13, 25, 26, 27]);
        assert_eq!(decode(r#""\x""#, None), None);
        assert_eq!(decode("no quotes", None), None);
    }
}
