//! Invariants the fuzz targets check on every input that a front-end accepts or refuses.
//!
//! `tests/parser_robustness.rs` in the main package checks the same invariants on the
//! repository's own fixtures (it keeps its own copy: the main package cannot depend on this
//! crate).

use sqsguard::frontend::FileError;
use sqsguard::model::Model;
use sqsguard::source::{SourceFile, Span};

/// A span must be ordered, inside the text, on character boundaries, and convertible to a
/// region whose start does not come after its end.
///
/// # Panics
/// When the span breaks one of these rules (that is the finding).
pub fn check_span(file: &SourceFile, what: &str, span: Span) {
    let text = &file.text;
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(start <= end, "{what}: span {span:?} has start > end");
    assert!(
        end <= text.len(),
        "{what}: span {span:?} ends past the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {span:?} is not on character boundaries"
    );
    let region = file.region(span);
    assert!(
        region.start <= region.end,
        "{what}: region {region:?} is reversed"
    );
    assert!(
        region.start.line >= 1 && region.start.column >= 1,
        "{what}: {region:?}"
    );
    let _ = file.slice(span);
    let _ = file.line_text(region.start.line);
}

/// Every span in the `Debug` text of a parsed tree or model, as `(start, end)`.
///
/// Read from `Debug` so that the check covers every span a model or tree has, including fields
/// added later, without naming the front-ends' internal types; quoted strings are skipped, so
/// span-shaped text in a value is not mistaken for a span.
///
/// # Panics
/// When a `Span {` in the text is not followed by its two numbers.
#[must_use]
pub fn debug_spans(debug: &str) -> Vec<Span> {
    const OPEN: &[u8] = b"Span { start: ";
    fn number(bytes: &[u8], at: &mut usize) -> Option<u32> {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        std::str::from_utf8(&bytes[start..*at]).ok()?.parse().ok()
    }
    let bytes = debug.as_bytes();
    let mut spans = Vec::new();
    let (mut at, mut in_string) = (0, false);
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if in_string => at += 1,
            b'"' => in_string = !in_string,
            _ if !in_string && bytes[at..].starts_with(OPEN) => {
                at += OPEN.len();
                let start = number(bytes, &mut at);
                let end = bytes[at..]
                    .starts_with(b", end: ")
                    .then(|| {
                        at += b", end: ".len();
                        number(bytes, &mut at)
                    })
                    .flatten();
                let (Some(start), Some(end)) = (start, end) else {
                    panic!("unreadable span near byte {at} of {debug}");
                };
                spans.push(Span { start, end });
            }
            _ => {}
        }
        at += 1;
    }
    spans
}

/// Every span of the model lies within `file`; a model with resources has spans.
///
/// # Panics
/// When a span breaks [`check_span`].
pub fn check_model(file: &SourceFile, model: &Model) {
    let resources = model.queues.len() + model.kms_keys.len() + model.kms_aliases.len();
    let spans = debug_spans(&format!("{model:?}"));
    assert!(
        spans.len() >= resources,
        "{} spans for {resources} resources",
        spans.len()
    );
    for span in spans {
        check_span(file, "model", span);
    }
}

/// Every node and key span of a parsed CloudFormation document lies within `file`.
///
/// # Panics
/// When a span breaks [`check_span`].
pub fn check_tree(file: &SourceFile, root: &impl std::fmt::Debug) {
    for span in debug_spans(&format!("{root:?}")) {
        check_span(file, "document tree", span);
    }
}

/// The number of lines of a text: `str::lines`, or, when more, YAML's count, where a lone CR
/// also ends a line. The YAML front-end numbers lines the YAML way while `SourceFile` counts
/// only LF (see fuzz/README.md, findings); the fuzz targets accept either so that they go on
/// to find other problems.
#[must_use]
pub fn line_count(text: &str) -> usize {
    let lone_cr = text
        .as_bytes()
        .windows(2)
        .filter(|pair| pair[0] == b'\r' && pair[1] != b'\n');
    let yaml_lines = text.bytes().filter(|&b| b == b'\n').count()
        + lone_cr.count()
        + usize::from(text.ends_with('\r'))
        + usize::from(!text.is_empty() && !text.ends_with(['\n', '\r']));
    text.lines().count().max(yaml_lines)
}

/// A refused file names a line of the input (or the one just past its end).
///
/// # Panics
/// When the error has no line, or a line outside `1..=lines + 1`.
pub fn check_error(text: &str, error: &FileError) {
    let line = error
        .line()
        .unwrap_or_else(|| panic!("a parse error without a line: {error}"));
    let limit = line_count(text) + 1;
    assert!(
        line >= 1 && line as usize <= limit,
        "error line {line} outside 1..={limit}: {error}"
    );
}

/// Prefixes of AWS access key ids, as `sqsguard::redact` knows them.
pub const KEY_ID_PREFIXES: &[&str] = &[
    "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "APKA", "AIPA",
];

/// Access key ids in a text: a maximal run of exactly 20 upper-case letters and digits that
/// starts with a known prefix (a longer run is not a key id, as for `redact`).
#[must_use]
pub fn key_ids(text: &str) -> Vec<String> {
    let key_char = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    let bytes = text.as_bytes();
    let mut ids = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if !key_char(bytes[at]) {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && key_char(bytes[at]) {
            at += 1;
        }
        let run = &text[start..at];
        if run.len() == 20 && KEY_ID_PREFIXES.iter().any(|prefix| run.starts_with(prefix)) {
            ids.push(run.to_string());
        }
    }
    ids
}
