//! Reports: the sorted scan result rendered as SARIF, text, JSON, GitHub workflow commands or
//! Markdown. Rendering is pure (result in, bytes out), so output is byte-identical across runs.

pub mod github;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod text;

use std::path::Path;

use crate::engine::ScanResult;
use crate::rules::{Rule, Severity};

/// An output format of `scan --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
    Markdown,
}

/// What every report renders.
pub struct ReportInput<'a> {
    pub result: &'a ScanResult,
    /// The active rules, in id order.
    pub rules: &'a [&'a Rule],
    /// The working directory, for SARIF's `%SRCROOT%`.
    pub cwd: &'a Path,
    /// Colour in text output.
    pub color: bool,
    /// Prefix that turns a relative path into a browsable link (Markdown), e.g.
    /// `https://github.com/o/r/blob/<sha>/`; `None` keeps links relative.
    pub link_base: Option<String>,
}

/// Write a report to `out`.
///
/// # Errors
/// Writing to `out` fails.
pub fn write(
    format: Format,
    input: &ReportInput<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(input, out),
        Format::Sarif => sarif::write(input, out),
        Format::Text | Format::Github | Format::Markdown => {
            out.write_all(render(format, input).as_bytes())
        }
    }
}

/// The text a report writer writes.
fn rendered(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let mut bytes = Vec::new();
    // Writing to a vector does not fail, and the serialisers write UTF-8.
    let _ = write(&mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// Render a report.
#[must_use]
pub fn render(format: Format, input: &ReportInput<'_>) -> String {
    match format {
        Format::Text => text::render(input),
        Format::Json => json::render(input),
        Format::Sarif => sarif::render(input),
        Format::Github => github::render(input),
        Format::Markdown => markdown::render(input),
    }
}

/// Open (not suppressed) findings per severity, most severe first, omitting zeros:
/// `1 high, 2 low`.
#[must_use]
pub fn severity_counts(result: &ScanResult) -> Vec<(Severity, usize)> {
    [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ]
    .into_iter()
    .map(|severity| {
        (
            severity,
            result
                .open_findings()
                .filter(|finding| finding.severity == severity)
                .count(),
        )
    })
    .filter(|(_, count)| *count > 0)
    .collect()
}

/// `n thing` / `n things`.
#[must_use]
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A path with forward slashes, as SARIF, GitHub and Markdown want it.
#[must_use]
pub fn slash_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
