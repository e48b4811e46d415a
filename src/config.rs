//! The configuration file: `sqsguard.toml` or `.sqsguard.toml`, found by walking up from the
//! first scan root to the filesystem root, or named with `--config FILE`.
//!
//! Every key is optional; command-line flags override it. Unknown keys, invalid values and rule
//! ids that match no rule are errors naming the file, line and column. The JSON Schema in
//! `docs/config.schema.json` is generated from these types ([`json_schema`]) and kept current by
//! a test.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::rules::{RuleSet, Selection, Severity};

/// The names looked for in each directory, in this order.
pub const FILE_NAMES: [&str; 2] = ["sqsguard.toml", ".sqsguard.toml"];

/// `sqsguard.toml`: which rules run and how they are judged, and inputs for the front-ends.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(
    title = "sqsguard configuration (sqsguard.toml)",
    extend("$id" = "https://github.com/sqsguard/sqsguard/blob/main/docs/config.schema.json")
)]
struct ConfigFile {
    /// Rules to run instead of the defaults: rule ids (`SQS101`), id prefixes (`SQS1`) or `ALL`.
    /// `--select` on the command line replaces it.
    #[schemars(with = "Option<Vec<String>>")]
    select: Option<Vec<Spanned<String>>>,
    /// Rules to run in addition to the selection (for example the opt-in `SQS102`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    extend_select: Vec<Spanned<String>>,
    /// Rules not to run.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    ignore: Vec<Spanned<String>>,
    /// The lowest severity that makes the exit status 1; `never` reports without failing.
    /// `--fail-on` overrides it.
    fail_on: Option<FailOn>,
    /// Per-rule severity overrides, such as `SQS103 = "medium"`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<RuleIdSchema, SeverityName>")]
    severity: BTreeMap<Spanned<String>, SeverityName>,
    /// Globs of paths not to scan, matched like `--exclude` (against each path relative to the
    /// scan root, or any trailing part of it); added to the command line's.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    exclude: Vec<Spanned<String>>,
    /// 12-digit AWS account ids whose principals queue policies may grant access to. When set
    /// (even to `[]`), the rule SQS204 reports principals of any other account.
    #[serde(default, rename = "trusted_accounts", alias = "trusted-accounts")]
    #[schemars(with = "Option<Vec<AccountIdSchema>>")]
    trusted_accounts: Option<Vec<Spanned<String>>>,
    /// Terraform inputs.
    #[serde(default)]
    terraform: TerraformSection,
    /// CloudFormation inputs.
    #[serde(default)]
    cloudformation: CloudFormationSection,
}

/// A rule id, `SQSnnn` (schema only).
#[derive(JsonSchema)]
#[allow(dead_code)]
struct RuleIdSchema(#[schemars(regex(pattern = r"^[Ss][Qq][Ss][0-9]{3}$"))] String);

/// A 12-digit AWS account id (schema only).
#[derive(JsonSchema)]
#[schemars(rename = "AccountId")]
#[allow(dead_code)]
struct AccountIdSchema(#[schemars(regex(pattern = r"^[0-9]{12}$"))] String);

/// `[terraform]`: values for the module's input variables, as `terraform plan` would get them.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TerraformSection {
    /// `.tfvars` files (relative to the configuration file), read in order like `-var-file`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    var_files: Vec<Spanned<String>>,
    /// Variable values, like `-var`; they take precedence over `var-files`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, InputValue>")]
    vars: BTreeMap<String, Spanned<toml::Value>>,
}

/// `[cloudformation]`: values for template parameters, as a deployment would pass them.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CloudFormationSection {
    /// Parameter values by parameter name; they replace the templates' `Default`s.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, ParameterValue>")]
    parameters: BTreeMap<String, Spanned<toml::Value>>,
}

/// A severity name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum SeverityName {
    Critical,
    High,
    Medium,
    Low,
}

impl From<SeverityName> for Severity {
    fn from(name: SeverityName) -> Severity {
        match name {
            SeverityName::Critical => Severity::Critical,
            SeverityName::High => Severity::High,
            SeverityName::Medium => Severity::Medium,
            SeverityName::Low => Severity::Low,
        }
    }
}

/// `fail-on`: a severity, or `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Never,
}

impl FailOn {
    /// The lowest severity that fails the run; `None` for `never`.
    #[must_use]
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Critical => Some(Severity::Critical),
            FailOn::High => Some(Severity::High),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::Low => Some(Severity::Low),
            FailOn::Never => None,
        }
    }
}

/// A Terraform variable value: any TOML value but a date.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum InputValue {
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    List(Vec<InputValue>),
    Map(BTreeMap<String, InputValue>),
}

/// A CloudFormation parameter value: a scalar, or a list for `CommaDelimitedList` / `List<…>`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ParameterValue {
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    List(Vec<ParameterScalar>),
}

/// One element of a list parameter.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ParameterScalar {
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
}

impl ParameterScalar {
    /// The value as CloudFormation passes it: parameter values are strings.
    #[must_use]
    pub fn as_parameter_text(&self) -> String {
        match self {
            ParameterScalar::Bool(value) => value.to_string(),
            ParameterScalar::Integer(value) => value.to_string(),
            ParameterScalar::Float(value) => value.to_string(),
            ParameterScalar::String(value) => value.clone(),
        }
    }
}

impl ParameterValue {
    /// The value as CloudFormation passes it; a list is comma-delimited.
    #[must_use]
    pub fn as_parameter_text(&self) -> String {
        match self {
            ParameterValue::Bool(value) => value.to_string(),
            ParameterValue::Integer(value) => value.to_string(),
            ParameterValue::Float(value) => value.to_string(),
            ParameterValue::String(value) => value.clone(),
            ParameterValue::List(items) => items
                .iter()
                .map(ParameterScalar::as_parameter_text)
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

impl InputValue {
    /// A scalar as Terraform would convert it to a string; `None` for lists and maps.
    #[must_use]
    pub fn as_scalar_text(&self) -> Option<String> {
        match self {
            InputValue::Bool(value) => Some(value.to_string()),
            InputValue::Integer(value) => Some(value.to_string()),
            InputValue::Float(value) => Some(value.to_string()),
            InputValue::String(value) => Some(value.clone()),
            InputValue::List(_) | InputValue::Map(_) => None,
        }
    }
}

/// Terraform inputs for the scan, from the configuration.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TerraformInputs {
    /// Var files, resolved against the configuration file's directory, in order.
    pub var_files: Vec<PathBuf>,
    pub vars: BTreeMap<String, InputValue>,
    /// `TF_VAR_NAME` values: below tfvars files in Terraform's precedence, unlike `vars`.
    pub environment: BTreeMap<String, String>,
}

/// CloudFormation inputs for the scan, from the configuration.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CloudFormationInputs {
    pub parameters: BTreeMap<String, ParameterValue>,
}

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}:{line}:{column}: {message}", path = .path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot read {path}: {source}", path = .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "both {} and {} exist; keep one of them",
        .first.display(),
        .second.display()
    )]
    Ambiguous { first: PathBuf, second: PathBuf },
}

/// A loaded, validated configuration file.
#[derive(Debug)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    text: String,
    file: ConfigFile,
    /// Var files resolved against the file's directory.
    var_files: Vec<PathBuf>,
    vars: BTreeMap<String, InputValue>,
    parameters: BTreeMap<String, ParameterValue>,
}

/// Look for `sqsguard.toml` / `.sqsguard.toml` in `start` (its directory when it is a file) and
/// every directory above it, up to the filesystem root.
///
/// # Errors
/// Both names exist in the nearest directory that has one.
pub fn discover(start: &Path, cwd: &Path) -> Result<Option<PathBuf>, ConfigError> {
    let absolute = cwd.join(start);
    let absolute = std::fs::canonicalize(&absolute).unwrap_or(absolute);
    let first = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent().unwrap_or(&absolute)
    };
    for dir in first.ancestors() {
        let found: Vec<PathBuf> = FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .filter(|path| path.is_file())
            .collect();
        match found.as_slice() {
            [] => {}
            [one] => return Ok(Some(one.clone())),
            [first, second, ..] => {
                return Err(ConfigError::Ambiguous {
                    first: first.clone(),
                    second: second.clone(),
                });
            }
        }
    }
    Ok(None)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

impl Config {
    /// Read and validate a configuration file.
    ///
    /// # Errors
    /// The file cannot be read, is not valid TOML, has unknown keys or invalid values.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(path, text)
    }

    /// Parse and validate configuration text read from `path`.
    ///
    /// # Errors
    /// As for [`Config::load`].
    pub fn parse(path: &Path, text: String) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(&text).map_err(|error| {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim().to_string();
            invalid_at(path, &text, &span, message)
        })?;
        let mut config = Config {
            path: path.to_path_buf(),
            text,
            file,
            var_files: Vec::new(),
            vars: BTreeMap::new(),
            parameters: BTreeMap::new(),
        };
        config.validate()?;
        Ok(config)
    }

    fn error(&self, span: &Range<usize>, message: String) -> ConfigError {
        invalid_at(&self.path, &self.text, span, message)
    }

    fn validate(&mut self) -> Result<(), ConfigError> {
        for account in self.file.trusted_accounts.iter().flatten() {
            let id = account.get_ref();
            if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(self.error(
                    &account.span(),
                    format!("`{id}` is not a 12-digit AWS account id"),
                ));
            }
        }
        for pattern in &self.file.exclude {
            if let Err(error) = crate::discover::excludes(std::slice::from_ref(pattern.get_ref())) {
                return Err(self.error(&pattern.span(), error.to_string()));
            }
        }
        let base = self.path.parent().unwrap_or(Path::new(""));
        let mut var_files = Vec::new();
        for file in &self.file.terraform.var_files {
            let resolved = base.join(file.get_ref());
            if !resolved.is_file() {
                return Err(self.error(
                    &file.span(),
                    format!(
                        "var file `{}` does not exist (looked for {})",
                        file.get_ref(),
                        resolved.display()
                    ),
                ));
            }
            var_files.push(resolved);
        }
        self.var_files = var_files;
        let mut vars = BTreeMap::new();
        for (name, value) in &self.file.terraform.vars {
            let converted = input_value(value.get_ref())
                .map_err(|message| self.error(&value.span(), format!("vars.{name}: {message}")))?;
            vars.insert(name.clone(), converted);
        }
        self.vars = vars;
        let mut parameters = BTreeMap::new();
        for (name, value) in &self.file.cloudformation.parameters {
            let converted = parameter_value(value.get_ref()).map_err(|message| {
                self.error(&value.span(), format!("parameters.{name}: {message}"))
            })?;
            parameters.insert(name.clone(), converted);
        }
        self.parameters = parameters;
        Ok(())
    }

    /// Check every rule id of `select`, `extend-select`, `ignore` and `[severity]` against the
    /// loaded rules, and apply the severity overrides.
    ///
    /// # Errors
    /// An id matches no rule (an override needs an exact id).
    pub fn apply_to_rules(&self, rules: &mut RuleSet) -> Result<(), ConfigError> {
        let lists = [
            ("select", self.file.select.as_deref().unwrap_or_default()),
            ("extend-select", self.file.extend_select.as_slice()),
            ("ignore", self.file.ignore.as_slice()),
        ];
        for (key, ids) in lists {
            for id in ids {
                let probe = Selection {
                    select: Some(vec![id.get_ref().clone()]),
                    ..Selection::default()
                };
                if rules.select(&probe).is_err() {
                    return Err(self.error(
                        &id.span(),
                        format!(
                            "{key}: `{}` matches no rule (see `sqsguard rules`)",
                            id.get_ref()
                        ),
                    ));
                }
            }
        }
        for (id, severity) in &self.file.severity {
            let Some(rule) = rules
                .rules
                .iter_mut()
                .find(|rule| rule.id.eq_ignore_ascii_case(id.get_ref()))
            else {
                return Err(self.error(
                    &id.span(),
                    format!(
                        "severity: `{}` is not a rule id (see `sqsguard rules`)",
                        id.get_ref()
                    ),
                ));
            };
            rule.severity = (*severity).into();
        }
        Ok(())
    }

    /// The rule selection the file asks for.
    #[must_use]
    pub fn selection(&self) -> Selection {
        let plain = |ids: &[Spanned<String>]| -> Vec<String> {
            ids.iter().map(|id| id.get_ref().clone()).collect()
        };
        Selection {
            select: self.file.select.as_deref().map(plain),
            extend_select: plain(&self.file.extend_select),
            ignore: plain(&self.file.ignore),
        }
    }

    #[must_use]
    pub fn fail_on(&self) -> Option<FailOn> {
        self.file.fail_on
    }

    #[must_use]
    pub fn exclude(&self) -> Vec<String> {
        self.file
            .exclude
            .iter()
            .map(|glob| glob.get_ref().clone())
            .collect()
    }

    /// The trusted accounts; `None` when the file does not set `trusted_accounts`.
    #[must_use]
    pub fn trusted_accounts(&self) -> Option<Vec<String>> {
        self.file
            .trusted_accounts
            .as_ref()
            .map(|ids| ids.iter().map(|id| id.get_ref().clone()).collect())
    }

    #[must_use]
    pub fn terraform(&self) -> TerraformInputs {
        TerraformInputs {
            var_files: self.var_files.clone(),
            vars: self.vars.clone(),
            environment: BTreeMap::new(),
        }
    }

    #[must_use]
    pub fn cloudformation(&self) -> CloudFormationInputs {
        CloudFormationInputs {
            parameters: self.parameters.clone(),
        }
    }
}

const NO_DATES: &str = "a TOML date is not a Terraform or CloudFormation value; quote it";

fn input_value(value: &toml::Value) -> Result<InputValue, String> {
    Ok(match value {
        toml::Value::Boolean(b) => InputValue::Bool(*b),
        toml::Value::Integer(i) => InputValue::Integer(*i),
        toml::Value::Float(f) => InputValue::Float(*f),
        toml::Value::String(s) => InputValue::String(s.clone()),
        toml::Value::Array(items) => {
            InputValue::List(items.iter().map(input_value).collect::<Result<_, _>>()?)
        }
        toml::Value::Table(table) => InputValue::Map(
            table
                .iter()
                .map(|(key, value)| Ok((key.clone(), input_value(value)?)))
                .collect::<Result<_, String>>()?,
        ),
        toml::Value::Datetime(_) => return Err(NO_DATES.to_string()),
    })
}

fn parameter_scalar(value: &toml::Value) -> Result<ParameterScalar, String> {
    Ok(match value {
        toml::Value::Boolean(b) => ParameterScalar::Bool(*b),
        toml::Value::Integer(i) => ParameterScalar::Integer(*i),
        toml::Value::Float(f) => ParameterScalar::Float(*f),
        toml::Value::String(s) => ParameterScalar::String(s.clone()),
        toml::Value::Datetime(_) => return Err(NO_DATES.to_string()),
        toml::Value::Array(_) | toml::Value::Table(_) => {
            return Err(
                "a parameter value is a string, number or boolean, or a list of them".to_string(),
            );
        }
    })
}

fn parameter_value(value: &toml::Value) -> Result<ParameterValue, String> {
    Ok(match value {
        toml::Value::Array(items) => ParameterValue::List(
            items
                .iter()
                .map(parameter_scalar)
                .collect::<Result<_, _>>()?,
        ),
        scalar => match parameter_scalar(scalar)? {
            ParameterScalar::Bool(b) => ParameterValue::Bool(b),
            ParameterScalar::Integer(i) => ParameterValue::Integer(i),
            ParameterScalar::Float(f) => ParameterValue::Float(f),
            ParameterScalar::String(s) => ParameterValue::String(s),
        },
    })
}

fn invalid_at(path: &Path, text: &str, span: &Range<usize>, message: String) -> ConfigError {
    let (line, column) = line_column(text, span.start);
    ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}

/// The JSON Schema of the configuration file, pretty-printed with a final newline.
#[must_use]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("sqsguard.toml"), text.to_string())
    }

    #[test]
    fn every_key_parses() {
        let config = parse(
            r#"
select = ["SQS1"]
extend-select = ["SQS102"]
ignore = ["SQS103"]
fail-on = "medium"
exclude = ["legacy/**"]
trusted_accounts = ["111122223333"]

[severity]
SQS103 = "medium"

[terraform]
vars = { env = "prod", replicas = 3, tags = { team = "a" }, zones = ["a", "b"] }

[cloudformation]
parameters = { Env = "prod", Subnets = ["a", "b"] }
"#,
        )
        .unwrap();
        assert_eq!(config.selection().select, Some(vec!["SQS1".to_string()]));
        assert_eq!(config.fail_on(), Some(FailOn::Medium));
        assert_eq!(
            config.trusted_accounts(),
            Some(vec!["111122223333".to_string()])
        );
        assert_eq!(
            config.terraform().vars["replicas"],
            InputValue::Integer(3),
            "{:?}",
            config.terraform()
        );
        assert_eq!(
            config.cloudformation().parameters["Env"],
            ParameterValue::String("prod".into())
        );
    }

    #[test]
    fn unknown_keys_name_the_line() {
        let error = parse("select = [\"SQS101\"]\n\nfail_on = \"high\"\n")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("sqsguard.toml:3:1: "), "{error}");
        assert!(error.contains("unknown field `fail_on`"), "{error}");
        let nested = parse("[terraform]\nvar_files = []\n")
            .unwrap_err()
            .to_string();
        assert!(nested.starts_with("sqsguard.toml:2:1: "), "{nested}");
    }

    #[test]
    fn bad_values_name_the_line() {
        let error = parse("trusted_accounts = [\n  \"111122223333\",\n  \"12345\",\n]\n")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("sqsguard.toml:3:3: "), "{error}");
        let error = parse("[severity]\nSQS101 = \"urgent\"\n")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("sqsguard.toml:2:"), "{error}");
    }

    #[test]
    fn rule_ids_are_checked_against_the_rules() {
        let mut rules = RuleSet::builtin().unwrap();
        let config = parse("ignore = [\"SQS103\"]\n\n[severity]\nSQS999 = \"low\"\n").unwrap();
        let error = config.apply_to_rules(&mut rules).unwrap_err().to_string();
        assert!(error.starts_with("sqsguard.toml:4:1: "), "{error}");
        let config = parse("extend-select = [\"SQS9\"]\n").unwrap();
        let error = config.apply_to_rules(&mut rules).unwrap_err().to_string();
        assert!(error.starts_with("sqsguard.toml:1:18: "), "{error}");
        let config = parse("[severity]\nsqs103 = \"critical\"\n").unwrap();
        config.apply_to_rules(&mut rules).unwrap();
        assert_eq!(rules.get("SQS103").unwrap().severity, Severity::Critical);
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(line_column("ab\ncé d", 7), (2, 4));
        assert_eq!(line_column("", 5), (1, 1));
    }
}
