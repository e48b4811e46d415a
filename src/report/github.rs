//! `--format github`: workflow commands that GitHub Actions turns into annotations.

use std::fmt::Write as _;

use super::{ReportInput, slash_path};
use crate::rules::Severity;

/// Escape a command's message (GitHub's `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a command property (GitHub's `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[must_use]
pub fn render(input: &ReportInput<'_>) -> String {
    let mut out = String::new();
    for finding in input.result.open_findings() {
        let command = match finding.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low => "notice",
        };
        let _ = writeln!(
            out,
            "::{command} file={file},line={line},col={col},endLine={end_line},endColumn={end_col},title={title}::{message}",
            file = escape_property(&slash_path(&finding.path)),
            line = finding.region.start.line,
            col = finding.region.start.column,
            end_line = finding.region.end.line,
            end_col = finding.region.end.column,
            title = escape_property(&format!(
                "{} {} ({})",
                finding.rule_id, finding.rule_name, finding.severity
            )),
            message = escape_data(&finding.message),
        );
    }
    for warning in &input.result.warnings {
        let _ = writeln!(
            out,
            "::warning file={},line={},title=sqsguard suppression not applied::{}",
            escape_property(&slash_path(&warning.path)),
            warning.line,
            escape_data(&warning.message)
        );
    }
    for error in &input.result.errors {
        let line = error
            .line()
            .map(|line| format!(",line={line}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "::error file={}{line},title=sqsguard could not scan this file::{}",
            escape_property(&slash_path(error.path())),
            escape_data(error.message())
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_and_data_are_escaped() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("x\ny: z"), "x%0Ay: z");
    }
}
