//! Human output: one code frame per open finding, then a summary line (which counts the
//! suppressed findings it does not show). Colour only on a terminal.

use std::fmt::Write as _;

use super::{ReportInput, plural, severity_counts};
use crate::finding::Finding;
use crate::rules::Severity;

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, severity: Severity) -> String {
        let code = match severity {
            Severity::Critical => "1;35",
            Severity::High => "1;31",
            Severity::Medium => "1;33",
            Severity::Low => "1;36",
        };
        self.paint(code, severity.as_str())
    }
}

#[must_use]
pub fn render(input: &ReportInput<'_>) -> String {
    let style = Style { on: input.color };
    let mut out = String::new();
    for finding in input.result.open_findings() {
        frame(&mut out, finding, &style);
    }
    summary(&mut out, input, &style);
    out
}

fn frame(out: &mut String, finding: &Finding, style: &Style) {
    let start = finding.region.start;
    let end = finding.region.end;
    let gutter = start.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(
        out,
        "{}[{}] {}",
        style.severity(finding.severity),
        style.paint("1", &finding.rule_id),
        finding.message
    );
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        style.paint("34", "-->"),
        finding.path.display(),
        start.line,
        start.column
    );
    if let Some(related) = &finding.related {
        let _ = writeln!(
            out,
            "{pad}{} used at {}:{}:{}",
            style.paint("34", "=="),
            related.path.display(),
            related.region.start.line,
            related.region.start.column
        );
    }
    let bar = style.paint("34", "|");
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(
        out,
        "{} {bar} {}",
        style.paint("34", &start.line.to_string()),
        finding.source_line
    );
    let offset = finding.source_line_offset;
    let (indent, width) = caret(
        &finding.source_line,
        start.column.saturating_sub(offset),
        (end.line == start.line).then_some(end.column.saturating_sub(offset)),
    );
    let _ = writeln!(
        out,
        "{pad} {bar} {indent}{} {}",
        style.paint("1;31", &"^".repeat(width.max(1))),
        finding.rule_name
    );
    out.push('\n');
}

/// The indentation (tabs kept, so it lines up) and caret width for UTF-16 columns on a line.
fn caret(line: &str, start_column: u32, end_column: Option<u32>) -> (String, usize) {
    let mut indent = String::new();
    let mut width = 0;
    let mut column = 1u32;
    for c in line.chars() {
        let units = u32::try_from(c.len_utf16()).unwrap_or(1);
        if column < start_column {
            indent.push(if c == '\t' { '\t' } else { ' ' });
        } else if end_column.is_none_or(|end| column < end) {
            width += 1;
        }
        column += units;
    }
    (indent, width)
}

fn summary(out: &mut String, input: &ReportInput<'_>, style: &Style) {
    let result = input.result;
    let counts = severity_counts(result);
    let open = result.open_findings().count();
    let mut findings = if counts.is_empty() {
        style.paint("1;32", "No findings")
    } else {
        let detail = counts
            .iter()
            .map(|(severity, count)| format!("{count} {}", style.severity(*severity)))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "{} ({detail})",
            style.paint("1", &format!("Found {}", plural(open, "finding")))
        )
    };
    let suppressed = result.suppressed_count();
    if suppressed > 0 {
        let _ = write!(findings, ", {suppressed} suppressed");
    }
    let mut files = format!("{} scanned", plural(result.scanned_files, "file"));
    if !result.skipped.is_empty() {
        let _ = write!(files, ", {} skipped", result.skipped.len());
    }
    if !result.errors.is_empty() {
        let _ = write!(
            files,
            ", {}",
            style.paint("1;31", &format!("{} failed", result.errors.len()))
        );
    }
    let _ = writeln!(out, "{findings}; {files}.");
}

#[cfg(test)]
mod tests {
    use super::caret;

    #[test]
    fn carets_cover_the_region_and_keep_tabs() {
        assert_eq!(caret("\tab = 1", 2, Some(4)), ("\t".to_string(), 2));
        assert_eq!(caret("x = 𝄞y", 5, Some(8)), ("    ".to_string(), 2));
        assert_eq!(caret("abc", 2, None), (" ".to_string(), 2));
    }
}
