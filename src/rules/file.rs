//! The rule file format as written on disk (`rules/<practice>/SQSnnn.yaml`), before validation.

use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub title: String,
    pub severity: Spanned<String>,
    /// Whether the rule runs without being selected explicitly.
    #[serde(default = "default_true")]
    pub default: bool,
    pub practice: Spanned<String>,
    /// The section of the AWS guide "Amazon SQS security best practices" the rule serves.
    pub guide: String,
    pub resource: Spanned<String>,
    pub description: String,
    pub remediation: RemediationFile,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub equivalents: EquivalentsFile,
    pub message: Spanned<String>,
    /// Fields whose location the finding points at, first present one wins; else the header.
    #[serde(default)]
    pub location: Vec<Spanned<String>>,
    #[serde(rename = "match")]
    pub condition: Spanned<ConditionFile>,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemediationFile {
    pub terraform: String,
    pub cloudformation: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquivalentsFile {
    #[serde(default)]
    pub checkov: Vec<String>,
    #[serde(default)]
    pub trivy: Vec<String>,
    #[serde(default)]
    pub kics: Vec<String>,
}

/// One node of the `match` tree: exactly one combinator, or a field with exactly one operator.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionFile {
    pub all: Option<Vec<Spanned<ConditionFile>>>,
    pub any: Option<Vec<Spanned<ConditionFile>>>,
    pub not: Option<Box<Spanned<ConditionFile>>>,
    pub field: Option<Spanned<String>>,
    pub exists: Option<bool>,
    pub equals: Option<LiteralFile>,
    pub one_of: Option<Vec<LiteralFile>>,
    pub glob: Option<GlobsFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum LiteralFile {
    Bool(bool),
    Str(String),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum GlobsFile {
    One(String),
    Many(Vec<String>),
}
