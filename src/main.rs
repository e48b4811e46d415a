//! The `sqsguard` binary: parse the command line, call the library, map the outcome to an
//! exit status (1 open findings at or above `--fail-on`, 2 unreadable files or usage errors,
//! else 0). Suppressed findings (inline or by the baseline) never fail the run.

mod cli;

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use cli::{BaselineArgs, Cli, Command, InputArgs, ScanArgs};
use sqsguard::baseline::Baseline;
use sqsguard::config::{self, Config};
use sqsguard::report::{self, ReportInput, plural, slash_path};
use sqsguard::{Rule, RuleSet, ScanOptions, ScanResult, Selection, Severity};

// The parsers allocate many small nodes; mimalloc makes that markedly cheaper than glibc's
// allocator (see benches/README.md).
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Scan(args) => scan(&args),
        Command::Baseline(args) => baseline(&args),
        Command::Rules(args) => list_rules(&args.rules),
        Command::Explain { id, rules } => explain(&id, &rules),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("sqsguard: error: {error:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// A path relative to the working directory when it is under it.
fn shown(path: &Path, cwd: &Path) -> PathBuf {
    let canonical_cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    path.strip_prefix(cwd)
        .or_else(|_| path.strip_prefix(&canonical_cwd))
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// The configuration: `--config FILE`, else the nearest `sqsguard.toml` / `.sqsguard.toml`
/// from the first scan root up.
fn load_config(input: &InputArgs, cwd: &Path) -> Result<Option<Config>> {
    if let Some(path) = &input.config {
        return Ok(Some(Config::load(path)?));
    }
    let first = input.paths.first().map_or(Path::new("."), PathBuf::as_path);
    match config::discover(first, cwd)? {
        Some(found) => Ok(Some(Config::load(&shown(&found, cwd))?)),
        None => Ok(None),
    }
}

/// What a scan runs with: the rules (severity overrides applied) and the options.
struct Prepared {
    rule_set: RuleSet,
    selection: Vec<String>,
    options: ScanOptions,
    config: Option<Config>,
}

/// Load the configuration and rules and resolve the selection: the config's `select`,
/// `extend-select` and `ignore` apply first, then the command line's on top (so `--select`
/// replaces everything the config selected, and `--extend-select` can bring back a rule the
/// config ignores).
fn prepare(input: &InputArgs, cwd: &Path) -> Result<Prepared> {
    let config = load_config(input, cwd)?;
    let mut rule_set = RuleSet::load(&input.rules)?;
    if let Some(config) = &config {
        config.apply_to_rules(&mut rule_set)?;
    }
    let configured: Vec<String> = match &config {
        Some(config) => rule_set
            .select(&config.selection())?
            .iter()
            .map(|rule| rule.id.clone())
            .collect(),
        None => rule_set
            .select(&Selection::default())?
            .iter()
            .map(|rule| rule.id.clone())
            .collect(),
    };
    let cli = Selection {
        select: Some(input.select.clone().unwrap_or(configured)),
        extend_select: input.extend_select.clone(),
        ignore: input.ignore.clone(),
    };
    let selection = rule_set
        .select(&cli)?
        .iter()
        .map(|rule| rule.id.clone())
        .collect();
    let mut excludes = config.as_ref().map(Config::exclude).unwrap_or_default();
    excludes.extend(input.exclude.iter().cloned());
    let options = ScanOptions {
        roots: input.paths.clone(),
        excludes,
        jobs: input.jobs.map(usize::from),
        no_inline_suppressions: input.no_inline_suppressions,
        today: None,
        trusted_accounts: config.as_ref().and_then(Config::trusted_accounts),
        terraform: terraform_inputs(config.as_ref(), input)?,
        cloudformation: cloudformation_inputs(config.as_ref(), input)?,
        plan_source: input.plan_source.clone(),
    };
    Ok(Prepared {
        rule_set,
        selection,
        options,
        config,
    })
}

impl Prepared {
    /// The selected rules, in id order.
    fn active(&self) -> Vec<&Rule> {
        self.rule_set
            .rules
            .iter()
            .filter(|rule| self.selection.contains(&rule.id))
            .collect()
    }
}

/// Errors, suppression warnings and notable skips on stderr.
fn print_diagnostics(result: &ScanResult) {
    for error in &result.errors {
        eprintln!("sqsguard: error: {error}");
    }
    for warning in &result.warnings {
        eprintln!("sqsguard: warning: {warning}");
    }
    for skipped in result.skipped.iter().filter(|skipped| skipped.notable) {
        eprintln!(
            "sqsguard: note: {}: skipped: {}",
            slash_path(&skipped.path),
            skipped.reason
        );
    }
}

/// Write a report to `--output` or standard output as it is produced.
fn write_report(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if let Some(path) = output {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)
            .and_then(|()| out.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        write(&mut stdout)?;
        stdout.flush()?;
    }
    Ok(())
}

fn write_out(output: Option<&Path>, text: &str) -> Result<()> {
    if let Some(path) = output {
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
    }
    Ok(())
}

fn scan(args: &ScanArgs) -> Result<u8> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let prepared = prepare(&args.input, &cwd)?;
    let active = prepared.active();
    let baseline = args
        .baseline
        .as_deref()
        .map(|path| Baseline::load(path).map(|baseline| (path, baseline)))
        .transpose()?;
    let mut result = sqsguard::scan(&prepared.options, &active)?;
    let applied = baseline
        .as_ref()
        .map(|(path, baseline)| baseline.apply(&mut result.findings, path));

    print_diagnostics(&result);
    if let Some(applied) = applied.filter(|applied| applied.stale > 0) {
        eprintln!(
            "sqsguard: note: {} of the baseline matched no finding (fixed or changed); \
             `sqsguard baseline` rewrites it",
            if applied.stale == 1 {
                "1 entry".to_string()
            } else {
                format!("{} entries", applied.stale)
            }
        );
    }

    let color = args.output.is_none()
        && matches!(args.format, cli::FormatArg::Text)
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let input = ReportInput {
        result: &result,
        rules: &active,
        cwd: &cwd,
        color,
        link_base: github_link_base(&cwd),
    };
    write_report(args.output.as_deref(), |out| {
        report::write(args.format.into(), &input, out)
    })?;

    let threshold = match (
        args.fail_on,
        prepared.config.as_ref().and_then(Config::fail_on),
    ) {
        (Some(cli), _) => cli.threshold(),
        (None, Some(configured)) => configured.threshold(),
        (None, None) => Some(Severity::Low),
    };
    let failing = threshold.is_some_and(|threshold| {
        result
            .open_findings()
            .any(|finding| finding.severity >= threshold)
    });
    Ok(if failing {
        EXIT_FINDINGS
    } else if !result.all_files_read() {
        EXIT_ERROR
    } else {
        0
    })
}

fn baseline(args: &BaselineArgs) -> Result<u8> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let prepared = prepare(&args.input, &cwd)?;
    let result = sqsguard::scan(&prepared.options, &prepared.active())?;
    print_diagnostics(&result);
    let baseline = Baseline::from_findings(&result.findings);
    write_out(args.output.as_deref(), &baseline.to_json())?;
    if let Some(path) = &args.output {
        eprintln!(
            "sqsguard: wrote {} to {}",
            plural(baseline.findings.len(), "finding"),
            path.display()
        );
    }
    Ok(if result.all_files_read() {
        0
    } else {
        EXIT_ERROR
    })
}

fn list_rules(extra: &[std::path::PathBuf]) -> Result<u8> {
    let rule_set = RuleSet::load(extra)?;
    let mut out =
        String::from("ID      NAME                                 SEVERITY  DEFAULT  TITLE\n");
    for rule in &rule_set.rules {
        let _ = writeln!(
            out,
            "{:<7} {:<36} {:<9} {:<8} {}",
            rule.id,
            rule.name,
            rule.severity.as_str(),
            if rule.enabled_by_default { "on" } else { "off" },
            rule.title
        );
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(0)
}

fn explain(id: &str, extra: &[std::path::PathBuf]) -> Result<u8> {
    let rule_set = RuleSet::load(extra)?;
    let rule = rule_set
        .get(id)
        .with_context(|| format!("no rule `{id}` (see `sqsguard rules`)"))?;
    std::io::stdout()
        .lock()
        .write_all(rule.documentation().as_bytes())?;
    Ok(0)
}

/// In GitHub Actions, scanning from the workspace root: links to the scanned commit, so a
/// Markdown summary's links work from the job summary page.
fn github_link_base(cwd: &std::path::Path) -> Option<String> {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let workspace = var("GITHUB_WORKSPACE")?;
    if std::path::Path::new(&workspace) != cwd {
        return None;
    }
    Some(format!(
        "{}/{}/blob/{}/",
        var("GITHUB_SERVER_URL")?,
        var("GITHUB_REPOSITORY")?,
        var("GITHUB_SHA")?
    ))
}

/// CloudFormation parameter values: the configuration's, then parameter files, then
/// `--parameter` (the later wins).
fn cloudformation_inputs(
    config: Option<&Config>,
    input: &InputArgs,
) -> Result<sqsguard::config::CloudFormationInputs> {
    use sqsguard::config::ParameterValue;
    let mut inputs = config.map(Config::cloudformation).unwrap_or_default();
    for path in &input.parameter_files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read parameter file {}", path.display()))?;
        let values = parameter_file(&text)
            .with_context(|| format!("{}: not a CloudFormation parameter file", path.display()))?;
        for (key, value) in values {
            inputs.parameters.insert(key, ParameterValue::String(value));
        }
    }
    for (key, value) in &input.parameters {
        inputs
            .parameters
            .insert(key.clone(), ParameterValue::String(value.clone()));
    }
    Ok(inputs)
}

/// The two parameter file shapes: `[{"ParameterKey": k, "ParameterValue": v}]` (the AWS CLI's)
/// and `{"Parameters": {k: v}}` (`CodePipeline`'s template configuration).
fn parameter_file(text: &str) -> Result<Vec<(String, String)>> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    let scalar = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => Some(value.to_string()),
        _ => None,
    };
    if let Some(entries) = value.as_array() {
        return entries
            .iter()
            .map(|entry| {
                let key = entry["ParameterKey"]
                    .as_str()
                    .context("an entry lacks ParameterKey")?;
                let value = scalar(&entry["ParameterValue"])
                    .context("an entry lacks a string ParameterValue")?;
                Ok((key.to_string(), value))
            })
            .collect();
    }
    let parameters = value["Parameters"]
        .as_object()
        .context("expected a list of ParameterKey/ParameterValue or {\"Parameters\": {…}}")?;
    parameters
        .iter()
        .map(|(key, value)| {
            scalar(value)
                .map(|value| (key.clone(), value))
                .with_context(|| format!("parameter {key} is not a string"))
        })
        .collect()
}

/// Terraform variable values: `TF_VAR_NAME` from the environment (below tfvars files, as in
/// Terraform), the configuration's `vars`, then `--var` (the later wins); applied to every
/// scanned module.
fn terraform_inputs(
    config: Option<&Config>,
    input: &InputArgs,
) -> Result<sqsguard::config::TerraformInputs> {
    use sqsguard::config::InputValue;
    let mut inputs = config.map(Config::terraform).unwrap_or_default();
    // Variable files (the configuration's, then `--var-file`, in order) win over the
    // configuration's `vars`; `--var` wins over both.
    let files: Vec<PathBuf> = inputs
        .var_files
        .iter()
        .chain(&input.var_files)
        .cloned()
        .collect();
    let mut from_files = std::collections::BTreeMap::new();
    for path in files {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read variable file {}", path.display()))?;
        let values = sqsguard::frontend::terraform::variable_file(&text)
            .map_err(|message| anyhow::anyhow!("{}: {message}", path.display()))?;
        from_files.extend(values);
    }
    for (name, value) in from_files {
        inputs.vars.insert(name, InputValue::String(value));
    }
    for (key, value) in std::env::vars() {
        if let Some(name) = key.strip_prefix("TF_VAR_").filter(|name| !name.is_empty()) {
            inputs.environment.insert(name.to_string(), value);
        }
    }
    for (name, value) in &input.vars {
        inputs
            .vars
            .insert(name.clone(), InputValue::String(value.clone()));
    }
    Ok(inputs)
}
