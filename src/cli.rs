//! Command-line arguments (clap) and their translation into library options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use sqsguard::report::Format;
use sqsguard::rules::Severity;

#[derive(Debug, Parser)]
#[command(
    name = "sqsguard",
    version,
    about = "Finds where infrastructure-as-code breaks the Amazon SQS security best practices."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories for SQS security issues.
    Scan(ScanArgs),
    /// Record today's open findings in a baseline file, so that `scan --baseline FILE`
    /// reports only new ones.
    Baseline(BaselineArgs),
    /// List every rule: id, name, severity, and whether it runs by default.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain {
        /// A rule id, such as SQS101.
        id: String,
        /// Extra rule directories, as for `scan --rules`.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Extra rule directories, as for `scan --rules`.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Sarif,
    Github,
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
            FormatArg::Markdown => Format::Markdown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Never,
}

impl FailOn {
    /// The lowest severity that fails the run; `None` for `never`.
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

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the exit status 1 [default: the config's `fail-on`, else low].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Report only findings not in this baseline file (see `sqsguard baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the baseline to FILE (such as sqsguard-baseline.json) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What to scan and with which rules: shared by `scan` and `baseline`.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories to scan.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Configuration file [default: sqsguard.toml or .sqsguard.toml in the first PATH or
    /// the nearest directory above it].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Rules to run instead of the defaults: comma-separated ids, id prefixes, or ALL.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Option<Vec<String>>,
    /// Rules to run in addition to the selection (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub extend_select: Vec<String>,
    /// Rules not to run (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,
    /// Directory of extra rule files (same format as the built-in `rules/`); repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Glob of paths not to scan (relative to each PATH); repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Ignore every inline suppression (comments and CloudFormation `Metadata`); the baseline
    /// still applies.
    #[arg(long)]
    pub no_inline_suppressions: bool,
    /// A Terraform variable value for every scanned module (wins over `TF_VAR_NAME`, tfvars
    /// files and defaults); repeatable.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_parameter)]
    pub vars: Vec<(String, String)>,
    /// A Terraform variable definitions file (`.tfvars` syntax) for every scanned module;
    /// repeatable, `--var` wins.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// The Terraform root module directory the scanned plans were made from: findings about
    /// their resources point at its `.tf` files [default: the scanned Terraform directory
    /// nearest above each plan].
    #[arg(long = "plan-source", value_name = "DIR")]
    pub plan_source: Option<PathBuf>,
    /// A CloudFormation parameter value, overriding its `Default`; repeatable.
    #[arg(long = "parameter", value_name = "KEY=VALUE", value_parser = parse_parameter)]
    pub parameters: Vec<(String, String)>,
    /// CloudFormation parameter values from a file: the CLI's
    /// `[{"ParameterKey": …, "ParameterValue": …}]` or `{"Parameters": {KEY: VALUE}}`;
    /// repeatable, `--parameter` wins.
    #[arg(long = "parameter-file", value_name = "FILE")]
    pub parameter_files: Vec<PathBuf>,
}

fn parse_parameter(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("`{text}` is not KEY=VALUE")),
    }
}
