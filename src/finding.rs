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
    /// The first source line of the region, redacted, for code frames.
    pub source_line: String,
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
    fn snippets_ignore_indentation() {
        assert_eq!(normalise_snippet("  a   =\n b "), "a = b");
    }
}
