//! Suppressions written in the scanned code: inline comments and CloudFormation `Metadata`.
//!
//! Forms honoured (see README "Suppressing findings"):
//! - `# sqsguard:ignore SQS101,SQS103 <reason> [until YYYY-MM-DD]` (or `//`), on the line of the
//!   finding (or a comment line right above it), on the resource header's line, or on the comment
//!   lines right above the header. The reason is required; without one the comment suppresses
//!   nothing and a warning says so.
//! - The peers' comments, for the rules whose `equivalents` name their ids:
//!   `#checkov:skip=CKV_AWS_27:<reason>` (anywhere in the resource, as Checkov reads it),
//!   `#tfsec:ignore:<id>[:exp:YYYY-MM-DD]` and `#trivy:ignore:<id>[:exp:YYYY-MM-DD]` (same
//!   places as ours). Their reason is optional, as in those tools.
//! - CloudFormation `Metadata` in sqsguard's and Checkov's syntax (parsed by the front-end into
//!   [`Resource::suppressions`](crate::model::Resource)).
//!
//! Comments are found in the text the front-end parsed (no second read), with a cheap
//! multi-pattern search; a file without any marker costs one pass of that search.

use std::fmt;
use std::path::PathBuf;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};

use crate::finding::{Suppression, SuppressionKind};
use crate::model::{Location, MetadataSuppression, SuppressionSyntax};
use crate::rules::Rule;
use crate::source::SourceFile;

/// A calendar day, for suppression expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// A strict `YYYY-MM-DD` that names a real day.
    #[must_use]
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &text[range];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let year = i32::try_from(number(0..4)?).ok()?;
        let (month, day) = (number(5..7)?, number(8..10)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Today in UTC, from the system clock.
    #[must_use]
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Date::from_days_since_epoch(i64::try_from(seconds / 86_400).unwrap_or(0))
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    #[must_use]
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A problem with a suppression the user wrote: it suppresses nothing, and is reported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub path: PathBuf,
    pub line: u32,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            crate::report::slash_path(&self.path),
            self.line,
            self.message
        )
    }
}

/// Whose syntax a suppression is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `# sqsguard:ignore SQS101 <reason>`, or `Metadata.sqsguard.ignore`.
    Sqsguard,
    /// `#checkov:skip=CKV_AWS_27:<reason>`, or `Metadata.checkov.skip`.
    Checkov,
    /// `#tfsec:ignore:<id>`.
    Tfsec,
    /// `#trivy:ignore:<id>`.
    Trivy,
}

impl Syntax {
    const ALL: [Syntax; 4] = [
        Syntax::Sqsguard,
        Syntax::Checkov,
        Syntax::Tfsec,
        Syntax::Trivy,
    ];

    fn marker(self) -> &'static str {
        match self {
            Syntax::Sqsguard => "sqsguard:ignore",
            Syntax::Checkov => "checkov:skip=",
            Syntax::Tfsec => "tfsec:ignore:",
            Syntax::Trivy => "trivy:ignore:",
        }
    }

    /// Whether `id`, as written in this syntax, names `rule` (its id, or an equivalent id).
    fn names(self, id: &str, rule: &Rule) -> bool {
        let among = |ids: &[String]| ids.iter().any(|known| known.eq_ignore_ascii_case(id));
        match self {
            Syntax::Sqsguard => rule.id.eq_ignore_ascii_case(id),
            Syntax::Checkov => among(&rule.equivalents.checkov),
            Syntax::Tfsec | Syntax::Trivy => among(&rule.equivalents.trivy),
        }
    }
}

/// One suppression as written, in a comment or in metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Directive {
    syntax: Syntax,
    ids: Vec<String>,
    reason: Option<String>,
    /// The expiry, when given and valid.
    until: Option<Date>,
    /// Why the directive suppresses nothing, whatever the date.
    problem: Option<String>,
    /// 1-based line where it is written.
    line: u32,
    /// Written in `Metadata` rather than in a comment.
    metadata: bool,
}

impl Directive {
    /// The directive with its reason, expiry and ids checked.
    fn new(
        syntax: Syntax,
        ids: Vec<String>,
        reason: Option<String>,
        until: Option<&str>,
        line: u32,
    ) -> Directive {
        let mut problem = None;
        let until = until.and_then(|text| {
            let date = Date::parse(text);
            if date.is_none() {
                problem = Some(format!(
                    "`{text}` is not a date of the form YYYY-MM-DD, so this suppression suppresses nothing"
                ));
            }
            date
        });
        if syntax == Syntax::Sqsguard {
            let shown = ids.join(",");
            if ids.is_empty() {
                problem = Some(
                    "`sqsguard:ignore` names no rule id, so it suppresses nothing (write \
                     `sqsguard:ignore SQS101 <reason>`)"
                        .to_string(),
                );
            } else if let Some(bad) = ids.iter().find(|id| !is_rule_id(id)) {
                problem = Some(format!(
                    "`sqsguard:ignore`: `{bad}` is not a rule id (SQSnnn), so this suppression \
                     suppresses nothing"
                ));
            } else if reason.is_none() {
                problem = Some(format!(
                    "`sqsguard:ignore {shown}` gives no reason, so it suppresses nothing (write \
                     the reason after the ids: `sqsguard:ignore {shown} <reason>`)"
                ));
            }
        }
        Directive {
            syntax,
            ids,
            reason,
            until,
            problem,
            line,
            metadata: false,
        }
    }

    fn from_metadata(entry: &MetadataSuppression, line: u32) -> Directive {
        let syntax = match entry.syntax {
            SuppressionSyntax::Sqsguard => Syntax::Sqsguard,
            SuppressionSyntax::Checkov => Syntax::Checkov,
        };
        let reason = entry
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|reason| !reason.is_empty())
            .map(str::to_string);
        let mut directive = Directive::new(
            syntax,
            vec![entry.id.trim().to_string()],
            reason,
            entry.until.as_deref().map(str::trim),
            line,
        );
        directive.metadata = true;
        if syntax == Syntax::Sqsguard && directive.reason.is_none() && directive.problem.is_some() {
            directive.problem = Some(format!(
                "`Metadata` suppression of {} gives no `reason`, so it suppresses nothing",
                entry.id
            ));
        }
        directive
    }

    fn expired(&self, today: Date) -> bool {
        self.until.is_some_and(|until| until < today)
    }

    /// The justification SARIF carries: the reason, or what was written when there is none.
    fn justification(&self, id: &str) -> String {
        if let Some(reason) = &self.reason {
            return reason.clone();
        }
        match (self.metadata, self.syntax) {
            (true, _) => format!("Metadata {} skip of {id}", tool_name(self.syntax)),
            (false, syntax) => format!("{}{id}", syntax.marker()),
        }
    }

    /// A warning when the directive is invalid or expired.
    fn warning(&self, today: Date) -> Option<String> {
        if let Some(problem) = &self.problem {
            return Some(problem.clone());
        }
        let until = self.until.filter(|_| self.expired(today))?;
        Some(format!(
            "the suppression of {} expired on {until}, so its findings are reported again",
            self.ids.join(", ")
        ))
    }
}

fn tool_name(syntax: Syntax) -> &'static str {
    match syntax {
        Syntax::Sqsguard => "sqsguard",
        Syntax::Checkov => "checkov",
        Syntax::Tfsec => "tfsec",
        Syntax::Trivy => "trivy",
    }
}

/// `SQSnnn`, in any case.
fn is_rule_id(id: &str) -> bool {
    id.len() == 6
        && id[..3].eq_ignore_ascii_case("SQS")
        && id[3..].bytes().all(|b| b.is_ascii_digit())
}

fn markers() -> &'static AhoCorasick {
    static MARKERS: OnceLock<AhoCorasick> = OnceLock::new();
    MARKERS.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(Syntax::ALL.map(Syntax::marker))
            .expect("four literal markers always build an automaton")
    })
}

/// Every suppression comment in a text, in order. A marker counts when it opens a comment (`#`
/// or `//` right before it, possibly with spaces, at the start of the line or after a space), or
/// follows another tfsec/trivy marker of the same comment (`#tfsec:ignore:a tfsec:ignore:b`).
fn comment_directives(text: &str) -> Vec<Directive> {
    let hits: Vec<(usize, usize, Syntax)> = markers()
        .find_iter(text)
        .map(|hit| {
            (
                hit.start(),
                hit.end(),
                Syntax::ALL[hit.pattern().as_usize()],
            )
        })
        .collect();
    let mut directives = Vec::new();
    let mut previous_in_comment: Option<usize> = None;
    let (mut counted_to, mut counted_lines) = (0, 0);
    for (index, &(start, end, syntax)) in hits.iter().enumerate() {
        let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
        let opens_comment = opens_comment(&text[line_start..start]);
        let continues = matches!(syntax, Syntax::Tfsec | Syntax::Trivy)
            && previous_in_comment.is_some_and(|at| at >= line_start)
            && text[..start].ends_with(char::is_whitespace);
        if !opens_comment && !continues {
            continue;
        }
        previous_in_comment = Some(start);
        // The directive's text runs to the next marker on the same line, or the line's end.
        let stop = hits
            .get(index + 1)
            .map_or(line_end, |next| next.0.min(line_end));
        let rest = text[end..stop].trim_end_matches('\r');
        // Lines counted incrementally from the previous directive: one pass over the text.
        counted_lines += text[counted_to..line_start].matches('\n').count();
        counted_to = line_start;
        let line = u32::try_from(counted_lines + 1).unwrap_or(u32::MAX);
        if let Some(directive) = parse_directive(syntax, rest, line) {
            directives.push(directive);
        }
    }
    directives
}

/// Whether the text before a marker on its line ends with a comment opener that starts the line
/// or follows whitespace.
fn opens_comment(before: &str) -> bool {
    let trimmed = before.trim_end();
    let opener = if trimmed.ends_with("//") {
        2
    } else if trimmed.ends_with('#') {
        1
    } else {
        return false;
    };
    let ahead = &trimmed[..trimmed.len() - opener];
    ahead.is_empty() || ahead.ends_with(char::is_whitespace)
}

/// Parse what follows a marker.
fn parse_directive(syntax: Syntax, rest: &str, line: u32) -> Option<Directive> {
    match syntax {
        Syntax::Sqsguard => {
            // `sqsguard:ignorex` is not ours; `sqsguard:ignore` alone is, and is reported.
            if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
                return None;
            }
            let (ids, after) = id_list(rest);
            let (reason, until) = reason_and_until(after);
            Some(Directive::new(syntax, ids, reason, until.as_deref(), line))
        }
        Syntax::Checkov => {
            let id_end = rest
                .find(|c: char| c == ':' || c.is_whitespace())
                .unwrap_or(rest.len());
            let id = &rest[..id_end];
            if id.is_empty() {
                return None;
            }
            let reason = rest[id_end..]
                .strip_prefix(':')
                .map(str::trim)
                .filter(|reason| !reason.is_empty())
                .map(str::to_string);
            Some(Directive::new(
                syntax,
                vec![id.to_string()],
                reason,
                None,
                line,
            ))
        }
        Syntax::Tfsec | Syntax::Trivy => {
            let id_end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            let id = &rest[..id_end];
            if id.is_empty() {
                return None;
            }
            let mut after = &rest[id_end..];
            let mut until = None;
            if let Some(expiry) = after.strip_prefix(":exp:") {
                let date_end = expiry
                    .find(|c: char| c == ':' || c.is_whitespace())
                    .unwrap_or(expiry.len());
                until = Some(&expiry[..date_end]);
                after = &expiry[date_end..];
            }
            // Other qualifiers (tfsec's `:ws:<workspace>`) are not evaluated.
            let after = after
                .find(char::is_whitespace)
                .map_or("", |at| &after[at..]);
            let reason = clean_reason(after);
            Some(Directive::new(
                syntax,
                vec![id.to_string()],
                reason,
                until,
                line,
            ))
        }
    }
}

/// `SQS101, SQS103 rest` → the ids and the rest. Ids are separated by commas, with optional
/// spaces around them; the list ends at the first id not followed by a comma.
fn id_list(text: &str) -> (Vec<String>, &str) {
    let mut ids = Vec::new();
    let mut rest = text.trim_start();
    loop {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        ids.push(rest[..end].to_string());
        let after = rest[end..].trim_start();
        if let Some(next) = after.strip_prefix(',') {
            rest = next.trim_start();
        } else {
            rest = &rest[end..];
            break;
        }
    }
    (ids, rest)
}

/// Split a reason from an `until YYYY-MM-DD` anywhere in it.
fn reason_and_until(text: &str) -> (Option<String>, Option<String>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words.iter().enumerate().position(|(index, word)| {
        word.eq_ignore_ascii_case("until")
            && words
                .get(index + 1)
                .is_some_and(|next| next.starts_with(|c: char| c.is_ascii_digit()))
    });
    let Some(at) = at else {
        return (clean_reason(text), None);
    };
    let date = words[at + 1].trim_end_matches([',', ';', '.', ')']);
    let remaining: Vec<&str> = words[..at]
        .iter()
        .chain(&words[at + 2..])
        .copied()
        .collect();
    (clean_reason(&remaining.join(" ")), Some(date.to_string()))
}

/// A reason without leading separators (`: `, `-- `, `— `) or a block comment's close; `None`
/// when nothing is left.
fn clean_reason(text: &str) -> Option<String> {
    let trimmed = text
        .trim()
        .trim_end_matches("*/")
        .trim_start_matches([':', '-', '—', '–', '=', ' ', '\t'])
        .trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Whether a line holds only a comment.
fn is_comment_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with('#') || trimmed.starts_with("//")
}

/// What the engine needs to decide suppressions: the switch and the date.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Honour comments and `Metadata`; `false` for `--no-inline-suppressions`.
    pub inline: bool,
    pub today: Date,
}

/// Whether `text` holds a suppression directive's marker anywhere (else no comment of it
/// can suppress a finding, and its lines need not be read again).
#[must_use]
pub fn has_directive(text: &str) -> bool {
    Syntax::ALL
        .iter()
        .any(|syntax| memchr::memmem::find(text.as_bytes(), syntax.marker().as_bytes()).is_some())
}

/// The suppressions of one scan unit, parsed once from its files' text.
pub struct Suppressor<'a> {
    files: &'a [SourceFile],
    /// Per file, the comment directives in line order.
    comments: Vec<Vec<Directive>>,
    /// Per file, the line of its last Checkov comment.
    last_checkov: Vec<Option<u32>>,
    settings: Settings,
}

/// Where a finding sits, for matching.
#[derive(Debug, Clone)]
pub struct Site<'m> {
    /// Where the finding points.
    pub finding: Location,
    /// The subject's header and, when it differs, its resource's (a policy statement sits in
    /// a policy resource).
    pub headers: Vec<Location>,
    /// The resource's `Metadata` suppressions.
    pub metadata: &'m [MetadataSuppression],
}

impl<'a> Suppressor<'a> {
    #[must_use]
    pub fn new(files: &'a [SourceFile], settings: Settings) -> Self {
        let comments = if settings.inline {
            files
                .iter()
                .map(|file| comment_directives(&file.text))
                .collect()
        } else {
            Vec::new()
        };
        let last_checkov = comments
            .iter()
            .map(|directives: &Vec<Directive>| {
                directives
                    .iter()
                    .rev()
                    .find(|d| d.syntax == Syntax::Checkov)
                    .map(|d| d.line)
            })
            .collect();
        Suppressor {
            files,
            comments,
            last_checkov,
            settings,
        }
    }

    fn line_of(&self, at: Location) -> Option<(usize, u32)> {
        let index = at.file as usize;
        let file = self.files.get(index)?;
        Some((index, file.position(at.span.start).line))
    }

    /// The comment directives on one line (directives are in line order).
    fn comments_on(&self, file: usize, line: u32) -> &[Directive] {
        let Some(all) = self.comments.get(file) else {
            return &[];
        };
        let start = all.partition_point(|directive| directive.line < line);
        let end = start + all[start..].partition_point(|directive| directive.line == line);
        &all[start..end]
    }

    /// `line` and the comment-only lines right above it.
    fn lines_from(&self, file: usize, line: u32) -> Vec<u32> {
        let mut lines = vec![line];
        let source = &self.files[file];
        let mut above = line;
        while above > 1 && is_comment_line(source.line_text(above - 1)) {
            above -= 1;
            lines.push(above);
        }
        lines
    }

    /// The last line of the resource whose header is on `header_line`: the lines after it that
    /// are indented deeper (YAML, formatted HCL), up to and including a closing `}` at the
    /// header's indentation. An estimate for where Checkov reads its in-resource comments.
    fn resource_end(&self, file: usize, header_line: u32) -> u32 {
        let source = &self.files[file];
        let indent = |text: &str| text.len() - text.trim_start().len();
        let header = source.line_text(header_line);
        let header_indent = indent(header);
        if header.trim_end().ends_with('}') {
            return header_line;
        }
        let mut end = header_line;
        let last = source
            .position(u32::try_from(source.text.len()).unwrap_or(u32::MAX))
            .line;
        for line in header_line + 1..=last {
            let text = source.line_text(line);
            let trimmed = text.trim();
            if trimmed.is_empty() || is_comment_line(text) {
                continue;
            }
            if indent(text) > header_indent {
                end = line;
                continue;
            }
            if trimmed.starts_with('}') {
                end = line;
            }
            break;
        }
        end
    }

    /// The suppression of `rule`'s finding at `site`, if one applies and is in force.
    #[must_use]
    pub fn find(&self, rule: &Rule, site: &Site<'_>) -> Option<Suppression> {
        if !self.settings.inline {
            return None;
        }
        let mut metadata = Vec::new();
        let mut candidates: Vec<(&Directive, usize)> = Vec::new();
        if let Some((file, line)) = self.line_of(site.finding) {
            for line in self.lines_from(file, line) {
                candidates.extend(self.comments_on(file, line).iter().map(|d| (d, file)));
            }
        }
        for header in &site.headers {
            let Some((file, line)) = self.line_of(*header) else {
                continue;
            };
            for line in self.lines_from(file, line) {
                candidates.extend(self.comments_on(file, line).iter().map(|d| (d, file)));
            }
            // Checkov's comments count anywhere in the resource; its extent is only worked out
            // when the file has one after the header.
            let checkov_below = self
                .last_checkov
                .get(file)
                .copied()
                .flatten()
                .is_some_and(|last| last > line);
            let end = if checkov_below {
                self.resource_end(file, line)
            } else {
                line
            };
            candidates.extend(
                self.comments
                    .get(file)
                    .into_iter()
                    .flatten()
                    .filter_map(|d| {
                        (d.syntax == Syntax::Checkov && d.line > line && d.line <= end)
                            .then_some((d, file))
                    }),
            );
        }
        metadata.extend(site.metadata.iter().filter_map(|entry| {
            let (file, line) = self.line_of(entry.at)?;
            Some((Directive::from_metadata(entry, line), file))
        }));
        candidates.extend(metadata.iter().map(|(d, file)| (d, *file)));
        candidates.into_iter().find_map(|(directive, file)| {
            let id = directive
                .ids
                .iter()
                .find(|id| directive.syntax.names(id, rule))?;
            if directive.problem.is_some() || directive.expired(self.settings.today) {
                return None;
            }
            Some(Suppression {
                kind: SuppressionKind::InSource,
                justification: directive.justification(id),
                path: Some(self.files[file].path.clone()),
                line: Some(directive.line),
            })
        })
    }

    /// Warnings for the unit's suppressions that are invalid or expired: every comment in its
    /// files, and the `Metadata` entries of its resources.
    #[must_use]
    pub fn warnings<'m>(
        &self,
        metadata: impl IntoIterator<Item = &'m MetadataSuppression>,
    ) -> Vec<Warning> {
        if !self.settings.inline {
            return Vec::new();
        }
        let today = self.settings.today;
        let mut warnings: Vec<Warning> = self
            .comments
            .iter()
            .enumerate()
            .flat_map(|(file, directives)| {
                directives.iter().filter_map(move |directive| {
                    Some(Warning {
                        path: self.files[file].path.clone(),
                        line: directive.line,
                        message: directive.warning(today)?,
                    })
                })
            })
            .collect();
        for entry in metadata {
            let Some((file, line)) = self.line_of(entry.at) else {
                continue;
            };
            if let Some(message) = Directive::from_metadata(entry, line).warning(today) {
                warnings.push(Warning {
                    path: self.files[file].path.clone(),
                    line,
                    message,
                });
            }
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn dates_parse_strictly_and_order() {
        assert!(Date::parse("2027-03-31").is_some());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2027-13-01").is_none());
        assert!(Date::parse("2027-3-31").is_none());
        assert!(Date::parse("+027-03-31").is_none());
        assert!(date("2026-12-31") < date("2027-01-01"));
        assert_eq!(date("2027-03-31").to_string(), "2027-03-31");
    }

    #[test]
    fn civil_dates_from_days() {
        assert_eq!(Date::from_days_since_epoch(0), date("1970-01-01"));
        assert_eq!(Date::from_days_since_epoch(19_782), date("2024-02-29"));
        assert_eq!(Date::from_days_since_epoch(-1), date("1969-12-31"));
        assert!(Date::today() > date("2024-01-01"));
    }

    #[test]
    fn sqsguard_comments_parse_ids_reason_and_expiry() {
        let found = comment_directives(
            "a = 1 # sqsguard:ignore SQS101, SQS103: legacy queue until 2027-03-31\n\
             // sqsguard:ignore SQS104\n\
             name = \"x#sqsguard:ignore SQS101 not a comment\"\n\
             #sqsguard:ignoreme SQS101 no\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].ids, ["SQS101", "SQS103"]);
        assert_eq!(found[0].reason.as_deref(), Some("legacy queue"));
        assert_eq!(found[0].until, Some(date("2027-03-31")));
        assert_eq!(found[0].problem, None);
        assert_eq!(found[1].line, 2);
        assert!(found[1].problem.as_deref().unwrap().contains("no reason"));
    }

    #[test]
    fn malformed_sqsguard_comments_are_problems() {
        let problem = |text: &str| comment_directives(text)[0].problem.clone().unwrap();
        assert!(problem("# sqsguard:ignore because legacy").contains("`because` is not a rule id"));
        assert!(problem("# sqsguard:ignore").contains("names no rule id"));
        assert!(problem("# sqsguard:ignore SQS101 x until 2027-02-30").contains("not a date"));
    }

    #[test]
    fn peer_comments_parse() {
        let found = comment_directives(
            "#checkov:skip=CKV_AWS_27:Encrypted by the proxy\n\
             #tfsec:ignore:aws-sqs-enable-queue-encryption:exp:2020-01-01 tfsec:ignore:AVD-AWS-0135\n\
             resource \"x\" \"y\" { # trivy:ignore:AVD-AWS-0096 old\n",
        );
        let summary: Vec<(Syntax, &str, Option<&str>)> = found
            .iter()
            .map(|d| (d.syntax, d.ids[0].as_str(), d.reason.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    Syntax::Checkov,
                    "CKV_AWS_27",
                    Some("Encrypted by the proxy")
                ),
                (Syntax::Tfsec, "aws-sqs-enable-queue-encryption", None),
                (Syntax::Tfsec, "AVD-AWS-0135", None),
                (Syntax::Trivy, "AVD-AWS-0096", Some("old")),
            ]
        );
        assert_eq!(found[1].until, Some(date("2020-01-01")));
        assert!(found[1].expired(date("2026-01-01")));
        assert!(
            !found[1].expired(date("2020-01-01")),
            "the last day still holds"
        );
    }

    #[test]
    fn comment_openers() {
        assert!(opens_comment("#"));
        assert!(!opens_comment(""));
        assert!(opens_comment("  # "));
        assert!(opens_comment("x = 1 //"));
        assert!(!opens_comment("x = \"a#"));
        assert!(!opens_comment("url = \"https://"));
    }
}
