//! The `sqsguard` binary: parse the command line, call the library, map the outcome to an
//! exit status (1 findings at or above `--fail-on`, 2 unreadable files or usage errors, else 0).

mod cli;

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use cli::{Cli, Command, ScanArgs};
use sqsguard::report::{self, ReportInput, slash_path};
use sqsguard::{RuleSet, ScanOptions, Selection};

const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Scan(args) => scan(&args),
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

fn scan(args: &ScanArgs) -> Result<u8> {
    let rule_set = RuleSet::load(&args.rules)?;
    let active = rule_set.select(&Selection {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
    })?;
    let options = ScanOptions {
        roots: args.paths.clone(),
        excludes: args.exclude.clone(),
        jobs: args.jobs.map(usize::from),
    };
    let result = sqsguard::scan(&options, &active)?;
    let cwd = std::env::current_dir().context("cannot read the working directory")?;

    for error in &result.errors {
        eprintln!("sqsguard: error: {error}");
    }
    for skipped in result.skipped.iter().filter(|skipped| skipped.notable) {
        eprintln!(
            "sqsguard: note: {}: skipped: {}",
            slash_path(&skipped.path),
            skipped.reason
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
    };
    let rendered = report::render(args.format.into(), &input);
    if let Some(path) = &args.output {
        std::fs::write(path, rendered)
            .with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(rendered.as_bytes())?;
        stdout.flush()?;
    }

    let failing = args.fail_on.threshold().is_some_and(|threshold| {
        result
            .findings
            .iter()
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
