//! `--format json`: a documented, stable shape (see README "JSON output").

use serde::Serialize;

use super::{ReportInput, slash_path};
use crate::rules::Severity;

/// The findings, each made as it is serialised and dropped after: a report of many findings
/// does not hold a second copy of them.
struct Findings<'a>(&'a [crate::finding::Finding]);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(finding_out))
    }
}

fn finding_out(finding: &crate::finding::Finding) -> FindingOut<'_> {
    FindingOut {
        rule: &finding.rule_id,
        name: &finding.rule_name,
        severity: finding.severity.as_str(),
        file: slash_path(&finding.path),
        start_line: finding.region.start.line,
        start_column: finding.region.start.column,
        end_line: finding.region.end.line,
        end_column: finding.region.end.column,
        address: &finding.address,
        message: &finding.message,
        fingerprint: &finding.fingerprint,
        suppressed: !finding.is_open(),
        suppression: finding.suppression.as_ref().map(|s| SuppressionOut {
            kind: s.kind.as_str(),
            justification: &s.justification,
            file: s.path.as_deref().map(slash_path),
            line: s.line,
        }),
        related: finding.related.as_ref().map(|related| RelatedOut {
            file: slash_path(&related.path),
            line: related.region.start.line,
            column: related.region.start.column,
        }),
    }
}

#[derive(Serialize)]
struct Report<'a> {
    /// Version of this JSON shape; bumped only on incompatible changes.
    schema_version: u32,
    tool: Tool,
    findings: Findings<'a>,
    errors: Vec<ErrorOut>,
    warnings: Vec<WarningOut>,
    skipped: Vec<SkippedOut>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'a str,
    name: &'a str,
    severity: &'static str,
    file: String,
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    address: &'a str,
    message: &'a str,
    fingerprint: &'a str,
    /// Suppressed inline or by the baseline: not counted in the summary or the exit status.
    suppressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppression: Option<SuppressionOut<'a>>,
    /// Where the offending value is used, when the finding points at where it was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    related: Option<RelatedOut>,
}

#[derive(Serialize)]
struct RelatedOut {
    file: String,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct SuppressionOut<'a> {
    /// `inSource` (a comment or `Metadata`) or `external` (the baseline), as in SARIF.
    kind: &'static str,
    justification: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
}

#[derive(Serialize)]
struct WarningOut {
    file: String,
    line: u32,
    message: String,
}

#[derive(Serialize)]
struct ErrorOut {
    file: String,
    line: Option<u32>,
    message: String,
}

#[derive(Serialize)]
struct SkippedOut {
    file: String,
    reason: String,
}

#[derive(Serialize)]
struct Summary {
    files_scanned: usize,
    files_skipped: usize,
    files_failed: usize,
    /// Open findings; the severity counts below count these too.
    findings: usize,
    suppressed: usize,
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
}

#[must_use]
pub fn render(input: &ReportInput<'_>) -> String {
    super::rendered(|out| write(input, out))
}

/// Write the report to `out` as it is serialised (a report of many findings is not also held
/// whole as text).
///
/// # Errors
/// Writing to `out` fails.
pub fn write(input: &ReportInput<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let result = input.result;
    let count = |severity| {
        result
            .open_findings()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    let report = Report {
        schema_version: 1,
        tool: Tool {
            name: "sqsguard",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: Findings(&result.findings),
        errors: result
            .errors
            .iter()
            .map(|error| ErrorOut {
                file: slash_path(error.path()),
                line: error.line(),
                message: error.message().to_string(),
            })
            .collect(),
        warnings: result
            .warnings
            .iter()
            .map(|warning| WarningOut {
                file: slash_path(&warning.path),
                line: warning.line,
                message: warning.message.clone(),
            })
            .collect(),
        skipped: result
            .skipped
            .iter()
            .filter(|skipped| skipped.notable)
            .map(|skipped| SkippedOut {
                file: slash_path(&skipped.path),
                reason: skipped.reason.clone(),
            })
            .collect(),
        summary: Summary {
            files_scanned: result.scanned_files,
            files_skipped: result.skipped.len(),
            files_failed: result.errors.len(),
            findings: result.open_findings().count(),
            suppressed: result.suppressed_count(),
            critical: count(Severity::Critical),
            high: count(Severity::High),
            medium: count(Severity::Medium),
            low: count(Severity::Low),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}
