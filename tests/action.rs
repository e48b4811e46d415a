//! The GitHub Action (`action.yml` and its scripts in `scripts/action/`), the dogfood workflow
//! and the pre-commit hooks, tested without GitHub.
//!
//! A small runner simulation reads `action.yml`, takes each `run:` step as written, evaluates
//! the step's `env:` (only `${{ inputs.NAME }}` and `${{ steps.ID.outputs.NAME }}` occur there)
//! from the simulated inputs and earlier steps' outputs, and runs the script the way GitHub runs
//! a `shell: bash` step (`bash --noprofile --norc -eo pipefail FILE`) with `GITHUB_OUTPUT`,
//! `GITHUB_STEP_SUMMARY`, `GITHUB_ACTION_PATH`, `RUNNER_TEMP` and `HOME` pointing into a
//! temporary directory. The workspace is a temporary copy of `testdata/` (and `examples/`), and
//! the debug-built `sqsguard` is first on `PATH`. What each step produced is compared with what
//! the binary itself prints for the same scan.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Files of the repository
// ---------------------------------------------------------------------------------------------

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    fs::read_to_string(repo().join(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

fn yaml(relative: &str) -> Value {
    serde_saphyr::from_str(&read(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

fn action() -> Value {
    yaml("action.yml")
}

fn workflow_files() -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(repo().join(".github/workflows"))
        .expect(".github/workflows exists")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            Path::new(name)
                .extension()
                .is_some_and(|ext| ext == "yml" || ext == "yaml")
        })
        .map(|name| format!(".github/workflows/{name}"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no workflow in .github/workflows");
    files
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"]
        .as_array()
        .expect("runs.steps is a list")
}

/// Index and body of the step with this `id` (or, failing that, this `name`).
fn step<'a>(action: &'a Value, key: &str) -> (usize, &'a Value) {
    steps(action)
        .iter()
        .enumerate()
        .find(|(_, step)| step["id"].as_str() == Some(key))
        .or_else(|| {
            steps(action)
                .iter()
                .enumerate()
                .find(|(_, step)| step["name"].as_str() == Some(key))
        })
        .unwrap_or_else(|| panic!("action.yml has no step `{key}`"))
}

/// The step that uses `prefix…@…`.
fn step_using<'a>(action: &'a Value, prefix: &str) -> (usize, &'a Value) {
    steps(action)
        .iter()
        .enumerate()
        .find(|(_, step)| {
            step["uses"]
                .as_str()
                .is_some_and(|uses| uses.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("action.yml has no step using {prefix}"))
}

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected a string, found {value}"))
}

// ---------------------------------------------------------------------------------------------
// Workspaces
// ---------------------------------------------------------------------------------------------

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary workspace holding copies of these top-level directories of the repository.
fn workspace(dirs: &[&str]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for name in dirs {
        copy_tree(&repo().join(name), &dir.path().join(name));
    }
    dir
}

fn write(dir: &Path, relative: &str, contents: &str) -> PathBuf {
    let path = dir.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, contents).unwrap();
    path
}

fn write_executable(dir: &Path, name: &str, contents: &str) {
    let path = write(dir, name, contents);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
}

fn sqsguard_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_sqsguard"))
}

/// What the binary itself prints for `sqsguard scan ARGS` in `dir`: (status, stdout).
fn direct(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(sqsguard_bin())
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .arg("scan")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().expect("sqsguard exited"),
        String::from_utf8(output.stdout).unwrap(),
    )
}

fn direct_findings(dir: &Path, args: &[&str]) -> u64 {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (_, stdout) = direct(dir, &all);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    report["summary"]["findings"].as_u64().unwrap()
}

// ---------------------------------------------------------------------------------------------
// The runner simulation
// ---------------------------------------------------------------------------------------------

/// One simulated job running the action: its inputs, the outputs of the steps run so far, and
/// the runner's files.
struct Runner {
    action: Value,
    workspace: PathBuf,
    /// Holds `HOME`, `RUNNER_TEMP`, the job summary and each step's output file.
    files: TempDir,
    /// Directories put before the binary's directory on `PATH` (for shims).
    path_prefix: Vec<PathBuf>,
    inputs: BTreeMap<String, String>,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    steps_run: usize,
}

/// What one step did.
struct StepRun {
    status: i32,
    stdout: String,
    stderr: String,
    outputs: BTreeMap<String, String>,
}

impl StepRun {
    fn output(&self, name: &str) -> &str {
        self.outputs
            .get(name)
            .unwrap_or_else(|| panic!("the step set no output `{name}`: {:?}", self.outputs))
    }

    fn findings(&self) -> u64 {
        self.output("findings")
            .parse()
            .unwrap_or_else(|_| panic!("`findings` is not a count: {:?}", self.outputs))
    }

    fn annotations(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|line| {
                ["::error file=", "::warning file=", "::notice file="]
                    .iter()
                    .any(|prefix| line.starts_with(prefix))
            })
            .collect()
    }
}

impl Runner {
    /// A job in `workspace` with every input at its `action.yml` default.
    fn new(workspace: &Path) -> Runner {
        let action = action();
        let inputs = action["inputs"]
            .as_object()
            .expect("action.yml has inputs")
            .iter()
            .map(|(name, input)| {
                let default = input["default"].as_str().unwrap_or_default().to_string();
                (name.clone(), default)
            })
            .collect();
        let files = TempDir::new().unwrap();
        fs::create_dir_all(files.path().join("home")).unwrap();
        fs::create_dir_all(files.path().join("temp")).unwrap();
        fs::write(files.path().join("summary.md"), "").unwrap();
        Runner {
            action,
            workspace: workspace.to_path_buf(),
            files,
            path_prefix: Vec::new(),
            inputs,
            outputs: BTreeMap::new(),
            steps_run: 0,
        }
    }

    /// Sets an input, as `with:` would; it must be one `action.yml` declares.
    fn with(mut self, name: &str, value: &str) -> Runner {
        let slot = self
            .inputs
            .get_mut(name)
            .unwrap_or_else(|| panic!("action.yml declares no input `{name}`"));
        *slot = value.to_string();
        self
    }

    /// Sets the outputs of a step that is not a script (such as actions/cache).
    fn simulate_outputs(&mut self, id: &str, outputs: &[(&str, &str)]) {
        self.outputs.insert(
            id.to_string(),
            outputs
                .iter()
                .map(|(name, value)| ((*name).to_string(), (*value).to_string()))
                .collect(),
        );
    }

    fn home(&self) -> PathBuf {
        self.files.path().join("home")
    }

    fn summary(&self) -> String {
        fs::read_to_string(self.files.path().join("summary.md")).unwrap()
    }

    /// Evaluates one `env:` value of a step.
    fn evaluate(&self, value: &str) -> String {
        let Some(inner) = value
            .trim()
            .strip_prefix("${{")
            .and_then(|rest| rest.strip_suffix("}}"))
        else {
            return value.to_string();
        };
        let expression = inner.trim();
        if let Some(name) = expression.strip_prefix("inputs.") {
            return self
                .inputs
                .get(name)
                .unwrap_or_else(|| panic!("`{value}` names an undeclared input"))
                .clone();
        }
        let parts: Vec<&str> = expression.split('.').collect();
        if let ["steps", id, "outputs", name] = parts.as_slice() {
            return self
                .outputs
                .get(*id)
                .and_then(|outputs| outputs.get(*name))
                .cloned()
                .unwrap_or_default();
        }
        panic!("the simulation cannot evaluate `{value}`");
    }

    /// Runs the `run:` step with this id or name as GitHub would, and records its outputs.
    fn run(&mut self, key: &str) -> StepRun {
        let (_, step) = step(&self.action, key);
        let step = step.clone();
        assert_eq!(step["shell"], "bash", "step `{key}` runs in bash");
        let env: Vec<(String, String)> = step["env"]
            .as_object()
            .map(|env| {
                env.iter()
                    .map(|(name, value)| (name.clone(), self.evaluate(text(value))))
                    .collect()
            })
            .unwrap_or_default();
        self.run_script(key, text(&step["run"]), &env, step["id"].as_str())
    }

    fn run_script(
        &mut self,
        key: &str,
        script: &str,
        env: &[(String, String)],
        id: Option<&str>,
    ) -> StepRun {
        self.steps_run += 1;
        let step_dir = self.files.path().join(format!("step{}", self.steps_run));
        fs::create_dir_all(&step_dir).unwrap();
        let script_file = write(&step_dir, "script.sh", script);
        let output_file = write(&step_dir, "output", "");

        let mut path = self.path_prefix.clone();
        path.push(sqsguard_bin().parent().unwrap().to_path_buf());
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));

        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script_file)
            .current_dir(&self.workspace);
        // Nothing of a real runner (should the tests run on one) leaks in.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            if ["GITHUB_", "RUNNER_", "INPUT_", "SQSGUARD_"]
                .iter()
                .any(|prefix| name.starts_with(prefix))
            {
                command.env_remove(name.as_ref());
            }
        }
        command
            .env("PATH", std::env::join_paths(path).unwrap())
            .env("HOME", self.home())
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", repo())
            .env("GITHUB_WORKSPACE", &self.workspace)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_STEP_SUMMARY", self.files.path().join("summary.md"))
            .env("RUNNER_TEMP", self.files.path().join("temp"))
            .env("RUNNER_OS", "Linux")
            .env_remove("NO_COLOR")
            .envs(env.iter().map(|(name, value)| (name, value)));
        let result = command.output().unwrap();
        let outputs = parse_outputs(&fs::read_to_string(&output_file).unwrap());
        if let Some(id) = id {
            self.outputs.insert(id.to_string(), outputs.clone());
        }
        let run = StepRun {
            status: result
                .status
                .code()
                .unwrap_or_else(|| panic!("step `{key}` was killed by a signal")),
            stdout: String::from_utf8(result.stdout).unwrap(),
            stderr: String::from_utf8(result.stderr).unwrap(),
            outputs,
        };
        eprintln!(
            "--- step `{key}`: status {}\n{}{}",
            run.status, run.stdout, run.stderr
        );
        run
    }
}

/// Parses a `GITHUB_OUTPUT` file: `name=value` lines and `name<<DELIMITER` blocks.
fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    let mut outputs = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, value)) = line.split_once('=') {
            outputs.insert(name.to_string(), value.to_string());
        } else if let Some((name, delimiter)) = line.split_once("<<") {
            let mut value = Vec::new();
            for line in lines.by_ref() {
                if line == delimiter {
                    break;
                }
                value.push(line);
            }
            outputs.insert(name.to_string(), value.join("\n"));
        } else if !line.is_empty() {
            panic!("malformed GITHUB_OUTPUT line: {line:?}");
        }
    }
    outputs
}

// ---------------------------------------------------------------------------------------------
// The scan and the gate
// ---------------------------------------------------------------------------------------------

#[test]
fn default_inputs_write_the_sarif_and_the_summary_then_the_gate_fails() {
    let ws = workspace(&["testdata"]);
    let mut job = Runner::new(ws.path()).with("path", "testdata");
    let scan = job.run("scan");
    assert_eq!(scan.status, 0, "the scan step itself succeeds");

    // The SARIF, at the default `output`, is exactly what sqsguard writes.
    assert_eq!(scan.output("sarif-file"), "sqsguard.sarif");
    let sarif = fs::read_to_string(ws.path().join("sqsguard.sarif")).unwrap();
    let (_, expected_sarif) = direct(ws.path(), &["--format", "sarif", "testdata"]);
    assert_eq!(sarif, expected_sarif);
    let parsed: Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(parsed["version"], "2.1.0");

    // The count, the exit status (testdata fails at the default fail-on), the upload switch.
    let findings = direct_findings(ws.path(), &["testdata"]);
    assert!(findings > 0, "testdata has findings");
    assert_eq!(scan.findings(), findings);
    assert_eq!(scan.output("exit-code"), "1");
    assert_eq!(scan.output("upload-sarif"), "true");

    // The job summary is the Markdown report; no annotations while the SARIF is uploaded.
    let (_, markdown) = direct(ws.path(), &["--format", "markdown", "testdata"]);
    assert_eq!(job.summary(), format!("{markdown}\n"));
    assert!(job.summary().starts_with("## sqsguard"));
    assert!(scan.annotations().is_empty(), "{}", scan.stdout);
    assert!(
        scan.stdout.contains(&format!("{findings} finding(s)")),
        "the log states the count"
    );

    // The gate, after the upload, fails the step.
    let gate = job.run("Apply fail-on");
    assert_eq!(gate.status, 1);
    assert!(
        gate.stdout.contains("::error title=sqsguard::"),
        "{}",
        gate.stdout
    );
}

#[test]
fn fail_on_sets_the_exit_code_and_the_gate_follows_it() {
    let ws = workspace(&["testdata"]);
    for fail_on in ["never", "critical", "high", "medium", "low", ""] {
        let mut job = Runner::new(ws.path())
            .with("path", "testdata")
            .with("fail-on", fail_on)
            .with("summary", "false")
            .with("output", "out/report.sarif");
        let scan = job.run("scan");
        assert_eq!(scan.status, 0);
        let mut direct_args = vec!["--format", "json", "testdata"];
        if !fail_on.is_empty() {
            direct_args.extend(["--fail-on", fail_on]);
        }
        let (expected, _) = direct(ws.path(), &direct_args);
        match fail_on {
            "low" | "" => assert_eq!(expected, 1, "testdata has findings"),
            "never" => assert_ne!(expected, 1, "fail-on never"),
            _ => {}
        }
        assert_eq!(
            scan.output("exit-code"),
            expected.to_string(),
            "fail-on {fail_on:?}"
        );
        assert!(scan.findings() > 0, "the count ignores fail-on");
        assert!(ws.path().join("out/report.sarif").is_file());

        let gate = job.run("Apply fail-on");
        assert_eq!(gate.status, expected, "gate for fail-on {fail_on:?}");
    }
}

#[test]
fn annotations_default_to_on_when_the_upload_is_off() {
    let ws = workspace(&["testdata"]);
    let (_, expected) = direct(ws.path(), &["--format", "github", "testdata"]);
    let expected: Vec<&str> = expected.lines().collect();
    assert!(!expected.is_empty());

    let mut job = Runner::new(ws.path())
        .with("path", "testdata")
        .with("upload-sarif", "false");
    let scan = job.run("scan");
    assert_eq!(scan.output("upload-sarif"), "false");
    assert_eq!(scan.annotations(), expected);
    assert!(
        ws.path().join("sqsguard.sarif").is_file(),
        "the SARIF is still written"
    );

    for (upload, annotations, shown) in [
        ("false", "false", false),
        ("true", "true", true),
        ("TRUE", "Auto", false),
    ] {
        let mut job = Runner::new(ws.path())
            .with("path", "testdata")
            .with("upload-sarif", upload)
            .with("annotations", annotations);
        let scan = job.run("scan");
        assert_eq!(scan.status, 0);
        assert_eq!(
            !scan.annotations().is_empty(),
            shown,
            "upload-sarif {upload}, annotations {annotations}"
        );
    }
}

#[test]
fn another_format_goes_to_output_and_the_sarif_to_runner_temp() {
    let ws = workspace(&["testdata"]);
    let mut job = Runner::new(ws.path())
        .with("path", "testdata")
        .with("format", "json")
        .with("output", "reports/sqsguard.json");
    let scan = job.run("scan");
    assert_eq!(scan.status, 0);
    let (_, expected_json) = direct(ws.path(), &["--format", "json", "testdata"]);
    assert_eq!(
        fs::read_to_string(ws.path().join("reports/sqsguard.json")).unwrap(),
        expected_json
    );
    let sarif_file = PathBuf::from(scan.output("sarif-file"));
    assert!(
        sarif_file.starts_with(job.files.path().join("temp")),
        "{sarif_file:?} is under RUNNER_TEMP"
    );
    let (_, expected_sarif) = direct(ws.path(), &["--format", "sarif", "testdata"]);
    assert_eq!(fs::read_to_string(&sarif_file).unwrap(), expected_sarif);

    // An empty `output` prints the report in the log.
    let mut job = Runner::new(ws.path())
        .with("path", "testdata")
        .with("format", "text")
        .with("output", "");
    let scan = job.run("scan");
    let (_, expected_text) = direct(ws.path(), &["--format", "text", "testdata"]);
    assert!(scan.stdout.contains(&expected_text), "{}", scan.stdout);
    assert!(Path::new(scan.output("sarif-file")).is_file());

    // `github` to the log with annotations on prints them once, not twice.
    let mut job = Runner::new(ws.path())
        .with("path", "testdata")
        .with("format", "github")
        .with("output", "")
        .with("upload-sarif", "false");
    let scan = job.run("scan");
    let (_, expected_github) = direct(ws.path(), &["--format", "github", "testdata"]);
    assert_eq!(scan.annotations().len(), expected_github.lines().count());
}

#[test]
fn paths_split_into_words_and_a_quoted_path_keeps_its_space() {
    let ws = workspace(&["testdata"]);
    write(
        ws.path(),
        "infra dir/main.tf",
        "resource \"aws_sqs_queue\" \"audit\" {\n  sqs_managed_sse_enabled = false\n}\n",
    );
    let mut job = Runner::new(ws.path()).with(
        "path",
        "\"infra dir\"\n  testdata/rules/SQS101/fail\ttestdata/rules/SQS104/fail\n",
    );
    let scan = job.run("scan");
    let expected = direct_findings(
        ws.path(),
        &[
            "infra dir",
            "testdata/rules/SQS101/fail",
            "testdata/rules/SQS104/fail",
        ],
    );
    assert_eq!(scan.findings(), expected);
    let sarif = fs::read_to_string(ws.path().join("sqsguard.sarif")).unwrap();
    assert!(sarif.contains("infra%20dir/main.tf") || sarif.contains("infra dir/main.tf"));
}

/// Records every invocation's arguments, one line each, then runs the real binary.
const SHIM: &str = r#"#!/usr/bin/env bash
printf '%s\n' "$*" >>"$SHIM_LOG"
exec "$REAL_SQSGUARD" "$@"
"#;

fn invocations(log: &Path) -> Vec<String> {
    fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn inputs_become_sqsguard_arguments_and_empty_ones_add_none() {
    let ws = workspace(&["testdata"]);
    let shims = TempDir::new().unwrap();
    write_executable(shims.path(), "sqsguard", SHIM);
    let log = shims.path().join("log");
    // A config that changes nothing and a baseline that records nothing.
    write(ws.path(), "ci/sqsguard.toml", "# defaults\n");
    write(
        ws.path(),
        "ci/baseline.json",
        "{ \"version\": 1, \"findings\": [] }\n",
    );

    let mut job = Runner::new(ws.path())
        .with("path", "testdata/rules/SQS101 'testdata/rules/SQS103'")
        .with("args", "--select \"SQS101,SQS103\"\n--exclude '**/pass/**'")
        .with("fail-on", "high")
        .with("config", "ci/sqsguard.toml")
        .with("baseline", "ci/baseline.json")
        .with("upload-sarif", "false");
    job.path_prefix.push(shims.path().to_path_buf());
    let scan = run_with_shim(&mut job, &log);
    assert_eq!(scan.status, 0);
    let expected_tail = "--fail-on high --config ci/sqsguard.toml --baseline ci/baseline.json \
                         --select SQS101,SQS103 --exclude **/pass/** \
                         -- testdata/rules/SQS101 testdata/rules/SQS103";
    let runs = invocations(&log);
    let formats: Vec<&str> = runs
        .iter()
        .map(|run| {
            assert!(run.starts_with("scan --format "), "{run}");
            assert!(run.ends_with(expected_tail), "{run}");
            run.split(' ').nth(2).unwrap()
        })
        .collect();
    assert_eq!(formats, ["sarif", "json", "markdown", "github"]);
    // The real scan saw the selection: only SQS101 and SQS103 findings, none from pass/.
    let expected = direct_findings(
        ws.path(),
        &[
            "--config",
            "ci/sqsguard.toml",
            "--baseline",
            "ci/baseline.json",
            "--select",
            "SQS101,SQS103",
            "--exclude",
            "**/pass/**",
            "testdata/rules/SQS101",
            "testdata/rules/SQS103",
        ],
    );
    assert_eq!(scan.findings(), expected);
    assert!(expected > 0);

    // Empty inputs pass no option at all, so sqsguard's own defaults (and config file) apply.
    fs::remove_file(&log).unwrap();
    let mut job = Runner::new(ws.path()).with("path", "testdata");
    job.path_prefix.push(shims.path().to_path_buf());
    run_with_shim(&mut job, &log);
    for run in invocations(&log) {
        for flag in ["--config", "--baseline", "--fail-on", "--select"] {
            assert!(!run.contains(flag), "{run}");
        }
        assert!(run.ends_with(" -- testdata"), "{run}");
    }
}

fn run_with_shim(job: &mut Runner, log: &Path) -> StepRun {
    let (_, step) = step(&job.action, "scan");
    let step = step.clone();
    let mut env: Vec<(String, String)> = step["env"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, value)| (name.clone(), job.evaluate(text(value))))
        .collect();
    env.push(("SHIM_LOG".into(), log.display().to_string()));
    env.push(("REAL_SQSGUARD".into(), sqsguard_bin().display().to_string()));
    job.run_script("scan", text(&step["run"]), &env, Some("scan"))
}

#[test]
fn the_config_file_decides_fail_on_unless_the_input_sets_it_and_a_baseline_hides_old_findings() {
    let ws = workspace(&["testdata"]);
    write(ws.path(), "ci/sqsguard.toml", "fail-on = \"never\"\n");
    let mut job = Runner::new(ws.path())
        .with("path", "testdata")
        .with("config", "ci/sqsguard.toml");
    let scan = job.run("scan");
    assert_eq!(
        scan.output("exit-code"),
        "0",
        "the config's fail-on applies"
    );
    assert!(scan.findings() > 0);
    assert_eq!(job.run("Apply fail-on").status, 0);

    let mut job = Runner::new(ws.path())
        .with("path", "testdata")
        .with("config", "ci/sqsguard.toml")
        .with("fail-on", "low");
    assert_eq!(
        job.run("scan").output("exit-code"),
        "1",
        "the input overrides it"
    );

    // A baseline of today's findings: the same scan then reports none of them.
    let recorded = Command::new(sqsguard_bin())
        .current_dir(ws.path())
        .args(["baseline", "testdata", "-o", "ci/baseline.json"])
        .status()
        .unwrap();
    assert_eq!(recorded.code(), Some(0));
    let mut job = Runner::new(ws.path())
        .with("path", "testdata")
        .with("baseline", "ci/baseline.json");
    let scan = job.run("scan");
    let (status, _) = direct(
        ws.path(),
        &[
            "--format",
            "json",
            "--baseline",
            "ci/baseline.json",
            "testdata",
        ],
    );
    assert_eq!(scan.output("exit-code"), status.to_string());
    assert_eq!(status, 0, "every finding is in the baseline");
    assert_eq!(
        scan.findings(),
        direct_findings(ws.path(), &["--baseline", "ci/baseline.json", "testdata"])
    );
    assert!(scan.findings() < direct_findings(ws.path(), &["testdata"]));
    assert_eq!(job.run("Apply fail-on").status, 0);
}

#[test]
fn an_unparseable_file_fails_the_gate_even_with_fail_on_never() {
    let ws = TempDir::new().unwrap();
    write(
        ws.path(),
        "infra/broken.tf",
        "resource \"aws_sqs_queue\" \"broken\" {\n  name =\n}\n",
    );
    write(
        ws.path(),
        "infra/ok/main.tf",
        "resource \"aws_sqs_queue\" \"audit\" {\n  sqs_managed_sse_enabled = false\n}\n",
    );
    let mut job = Runner::new(ws.path())
        .with("path", "infra")
        .with("fail-on", "never");
    let scan = job.run("scan");
    assert_eq!(scan.status, 0);
    assert_eq!(scan.output("exit-code"), "2");
    let expected = direct_findings(ws.path(), &["infra"]);
    assert!(expected > 0, "the other file is still scanned");
    assert_eq!(scan.findings(), expected);
    assert!(scan.stderr.contains("broken.tf"), "the log names the file");
    let sarif: Value =
        serde_json::from_str(&fs::read_to_string(ws.path().join("sqsguard.sarif")).unwrap())
            .unwrap();
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    assert_eq!(job.run("Apply fail-on").status, 2);
}

#[test]
fn a_usage_error_writes_no_report_and_fails_the_gate() {
    let ws = workspace(&["testdata"]);
    let mut job = Runner::new(ws.path())
        .with("path", "testdata")
        .with("args", "--no-such-option");
    let scan = job.run("scan");
    assert_eq!(scan.status, 0);
    assert_eq!(scan.output("sarif-file"), "", "nothing to upload");
    assert_eq!(scan.output("findings"), "");
    assert_eq!(scan.output("exit-code"), "2");
    assert!(scan.stderr.contains("--no-such-option"), "{}", scan.stderr);
    assert!(job.summary().is_empty());
    let gate = job.run("Apply fail-on");
    assert_eq!(gate.status, 2);
}

#[test]
fn misconfigured_inputs_fail_the_scan_step_with_an_error() {
    let ws = workspace(&["testdata"]);
    for (input, value, message) in [
        ("summary", "maybe", "input 'summary' must be true or false"),
        (
            "upload-sarif",
            "yes",
            "input 'upload-sarif' must be true or false",
        ),
        ("annotations", "sometimes", "input 'annotations'"),
        ("format", "xml", "input 'format' must be one of"),
        ("args", "--format json", "must not set the report format"),
        ("args", "-o x.sarif", "must not set the report format"),
        ("args", "--select 'SQS101", "could not be split into words"),
        ("output", "a\nexit-code=0", "must not contain a line break"),
    ] {
        let mut job = Runner::new(ws.path())
            .with("path", "testdata")
            .with(input, value);
        let scan = job.run("scan");
        assert_eq!(scan.status, 2, "{input}={value:?}");
        assert!(
            scan.stdout.contains("::error title=sqsguard action::")
                && scan.stdout.contains(message),
            "{input}={value:?}: {}",
            scan.stdout
        );
        assert!(!scan.outputs.contains_key("exit-code"), "{input}={value:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Installation and the cache key
// ---------------------------------------------------------------------------------------------

/// A `cargo` that records its arguments and "installs" the debug binary where asked.
const CARGO_SHIM: &str = r#"#!/usr/bin/env bash
printf '%s\n' "$*" >>"$CARGO_LOG"
root=""
while [ "$#" -gt 0 ]; do
  if [ "$1" = "--root" ]; then root="$2"; fi
  shift
done
mkdir -p "$root/bin"
cp "$REAL_SQSGUARD" "$root/bin/sqsguard"
"#;

#[test]
fn the_build_is_keyed_on_its_source_and_reused_on_a_cache_hit() {
    let ws = TempDir::new().unwrap();
    let mut job = Runner::new(ws.path());
    let key = job.run("key");
    assert_eq!(key.status, 0);
    let hash = key.output("hash").to_string();
    assert_eq!(hash.len(), 64);
    assert!(hash.bytes().all(|byte| byte.is_ascii_hexdigit()), "{hash}");
    let root = job.home().join(".cargo");
    assert_eq!(key.output("root"), root.display().to_string());
    assert_eq!(
        key.output("bin"),
        root.join("bin/sqsguard").display().to_string()
    );
    assert_eq!(job.run("key").output("hash"), hash, "the key is stable");

    // A miss: cargo installs from the action's own source, locked, into the cached path.
    let shims = TempDir::new().unwrap();
    write_executable(shims.path(), "cargo", CARGO_SHIM);
    let log = shims.path().join("log");
    job.path_prefix.push(shims.path().to_path_buf());
    job.simulate_outputs("cache", &[("cache-hit", "")]);
    let install = run_install(&mut job, &log);
    assert_eq!(install.status, 0, "{}", install.stderr);
    assert_eq!(
        invocations(&log),
        [format!(
            "install --locked --force --path {} --root {}",
            repo().display(),
            root.display()
        )]
    );
    assert!(
        install.stdout.contains("installed sqsguard"),
        "{}",
        install.stdout
    );

    // A hit: the restored binary runs, and cargo is not called.
    fs::remove_file(&log).unwrap();
    job.simulate_outputs("cache", &[("cache-hit", "true")]);
    let install = run_install(&mut job, &log);
    assert_eq!(install.status, 0);
    assert!(
        install.stdout.contains("using the cached build"),
        "{}",
        install.stdout
    );
    assert!(invocations(&log).is_empty(), "cargo ran on a cache hit");

    // A hit whose binary does not run (a corrupt cache) builds again.
    fs::write(root.join("bin/sqsguard"), "not a program").unwrap();
    let install = run_install(&mut job, &log);
    assert_eq!(install.status, 0);
    assert_eq!(
        invocations(&log).len(),
        1,
        "cargo rebuilt the broken binary"
    );
}

fn run_install(job: &mut Runner, log: &Path) -> StepRun {
    let (_, step) = step(&job.action, "Build sqsguard from the action's source");
    let step = step.clone();
    let mut env: Vec<(String, String)> = step["env"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, value)| (name.clone(), job.evaluate(text(value))))
        .collect();
    env.push(("CARGO_LOG".into(), log.display().to_string()));
    env.push(("REAL_SQSGUARD".into(), sqsguard_bin().display().to_string()));
    job.run_script("install", text(&step["run"]), &env, None)
}

// ---------------------------------------------------------------------------------------------
// The shape of action.yml and the workflows
// ---------------------------------------------------------------------------------------------

/// Every `run:` script anywhere in `value`, with its location.
fn run_scripts<'a>(value: &'a Value, at: &str, found: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}.{key}");
                if key == "run"
                    && let Some(script) = child.as_str()
                {
                    found.push((here.clone(), script));
                }
                run_scripts(child, &here, found);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                run_scripts(child, &format!("{at}[{index}]"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn no_run_script_interpolates_an_expression() {
    let mut files = vec!["action.yml".to_string()];
    files.extend(workflow_files());
    for file in files {
        let document = yaml(&file);
        let mut scripts = Vec::new();
        run_scripts(&document, "$", &mut scripts);
        assert!(!scripts.is_empty(), "{file} has run steps");
        for (at, script) in scripts {
            assert!(
                !script.contains("${{"),
                "{file} {at} interpolates an expression into a script; pass it through env:\n{script}"
            );
        }
    }
}

#[test]
fn action_yml_declares_the_inputs_and_outputs_of_issue_7() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = action["inputs"].as_object().unwrap();
    let expected = [
        ("path", "."),
        ("args", ""),
        ("fail-on", ""),
        ("config", ""),
        ("baseline", ""),
        ("format", "sarif"),
        ("output", "sqsguard.sarif"),
        ("upload-sarif", "true"),
        ("category", ""),
        ("annotations", "auto"),
        ("summary", "true"),
    ];
    let names: Vec<&str> = inputs.keys().map(String::as_str).collect();
    let mut expected_names: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    expected_names.sort_unstable();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected_names);
    for (name, default) in expected {
        let input = &inputs[name];
        assert_eq!(
            input["default"].as_str(),
            Some(default),
            "default of {name}"
        );
        assert!(
            input["description"]
                .as_str()
                .is_some_and(|text| !text.is_empty()),
            "{name} is described"
        );
    }

    let outputs = action["outputs"].as_object().unwrap();
    let mut output_names: Vec<&str> = outputs.keys().map(String::as_str).collect();
    output_names.sort_unstable();
    assert_eq!(output_names, ["exit-code", "findings", "sarif-file"]);
    for (name, output) in outputs {
        assert_eq!(
            output["value"],
            format!("${{{{ steps.scan.outputs.{name} }}}}"),
            "output {name}"
        );
        assert!(output["description"].is_string());
    }
}

#[test]
fn every_input_reaches_a_step_and_every_script_exists() {
    let action = action();
    let (_, scan) = step(&action, "scan");
    let scan_env = scan["env"].as_object().unwrap();
    let scan_script = read("scripts/action/scan.sh");
    for name in action["inputs"].as_object().unwrap().keys() {
        let expression = format!("${{{{ inputs.{name} }}}}");
        if name == "category" {
            let (_, upload) = step_using(&action, "github/codeql-action/upload-sarif@");
            assert_eq!(upload["with"]["category"], expression.as_str());
            continue;
        }
        let variable = format!("INPUT_{}", name.to_uppercase().replace('-', "_"));
        assert_eq!(
            scan_env.get(&variable).and_then(Value::as_str),
            Some(expression.as_str()),
            "input {name} reaches the scan step as {variable}"
        );
        assert!(scan_script.contains(&variable), "scan.sh reads {variable}");
    }
    for step in steps(&action) {
        if let Some(run) = step["run"].as_str() {
            let script = run
                .split('"')
                .find_map(|part| part.strip_prefix("$GITHUB_ACTION_PATH/"))
                .unwrap_or_else(|| panic!("`{run}` runs a script of the action"));
            assert!(repo().join(script).is_file(), "{script} exists");
            assert_eq!(step["shell"], "bash");
        }
    }
}

#[test]
fn the_upload_happens_before_the_gate_and_whatever_the_findings() {
    let action = action();
    let (scan_at, scan) = step(&action, "scan");
    let (upload_at, upload) = step_using(&action, "github/codeql-action/upload-sarif@");
    let (gate_at, gate) = step(&action, "Apply fail-on");
    assert!(scan_at < upload_at && upload_at < gate_at);
    assert!(scan["continue-on-error"].is_null());
    let upload_if = text(&upload["if"]);
    assert!(
        upload_if.contains("!cancelled()") || upload_if.contains("always()"),
        "{upload_if}"
    );
    assert!(upload_if.contains("steps.scan.outputs.upload-sarif == 'true'"));
    assert!(upload_if.contains("steps.scan.outputs.sarif-file != ''"));
    assert_eq!(
        upload["with"]["sarif_file"],
        "${{ steps.scan.outputs.sarif-file }}"
    );
    let gate_if = text(&gate["if"]);
    assert!(gate_if.contains("!cancelled()") || gate_if.contains("always()"));
    assert_eq!(
        gate["env"]["SQSGUARD_EXIT_CODE"],
        "${{ steps.scan.outputs.exit-code }}"
    );

    // The build cache: restored before the build and saved right after it, under one key that
    // names the runner OS and the action's ref.
    let (restore_at, restore) = step_using(&action, "actions/cache/restore@");
    let (build_at, _) = step(&action, "Build sqsguard from the action's source");
    let (save_at, save) = step_using(&action, "actions/cache/save@");
    assert!(restore_at < build_at && build_at < save_at && save_at < scan_at);
    assert_eq!(restore["with"], save["with"]);
    let key = text(&restore["with"]["key"]);
    assert!(key.contains("${{ runner.os }}") && key.contains("${{ github.action_ref }}"));
    assert!(text(&restore["with"]["path"]).contains("~/.cargo/bin/sqsguard"));
}

/// `owner/repo[/path]@ref` of every `uses:` line in a file, with the line's comment.
fn uses_lines(file: &str) -> Vec<(String, String)> {
    read(file)
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().trim_start_matches("- ").trim_start();
            let reference = rest.strip_prefix("uses:")?.trim();
            let (reference, comment) = reference.split_once('#').unwrap_or((reference, ""));
            Some((reference.trim().to_string(), comment.trim().to_string()))
        })
        .collect()
}

#[test]
fn third_party_actions_are_pinned_to_full_commit_shas() {
    let mut files = vec!["action.yml".to_string()];
    files.extend(workflow_files());
    let mut upload_pins = 0;
    for file in files {
        for (reference, comment) in uses_lines(&file) {
            if reference.starts_with("./") {
                continue;
            }
            let (_, sha) = reference
                .split_once('@')
                .unwrap_or_else(|| panic!("{file}: `{reference}` names no ref"));
            assert!(
                sha.len() == 40
                    && sha
                        .bytes()
                        .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f')),
                "{file}: `{reference}` is not pinned to a full commit SHA"
            );
            assert!(
                comment.starts_with('v'),
                "{file}: `{reference}` has no version comment"
            );
            if reference.starts_with("github/codeql-action/upload-sarif@") {
                upload_pins += 1;
            }
        }
    }
    assert_eq!(
        upload_pins, 1,
        "action.yml uploads with a pinned upload-sarif"
    );
}

#[test]
fn the_dogfood_workflow_runs_the_action_on_examples_and_testdata() {
    let workflow = yaml(".github/workflows/sqsguard.yml");
    assert_eq!(workflow["permissions"]["contents"], "read");
    assert_eq!(workflow["permissions"]["security-events"], "write");
    assert_eq!(workflow["permissions"].as_object().unwrap().len(), 2);

    let job = workflow["jobs"]
        .as_object()
        .unwrap()
        .values()
        .find(|job| {
            job["steps"]
                .as_array()
                .is_some_and(|steps| steps.iter().any(|step| step["uses"] == "./"))
        })
        .expect("a job uses the action from this repository");
    let steps = job["steps"].as_array().unwrap();
    let (at, action_step) = steps
        .iter()
        .enumerate()
        .find(|(_, step)| step["uses"] == "./")
        .unwrap();
    let with = action_step["with"].as_object().unwrap();
    assert_eq!(with["fail-on"], "never");
    let paths = text(&with["path"]);
    assert!(
        paths.contains("examples") && paths.contains("testdata"),
        "{paths}"
    );

    // Run that step in a copy of the repository (a push: the upload switch is true) ...
    let ws = workspace(&["examples", "testdata"]);
    let mut runner = Runner::new(ws.path());
    for (name, value) in with {
        let value = text(value);
        let value = if value.contains("${{") { "true" } else { value };
        runner = runner.with(name, value);
    }
    let scan = runner.run("scan");
    assert_eq!(scan.output("exit-code"), "0");
    assert!(scan.findings() > 0);
    let gate = runner.run("Apply fail-on");
    assert_eq!(gate.status, 0);

    // ... and the workflow's own check of the outputs after it.
    let id = text(&action_step["id"]).to_string();
    let outputs = runner.outputs["scan"].clone();
    runner.outputs.insert(id, outputs);
    for check in &steps[at + 1..] {
        let Some(script) = check["run"].as_str() else {
            continue;
        };
        let env: Vec<(String, String)> = check["env"]
            .as_object()
            .map(|env| {
                env.iter()
                    .map(|(name, value)| (name.clone(), runner.evaluate(text(value))))
                    .collect()
            })
            .unwrap_or_default();
        let run = runner.run_script("workflow check", script, &env, None);
        assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    }
}

// ---------------------------------------------------------------------------------------------
// pre-commit
// ---------------------------------------------------------------------------------------------

#[test]
fn pre_commit_hooks_scan_the_staged_files() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().map(|hook| text(&hook["id"])).collect();
    assert_eq!(ids, ["sqsguard", "sqsguard-system"]);
    let ws = workspace(&["testdata"]);
    for hook in hooks {
        let id = text(&hook["id"]);
        assert!(text(&hook["name"]).starts_with("sqsguard"));
        assert!(matches!(text(&hook["language"]), "rust" | "system"), "{id}");
        assert_eq!(hook["pass_filenames"], true, "{id}");
        assert_eq!(text(&hook["files"]), r"\.(tf|ya?ml|json|template)$", "{id}");

        // pre-commit runs `entry`, then the configured `args`, then the staged file names.
        let entry: Vec<&str> = text(&hook["entry"]).split_whitespace().collect();
        assert_eq!(entry[0], "sqsguard", "{id}");
        let args = ["--select", "SQS101"];
        let hook_run = |files: &[&str]| {
            Command::new(sqsguard_bin())
                .current_dir(ws.path())
                .args(&entry[1..])
                .args(args)
                .args(files)
                .output()
                .unwrap()
                .status
                .code()
        };
        assert_eq!(
            hook_run(&[
                "testdata/rules/SQS101/fail/sse_disabled.tf",
                "testdata/rules/SQS101/fail/sse_disabled.yaml",
            ]),
            Some(1),
            "{id} fails on findings"
        );
        assert_eq!(
            hook_run(&[
                "testdata/rules/SQS101/pass/encrypted_or_default.tf",
                "testdata/rules/SQS101/pass/encrypted_or_unknown.json",
            ]),
            Some(0),
            "{id} passes clean files"
        );
    }
}
