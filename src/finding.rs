//! Findings: what the engine produces and every report renders.

use std::path::PathBuf;

use crate::rules::Severity;
use crate::source::Region;

/// One rule violation, located and ready to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule_id: String,
    pub rule_name: String,
    pub severity: Severity,
    pub message: String,
    /// The resource the finding is about (`aws_sqs_queue.orders`, `Resources.OrdersQueue`).
    pub address: String,
    pub path: PathBuf,
    pub region: Region,
    /// The first source line of the region, redacted, for code frames — a window of it around
    /// the region when the line is long (a minified plan is one line).
    pub source_line: String,
    /// UTF-16 units of the line left out before `source_line` (0 for a whole line).
    pub source_line_offset: u32,
    /// Content-based: rule, address, and the offending text; stable across line moves.
    pub fingerprint: String,
    /// Why the finding is not reported as open: an inline suppression or the baseline. A
    /// suppressed finding stays in SARIF and JSON, but not in the exit status or text list.
    pub suppression: Option<Suppression>,
    /// Where the offending value is used, when it was written elsewhere (the finding's own
    /// region): SARIF `relatedLocations`.
    pub related: Option<Related>,
}

/// A second location of a finding: the attribute that consumes a value written elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub path: PathBuf,
    pub region: Region,
}

/// SARIF's `suppression.kind`: written in the scanned code, or kept outside it (the baseline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuppressionKind {
    InSource,
    External,
}

impl SuppressionKind {
    /// The SARIF spelling.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::InSource => "inSource",
            SuppressionKind::External => "external",
        }
    }
}

/// Why a finding is suppressed, and where that was decided.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Suppression {
    pub kind: SuppressionKind,
    /// The reason as written (or, for a peer's comment without one, the comment itself).
    pub justification: String,
    /// The file holding the suppression: the scanned file, or the baseline file.
    pub path: Option<PathBuf>,
    /// The 1-based line of an in-source suppression.
    pub line: Option<u32>,
}

impl Finding {
    /// Whether the finding is open: not suppressed inline nor by the baseline.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.suppression.is_none()
    }

    /// The order every report uses: by file, position, then rule.
    #[must_use]
    pub fn sort_key(&self) -> (&PathBuf, &Region, &str, &str, &str) {
        (
            &self.path,
            &self.region,
            &self.rule_id,
            &self.address,
            &self.message,
        )
    }
}

/// Characters of a long line kept before and after the region's start in a code frame.
const WINDOW_BEFORE: usize = 60;
const WINDOW_AFTER: usize = 140;

/// The byte range [`line_window`] shows of an ASCII line `length` bytes long: columns are
/// bytes, so it is cut directly, without walking the line (or reading it: a let-go text).
#[must_use]
pub fn ascii_line_window(length: usize, column: u32) -> (usize, usize) {
    if length <= WINDOW_BEFORE + WINDOW_AFTER {
        return (0, length);
    }
    let at = (column as usize).saturating_sub(1).min(length);
    (
        at.saturating_sub(WINDOW_BEFORE),
        (at + WINDOW_AFTER).min(length),
    )
}

/// The part of `line` a code frame shows for a region starting at UTF-16 `column` (1-based):
/// the whole line when short, else a window around the column. Returns the text and the
/// UTF-16 units left out before it.
#[must_use]
pub fn line_window(line: &str, column: u32, ascii: bool) -> (String, u32) {
    if ascii {
        let (first, last) = ascii_line_window(line.len(), column);
        return (
            line.get(first..last).unwrap_or_default().to_string(),
            u32::try_from(first).unwrap_or(u32::MAX),
        );
    }
    if line.len() <= WINDOW_BEFORE + WINDOW_AFTER {
        return (line.to_string(), 0);
    }
    let mut units = 0u32;
    let mut start_char = 0usize;
    for (index, c) in line.chars().enumerate() {
        if units + 1 >= column {
            start_char = index;
            break;
        }
        units += u32::try_from(c.len_utf16()).unwrap_or(1);
        start_char = index + 1;
    }
    let first = start_char.saturating_sub(WINDOW_BEFORE);
    let skipped: u32 = line
        .chars()
        .take(first)
        .map(|c| u32::try_from(c.len_utf16()).unwrap_or(1))
        .sum();
    let window: String = line
        .chars()
        .skip(first)
        .take(WINDOW_BEFORE + WINDOW_AFTER)
        .collect();
    (window, skipped)
}

/// A 64-bit FNV-1a hash: tiny, dependency-free and stable across releases and platforms.
#[must_use]
pub fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Offending text with whitespace runs collapsed, so re-indentation keeps a fingerprint.
#[must_use]
pub fn normalise_snippet(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_separate_parts() {
        assert_eq!(
            fingerprint(&["SQS101", "aws_sqs_queue.a"]),
            fingerprint(&["SQS101", "aws_sqs_queue.a"])
        );
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(fingerprint(&[]), "cbf29ce484222325");
    }

    #[test]
    fn long_lines_are_windowed_around_the_column() {
        let line = "x".repeat(1000) + "TARGET" + &"y".repeat(1000);
        let (window, skipped) = line_window(&line, 1001, true);
        assert_eq!(skipped, 940);
        assert!(window.contains("TARGET"));
        assert_eq!(window.len(), 200);
        let (short, none) = line_window("short line", 3, true);
        assert_eq!((short.as_str(), none), ("short line", 0));
        let unicode = "é".repeat(500) + "T";
        let (window, skipped) = line_window(&unicode, 501, false);
        assert!(window.ends_with('T') && skipped == 440, "{skipped}");
    }

    #[test]
    fn snippets_ignore_indentation() {
        assert_eq!(normalise_snippet("  a   =\n b "), "a = b");
    }
}
