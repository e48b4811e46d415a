//! `--format markdown`: a summary a reviewer reads in seconds (counts by severity and practice),
//! then findings grouped by file, truncated for large results.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{ReportInput, plural, severity_counts, slash_path};
use crate::rules::Severity;

/// Findings listed in full before the rest are summarised.
const MAX_LISTED: usize = 200;

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[must_use]
pub fn render(input: &ReportInput<'_>) -> String {
    let result = input.result;
    let mut out = String::from("## sqsguard\n\n");
    let open: Vec<_> = result.open_findings().collect();
    let suppressed = result.suppressed_count();
    if open.is_empty() {
        out.push_str("No findings.\n\n");
    } else {
        out.push_str("| Severity | Findings |\n|---|---:|\n");
        for (severity, count) in severity_counts(result) {
            let _ = writeln!(out, "| {severity} | {count} |");
        }
        let mut by_practice: BTreeMap<&str, usize> = BTreeMap::new();
        for finding in &open {
            let practice = input
                .rules
                .iter()
                .find(|rule| rule.id == finding.rule_id)
                .map_or("other", |rule| rule.practice.as_str());
            *by_practice.entry(practice).or_default() += 1;
        }
        out.push_str("\n| Practice | Findings |\n|---|---:|\n");
        for (practice, count) in by_practice {
            let _ = writeln!(out, "| {practice} | {count} |");
        }
        let mut current_file = None;
        for finding in open.iter().take(MAX_LISTED) {
            let file = slash_path(&finding.path);
            if current_file.as_ref() != Some(&file) {
                let _ = writeln!(
                    out,
                    "\n### `{file}`\n\n| Line | Rule | Severity | Message |\n|---:|---|---|---|"
                );
                current_file = Some(file.clone());
            }
            let icon = match finding.severity {
                Severity::Critical | Severity::High => "🔴",
                Severity::Medium => "🟠",
                Severity::Low => "🔵",
            };
            let _ = writeln!(
                out,
                "| [{line}]({base}{file}#L{line}) | {id} `{name}` | {icon} {severity} | {message} |",
                base = input.link_base.as_deref().unwrap_or(""),
                line = finding.region.start.line,
                id = finding.rule_id,
                name = finding.rule_name,
                severity = finding.severity,
                message = cell(&finding.message),
            );
        }
        if open.len() > MAX_LISTED {
            let _ = writeln!(
                out,
                "\n…and {} more; see the SARIF or JSON report for all of them.",
                plural(open.len() - MAX_LISTED, "finding")
            );
        }
        out.push('\n');
    }
    if !result.warnings.is_empty() {
        out.push_str("### Suppressions not applied\n\n");
        for warning in &result.warnings {
            let _ = writeln!(
                out,
                "- `{}` line {}: {}",
                slash_path(&warning.path),
                warning.line,
                cell(&warning.message)
            );
        }
        out.push('\n');
    }
    if !result.errors.is_empty() {
        out.push_str("### Files that could not be scanned\n\n");
        for error in &result.errors {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                slash_path(error.path()),
                cell(error.message())
            );
        }
        out.push('\n');
    }
    if suppressed > 0 {
        let _ = writeln!(
            out,
            "{} suppressed (inline or by the baseline); they stay in the SARIF report.\n",
            plural(suppressed, "finding")
        );
    }
    let _ = writeln!(
        out,
        "{} scanned, {} skipped, {} failed.",
        plural(result.scanned_files, "file"),
        result.skipped.len(),
        result.errors.len()
    );
    out
}
