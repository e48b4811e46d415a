//! Baselines: `sqsguard baseline` records the fingerprints of today's open findings, and
//! `scan --baseline FILE` suppresses (SARIF kind `external`) the findings the file lists, so only
//! new ones are reported.
//!
//! An entry matches a finding with the same fingerprint — the content-based
//! [`Finding::fingerprint`] that SARIF carries in `partialFingerprints` — preferably in the same
//! file, else anywhere (a renamed file keeps its findings baselined). Each entry matches at most
//! one finding, so a second copy of a baselined problem is reported as new.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Suppression, SuppressionKind};
use crate::report::slash_path;

/// The version of the file's shape.
pub const VERSION: u32 = 1;

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The shape's version (1).
    pub version: u32,
    /// Accepted findings, sorted by file, rule, address and fingerprint.
    pub findings: Vec<Entry>,
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub file: String,
    pub rule: String,
    pub address: String,
    pub fingerprint: String,
}

/// A baseline file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read the baseline {path}: {source}", path = .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: not a sqsguard baseline: {message}", path = .path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: baseline version {found} is not supported (this sqsguard reads version {VERSION})",
        path = .path.display()
    )]
    Version { path: PathBuf, found: u32 },
}

/// What applying a baseline did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings suppressed by the baseline.
    pub matched: usize,
    /// Entries that matched no finding (fixed, or changed beyond their fingerprint).
    pub stale: usize,
}

impl Baseline {
    /// The baseline of a scan's open findings.
    #[must_use]
    pub fn from_findings<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Baseline {
        let mut entries: Vec<Entry> = findings
            .into_iter()
            .filter(|finding| finding.is_open())
            .map(|finding| Entry {
                file: slash_path(&finding.path),
                rule: finding.rule_id.clone(),
                address: finding.address.clone(),
                fingerprint: finding.fingerprint.clone(),
            })
            .collect();
        entries.sort();
        Baseline {
            version: VERSION,
            findings: entries,
        }
    }

    /// The file's text: pretty JSON with a final newline.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }

    /// Read a baseline file.
    ///
    /// # Errors
    /// The file cannot be read, is not a baseline, or has an unknown version.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let baseline: Baseline =
            serde_json::from_str(&text).map_err(|error| BaselineError::Invalid {
                path: path.to_path_buf(),
                line: error.line(),
                column: error.column(),
                message: error.to_string(),
            })?;
        if baseline.version != VERSION {
            return Err(BaselineError::Version {
                path: path.to_path_buf(),
                found: baseline.version,
            });
        }
        Ok(baseline)
    }

    /// Suppress the open findings the baseline lists (kind `external`, naming `source`).
    pub fn apply(&self, findings: &mut [Finding], source: &Path) -> Applied {
        // Unused entries by fingerprint, with their files.
        let mut unused: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for entry in &self.findings {
            unused
                .entry(entry.fingerprint.as_str())
                .or_default()
                .push(entry.file.as_str());
        }
        let suppression = Suppression {
            kind: SuppressionKind::External,
            justification: format!("accepted in the baseline {}", slash_path(source)),
            path: Some(source.to_path_buf()),
            line: None,
        };
        let mut applied = Applied::default();
        // First the findings whose file matches an entry, then the others (moved files).
        for same_file in [true, false] {
            for finding in findings.iter_mut().filter(|finding| finding.is_open()) {
                let Some(files) = unused.get_mut(finding.fingerprint.as_str()) else {
                    continue;
                };
                let file = slash_path(&finding.path);
                let position = if same_file {
                    files.iter().position(|entry| *entry == file)
                } else {
                    (!files.is_empty()).then_some(0)
                };
                if let Some(position) = position {
                    files.remove(position);
                    finding.suppression = Some(suppression.clone());
                    applied.matched += 1;
                }
            }
        }
        applied.stale = unused.values().map(Vec::len).sum();
        applied
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;
    use crate::source::{Position, Region};

    fn finding(file: &str, fingerprint: &str) -> Finding {
        let at = Position { line: 1, column: 1 };
        Finding {
            rule_id: "SQS101".into(),
            rule_name: "queue-unencrypted".into(),
            severity: Severity::High,
            message: String::new(),
            address: "aws_sqs_queue.q".into(),
            path: PathBuf::from(file),
            region: Region { start: at, end: at },
            source_line: String::new(),
            source_line_offset: 0,
            fingerprint: fingerprint.into(),
            suppression: None,
            related: None,
        }
    }

    #[test]
    fn entries_match_once_preferring_the_same_file() {
        let baseline = Baseline::from_findings(&[finding("b.tf", "f1"), finding("a.tf", "f2")]);
        assert_eq!(baseline.findings[0].file, "a.tf", "sorted");
        let mut now = vec![
            finding("a.tf", "f1"),
            finding("b.tf", "f1"),
            finding("c.tf", "f2"),
            finding("d.tf", "f3"),
        ];
        let applied = baseline.apply(&mut now, Path::new("base.json"));
        assert_eq!(
            applied,
            Applied {
                matched: 2,
                stale: 0
            }
        );
        let open: Vec<&str> = now
            .iter()
            .filter(|f| f.is_open())
            .map(|f| f.path.to_str().unwrap())
            .collect();
        assert_eq!(
            open,
            ["a.tf", "d.tf"],
            "b.tf kept its entry; c.tf took f2 (moved)"
        );
        assert_eq!(
            now[1].suppression.as_ref().unwrap().kind,
            SuppressionKind::External
        );
    }

    #[test]
    fn round_trips_through_json() {
        let baseline = Baseline::from_findings(&[finding("a.tf", "f1")]);
        let path =
            std::env::temp_dir().join(format!("sqsguard-baseline-{}.json", std::process::id()));
        std::fs::write(&path, baseline.to_json()).unwrap();
        assert_eq!(Baseline::load(&path).unwrap(), baseline);
        std::fs::write(&path, "{\"version\": 2, \"findings\": []}").unwrap();
        assert!(matches!(
            Baseline::load(&path),
            Err(BaselineError::Version { found: 2, .. })
        ));
        std::fs::remove_file(&path).unwrap();
    }
}
