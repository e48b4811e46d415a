//! Rules as data: loading and validating rule files, selecting the active set, and
//! evaluating a rule's `match` over the model (three-valued).

mod file;
pub mod matcher;

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use serde_saphyr::Spanned;

use crate::model::fields::{self, CollectionSpec, FieldSpec, FieldType};
use file::{ConditionFile, GlobsFile, LiteralFile, RuleFile};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// How bad a finding is; ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    #[must_use]
    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// SARIF `level`: critical/high → error, medium → warning, low → note.
    #[must_use]
    pub fn sarif_level(self) -> &'static str {
        match self {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low => "note",
        }
    }

    /// GitHub's `security-severity`, a string on a 0–10 scale.
    #[must_use]
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Critical => "9.5",
            Severity::High => "8.0",
            Severity::Medium => "5.5",
            Severity::Low => "3.0",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The six practices of the AWS guide; rule files live in a folder named after theirs.
pub const PRACTICES: &[&str] = &[
    "encryption-at-rest",
    "public-access",
    "least-privilege",
    "credentials",
    "encryption-in-transit",
    "vpc-endpoints",
];

#[derive(Debug, Clone)]
pub struct Remediation {
    pub terraform: String,
    pub cloudformation: String,
}

/// Equivalent rule ids in other scanners.
#[derive(Debug, Clone, Default)]
pub struct Equivalents {
    pub checkov: Vec<String>,
    pub trivy: Vec<String>,
    pub kics: Vec<String>,
}

/// A literal a condition compares with.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Bool(bool),
    Str(String),
}

/// A validated `match` tree.
#[derive(Debug, Clone)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test { field: &'static str, op: Operator },
}

#[derive(Debug, Clone)]
pub enum Operator {
    Exists(bool),
    Equals(Literal),
    OneOf(Vec<Literal>),
    Glob(Vec<GlobMatcher>),
}

/// One piece of a message template: literal text or a field to substitute.
#[derive(Debug, Clone, PartialEq)]
pub enum MessagePart {
    Text(String),
    Field(&'static str),
}

/// A validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub title: String,
    pub severity: Severity,
    pub enabled_by_default: bool,
    pub practice: String,
    pub guide: String,
    pub collection: &'static CollectionSpec,
    pub description: String,
    pub remediation: Remediation,
    pub references: Vec<String>,
    pub equivalents: Equivalents,
    pub message: Vec<MessagePart>,
    pub location: Vec<&'static str>,
    pub condition: Condition,
    /// Where the rule came from (`rules/…` for built-in rules).
    pub source: PathBuf,
}

impl Rule {
    /// Documentation URL used in SARIF `helpUri` and in `explain`.
    #[must_use]
    pub fn help_uri(&self) -> String {
        format!("{HELP_BASE}/{}.md", self.id)
    }

    /// The rule's documentation as Markdown: what `explain` prints and SARIF `help` carries.
    #[must_use]
    pub fn documentation(&self) -> String {
        let mut doc = format!(
            "# {id} {name}: {title}\n\nSeverity: **{severity}** · Practice: {practice} · {default}\n\n",
            id = self.id,
            name = self.name,
            title = self.title,
            severity = self.severity,
            practice = self.practice,
            default = if self.enabled_by_default {
                "on by default"
            } else {
                "off by default"
            },
        );
        doc.push_str("## Risk\n\n");
        doc.push_str(self.description.trim());
        doc.push_str("\n\n## Fix in Terraform\n\n");
        doc.push_str(self.remediation.terraform.trim());
        doc.push_str("\n\n## Fix in CloudFormation\n\n");
        doc.push_str(self.remediation.cloudformation.trim());
        doc.push_str("\n\n## AWS guide\n\n");
        doc.push_str(self.guide.trim());
        doc.push('\n');
        let equivalents = [
            ("Checkov", &self.equivalents.checkov),
            ("Trivy/tfsec", &self.equivalents.trivy),
            ("KICS", &self.equivalents.kics),
        ];
        if equivalents.iter().any(|(_, ids)| !ids.is_empty()) {
            doc.push_str("\n## Equivalent checks\n\n");
            for (tool, ids) in equivalents {
                if !ids.is_empty() {
                    let _ = writeln!(doc, "- {tool}: {}", ids.join(", "));
                }
            }
        }
        if !self.references.is_empty() {
            doc.push_str("\n## References\n\n");
            for reference in &self.references {
                let _ = writeln!(doc, "- {reference}");
            }
        }
        doc
    }
}

/// Where rule documentation is published.
pub const HELP_BASE: &str = "https://github.com/sqsguard/sqsguard/blob/main/docs/rules";

/// A rule file that cannot be used, with the position of the problem.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{path}:{line}:{column}: {message}", path = .path.display())]
    Invalid {
        path: PathBuf,
        line: u64,
        column: u64,
        message: String,
    },
    #[error("{path}: {source}", path = .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// An invalid rule selection on the command line or in a config.
#[derive(Debug, thiserror::Error)]
#[error("{option}: `{id}` matches no rule (see `sqsguard rules`)")]
pub struct SelectionError {
    pub option: &'static str,
    pub id: String,
}

/// All loaded rules, sorted by id.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

/// Which rules run: `--select`, `--extend-select`, `--ignore`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Replaces the default set; `ALL` selects every rule. `None` keeps the defaults.
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

impl RuleSet {
    /// The rules compiled into the binary.
    ///
    /// # Errors
    /// A built-in rule file is invalid (caught by the test suite before release).
    pub fn builtin() -> Result<RuleSet, RuleError> {
        let rules = EMBEDDED_RULES
            .iter()
            .map(|(path, text)| parse_rule(Path::new(path), text))
            .collect::<Result<Vec<_>, _>>()?;
        RuleSet::from_rules(rules)
    }

    /// Built-in rules plus every `*.yaml`/`*.yml` under `dirs`.
    ///
    /// # Errors
    /// A rule file cannot be read or is invalid, or two rules share an id.
    pub fn load(extra_dirs: &[PathBuf]) -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::builtin()?;
        let mut rules = std::mem::take(&mut set.rules);
        for dir in extra_dirs {
            for path in rule_files_in(dir)? {
                let text = std::fs::read_to_string(&path).map_err(|source| RuleError::Io {
                    path: path.clone(),
                    source,
                })?;
                rules.push(parse_rule(&path, &text)?);
            }
        }
        RuleSet::from_rules(rules)
    }

    fn from_rules(mut rules: Vec<Rule>) -> Result<RuleSet, RuleError> {
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        for pair in rules.windows(2) {
            if pair[0].id == pair[1].id {
                return Err(RuleError::Invalid {
                    path: pair[1].source.clone(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "rule id {} is already defined in {}",
                        pair[1].id,
                        pair[0].source.display()
                    ),
                });
            }
        }
        Ok(RuleSet { rules })
    }

    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|rule| rule.id.eq_ignore_ascii_case(id))
    }

    /// The rules a selection activates, in id order.
    ///
    /// # Errors
    /// An id or prefix in the selection matches no rule.
    pub fn select(&self, selection: &Selection) -> Result<Vec<&Rule>, SelectionError> {
        let mut active: BTreeSet<usize> = match &selection.select {
            None => self
                .rules
                .iter()
                .enumerate()
                .filter(|(_, rule)| rule.enabled_by_default)
                .map(|(index, _)| index)
                .collect(),
            Some(ids) => self.matching("--select", ids)?,
        };
        active.extend(self.matching("--extend-select", &selection.extend_select)?);
        for index in self.matching("--ignore", &selection.ignore)? {
            active.remove(&index);
        }
        Ok(active.into_iter().map(|index| &self.rules[index]).collect())
    }

    /// Indices of rules matching ids, id prefixes (`SQS1`) or `ALL`.
    fn matching(
        &self,
        option: &'static str,
        ids: &[String],
    ) -> Result<BTreeSet<usize>, SelectionError> {
        let mut matched = BTreeSet::new();
        for id in ids.iter().map(|id| id.trim()).filter(|id| !id.is_empty()) {
            let upper = id.to_ascii_uppercase();
            let hits: Vec<usize> = self
                .rules
                .iter()
                .enumerate()
                .filter(|(_, rule)| {
                    upper == "ALL" || rule.id.starts_with(&upper) || rule.name == id
                })
                .map(|(index, _)| index)
                .collect();
            if hits.is_empty() {
                return Err(SelectionError {
                    option,
                    id: id.to_string(),
                });
            }
            matched.extend(hits);
        }
        Ok(matched)
    }
}

fn rule_files_in(dir: &Path) -> Result<Vec<PathBuf>, RuleError> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current).map_err(|source| RuleError::Io {
            path: current.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| RuleError::Io {
                path: current.clone(),
                source,
            })?;
            let path = entry.path();
            let file_type = entry.file_type().map_err(|source| RuleError::Io {
                path: path.clone(),
                source,
            })?;
            if file_type.is_dir() {
                pending.push(path);
            } else if file_type.is_file()
                && path
                    .extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Where a spanned value was written, for error messages.
fn at<T>(spanned: &Spanned<T>) -> (u64, u64) {
    (spanned.referenced.line(), spanned.referenced.column())
}

/// Parse and validate one rule file.
///
/// # Errors
/// The file is not valid YAML, has unknown keys, or names an unknown collection, field or value.
pub fn parse_rule(path: &Path, text: &str) -> Result<Rule, RuleError> {
    let invalid = |(line, column): (u64, u64), message: String| RuleError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    // Rule files are shallow; a low depth budget keeps hostile ones from exhausting the stack.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 24;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    let raw: RuleFile = serde_saphyr::from_str_with_options(text, options).map_err(|error| {
        let (line, column) = error
            .location()
            .map_or((1, 1), |location| (location.line(), location.column()));
        invalid((line, column), error.to_string())
    })?;

    let id = raw.id.value.clone();
    let id_ok =
        id.len() == 6 && id.starts_with("SQS") && id[3..].chars().all(|c| c.is_ascii_digit());
    if !id_ok {
        return Err(invalid(
            at(&raw.id),
            format!("rule id `{id}` is not of the form SQSnnn"),
        ));
    }
    let severity = Severity::parse(&raw.severity.value).ok_or_else(|| {
        invalid(
            at(&raw.severity),
            format!(
                "severity `{}` is not one of critical, high, medium, low",
                raw.severity.value
            ),
        )
    })?;
    if !PRACTICES.contains(&raw.practice.value.as_str()) {
        return Err(invalid(
            at(&raw.practice),
            format!(
                "practice `{}` is not one of {}",
                raw.practice.value,
                PRACTICES.join(", ")
            ),
        ));
    }
    let collection = fields::collection(&raw.resource.value).ok_or_else(|| {
        invalid(
            at(&raw.resource),
            format!(
                "resource `{}` is not one of {}",
                raw.resource.value,
                fields::COLLECTIONS
                    .iter()
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    let field_of = |name: &Spanned<String>| -> Result<&'static FieldSpec, RuleError> {
        collection.field(&name.value).ok_or_else(|| {
            invalid(
                at(name),
                format!(
                    "`{}` is not a field of `{}` (fields: {})",
                    name.value,
                    collection.name,
                    collection
                        .fields
                        .iter()
                        .map(|f| f.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
    };
    let location = raw
        .location
        .iter()
        .map(|name| field_of(name).map(|field| field.name))
        .collect::<Result<Vec<_>, _>>()?;
    let message = parse_message(&raw.message.value)
        .into_iter()
        .map(|part| match part {
            RawPart::Text(text) => Ok(MessagePart::Text(text)),
            RawPart::Field(name) => collection
                .field(&name)
                .map(|field| MessagePart::Field(field.name))
                .ok_or_else(|| {
                    invalid(
                        at(&raw.message),
                        format!(
                            "message names `{{{name}}}`, which is not a field of `{}`",
                            collection.name
                        ),
                    )
                }),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let condition = parse_condition(&raw.condition, collection, &invalid)?;

    Ok(Rule {
        id,
        name: raw.name.value,
        title: raw.title,
        severity,
        enabled_by_default: raw.default,
        practice: raw.practice.value,
        guide: raw.guide,
        collection,
        description: raw.description,
        remediation: Remediation {
            terraform: raw.remediation.terraform,
            cloudformation: raw.remediation.cloudformation,
        },
        references: raw.references,
        equivalents: Equivalents {
            checkov: raw.equivalents.checkov,
            trivy: raw.equivalents.trivy,
            kics: raw.equivalents.kics,
        },
        message,
        location,
        condition,
        source: path.to_path_buf(),
    })
}

enum RawPart {
    Text(String),
    Field(String),
}

/// Split `"queue {address} has {x}"` into text and field parts; `{{` and `}}` are literal braces.
fn parse_message(template: &str) -> Vec<RawPart> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                if !text.is_empty() {
                    parts.push(RawPart::Text(std::mem::take(&mut text)));
                }
                parts.push(RawPart::Field(name.trim().to_string()));
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        parts.push(RawPart::Text(text));
    }
    parts
}

fn parse_condition(
    node: &Spanned<ConditionFile>,
    collection: &'static CollectionSpec,
    invalid: &dyn Fn((u64, u64), String) -> RuleError,
) -> Result<Condition, RuleError> {
    let here = at(node);
    let raw = &node.value;
    let combinators = [raw.all.is_some(), raw.any.is_some(), raw.not.is_some()]
        .iter()
        .filter(|&&set| set)
        .count();
    let operators = [
        raw.exists.is_some(),
        raw.equals.is_some(),
        raw.one_of.is_some(),
        raw.glob.is_some(),
    ]
    .iter()
    .filter(|&&set| set)
    .count();
    let children = |items: &Vec<Spanned<ConditionFile>>| {
        if items.is_empty() {
            return Err(invalid(here, "an empty `all`/`any` list".to_string()));
        }
        items
            .iter()
            .map(|item| parse_condition(item, collection, invalid))
            .collect::<Result<Vec<_>, _>>()
    };
    match (&raw.field, combinators, operators) {
        (None, 1, 0) => {
            if let Some(items) = &raw.all {
                Ok(Condition::All(children(items)?))
            } else if let Some(items) = &raw.any {
                Ok(Condition::Any(children(items)?))
            } else if let Some(inner) = &raw.not {
                Ok(Condition::Not(Box::new(parse_condition(
                    inner, collection, invalid,
                )?)))
            } else {
                Err(invalid(here, "a condition needs a combinator".to_string()))
            }
        }
        (Some(name), 0, 1) => {
            let field = collection.field(&name.value).ok_or_else(|| {
                invalid(
                    at(name),
                    format!("`{}` is not a field of `{}`", name.value, collection.name),
                )
            })?;
            let op = parse_operator(raw, field, at(name), invalid)?;
            Ok(Condition::Test {
                field: field.name,
                op,
            })
        }
        _ => Err(invalid(
            here,
            "a condition is exactly one of `all`, `any`, `not`, or `field` with exactly one of \
             `exists`, `equals`, `one_of`, `glob`"
                .to_string(),
        )),
    }
}

fn parse_operator(
    raw: &ConditionFile,
    field: &FieldSpec,
    here: (u64, u64),
    invalid: &dyn Fn((u64, u64), String) -> RuleError,
) -> Result<Operator, RuleError> {
    let literal = |value: &LiteralFile| -> Result<Literal, RuleError> {
        match (value, field.ty) {
            (LiteralFile::Bool(b), FieldType::Bool) => Ok(Literal::Bool(*b)),
            (LiteralFile::Str(s), FieldType::String | FieldType::StringList) => {
                Ok(Literal::Str(s.clone()))
            }
            _ => Err(invalid(
                here,
                format!(
                    "`{}` is a {} field; the value compared with it must be one too",
                    field.name,
                    field.ty.name()
                ),
            )),
        }
    };
    if let Some(exists) = raw.exists {
        return Ok(Operator::Exists(exists));
    }
    if let Some(value) = &raw.equals {
        return Ok(Operator::Equals(literal(value)?));
    }
    if let Some(values) = &raw.one_of {
        return Ok(Operator::OneOf(
            values.iter().map(literal).collect::<Result<_, _>>()?,
        ));
    }
    if let Some(globs) = &raw.glob {
        if field.ty == FieldType::Bool {
            return Err(invalid(
                here,
                format!("`glob` needs a string field; `{}` is a bool", field.name),
            ));
        }
        let patterns: Vec<&String> = match globs {
            GlobsFile::One(one) => vec![one],
            GlobsFile::Many(many) => many.iter().collect(),
        };
        return Ok(Operator::Glob(
            patterns
                .into_iter()
                .map(|pattern| {
                    GlobBuilder::new(pattern)
                        .literal_separator(false)
                        .build()
                        .map(|glob| glob.compile_matcher())
                        .map_err(|error| invalid(here, format!("bad glob `{pattern}`: {error}")))
                })
                .collect::<Result<_, _>>()?,
        ));
    }
    Err(invalid(
        here,
        "a field condition needs an operator".to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = "id: SQS900\nname: test-rule\ntitle: T\nseverity: high\npractice: encryption-at-rest\nguide: G\nresource: queue\ndescription: D\nremediation: { terraform: t, cloudformation: c }\nmessage: \"queue {address}\"\nmatch:\n  field: sse_sqs_enabled\n  equals: false\n";

    fn error_of(text: &str) -> String {
        parse_rule(Path::new("x.yaml"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_valid_rule_loads() {
        let rule = parse_rule(Path::new("x.yaml"), VALID).unwrap();
        assert_eq!(rule.id, "SQS900");
        assert_eq!(rule.severity, Severity::High);
        assert_eq!(
            rule.message,
            vec![
                MessagePart::Text("queue ".into()),
                MessagePart::Field("address")
            ]
        );
    }

    #[test]
    fn an_unknown_field_is_reported_with_its_line() {
        let text = VALID.replace("field: sse_sqs_enabled", "field: sse_enabled");
        let error = error_of(&text);
        assert!(error.starts_with("x.yaml:12:"), "{error}");
        assert!(
            error.contains("`sse_enabled` is not a field of `queue`"),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_key_is_an_error() {
        let error = error_of(&format!("{VALID}colour: red\n"));
        assert!(error.contains("colour"), "{error}");
    }

    #[test]
    fn a_type_mismatch_is_an_error() {
        let error = error_of(&VALID.replace("equals: false", "equals: nope"));
        assert!(error.contains("bool field"), "{error}");
    }

    #[test]
    fn a_message_naming_an_unknown_field_is_an_error() {
        let error = error_of(&VALID.replace("queue {address}", "queue {nope}"));
        assert!(error.contains("`{nope}`"), "{error}");
    }

    #[test]
    fn builtin_rules_load_and_selection_works() {
        let set = RuleSet::builtin().unwrap();
        let ids = |rules: Vec<&Rule>| rules.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        let defaults = ids(set.select(&Selection::default()).unwrap());
        assert!(defaults.contains(&"SQS101".to_string()));
        assert!(
            !defaults.contains(&"SQS102".to_string()),
            "SQS102 is opt-in"
        );
        let extended = ids(set
            .select(&Selection {
                extend_select: vec!["SQS102".into()],
                ignore: vec!["SQS101".into()],
                ..Selection::default()
            })
            .unwrap());
        assert!(extended.contains(&"SQS102".to_string()));
        assert!(!extended.contains(&"SQS101".to_string()));
        let all = set
            .select(&Selection {
                select: Some(vec!["ALL".into()]),
                ..Selection::default()
            })
            .unwrap();
        assert_eq!(all.len(), set.rules.len());
        assert!(
            set.select(&Selection {
                select: Some(vec!["SQS999".into()]),
                ..Selection::default()
            })
            .is_err()
        );
    }
}
