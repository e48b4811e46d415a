//! The engine: units in parallel (rayon) → front-end → model → rules → sorted findings.
//!
//! A unit is what must be read together: a Terraform module directory, or one template file.
//! Each unit's sources are dropped once its findings are made, so memory stays bounded by the
//! largest unit, not the repository.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use crate::config::{CloudFormationInputs, TerraformInputs};
use crate::discover::{self, Candidate, FileKind};
use crate::finding::{self, Finding};
use crate::frontend::cloudformation::template::Branch;
use crate::frontend::cloudformation::{self, Syntax};
use crate::frontend::{FileError, limits, plan, plan_source, terraform};
use crate::model::fields::for_each_subject;
use crate::model::{FileId, Model};
use crate::redact::redact;
use crate::rules::Rule;
use crate::rules::matcher::{self, Truth};
use crate::source::{SourceFile, Span};
use crate::suppress::{self, Date, Site, Suppressor, Warning};

/// Stack of each worker thread.
const WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

/// What to scan.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    pub roots: Vec<PathBuf>,
    pub excludes: Vec<String>,
    /// Worker threads; `None` uses one per core.
    pub jobs: Option<usize>,
    /// Ignore every inline suppression: comments and CloudFormation `Metadata`
    /// (`--no-inline-suppressions`).
    pub no_inline_suppressions: bool,
    /// The day suppression expiries compare with; `None` reads the system clock (UTC).
    pub today: Option<Date>,
    /// 12-digit AWS account ids the configuration trusts (SQS204 runs only when this is set).
    pub trusted_accounts: Option<Vec<String>>,
    /// Terraform variable inputs from the configuration (not read by the front-end yet).
    pub terraform: TerraformInputs,
    /// CloudFormation parameter values from the configuration (not read by the front-end yet).
    pub cloudformation: CloudFormationInputs,
    /// The root module directory every scanned plan was made from (`--plan-source`); `None`
    /// looks for it next to each plan (see [`plan_source`](crate::frontend::plan_source)).
    pub plan_source: Option<PathBuf>,
}

/// A problem with the options themselves (a usage error).
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Exclude(#[from] discover::ExcludeError),
    #[error("cannot start {jobs} worker threads: {message}")]
    Threads { jobs: usize, message: String },
    #[error("cannot read the working directory: {0}")]
    WorkingDirectory(std::io::Error),
    #[error("--plan-source {path}: {message}", path = .path.display())]
    PlanSource { path: PathBuf, message: String },
}

/// Why a file was read but not scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
    /// Worth telling the user about (an empty or unsupported IaC file), not just "not IaC".
    pub notable: bool,
}

/// Everything a scan found, sorted.
#[derive(Debug, Clone, Default)]
pub struct ScanResult {
    /// Every finding, suppressed ones included (see [`Finding::suppression`]).
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
    /// Suppressions that suppress nothing because they are malformed, lack a reason, or expired.
    pub warnings: Vec<Warning>,
    pub skipped: Vec<Skipped>,
    pub scanned_files: usize,
}

impl ScanResult {
    /// Whether every discovered file was read (and parsed where it was IaC).
    #[must_use]
    pub fn all_files_read(&self) -> bool {
        self.errors.is_empty()
    }

    /// The findings not suppressed: what the exit status and the text list count.
    pub fn open_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|finding| finding.is_open())
    }

    /// How many findings are suppressed (inline or by the baseline).
    #[must_use]
    pub fn suppressed_count(&self) -> usize {
        self.findings.len() - self.open_findings().count()
    }
}

/// The cheap check before any parse: does a text mention anything the model reads?
struct Prefilter {
    terraform: Tokens,
    cloudformation: Tokens,
}

/// A set of literal tokens searched for at once. The SIMD searcher (Teddy) where the CPU has
/// it: an automaton over `aws_`-heavy text keeps stopping on false starts and was three
/// times slower on the benchmark corpus.
struct Tokens {
    packed: Option<aho_corasick::packed::Searcher>,
    automaton: AhoCorasick,
}

impl Tokens {
    fn new(tokens: &[&str]) -> Self {
        Tokens {
            packed: aho_corasick::packed::Searcher::new(tokens.iter()),
            // The token lists are a few constant literals: building an automaton from them
            // cannot fail, so this is not input-dependent.
            automaton: AhoCorasick::new(tokens)
                .expect("a few literal tokens always build an automaton"),
        }
    }

    fn is_match(&self, bytes: &[u8]) -> bool {
        match &self.packed {
            Some(packed) => packed.find(bytes).is_some(),
            None => self.automaton.is_match(bytes),
        }
    }
}

impl Prefilter {
    fn terraform_relevant(&self, bytes: &[u8]) -> bool {
        self.terraform.is_match(bytes)
            || terraform::calls_local_module(bytes)
            || has_credential_shape(bytes)
    }

    fn cloudformation_relevant(&self, bytes: &[u8]) -> bool {
        self.cloudformation.is_match(bytes) || has_credential_shape(bytes)
    }

    fn new() -> Self {
        Prefilter {
            terraform: Tokens::new(terraform::RELEVANT_TOKENS),
            cloudformation: Tokens::new(cloudformation::RELEVANT_TOKENS),
        }
    }
}

/// A literal credential may be written in the text (SQS401 looks at every string, whatever
/// resources the file declares).
fn has_credential_shape(bytes: &[u8]) -> bool {
    // UTF-8 is checked only for the rare text with a candidate.
    crate::redact::has_secret_shape(bytes) && std::str::from_utf8(bytes).is_ok()
}

/// The Terraform front-end's notes as warnings at their file and line.
fn terraform_warnings<'a>(
    files: &'a [SourceFile],
    warnings: &'a [(crate::model::Location, String)],
) -> impl Iterator<Item = Warning> + 'a {
    warnings.iter().filter_map(|(at, message)| {
        let file = files.get(at.file as usize)?;
        Some(Warning {
            path: file.path.clone(),
            line: file.position(at.span.start).line,
            message: message.clone(),
        })
    })
}

/// Whether a text may declare a module call.
fn mentions_module(bytes: &[u8]) -> bool {
    bytes
        .windows(b"module".len())
        .any(|window| window == b"module")
}

/// Why a file that the prefilter rules out is skipped.
const NOTHING_MODELLED: &str = "mentions no resource type sqsguard models";

enum Unit {
    /// All `.tf` files of one directory.
    TerraformModule(Vec<PathBuf>),
    Single(Candidate),
}

#[derive(Default)]
struct UnitResult {
    /// A Terraform module directory (normalised): its findings are dropped when another
    /// scanned configuration instantiates it (they are reported from there, with the
    /// caller's arguments).
    module_dir: Option<PathBuf>,
    /// The local module directories this unit's configuration instantiates.
    called: std::collections::BTreeSet<PathBuf>,
    /// A plan mapped onto its configuration: that configuration's directory (as its own unit
    /// names it) and the blocks whose findings the plan reports in its stead.
    plan_of: Option<(PathBuf, std::collections::BTreeSet<String>)>,
    findings: Vec<Finding>,
    errors: Vec<FileError>,
    warnings: Vec<Warning>,
    skipped: Vec<Skipped>,
    scanned_files: usize,
}

/// Scan the roots with the given rules.
///
/// # Errors
/// Only for bad options; unreadable or invalid files are reported in the result.
pub fn scan(options: &ScanOptions, rules: &[&Rule]) -> Result<ScanResult, ScanError> {
    let cwd = std::env::current_dir().map_err(ScanError::WorkingDirectory)?;
    let excluded = discover::excludes(&options.excludes)?;
    let roots = if options.roots.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.roots.clone()
    };
    if let Some(dir) = &options.plan_source {
        check_plan_source(dir)?;
    }
    let walk = discover::walk(&roots, &excluded, &cwd);
    let units = group_units(walk.candidates);
    let terraform_units = units
        .iter()
        .filter_map(|unit| match unit {
            Unit::TerraformModule(paths) => {
                let dir = terraform::normalize(paths.first()?.parent()?);
                Some((absolute(&cwd, &dir), (dir, paths.clone())))
            }
            Unit::Single(_) => None,
        })
        .collect();
    let context = Context {
        rules,
        prefilter: Prefilter::new(),
        suppressions: suppress::Settings {
            inline: !options.no_inline_suppressions,
            today: options.today.unwrap_or_else(Date::today),
        },
        trusted_accounts: options.trusted_accounts.clone(),
        parameters: options
            .cloudformation
            .parameters
            .iter()
            .map(|(name, value)| (name.clone(), value.as_parameter_text()))
            .collect(),
        variables: options
            .terraform
            .vars
            .iter()
            .filter_map(|(name, value)| Some((name.clone(), value.as_scalar_text()?)))
            .collect(),
        environment: options.terraform.environment.clone(),
        // A named plan source is read like a scanned path.
        module_roots: roots
            .iter()
            .chain(&options.plan_source)
            .map(|root| {
                let root = absolute(&cwd, root);
                if root.is_file() {
                    root.parent().map(Path::to_path_buf).unwrap_or(root)
                } else {
                    root
                }
            })
            .collect(),
        plan_source: options.plan_source.clone(),
        terraform_units,
        cwd: cwd.clone(),
    };

    let run = || -> Vec<UnitResult> {
        units
            .par_iter()
            .map(|unit| scan_unit(unit, &context))
            .collect()
    };
    // Parsers recurse per nesting level; their limits are sized for this stack, not for the
    // 2 MiB rayon gives its workers by default (too small for debug builds).
    let jobs = options.jobs.unwrap_or(0);
    let mut results = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(WORKER_STACK_BYTES)
        .build()
        .map_err(|error| ScanError::Threads {
            jobs,
            message: error.to_string(),
        })?
        .install(run);

    let mut result = ScanResult {
        errors: walk.errors,
        skipped: walk
            .refused
            .into_iter()
            .map(|(path, reason)| Skipped {
                path,
                reason,
                notable: true,
            })
            .collect(),
        ..ScanResult::default()
    };
    // A configuration's resources that a plan of it reports are reported from the plan.
    let mut planned: BTreeMap<PathBuf, std::collections::BTreeSet<String>> = BTreeMap::new();
    for unit in &mut results {
        if let Some((dir, blocks)) = unit.plan_of.take() {
            planned.entry(dir).or_default().extend(blocks);
        }
    }
    // Modules instantiated from a root (a configuration no other scanned one calls) report
    // through it. In a cycle of calls there is no root, and every module reports itself.
    let called_at_all: std::collections::BTreeSet<&PathBuf> =
        results.iter().flat_map(|unit| unit.called.iter()).collect();
    let called: std::collections::BTreeSet<PathBuf> = results
        .iter()
        .filter(|unit| {
            unit.module_dir
                .as_ref()
                .is_none_or(|dir| !called_at_all.contains(dir))
        })
        .flat_map(|unit| unit.called.iter().cloned())
        .collect();
    for unit in results {
        let instantiated = unit
            .module_dir
            .as_ref()
            .is_some_and(|dir| called.contains(dir));
        if !instantiated {
            let blocks = unit.module_dir.as_ref().and_then(|dir| planned.get(dir));
            result
                .findings
                .extend(unit.findings.into_iter().filter(|finding| {
                    blocks.is_none_or(|blocks| {
                        !blocks.contains(&plan_source::configuration_address(&finding.address))
                    })
                }));
        }
        result.errors.extend(unit.errors);
        result.warnings.extend(unit.warnings);
        result.skipped.extend(unit.skipped);
        result.scanned_files += unit.scanned_files;
    }
    result
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    result.findings.dedup();
    result.findings = one_per_cause(std::mem::take(&mut result.findings));
    result
        .errors
        .sort_by(|a, b| (a.path(), a.line(), a.message()).cmp(&(b.path(), b.line(), b.message())));
    // A called module's file fails both in its own directory and in each caller.
    result.errors.dedup();
    result.warnings.sort();
    result.warnings.dedup();
    result.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(result)
}

/// Instances of one configuration (`count`, `for_each`, a module called twice) that break a
/// rule because of the same written value give one finding there, naming the other
/// instances, not one annotation per instance on the same line. `findings` are sorted.
fn one_per_cause(mut findings: Vec<Finding>) -> Vec<Finding> {
    /// Addresses named in a merged message before "and N more".
    const NAMED: usize = 3;
    let mut others: Vec<String> = Vec::new();
    let finish = |finding: &mut Finding, others: &mut Vec<String>| {
        if others.is_empty() {
            return;
        }
        let named: Vec<String> = others
            .iter()
            .take(NAMED)
            .map(|a| format!("`{a}`"))
            .collect();
        let more = others.len().saturating_sub(NAMED);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        finding.message = format!(
            "{} (also instances {}{tail})",
            finding.message,
            named.join(", ")
        );
        others.clear();
    };
    // In place: `findings[..kept]` are the findings kept so far (a scan of many findings
    // does not hold a second list of them).
    let mut kept = 0;
    for index in 0..findings.len() {
        if kept > 0 {
            let (done, rest) = findings.split_at_mut(index);
            let (last, finding) = (&mut done[kept - 1], &mut rest[0]);
            if last.rule_id == finding.rule_id
                && last.path == finding.path
                && last.region == finding.region
            {
                if last.address != finding.address && !others.contains(&finding.address) {
                    others.push(std::mem::take(&mut finding.address));
                }
                continue;
            }
            finish(last, &mut others);
        }
        findings.swap(kept, index);
        kept += 1;
    }
    if let Some(last) = kept.checked_sub(1).and_then(|last| findings.get_mut(last)) {
        finish(last, &mut others);
    }
    findings.truncate(kept);
    findings
}

fn group_units(candidates: Vec<Candidate>) -> Vec<Unit> {
    let mut modules: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut units = Vec::new();
    for candidate in candidates {
        if matches!(
            candidate.kind,
            FileKind::Terraform | FileKind::TerraformJson | FileKind::TerraformVars
        ) {
            let dir = candidate
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            modules.entry(dir).or_default().push(candidate.path);
        } else {
            units.push(Unit::Single(candidate));
        }
    }
    units.extend(modules.into_values().map(Unit::TerraformModule));
    units
}

/// Read a file once, refusing what no front-end should see (too large, binary).
fn read_bytes(path: &Path) -> Result<Vec<u8>, FileError> {
    let unreadable = |message: String| FileError::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|error| unreadable(error.to_string()))?;
    let expected = file.metadata().map_or(0, |metadata| metadata.len());
    if expected > limits::MAX_FILE_BYTES {
        return Err(unreadable(format!(
            "larger than {} MiB, not scanned",
            limits::MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0).saturating_add(1));
    // Read at most one byte past the limit: a file growing while read is still refused.
    file.take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| unreadable(error.to_string()))?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(unreadable(format!(
            "larger than {} MiB, not scanned",
            limits::MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(unreadable(
            "binary file (contains NUL bytes), not scanned".to_string(),
        ));
    }
    Ok(bytes)
}

/// Bytes → text, without copying: a UTF-8 byte-order mark is dropped, invalid UTF-8 refused.
fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<SourceFile, FileError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let line = error.as_bytes()[..offset].split(|&b| b == b'\n').count();
        FileError::Syntax {
            path: path.to_path_buf(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: 1,
            message: "not valid UTF-8".to_string(),
        }
    })?;
    Ok(SourceFile::new(path.to_path_buf(), text))
}

/// What every unit is scanned with.
struct Context<'r> {
    rules: &'r [&'r Rule],
    prefilter: Prefilter,
    suppressions: suppress::Settings,
    trusted_accounts: Option<Vec<String>>,
    /// CloudFormation parameter values given for the scan.
    parameters: std::collections::BTreeMap<String, String>,
    /// Terraform variable values given for the scan (scalars; lists and maps stay unknown).
    variables: std::collections::BTreeMap<String, String>,
    /// `TF_VAR_…` values, below tfvars files.
    environment: std::collections::BTreeMap<String, String>,
    /// The scanned directories (absolute, normalised): module calls and `file()` stay inside.
    module_roots: Vec<PathBuf>,
    cwd: PathBuf,
    /// `--plan-source`.
    plan_source: Option<PathBuf>,
    /// Every scanned Terraform module directory (absolute, normalised) → the directory as its
    /// unit names it, and its files: where a plan's configuration is looked for.
    terraform_units: std::collections::HashMap<PathBuf, (PathBuf, Vec<PathBuf>)>,
}

/// `path` made absolute against `cwd` and normalised lexically.
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    terraform::normalize(&cwd.join(path))
}

/// Reads called modules and `file()` arguments for the Terraform front-end: only inside the
/// scanned roots, never through a symbolic link, with the walker's size and content limits.
struct ConfinedReader<'c> {
    context: &'c Context<'c>,
}

impl ConfinedReader<'_> {
    fn confined(&self, path: &Path) -> Result<(), String> {
        let full = absolute(&self.context.cwd, path);
        if !self
            .context
            .module_roots
            .iter()
            .any(|root| full.starts_with(root))
        {
            return Err(format!("{} is outside the scanned paths", path.display()));
        }
        // No component between the root and the path may be a symbolic link.
        let mut current = full.as_path();
        while let Some(parent) = current.parent() {
            if self.context.module_roots.iter().any(|root| root == current) {
                break;
            }
            if std::fs::symlink_metadata(current).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(format!(
                    "{} is a symbolic link, not followed",
                    current.display()
                ));
            }
            current = parent;
        }
        Ok(())
    }

    fn read(path: &Path) -> Result<SourceFile, String> {
        read_bytes(path)
            .and_then(|bytes| decode(path, bytes))
            .map_err(|error| error.to_string())
    }
}

impl terraform::Reader for ConfinedReader<'_> {
    fn module_files(&self, dir: &Path) -> Result<Vec<SourceFile>, String> {
        self.confined(dir)?;
        let paths = terraform_files_in(dir, false)
            .map_err(|error| format!("{}: {error}", dir.display()))?;
        paths.iter().map(|path| Self::read(path)).collect()
    }

    fn file(&self, path: &Path) -> Option<SourceFile> {
        self.confined(path).ok()?;
        let metadata = std::fs::symlink_metadata(path).ok()?;
        if !metadata.file_type().is_file() {
            return None;
        }
        Self::read(path).ok()
    }
}

fn scan_unit(unit: &Unit, context: &Context<'_>) -> UnitResult {
    let mut result = UnitResult::default();
    match unit {
        Unit::TerraformModule(paths) => {
            let mut raw = Vec::with_capacity(paths.len());
            for path in paths {
                match read_bytes(path) {
                    Ok(bytes) => raw.push((path, bytes)),
                    Err(error) => result.errors.push(error),
                }
            }
            // A module none of whose files mentions a modelled resource (or holds a
            // credential-shaped string) has nothing to find and is not parsed. Otherwise every
            // file of it is: a policy document, a security group or a variable may sit in a
            // file of its own.
            // A module initialised by `terraform init` may call registry modules that hold
            // queues: its manifest is checked with one `stat`.
            let initialised = || {
                paths
                    .first()
                    .and_then(|path| path.parent())
                    .is_some_and(|dir| dir.join(".terraform/modules/modules.json").is_file())
                    && raw.iter().any(|(_, bytes)| mentions_module(bytes))
            };
            if !raw
                .iter()
                .any(|(_, bytes)| context.prefilter.terraform_relevant(bytes))
                && !initialised()
            {
                result
                    .skipped
                    .extend(raw.into_iter().map(|(path, _)| Skipped {
                        path: path.clone(),
                        reason: NOTHING_MODELLED.to_string(),
                        notable: false,
                    }));
                return result;
            }
            let mut files = Vec::new();
            for (path, bytes) in raw {
                match decode(path, bytes) {
                    Ok(file) => files.push(file),
                    Err(error) => result.errors.push(error),
                }
            }
            if files.is_empty() {
                return result;
            }
            let own: Vec<PathBuf> = files.iter().map(|file| file.path.clone()).collect();
            result.module_dir = own
                .first()
                .and_then(|path| path.parent())
                .map(terraform::normalize);
            let loaded = terraform::load_configuration(
                files,
                &ConfinedReader { context },
                terraform::Inputs {
                    environment: Some(&context.environment),
                    given: Some(&context.variables),
                },
            );
            let mut model = loaded.model;
            model.trusted_accounts.clone_from(&context.trusted_accounts);
            let failed = loaded
                .errors
                .iter()
                .filter(|error| own.iter().any(|path| path == error.path()))
                .count();
            result.scanned_files += own.len() - failed.min(own.len());
            result.errors.extend(loaded.errors);
            result.called = loaded.called;
            result
                .warnings
                .extend(terraform_warnings(&loaded.files, &loaded.warnings));
            evaluate(&model, &loaded.files, context, &mut result);
        }
        Unit::Single(candidate) => scan_single(candidate, context, &mut result),
    }
    result
}

fn scan_single(candidate: &Candidate, context: &Context<'_>, result: &mut UnitResult) {
    let path = &candidate.path;
    let skip = |reason: &str, notable: bool| Skipped {
        path: path.clone(),
        reason: reason.to_string(),
        notable,
    };
    let bytes = match read_bytes(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            result.errors.push(error);
            return;
        }
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        result.skipped.push(skip("empty file", true));
        return;
    }
    let json = match candidate.kind {
        FileKind::Json => true,
        FileKind::Template => bytes.trim_ascii_start().starts_with(b"{"),
        _ => false,
    };
    if json && is_terraform_plan(&bytes) {
        scan_plan(path, bytes, context, result);
        return;
    }
    if !context.prefilter.cloudformation_relevant(&bytes) {
        // Whatever the file is, it declares nothing the model reads.
        result.skipped.push(skip(NOTHING_MODELLED, false));
        return;
    }
    let file = match decode(path, bytes) {
        Ok(file) => file,
        Err(error) => {
            result.errors.push(error);
            return;
        }
    };
    let syntax = if json { Syntax::Json } else { Syntax::Yaml };
    if !cloudformation::may_be_template(&file.text) {
        result
            .skipped
            .push(skip("not a CloudFormation template", false));
        return;
    }
    match cloudformation::load(&file, 0, syntax, &context.parameters) {
        Ok(Some(template)) => {
            result.scanned_files += 1;
            result.warnings.extend(
                template
                    .warnings
                    .into_iter()
                    .map(|(span, message)| Warning {
                        path: file.path.clone(),
                        line: file.position(span.start).line,
                        message,
                    }),
            );
            evaluate_branches(template.branches, &file, context, result);
        }
        Ok(None) => result
            .skipped
            .push(skip("not a CloudFormation template", false)),
        Err(error) => result.errors.push(error),
    }
}

/// The condition values one explored branch assumed.
type Assumed = Vec<(String, bool)>;

/// What makes two branches' findings the same finding.
#[derive(PartialEq, Eq, Hash)]
struct FindingKey {
    rule: String,
    address: String,
    region: crate::source::Region,
    message: String,
}

impl FindingKey {
    fn of(finding: &Finding) -> Self {
        FindingKey {
            rule: finding.rule_id.clone(),
            address: finding.address.clone(),
            region: finding.region,
            message: finding.message.clone(),
        }
    }
}

/// A Terraform plan (or state) as JSON: one model of what is about to exist, mapped onto the
/// configuration it was made from when that is at hand (see `plan_source`).
fn scan_plan(path: &Path, bytes: Vec<u8>, context: &Context<'_>, result: &mut UnitResult) {
    let mut file = match decode(path, bytes) {
        Ok(file) => file,
        Err(error) => {
            result.errors.push(error);
            return;
        }
    };
    let source = find_plan_source(path, context);
    let loaded = source.as_ref().map(|source| source.load(context, result));
    // The plan's locations follow the configuration's files.
    let plan_file = loaded.as_ref().map_or(0, |loaded| {
        FileId::try_from(loaded.files.len()).unwrap_or(FileId::MAX)
    });
    // A large plan lets go of its text once read (see `plan::read_detaching`).
    let large = file.text.len() >= plan::DETACH_FROM_BYTES;
    let plan = match large.then(|| std::fs::File::open(path).ok()).flatten() {
        Some(disk) => plan::read_detaching(&mut file, plan_file, plan::DETACH_FROM_BYTES, disk),
        None => plan::read(&file, plan_file),
    };
    // What the plan reader noticed but read as unknown (a format version it does not know,
    // values of unexpected types) is a note at its line.
    let note = |warnings: Vec<(crate::source::Span, String)>, result: &mut UnitResult| {
        result
            .warnings
            .extend(warnings.into_iter().map(|(span, message)| Warning {
                path: file.path.clone(),
                line: file.position(span.start).line,
                message,
            }));
    };
    let (Some(source), Some(loaded)) = (source, loaded) else {
        match plan {
            Ok(plan) => {
                let mut model = plan.model;
                note(plan.warnings, result);
                model.trusted_accounts.clone_from(&context.trusted_accounts);
                result.scanned_files += 1;
                evaluate(&model, std::slice::from_ref(&file), context, result);
            }
            Err(error) => result.errors.push(error),
        }
        return;
    };
    let mut model = match plan {
        Ok(plan) => {
            note(plan.warnings, result);
            plan.model
        }
        Err(error) => {
            result.errors.push(error);
            return;
        }
    };
    result.scanned_files += 1;
    let mut files = loaded.files;
    match plan_source::relation(&model, &loaded.declared) {
        Ok(()) => {
            let mapped = plan_source::map(model, &loaded.model, &loaded.declared);
            model = mapped.model;
            result.plan_of = Some((source.dir, mapped.covered));
        }
        Err(unrelated) => {
            // Next to a plan, other Terraform is no surprise; a named source that is not the
            // plan's is worth saying.
            if source.named {
                result.warnings.push(Warning {
                    path: file.path.clone(),
                    line: 1,
                    message: format!(
                        "not mapped onto `{}`: {unrelated}; findings point into the plan",
                        crate::report::slash_path(&source.dir)
                    ),
                });
            }
            // No finding points into the configuration: its text is not needed, and its
            // suppression comments are its own scan's business.
            for file in &mut files {
                *file = SourceFile::new(file.path.clone(), String::new());
            }
        }
    }
    model.trusted_accounts.clone_from(&context.trusted_accounts);
    files.push(file);
    evaluate(&model, &files, context, result);
}

/// The configuration a plan was made from, as the Terraform front-end reads it.
struct PlanSource {
    /// As the configuration's own unit names it (when it is scanned).
    dir: PathBuf,
    /// Its `.tf` and variable files.
    files: Vec<PathBuf>,
    /// Named by `--plan-source`, not found next to the plan.
    named: bool,
}

impl PlanSource {
    /// Read and evaluate the configuration as its own unit does; problems with it are
    /// reported (the same ones its own unit reports are merged away).
    fn load(&self, context: &Context<'_>, result: &mut UnitResult) -> terraform::Loaded {
        let mut files = Vec::with_capacity(self.files.len());
        for path in &self.files {
            match read_bytes(path).and_then(|bytes| decode(path, bytes)) {
                Ok(file) => files.push(file),
                Err(error) => result.errors.push(error),
            }
        }
        let loaded = terraform::load_configuration(
            files,
            &ConfinedReader { context },
            terraform::Inputs {
                environment: Some(&context.environment),
                given: Some(&context.variables),
            },
        );
        result.errors.extend(loaded.errors.iter().cloned());
        result
            .warnings
            .extend(terraform_warnings(&loaded.files, &loaded.warnings));
        loaded
    }
}

/// `--plan-source`, or else the scanned Terraform module directory nearest above the plan
/// (its own directory first). Only scanned directories count: a plan scanned without its
/// configuration is reported in the plan file.
fn find_plan_source(plan: &Path, context: &Context<'_>) -> Option<PlanSource> {
    if let Some(named) = &context.plan_source {
        if let Some((dir, files)) = context.terraform_units.get(&absolute(&context.cwd, named)) {
            return Some(PlanSource {
                dir: dir.clone(),
                files: files.clone(),
                named: true,
            });
        }
        return Some(PlanSource {
            dir: terraform::normalize(named),
            files: root_module_files(named),
            named: true,
        });
    }
    let plan = absolute(&context.cwd, plan);
    plan.ancestors().skip(1).find_map(|dir| {
        let (dir, files) = context.terraform_units.get(dir)?;
        Some(PlanSource {
            dir: dir.clone(),
            files: files.clone(),
            named: false,
        })
    })
}

/// The files of a root module directory that is not scanned itself: its `.tf` and `.tf.json`
/// files and the variable files Terraform reads by itself, in name order (as its own unit
/// would group them); symbolic links are not followed.
fn root_module_files(dir: &Path) -> Vec<PathBuf> {
    terraform_files_in(dir, true).unwrap_or_default()
}

/// The Terraform files of one directory in name order (`.tf`, `.tf.json`, and with
/// `variables` the tfvars files); symbolic links are not followed.
fn terraform_files_in(dir: &Path, variables: bool) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .map(|entry| entry.path())
        .filter(|path| match discover::classify(path) {
            Some(FileKind::Terraform | FileKind::TerraformJson) => true,
            Some(FileKind::TerraformVars) => variables,
            _ => false,
        })
        .collect();
    files.sort();
    Ok(files)
}

/// `--plan-source` must name a directory (not through a symbolic link, which the scan never
/// follows).
fn check_plan_source(dir: &Path) -> Result<(), ScanError> {
    let refuse = |message: &str| ScanError::PlanSource {
        path: dir.to_path_buf(),
        message: message.to_string(),
    };
    match std::fs::symlink_metadata(dir) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            Err(refuse("is a symbolic link, not followed"))
        }
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Ok(_) => Err(refuse("is not a directory")),
        Err(error) => Err(refuse(&error.to_string())),
    }
}

/// Evaluate every explored branch of a template. A finding that holds in every branch is
/// reported as is; one that holds in some only says in which (`when condition `X` is true`).
fn evaluate_branches(
    branches: Vec<Branch>,
    file: &SourceFile,
    context: &Context<'_>,
    result: &mut UnitResult,
) {
    let total = branches.len();
    // Findings in first-seen order, indexed by what identifies them across branches.
    let mut merged: Vec<(Finding, Vec<Assumed>)> = Vec::new();
    let mut index_of: std::collections::HashMap<FindingKey, usize> =
        std::collections::HashMap::new();
    for (index, mut branch) in branches.into_iter().enumerate() {
        branch
            .model
            .trusted_accounts
            .clone_from(&context.trusted_accounts);
        let mut one = UnitResult::default();
        evaluate(&branch.model, std::slice::from_ref(file), context, &mut one);
        // Warnings about suppressions do not depend on the branch: keep the first's.
        if index == 0 {
            result.warnings.extend(one.warnings);
        }
        for finding in one.findings {
            let key = FindingKey::of(&finding);
            if let Some(&at) = index_of.get(&key) {
                merged[at].1.push(branch.assumed.clone());
            } else {
                index_of.insert(key, merged.len());
                merged.push((finding, vec![branch.assumed.clone()]));
            }
        }
    }
    for (mut finding, holds_in) in merged {
        if holds_in.len() < total {
            finding.message = format!("{} ({})", finding.message, describe_branches(&holds_in));
        }
        result.findings.push(finding);
    }
}

/// "when condition `IsPublic` is true", or several such clauses joined by "or"; a condition
/// with the same value in every listed branch is named alone.
fn describe_branches(branches: &[Assumed]) -> String {
    if let Some(first) = branches.first() {
        let common: Vec<&(String, bool)> = first
            .iter()
            .filter(|pair| branches.iter().all(|branch| branch.contains(pair)))
            .collect();
        if !common.is_empty() {
            return format!("when {}", conditions_text(common.into_iter()));
        }
    }
    let clauses: Vec<String> = branches
        .iter()
        .map(|branch| conditions_text(branch.iter()))
        .collect();
    format!("when {}", clauses.join(", or when "))
}

fn conditions_text<'a>(pairs: impl Iterator<Item = &'a (String, bool)>) -> String {
    pairs
        .map(|(name, value)| format!("condition `{name}` is {value}"))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// `terraform show -json` output: a top-level `format_version` with planned or state values.
fn is_terraform_plan(bytes: &[u8]) -> bool {
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|window| window == needle);
    let head = &bytes[..bytes.len().min(4096)];
    head.windows(16)
        .any(|window| window == b"\"format_version\"")
        && (contains(b"\"planned_values\"")
            || contains(b"\"resource_changes\"")
            || contains(b"\"root_module\""))
}

/// Run every rule over a unit's model, deciding each finding's inline suppression while the
/// unit's sources are at hand.
fn evaluate(model: &Model, files: &[SourceFile], context: &Context<'_>, out: &mut UnitResult) {
    let suppressor = Suppressor::new(files, context.suppressions);
    out.warnings
        .extend(suppressor.warnings(model.metadata_suppressions()));
    // Subjects outside, rules inside: a policy statement is analysed once for all its rules.
    let mut collections: Vec<&str> = context
        .rules
        .iter()
        .map(|rule| rule.collection.name)
        .collect();
    collections.sort_unstable();
    collections.dedup();
    for collection in collections {
        let rules: Vec<&Rule> = (context.rules.iter())
            .filter(|rule| rule.collection.name == collection)
            .copied()
            .collect();
        let Some(first) = rules.first() else {
            continue;
        };
        for_each_subject(model, first.collection, |subject| {
            for rule in &rules {
                if matcher::evaluate(&rule.condition, subject, model) != Truth::True {
                    continue;
                }
                let (at, field) = matcher::locate(rule, subject, model);
                let Some(file) = files.get(at.file as usize) else {
                    continue;
                };
                let region = file.region(at.span);
                let (source_line, source_line_offset) = if file.is_detached() {
                    // Only the window is read back (a large plan is one long line).
                    let (line_start, line_end) = file.line_bounds(region.start.line);
                    let (first, last) =
                        finding::ascii_line_window(line_end - line_start, region.start.column);
                    let window = file.read(Span::new(line_start + first, line_start + last));
                    (
                        window.into_owned(),
                        u32::try_from(first).unwrap_or(u32::MAX),
                    )
                } else {
                    finding::line_window(
                        file.line_text(region.start.line),
                        region.start.column,
                        file.is_ascii(),
                    )
                };
                let snippet = finding::normalise_snippet(&file.read(at.span));
                let (resource_header, metadata) = subject.resource();
                let mut headers = vec![subject.header(), resource_header];
                headers.dedup();
                let site = Site {
                    finding: at,
                    headers,
                    metadata,
                };
                out.findings.push(Finding {
                    rule_id: rule.id.clone(),
                    rule_name: rule.name.clone(),
                    severity: rule.severity,
                    message: redact(&matcher::render_message(rule, subject, model)).into_owned(),
                    address: subject.address().to_string(),
                    path: file.path.clone(),
                    region,
                    source_line: redact(&source_line).into_owned(),
                    source_line_offset,
                    fingerprint: finding::fingerprint(&[
                        &rule.id,
                        subject.address(),
                        field.unwrap_or(""),
                        &snippet,
                    ]),
                    suppression: suppressor.find(rule, &site),
                    related: field
                        .and_then(|name| subject.consumer(name))
                        .filter(|consumer| *consumer != at)
                        .and_then(|consumer| {
                            let consumer_file = files.get(consumer.file as usize)?;
                            Some(finding::Related {
                                path: consumer_file.path.clone(),
                                region: consumer_file.region(consumer.span),
                            })
                        }),
                });
            }
        });
    }
}
