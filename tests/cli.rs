//! End-to-end tests of the `sqsguard` command line: exit statuses, rule selection, output
//! destinations, broken and hostile inputs, file discovery and the `rules` / `explain`
//! subcommands.
//!
//! Every test builds its input tree in a fresh temporary directory and runs the binary with
//! that directory as the working directory, so reported paths are short and relative.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{Run, run, sqsguard, tree, write};

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// A queue with SSE-SQS turned off: one SQS101 (high) finding, at line 3 column 3.
const HIGH_TF: &str = r#"resource "aws_sqs_queue" "audit" {
  name                    = "audit"
  sqs_managed_sse_enabled = false
  # Denies requests without TLS, so SQS501 stays quiet and each input shows one cause.
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
"#;

/// A queue encrypted with the AWS managed key: one SQS103 (low) finding.
const LOW_TF: &str = r#"resource "aws_sqs_queue" "legacy" {
  name              = "legacy"
  kms_master_key_id = "alias/aws/sqs"
  # Denies requests without TLS, so SQS501 stays quiet and each input shows one cause.
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
"#;

/// A queue that declares nothing: only the off-by-default SQS102 fires.
const UNDECLARED_TF: &str = r#"resource "aws_sqs_queue" "plain" {
  name = "plain"
  # Denies requests without TLS, so SQS501 stays quiet and each input shows one cause.
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
"#;

/// A queue that declares SSE-SQS: no rule fires, not even SQS102.
const CLEAN_TF: &str = r#"resource "aws_sqs_queue" "clean" {
  name                    = "clean"
  sqs_managed_sse_enabled = true
  # Denies requests without TLS, so SQS501 stays quiet and each input shows one cause.
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
"#;

/// A CloudFormation template with an SQS101 (high) finding at line 6.
const HIGH_CFN_YAML: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: sqs:*
            Resource: "*"
            Condition: { Bool: { aws:SecureTransport: "false" } }
"#;

/// A CloudFormation template whose YAML is cut off inside a flow mapping.
const BROKEN_CFN_YAML: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties: {SqsManagedSseEnabled: false
"#;

/// Terraform that does not parse (an attribute without a value).
const BROKEN_TF: &str = r#"resource "aws_sqs_queue" "broken" {
  name =
}
"#;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `(rule, file)` of every finding in a JSON report.
fn findings(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("`findings` is an array")
        .iter()
        .map(|finding| {
            (
                finding["rule"].as_str().unwrap().to_string(),
                finding["file"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn rule_ids(report: &Value) -> Vec<String> {
    let mut ids: Vec<String> = findings(report).into_iter().map(|(rule, _)| rule).collect();
    ids.sort();
    ids.dedup();
    ids
}

fn error_files(report: &Value) -> Vec<String> {
    report["errors"]
        .as_array()
        .expect("`errors` is an array")
        .iter()
        .map(|error| error["file"].as_str().unwrap().to_string())
        .collect()
}

/// The stderr lines that name `file`.
fn stderr_lines_naming<'a>(stderr: &'a str, file: &str) -> Vec<&'a str> {
    stderr.lines().filter(|line| line.contains(file)).collect()
}

// ---------------------------------------------------------------------------------------------
// Exit statuses
// ---------------------------------------------------------------------------------------------

#[test]
fn clean_file_exits_0() {
    let dir = tree(&[("main.tf", CLEAN_TF)]);
    sqsguard(dir.path())
        .args(["scan", "."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No findings"))
        .stdout(predicate::str::contains("1 file scanned"))
        .stderr(predicate::str::is_empty());
}

#[test]
fn findings_exit_1() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    sqsguard(dir.path())
        .args(["scan", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("high[SQS101]"))
        .stdout(predicate::str::contains("main.tf:3:3"))
        .stderr(predicate::str::is_empty());
}

#[test]
fn default_path_is_the_working_directory() {
    let dir = tree(&[("sub/main.tf", HIGH_TF)]);
    sqsguard(dir.path())
        .arg("scan")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("sub/main.tf:3:3"));
}

#[test]
fn fail_on_never_exits_0_but_still_reports() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    sqsguard(dir.path())
        .args(["scan", ".", "--fail-on", "never"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("SQS101"));
}

#[test]
fn fail_on_critical_with_only_high_findings_exits_0() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    sqsguard(dir.path())
        .args(["scan", ".", "--fail-on", "critical"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("SQS101"));
}

#[test]
fn fail_on_threshold_is_inclusive() {
    // (file contents, --fail-on, expected status): a finding *at* the threshold fails.
    let cases = [
        (HIGH_TF, "high", 1),
        (HIGH_TF, "medium", 1),
        (HIGH_TF, "low", 1),
        (LOW_TF, "low", 1),
        (LOW_TF, "medium", 0),
        (LOW_TF, "high", 0),
        (LOW_TF, "critical", 0),
        (LOW_TF, "never", 0),
    ];
    for (contents, fail_on, expected) in cases {
        let dir = tree(&[("main.tf", contents)]);
        let run = run(dir.path(), &["scan", ".", "--fail-on", fail_on]);
        assert_eq!(
            run.code, expected,
            "--fail-on {fail_on} on\n{contents}\nstdout:\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        );
    }
}

#[test]
fn unknown_rule_ids_are_usage_errors() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    for option in ["--select", "--extend-select", "--ignore"] {
        sqsguard(dir.path())
            .args(["scan", ".", option, "SQS999"])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("SQS999"))
            .stderr(predicate::str::contains(option));
    }
}

#[test]
fn bad_format_is_a_usage_error() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    sqsguard(dir.path())
        .args(["scan", ".", "--format", "xml"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("xml"))
        .stderr(predicate::str::contains("--format"));
}

#[test]
fn other_usage_errors_exit_2() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    for args in [
        &["scan", ".", "--fail-on", "sometimes"][..],
        &["scan", ".", "--jobs", "0"],
        &["scan", ".", "--jobs", "many"],
        &["scan", ".", "--exclude", "a/[unclosed"],
        &["scan", ".", "--no-such-option"],
        &["explain", "SQS999"],
    ] {
        let run = run(dir.path(), args);
        assert_eq!(
            run.code, 2,
            "{args:?}\nstdout:\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        );
        assert!(
            !run.stderr.trim().is_empty(),
            "{args:?}: no message on stderr"
        );
    }
}

#[test]
fn missing_path_exits_2_and_names_it() {
    let dir = tree(&[("main.tf", CLEAN_TF)]);
    sqsguard(dir.path())
        .args(["scan", "main.tf", "does-not-exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does-not-exist"));
}

// ---------------------------------------------------------------------------------------------
// Rule selection
// ---------------------------------------------------------------------------------------------

#[test]
fn select_runs_only_the_named_rules() {
    let dir = tree(&[
        ("high/main.tf", HIGH_TF),
        ("low/main.tf", LOW_TF),
        ("undeclared/main.tf", UNDECLARED_TF),
    ]);

    let default = run(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(rule_ids(&default.json()), ["SQS101", "SQS103"]);

    let only_low = run(
        dir.path(),
        &["scan", ".", "--format", "json", "--select", "SQS103"],
    );
    assert_eq!(only_low.code, 1);
    assert_eq!(rule_ids(&only_low.json()), ["SQS103"]);

    let comma = run(
        dir.path(),
        &["scan", ".", "--format", "json", "--select", "SQS101,SQS102"],
    );
    assert_eq!(rule_ids(&comma.json()), ["SQS101", "SQS102"]);

    let all = run(
        dir.path(),
        &["scan", ".", "--format", "json", "--select", "ALL"],
    );
    assert_eq!(rule_ids(&all.json()), ["SQS101", "SQS102", "SQS103"]);
}

#[test]
fn select_with_only_non_firing_rules_exits_0() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    sqsguard(dir.path())
        .args(["scan", ".", "--select", "SQS103"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("SQS101").not());
}

#[test]
fn extend_select_turns_on_sqs102() {
    let dir = tree(&[("plain/main.tf", UNDECLARED_TF), ("high/main.tf", HIGH_TF)]);

    let default = run(dir.path(), &["scan", "plain", "--format", "json"]);
    assert_eq!(
        default.code, 0,
        "SQS102 is off by default:\n{}",
        default.stdout
    );
    assert!(findings(&default.json()).is_empty());

    let extended = run(
        dir.path(),
        &["scan", ".", "--format", "json", "--extend-select", "SQS102"],
    );
    assert_eq!(extended.code, 1, "{}", extended.stderr);
    let report = extended.json();
    let found = findings(&report);
    assert!(
        found.contains(&("SQS102".to_string(), "plain/main.tf".to_string())),
        "{found:?}"
    );
    // Extending keeps the default rules.
    assert!(
        found.contains(&("SQS101".to_string(), "high/main.tf".to_string())),
        "{found:?}"
    );
    // A queue that sets SSE-SQS off explicitly is SQS101's, not SQS102's.
    assert!(
        !found.contains(&("SQS102".to_string(), "high/main.tf".to_string())),
        "{found:?}"
    );
}

#[test]
fn ignore_removes_rules() {
    let dir = tree(&[("high/main.tf", HIGH_TF), ("low/main.tf", LOW_TF)]);

    let ignored = run(
        dir.path(),
        &["scan", ".", "--format", "json", "--ignore", "SQS101"],
    );
    assert_eq!(ignored.code, 1);
    assert_eq!(rule_ids(&ignored.json()), ["SQS103"]);

    let both = run(dir.path(), &["scan", ".", "--ignore", "SQS101,SQS103"]);
    assert_eq!(both.code, 0, "{}", both.stdout);
    assert!(both.stdout.contains("No findings"), "{}", both.stdout);

    // --ignore wins over --extend-select and --select.
    let wins = run(
        dir.path(),
        &[
            "scan", ".", "--format", "json", "--select", "ALL", "--ignore", "SQS101",
        ],
    );
    assert_eq!(rule_ids(&wins.json()), ["SQS103"]);
}

// ---------------------------------------------------------------------------------------------
// Output destination
// ---------------------------------------------------------------------------------------------

#[test]
fn output_writes_the_file_and_nothing_to_stdout() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    let report = dir.path().join("report.json");
    sqsguard(dir.path())
        .args([
            "scan",
            "main.tf",
            "--format",
            "json",
            "--output",
            "report.json",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let written: Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(
        findings(&written),
        [("SQS101".to_string(), "main.tf".to_string())]
    );

    // Same bytes as the report on stdout.
    let stdout = run(dir.path(), &["scan", "main.tf", "--format", "json"]).stdout;
    assert_eq!(fs::read_to_string(&report).unwrap(), stdout);
}

#[test]
fn output_text_to_a_file_has_no_colour() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    sqsguard(dir.path())
        .args(["scan", "main.tf", "-o", "report.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let text = fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(text.contains("high[SQS101]"), "{text}");
    assert!(!text.contains('\u{1b}'), "escape codes in a file: {text:?}");
}

// ---------------------------------------------------------------------------------------------
// A file that does not parse, next to one that does
// ---------------------------------------------------------------------------------------------

fn parse_error_tree() -> TempDir {
    tree(&[("good/main.tf", HIGH_TF), ("broken.yaml", BROKEN_CFN_YAML)])
}

#[test]
fn parse_error_next_to_a_finding_exits_1_and_reports_both() {
    let dir = parse_error_tree();
    let run = run(dir.path(), &["scan", "."]);
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.contains("good/main.tf:3:3"), "{}", run.stdout);
    assert!(run.stdout.contains("SQS101"), "{}", run.stdout);
    let named = stderr_lines_naming(&run.stderr, "broken.yaml");
    assert_eq!(named.len(), 1, "stderr:\n{}", run.stderr);
    // `path:line:column: message`, at the line where the parser gave up.
    assert!(named[0].contains("broken.yaml:6:"), "{}", named[0]);
}

#[test]
fn parse_error_below_the_threshold_exits_2() {
    let dir = parse_error_tree();
    for fail_on in ["critical", "never"] {
        let run = run(dir.path(), &["scan", ".", "--fail-on", fail_on]);
        assert_eq!(run.code, 2, "--fail-on {fail_on}\nstderr:\n{}", run.stderr);
        assert!(run.stdout.contains("SQS101"), "{}", run.stdout);
        assert!(run.stderr.contains("broken.yaml"), "{}", run.stderr);
    }
}

#[test]
fn parse_error_is_a_sarif_notification() {
    let dir = parse_error_tree();
    let run = run(dir.path(), &["scan", ".", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("broken.yaml"), "{}", run.stderr);
    let sarif = run.json();
    let sarif_run = &sarif["runs"][0];

    let results = sarif_run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:#?}");
    assert_eq!(results[0]["ruleId"], "SQS101");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "good/main.tf"
    );

    let invocation = &sarif_run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    let broken: Vec<&Value> = notifications
        .iter()
        .filter(|n| {
            n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.yaml"
        })
        .collect();
    assert_eq!(broken.len(), 1, "{notifications:#?}");
    assert_eq!(broken[0]["level"], "error");
    assert!(
        broken[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("broken.yaml"),
        "{:#?}",
        broken[0]
    );
    assert_eq!(
        broken[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );

    // With --output the report goes to the file, and stderr still names the broken file.
    sqsguard(dir.path())
        .args(["scan", ".", "--format", "sarif", "--output", "report.sarif"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("broken.yaml"));
    let written: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("report.sarif")).unwrap())
            .unwrap();
    assert_eq!(written, sarif);
}

#[test]
fn clean_scan_is_a_successful_sarif_execution() {
    let dir = tree(&[("main.tf", CLEAN_TF)]);
    let run = run(dir.path(), &["scan", ".", "--format", "sarif"]);
    assert_eq!(run.code, 0);
    let invocation = &run.json()["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert_eq!(
        invocation["toolExecutionNotifications"],
        Value::Array(Vec::new())
    );
}

#[test]
fn broken_terraform_file_does_not_hide_its_module_neighbours() {
    // Same directory, so the same Terraform module.
    let dir = tree(&[("mod/good.tf", HIGH_TF), ("mod/broken.tf", BROKEN_TF)]);
    let run = run(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(
        findings(&report),
        [("SQS101".to_string(), "mod/good.tf".to_string())]
    );
    assert_eq!(error_files(&report), ["mod/broken.tf"]);
    assert_eq!(
        stderr_lines_naming(&run.stderr, "mod/broken.tf").len(),
        1,
        "{}",
        run.stderr
    );
}

/// Decision (README "What is scanned"): a file that mentions no resource type sqsguard models
/// is not parsed, so its syntax is not checked. It is still accounted for — counted as
/// skipped — and it cannot fail the run: a construct our parser does not know in a file
/// sqsguard has nothing to say about must not break a pull-request check.
#[test]
fn files_mentioning_nothing_modelled_are_skipped_not_parsed() {
    let dir = tree(&[
        (
            "lambda.yaml",
            "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.12\n",
        ),
        (
            "bucket/main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket =\n}\n",
        ),
    ]);
    let run = run(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert_eq!(run.stderr, "");
    let summary = &run.json()["summary"];
    assert_eq!(summary["files_skipped"], 2, "{summary:#}");
    assert_eq!(summary["files_failed"], 0, "{summary:#}");
    assert_eq!(summary["files_scanned"], 0, "{summary:#}");
}

// ---------------------------------------------------------------------------------------------
// Bad inputs: each gets one clear stderr line naming it, and the scan goes on
// ---------------------------------------------------------------------------------------------

/// Whether a bad input counts as a file that could not be read or parsed (exit 2 when nothing
/// else fails) or as a file skipped with a note (exit 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Error,
    Note,
}

/// Put `contents` at `name` next to a good file with a finding, and check the scan reports
/// the finding, names the bad file on stderr (with one of `words`), and exits as it should.
fn check_bad_input(name: &str, contents: &[u8], verdict: Verdict, words: &[&str]) {
    let dir = tree(&[("good/main.tf", HIGH_TF)]);
    write(dir.path(), name, contents);

    let run = run(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{name}: stderr:\n{}", run.stderr);
    let report = run.json();
    assert_eq!(
        findings(&report),
        [("SQS101".to_string(), "good/main.tf".to_string())],
        "{name}: the good file must still be reported"
    );
    let named = stderr_lines_naming(&run.stderr, name);
    assert_eq!(named.len(), 1, "{name}: stderr:\n{}", run.stderr);
    let line = named[0];
    assert!(line.starts_with("sqsguard: "), "{name}: {line}");
    let lower = line.to_ascii_lowercase();
    assert!(
        words.iter().any(|word| lower.contains(word)),
        "{name}: `{line}` says none of {words:?}"
    );
    assert!(line.len() < 400, "{name}: stderr line is not short: {line}");
    match verdict {
        Verdict::Error => assert_eq!(error_files(&report), [name], "{name}"),
        Verdict::Note => assert!(error_files(&report).is_empty(), "{name}"),
    }

    let below = run_code(dir.path(), &["scan", ".", "--fail-on", "never"]);
    let expected = match verdict {
        Verdict::Error => 2,
        Verdict::Note => 0,
    };
    assert_eq!(below, expected, "{name} with --fail-on never");
}

fn run_code(dir: &Path, args: &[&str]) -> i32 {
    run(dir, args).code
}

#[test]
fn empty_template_file_is_noted_and_skipped() {
    check_bad_input("empty.yaml", b"", Verdict::Note, &["empty"]);
    check_bad_input("empty.json", b"", Verdict::Note, &["empty"]);
    check_bad_input("blank.template", b"\n  \n", Verdict::Note, &["empty"]);
}

#[test]
fn binary_file_is_an_error() {
    let mut bytes = b"AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n".to_vec();
    bytes.extend_from_slice(&[0, 1, 2, 0, 0xff, 0xfe, 0, 0x89, b'P', b'N', b'G']);
    check_bad_input("image.yaml", &bytes, Verdict::Error, &["binary"]);
    check_bad_input("blob.tf", &[0u8; 64], Verdict::Error, &["binary"]);
}

#[test]
fn non_utf8_file_is_an_error() {
    // Latin-1 "café" in a description.
    let yaml = b"AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: caf\xe9\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n";
    check_bad_input("latin1.yaml", yaml, Verdict::Error, &["utf-8"]);
    let tf = b"resource \"aws_sqs_queue\" \"q\" {\n  name = \"caf\xe9\"\n}\n";
    check_bad_input("latin1.tf", tf, Verdict::Error, &["utf-8"]);
}

#[test]
fn absurdly_deep_json_is_an_error() {
    let depth = 100_000;
    // A real queue whose tags nest absurdly deep, so no prefilter can skip the file.
    let text = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\"Q\": {{\"Type\": \"AWS::SQS::Queue\", \"Properties\": {{\"Tags\": {}{}}}}}}}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    check_bad_input(
        "deep.json",
        text.as_bytes(),
        Verdict::Error,
        &["nest", "depth", "recursion"],
    );
}

#[test]
fn absurdly_deep_yaml_is_an_error() {
    let depth = 100_000;
    // A real queue whose tags nest absurdly deep, so no prefilter can skip the file.
    let flow = format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    check_bad_input(
        "deep-flow.yaml",
        flow.as_bytes(),
        Verdict::Error,
        &["nest", "depth", "recursion"],
    );

    let mut block = String::from(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n",
    );
    for level in 0..5_000 {
        let indent = " ".repeat(level + 6);
        writeln!(block, "{indent}k{level}:").unwrap();
    }
    check_bad_input(
        "deep-block.yaml",
        block.as_bytes(),
        Verdict::Error,
        &["nest", "depth", "recursion"],
    );
}

#[test]
fn yaml_alias_bomb_is_an_error() {
    let mut text = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\n");
    text.push_str("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let prev = format!("*a{}", level - 1);
        writeln!(
            text,
            "a{level}: &a{level} [{}]",
            [prev.as_str(); 10].join(", ")
        )
        .unwrap();
    }
    text.push_str(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: *a9\n",
    );
    check_bad_input(
        "bomb.yaml",
        text.as_bytes(),
        Verdict::Error,
        &["alias", "expansion", "limit"],
    );
}

#[test]
fn invalid_hcl_is_an_error() {
    check_bad_input(
        "broken/main.tf",
        BROKEN_TF.as_bytes(),
        Verdict::Error,
        &["expect", "invalid", "unexpected"],
    );
    check_bad_input(
        "unclosed/main.tf",
        b"resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n",
        Verdict::Error,
        &["expect", "invalid", "unexpected", "unclosed"],
    );
}

#[test]
fn invalid_json_template_is_an_error() {
    let text = "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n \"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\",}\n";
    check_bad_input(
        "broken.json",
        text.as_bytes(),
        Verdict::Error,
        &["expect", "invalid", "unexpected", "trailing", "comma"],
    );
}

#[test]
fn non_cloudformation_json_and_yaml_are_skipped_silently() {
    let dir = tree(&[
        (
            "package.json",
            r#"{"name": "web", "version": "1.0.0", "scripts": {"test": "jest"}, "dependencies": {"aws-sdk": "^2.0.0"}}"#,
        ),
        (
            "tsconfig.json",
            "{\n  // comments are fine in tsconfig\n  \"compilerOptions\": {\"strict\": true,},\n}\n",
        ),
        (
            "k8s/deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n          resources:\n            limits: {cpu: 500m}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
        ),
        (
            ".github/workflows/ci.yml",
            "name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test\n",
        ),
        // Mentions CloudFormation words (so it passes the cheap prefilter) but is a workflow.
        (
            ".github/workflows/deploy.yml",
            "name: Deploy\non: [push]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Resources check\n        run: grep -r 'AWS::SQS::Queue' templates/\n",
        ),
        ("main.tf", CLEAN_TF),
    ]);
    let json = run(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(json.code, 0, "stderr:\n{}", json.stderr);
    assert_eq!(json.stderr, "", "non-IaC files must not be mentioned");
    let report = json.json();
    assert!(findings(&report).is_empty());
    assert!(error_files(&report).is_empty());
    assert_eq!(
        report["skipped"],
        Value::Array(Vec::new()),
        "only notable skips are listed"
    );
    assert_eq!(report["summary"]["files_scanned"], 1);

    let sarif = run(dir.path(), &["scan", ".", "--format", "sarif"]);
    assert_eq!(sarif.code, 0);
    let invocation = &sarif.json()["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert_eq!(
        invocation["toolExecutionNotifications"],
        Value::Array(Vec::new())
    );
}

// ---------------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------------

#[test]
fn exclude_skips_matching_paths_and_is_repeatable() {
    let dir = tree(&[
        ("modules/a/main.tf", HIGH_TF),
        ("modules/b/main.tf", LOW_TF),
        ("stacks/queue.yaml", HIGH_CFN_YAML),
    ]);

    let all = run(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(findings(&all.json()).len(), 3, "{}", all.stdout);

    let one = run(
        dir.path(),
        &["scan", ".", "--format", "json", "--exclude", "modules/a/**"],
    );
    let found = findings(&one.json());
    assert!(
        !found.iter().any(|(_, file)| file == "modules/a/main.tf"),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");

    let two = run(
        dir.path(),
        &[
            "scan",
            ".",
            "--format",
            "json",
            "--exclude",
            "modules",
            "--exclude",
            "*.yaml",
        ],
    );
    assert_eq!(two.code, 0, "{}", two.stdout);
    assert!(findings(&two.json()).is_empty(), "{}", two.stdout);

    // Patterns are relative to each PATH given.
    let relative = run(
        dir.path(),
        &["scan", "modules", "--format", "json", "--exclude", "a"],
    );
    assert_eq!(
        findings(&relative.json()),
        [("SQS103".to_string(), "modules/b/main.tf".to_string())],
        "{}",
        relative.stdout
    );
}

#[test]
fn gitignore_is_honoured_outside_a_git_checkout() {
    let dir = tree(&[
        (".gitignore", "# generated\nbuild/\n*.generated.tf\n"),
        ("build/main.tf", HIGH_TF),
        ("stack.generated.tf", HIGH_TF),
        ("kept/main.tf", LOW_TF),
        // A nested .gitignore applies below its directory, and `.ignore` files count too.
        ("kept/.gitignore", "local.tf\n"),
        ("kept/local.tf", HIGH_TF),
        ("other/.ignore", "*.yaml\n"),
        ("other/stack.yaml", HIGH_CFN_YAML),
    ]);
    // Not a git checkout: the scanned root has no .git (and the scanner reads nothing above
    // its roots, so a checkout further up, if TMPDIR sits in one, does not count).
    assert!(!dir.path().join(".git").exists());
    if let Some(checkout) = dir.path().ancestors().find(|a| a.join(".git").exists()) {
        eprintln!(
            "note: the temporary directory is inside a git checkout at {}",
            checkout.display()
        );
    }
    let run = run(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(
        findings(&run.json()),
        [("SQS103".to_string(), "kept/main.tf".to_string())],
        "{}",
        run.stdout
    );
}

#[test]
fn dot_terraform_is_skipped() {
    let dir = tree(&[
        (".terraform/modules/vendored/main.tf", HIGH_TF),
        ("nested/.terraform/providers/x.tf", HIGH_TF),
        ("main.tf", CLEAN_TF),
    ]);
    sqsguard(dir.path())
        .args(["scan", "."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No findings"))
        .stdout(predicate::str::contains(".terraform").not());
}

#[test]
fn hidden_github_folder_is_scanned() {
    let dir = tree(&[
        (".github/infra/queue.tf", HIGH_TF),
        (".github/cfn/queue.yaml", HIGH_CFN_YAML),
    ]);
    let run = run(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code, 1);
    let mut found = findings(&run.json());
    found.sort();
    assert_eq!(
        found,
        [
            ("SQS101".to_string(), ".github/cfn/queue.yaml".to_string()),
            ("SQS101".to_string(), ".github/infra/queue.tf".to_string()),
        ]
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed() {
    use std::os::unix::fs::symlink;

    let dir = TempDir::new().unwrap();
    let outside = dir.path().join("outside");
    let root = dir.path().join("root");
    write(&outside, "evil.tf", HIGH_TF);
    write(&outside, "sub/evil.yaml", HIGH_CFN_YAML);
    write(&root, "main.tf", CLEAN_TF);
    symlink(outside.join("evil.tf"), root.join("link.tf")).unwrap();
    symlink(outside.join("sub/evil.yaml"), root.join("link.yaml")).unwrap();
    symlink(&outside, root.join("linkdir")).unwrap();

    // The fixture itself works: scanning `outside` directly finds both.
    let direct = run(dir.path(), &["scan", "outside", "--format", "json"]);
    assert_eq!(findings(&direct.json()).len(), 2, "{}", direct.stdout);

    let run = run(dir.path(), &["scan", "root", "--format", "json"]);
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let report = run.json();
    assert!(findings(&report).is_empty(), "{}", run.stdout);
    assert!(!run.stdout.contains("evil"), "{}", run.stdout);
    assert!(!run.stdout.contains("outside"), "{}", run.stdout);
    assert_eq!(report["summary"]["files_scanned"], 1);
}

#[test]
fn a_symlink_named_on_the_command_line_is_not_followed_either() {
    use std::os::unix::fs::symlink;

    let dir = TempDir::new().unwrap();
    write(&dir.path().join("outside"), "evil.tf", HIGH_TF);
    symlink(
        dir.path().join("outside/evil.tf"),
        dir.path().join("link.tf"),
    )
    .unwrap();
    let run = run(dir.path(), &["scan", "link.tf", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(findings(&run.json()).is_empty(), "{}", run.stdout);
    assert_eq!(
        stderr_lines_naming(&run.stderr, "link.tf").len(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("symlink, not followed"),
        "{}",
        run.stderr
    );
}

#[test]
fn overlapping_roots_report_each_file_once() {
    let dir = tree(&[("app/main.tf", HIGH_TF)]);
    let run = run(
        &dir.path().join("app"),
        &["scan", "../app", ".", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(findings(&report).len(), 1, "{}", run.stdout);
    assert_eq!(report["summary"]["files_scanned"], 1);
}

#[test]
fn exclude_applies_to_files_named_directly() {
    let dir = tree(&[("a.tf", HIGH_TF), ("b.tf", LOW_TF)]);
    let run = run(
        dir.path(),
        &[
            "scan",
            "a.tf",
            "b.tf",
            "--exclude",
            "a.tf",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        findings(&run.json()),
        [("SQS103".to_string(), "b.tf".to_string())],
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------------

fn many_files_tree() -> TempDir {
    let dir = TempDir::new().unwrap();
    for index in 0..12 {
        let contents = match index % 4 {
            0 => HIGH_TF,
            1 => LOW_TF,
            2 => UNDECLARED_TF,
            _ => CLEAN_TF,
        };
        write(dir.path(), &format!("tf/m{index:02}/main.tf"), contents);
        write(
            dir.path(),
            &format!("tf/m{index:02}/extra.tf"),
            LOW_TF.replace("legacy", "extra"),
        );
        write(
            dir.path(),
            &format!("cfn/stack{index:02}.yaml"),
            HIGH_CFN_YAML,
        );
    }
    write(
        dir.path(),
        "examples/main.tf",
        include_str!("../examples/terraform/main.tf"),
    );
    write(
        dir.path(),
        "examples/queues.yaml",
        include_str!("../examples/cloudformation/queues.yaml"),
    );
    write(dir.path(), "broken.yaml", BROKEN_CFN_YAML);
    write(
        dir.path(),
        "aa/broken.json",
        "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n \"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\",}\n",
    );
    write(dir.path(), "zz/broken.tf", BROKEN_TF);
    write(dir.path(), "zz/empty.yaml", "");
    write(dir.path(), "aa/empty.json", "");
    dir
}

#[test]
fn output_is_identical_across_runs_and_jobs() {
    let dir = many_files_tree();
    for format in ["text", "json", "sarif", "github", "markdown"] {
        let reference = run(
            dir.path(),
            &[
                "scan", ".", "--select", "ALL", "--format", format, "--jobs", "1",
            ],
        );
        assert_eq!(reference.code, 1, "{format}: {}", reference.stderr);
        for jobs in ["2", "2", "3", "1"] {
            let other = run(
                dir.path(),
                &[
                    "scan", ".", "--select", "ALL", "--format", format, "--jobs", jobs,
                ],
            );
            assert_eq!(other.code, reference.code, "{format} --jobs {jobs}");
            assert!(
                other.stdout == reference.stdout,
                "{format}: --jobs {jobs} output differs from --jobs 1"
            );
            assert_eq!(other.stderr, reference.stderr, "{format} --jobs {jobs}");
        }
    }
}

#[test]
fn findings_are_sorted_by_file_then_position() {
    let dir = many_files_tree();
    let report = run(
        dir.path(),
        &["scan", ".", "--select", "ALL", "--format", "json"],
    )
    .json();
    let keys: Vec<(String, u64, u64, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["start_line"].as_u64().unwrap(),
                f["start_column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        keys.len() > 30,
        "expected many findings, got {}",
        keys.len()
    );
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

// ---------------------------------------------------------------------------------------------
// `rules` and `explain`
// ---------------------------------------------------------------------------------------------

/// `id → default column` from `sqsguard rules` output.
fn rule_defaults(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .skip(1)
        .map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            (columns[0].to_string(), columns[3].to_string())
        })
        .collect()
}

#[test]
fn rules_lists_the_built_in_rules() {
    let dir = TempDir::new().unwrap();
    let run = run(dir.path(), &["rules"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let header = run.stdout.lines().next().unwrap();
    for column in ["ID", "NAME", "SEVERITY", "DEFAULT", "TITLE"] {
        assert!(header.contains(column), "{header}");
    }
    let defaults = rule_defaults(&run.stdout);
    for (id, default) in [
        ("SQS101", "on"),
        ("SQS102", "off"),
        ("SQS103", "on"),
        ("SQS104", "on"),
    ] {
        assert!(
            defaults.contains(&(id.to_string(), default.to_string())),
            "{id} should be listed as `{default}`:\n{}",
            run.stdout
        );
    }
    let sqs101 = run
        .stdout
        .lines()
        .find(|l| l.starts_with("SQS101"))
        .unwrap();
    assert!(sqs101.contains("queue-unencrypted"), "{sqs101}");
    assert!(sqs101.contains("high"), "{sqs101}");
}

#[test]
fn explain_prints_a_rules_documentation() {
    let dir = TempDir::new().unwrap();
    sqsguard(dir.path())
        .args(["explain", "SQS101"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "# SQS101 queue-unencrypted: Queue has server-side encryption disabled",
        ))
        .stdout(predicate::str::contains("Severity: **high**"))
        .stdout(predicate::str::contains("## Risk"))
        .stdout(predicate::str::contains("## Fix in Terraform"))
        .stdout(predicate::str::contains("sqs_managed_sse_enabled = true"))
        .stdout(predicate::str::contains("## Fix in CloudFormation"))
        .stdout(predicate::str::contains("SqsManagedSseEnabled: true"))
        .stdout(predicate::str::contains("CKV_AWS_27"))
        .stderr(predicate::str::is_empty());

    sqsguard(dir.path())
        .args(["explain", "SQS102"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("off by default"));
}

// ---------------------------------------------------------------------------------------------
// Extra rule directories
// ---------------------------------------------------------------------------------------------

/// The text of built-in SQS101 with its id and name changed.
fn custom_rule(id: &str, name: &str) -> String {
    let builtin = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/encryption-at-rest/SQS101.yaml"),
    )
    .unwrap();
    let renamed = builtin
        .replace("id: SQS101\n", &format!("id: {id}\n"))
        .replace("name: queue-unencrypted\n", &format!("name: {name}\n"));
    assert!(
        renamed.contains(&format!("id: {id}\n")),
        "could not rename the rule"
    );
    assert!(
        renamed.contains(&format!("name: {name}\n")),
        "could not rename the rule"
    );
    renamed
}

#[test]
fn extra_rule_directory_adds_rules() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    write(
        dir.path(),
        "my-rules/encryption-at-rest/SQS901.yaml",
        custom_rule("SQS901", "custom-queue-unencrypted"),
    );

    let listed = run(dir.path(), &["rules", "--rules", "my-rules"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(
        rule_defaults(&listed.stdout).contains(&("SQS901".to_string(), "on".to_string())),
        "{}",
        listed.stdout
    );

    let scanned = run(
        dir.path(),
        &["scan", "main.tf", "--rules", "my-rules", "--format", "json"],
    );
    assert_eq!(scanned.code, 1, "{}", scanned.stderr);
    assert_eq!(rule_ids(&scanned.json()), ["SQS101", "SQS901"]);

    let selected = run(
        dir.path(),
        &[
            "scan", "main.tf", "--rules", "my-rules", "--select", "SQS901", "--format", "sarif",
        ],
    );
    let sarif = selected.json();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0]["id"], "SQS901");
    assert_eq!(rules[0]["name"], "custom-queue-unencrypted");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "SQS901");

    sqsguard(dir.path())
        .args(["explain", "SQS901", "--rules", "my-rules"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "# SQS901 custom-queue-unencrypted",
        ));

    // Without the directory the rule does not exist.
    sqsguard(dir.path())
        .args(["scan", "main.tf", "--select", "SQS901"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SQS901"));
}

#[test]
fn invalid_rule_file_is_an_error_naming_file_and_line() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    // A semantic error: severity on line 4.
    let text =
        custom_rule("SQS902", "bad-severity").replace("severity: high\n", "severity: extreme\n");
    let severity_line = text
        .lines()
        .position(|line| line.starts_with("severity:"))
        .unwrap()
        + 1;
    write(dir.path(), "bad-rules/SQS902.yaml", &text);
    let run1 = run(dir.path(), &["scan", "main.tf", "--rules", "bad-rules"]);
    assert_eq!(
        run1.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        run1.stdout, run1.stderr
    );
    assert!(
        run1.stderr
            .contains(&format!("bad-rules/SQS902.yaml:{severity_line}:")),
        "{}",
        run1.stderr
    );
    assert!(run1.stderr.contains("extreme"), "{}", run1.stderr);
    assert!(
        run1.stdout.is_empty(),
        "no report on a rule error:\n{}",
        run1.stdout
    );

    // A YAML syntax error on line 3.
    write(
        dir.path(),
        "syntax-rules/broken.yaml",
        "id: SQS903\nname: broken\ntitle: [unclosed\n",
    );
    let run2 = run(dir.path(), &["scan", "main.tf", "--rules", "syntax-rules"]);
    assert_eq!(run2.code, 2, "{}", run2.stderr);
    assert!(
        run2.stderr.contains("syntax-rules/broken.yaml:"),
        "{}",
        run2.stderr
    );
    let first = run2.stderr.lines().next().unwrap_or_default();
    assert!(
        first.contains("broken.yaml:3:") || first.contains("broken.yaml:4:"),
        "the error should give the line: {first}"
    );

    // `rules` fails the same way.
    sqsguard(dir.path())
        .args(["rules", "--rules", "bad-rules"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SQS902.yaml"));

    // A rule id that clashes with a built-in one.
    write(
        dir.path(),
        "dup-rules/SQS101.yaml",
        custom_rule("SQS101", "duplicate"),
    );
    sqsguard(dir.path())
        .args(["scan", "main.tf", "--rules", "dup-rules"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("dup-rules/SQS101.yaml"))
        .stderr(predicate::str::contains("SQS101"));
}

#[test]
fn missing_rule_directory_is_an_error() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    sqsguard(dir.path())
        .args(["scan", "main.tf", "--rules", "no-such-dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-dir"));
}

#[test]
fn markdown_links_point_at_the_commit_inside_github_actions() {
    let dir = tree(&[("main.tf", HIGH_TF)]);
    let workspace = dir.path().canonicalize().unwrap();
    let output = sqsguard(&workspace)
        .args(["scan", ".", "--format", "markdown"])
        .env("GITHUB_WORKSPACE", &workspace)
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "acme/infra")
        .env("GITHUB_SHA", "0123abc")
        .output()
        .unwrap();
    let markdown = String::from_utf8(output.stdout).unwrap();
    assert!(
        markdown.contains("(https://github.com/acme/infra/blob/0123abc/main.tf#L3)"),
        "{markdown}"
    );
    // Outside Actions, links stay relative.
    let local = run(dir.path(), &["scan", ".", "--format", "markdown"]);
    assert!(local.stdout.contains("(main.tf#L3)"), "{}", local.stdout);
}

#[test]
fn a_value_written_in_a_parameter_default_is_reported_there_with_its_use_related() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/rules/SQS201/fail/parameter_default.yaml");
    let dir = tree(&[("stack.yaml", &fs::read_to_string(fixture).unwrap())]);
    let run = run(
        dir.path(),
        &[
            "scan",
            "stack.yaml",
            "--select",
            "SQS201",
            "--format",
            "sarif",
        ],
    );
    let result = &run.json()["runs"][0]["results"][0];
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 7, "{result:#}");
    let related = &result["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], "stack.yaml");
    assert_eq!(related["region"]["startLine"], 18, "{result:#}");
}

const PARAMETERISED_CFN: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Sse:
    Type: String
    Default: "true"
  Mode:
    Type: String
Conditions:
  IsLegacy: !Equals [!Ref Mode, legacy]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: !Ref Sse
  Branchy:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: !If [IsLegacy, false, true]
"#;

fn sqs101_messages(run: &Run) -> Vec<String> {
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"] == "SQS101")
        .map(|finding| finding["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn undecidable_conditions_are_explored_and_the_branch_is_named() {
    let dir = tree(&[("stack.yaml", PARAMETERISED_CFN)]);
    let run = run(
        dir.path(),
        &["scan", ".", "--select", "SQS101", "--format", "json"],
    );
    let messages = sqs101_messages(&run);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("`Resources.Branchy`")
            && messages[0].ends_with("(when condition `IsLegacy` is true)"),
        "{messages:?}"
    );
}

#[test]
fn parameters_given_on_the_command_line_or_in_files_override_defaults() {
    let dir = tree(&[
        ("stack.yaml", PARAMETERISED_CFN),
        (
            "cli-params.json",
            r#"[{"ParameterKey": "Sse", "ParameterValue": "false"}, {"ParameterKey": "Mode", "ParameterValue": "modern"}]"#,
        ),
        (
            "pipeline-params.json",
            r#"{"Parameters": {"Mode": "legacy"}}"#,
        ),
    ]);
    let scan = |extra: &[&str]| {
        let mut args = vec![
            "scan",
            "stack.yaml",
            "--select",
            "SQS101",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        sqs101_messages(&run(dir.path(), &args))
    };
    // `Sse=false` disables encryption on Queue; `Mode=modern` decides the condition.
    let from_file = scan(&["--parameter-file", "cli-params.json"]);
    assert_eq!(from_file.len(), 1, "{from_file:?}");
    assert!(from_file[0].contains("`Resources.Queue`"), "{from_file:?}");
    // A later source wins: Mode=legacy takes the `false` branch, with no branch note.
    let both = scan(&[
        "--parameter-file",
        "cli-params.json",
        "--parameter-file",
        "pipeline-params.json",
        "--parameter",
        "Sse=true",
    ]);
    assert_eq!(both.len(), 1, "{both:?}");
    assert!(
        both[0].contains("`Resources.Branchy`") && !both[0].contains("when condition"),
        "{both:?}"
    );
    // A malformed file is a usage error naming it.
    let dir_bad = tree(&[
        ("bad.json", "{\"nope\": 1}"),
        ("stack.yaml", PARAMETERISED_CFN),
    ]);
    let bad = run(
        dir_bad.path(),
        &["scan", "stack.yaml", "--parameter-file", "bad.json"],
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("bad.json"), "{}", bad.stderr);
}

#[test]
fn cdk_construct_paths_name_resources_in_messages() {
    let template = r#"{
  "Resources": {
    "AuditQueueA1B2C3D4": {
      "Type": "AWS::SQS::Queue",
      "Properties": { "SqsManagedSseEnabled": false },
      "Metadata": { "aws:cdk:path": "AuditStack/AuditQueue/Resource" }
    }
  }
}"#;
    let dir = tree(&[("cdk.out/AuditStack.template.json", template)]);
    let run = run(
        dir.path(),
        &["scan", ".", "--select", "SQS101", "--format", "json"],
    );
    let finding = &run.json()["findings"][0];
    assert_eq!(finding["address"], "Resources.AuditQueueA1B2C3D4");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("`Resources.AuditQueueA1B2C3D4 (AuditStack/AuditQueue/Resource)`"),
        "{finding:#}"
    );
}

#[test]
fn duplicate_keys_and_unknown_tags_are_warnings_and_the_template_is_still_read() {
    let template = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: false\n      QueueName: !Custom orders\n  Queue:\n    Type: AWS::SQS::Queue\n";
    let dir = tree(&[("stack.yaml", template)]);
    let run = run(
        dir.path(),
        &["scan", ".", "--select", "SQS101", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(findings(&run.json()).len(), 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("stack.yaml:7: unknown tag `!Custom`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("stack.yaml:8: key `Queue` is written twice"),
        "{}",
        run.stderr
    );
}

#[test]
fn template_mistakes_are_warnings_naming_the_line_and_the_rest_is_still_read() {
    let template = "AWSTemplateFormatVersion: \"2010-09-09\"\nConditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: false\n      KmsMasterKeyId: !If [A, !Ref Missing, !GetAtt Nowhere.Arn]\n  Other:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: !If [Undefined, false, true]\n      QueueName: !Ref Missing\n";
    let dir = tree(&[("stack.yaml", template)]);
    let run = run(
        dir.path(),
        &["scan", ".", "--select", "SQS101", "--format", "json"],
    );
    for expected in [
        "stack.yaml:3: condition `A` refers to itself",
        "stack.yaml:14: condition `Undefined` is not defined",
        "stack.yaml:15: `Ref` to `Missing`, which is neither a parameter nor a resource",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    // Unknown values never fire: the first queue's key may exist, the second's flag is unknown.
    assert!(findings(&run.json()).is_empty(), "{}", run.stdout);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn tfvars_and_given_variables_override_defaults_and_locate_the_finding() {
    let module = "variable \"sse\" {\n  default = true\n}\n\nresource \"aws_sqs_queue\" \"q\" {\n  sqs_managed_sse_enabled = var.sse\n}\n";
    let dir = tree(&[
        ("app/main.tf", module),
        ("app/terraform.tfvars", "sse = true\n"),
        ("app/prod.auto.tfvars", "# production\nsse = false\n"),
    ]);
    let scan = run(
        dir.path(),
        &["scan", ".", "--select", "SQS101", "--format", "json"],
    );
    let report = scan.json();
    assert_eq!(
        findings(&report),
        [("SQS101".to_string(), "app/prod.auto.tfvars".to_string())]
    );
    assert_eq!(report["findings"][0]["start_line"], 2);
    // A value given in the configuration wins over every file.
    write(
        dir.path(),
        "sqsguard.toml",
        "[terraform]\nvars = { sse = true }\n",
    );
    let configured = run(
        dir.path(),
        &["scan", ".", "--select", "SQS101", "--format", "json"],
    );
    assert!(
        findings(&configured.json()).is_empty(),
        "{}",
        configured.stdout
    );
}

#[test]
fn a_vpc_endpoint_allow_counts_only_for_the_queues_it_covers() {
    let template = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Orders:
    Type: AWS::SQS::Queue
    Properties: { QueueName: orders }
  Shipping:
    Type: AWS::SQS::Queue
    Properties: { QueueName: shipping }
  Shared:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Orders, !Ref Shipping]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }
            Action: sqs:SendMessage
            Resource: !GetAtt Orders.Arn
            Condition: { StringEquals: { aws:SourceVpce: vpce-0123456789abcdef0 } }
"#;
    let dir = tree(&[("stack.yaml", template)]);
    let run = run(
        dir.path(),
        &["scan", ".", "--select", "SQS604", "--format", "json"],
    );
    let report = run.json();
    let addresses: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["address"].as_str().unwrap())
        .collect();
    assert_eq!(addresses, ["Resources.Orders"], "{}", run.stdout);
}

#[test]
fn terraform_variables_from_the_environment_and_the_command_line() {
    let module = "variable \"sse\" {\n  default = true\n}\n\nresource \"aws_sqs_queue\" \"q\" {\n  sqs_managed_sse_enabled = var.sse\n}\n";
    let dir = tree(&[("main.tf", module)]);
    let scan = |env: Option<&str>, extra: &[&str]| {
        let mut cmd = sqsguard(dir.path());
        cmd.args(["scan", ".", "--select", "SQS101", "--format", "json"])
            .args(extra);
        if let Some(value) = env {
            cmd.env("TF_VAR_sse", value);
        }
        let output = cmd.output().unwrap();
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        report["findings"].as_array().unwrap().len()
    };
    assert_eq!(scan(None, &[]), 0);
    assert_eq!(scan(Some("false"), &[]), 1, "TF_VAR_sse=false disables SSE");
    assert_eq!(scan(Some("false"), &["--var", "sse=true"]), 0, "--var wins");
    assert_eq!(scan(None, &["--var", "sse=false"]), 1);
    // A tfvars file wins over the environment, as in Terraform.
    write(dir.path(), "terraform.tfvars", "sse = true\n");
    assert_eq!(
        scan(Some("false"), &[]),
        0,
        "terraform.tfvars beats TF_VAR_sse"
    );
}

#[test]
fn a_minified_plan_is_scanned_and_findings_point_at_the_column() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules/SQS201/fail/plan.json");
    let dir = tree(&[("plan.json", &fs::read_to_string(fixture).unwrap())]);
    let run = run(
        dir.path(),
        &[
            "scan",
            "plan.json",
            "--select",
            "SQS201",
            "--format",
            "json",
        ],
    );
    let report = run.json();
    let finding = &report["findings"][0];
    assert_eq!(
        finding["address"], "aws_sqs_queue_policy.p",
        "{}",
        run.stdout
    );
    assert_eq!(finding["start_line"], 1);
    assert!(
        finding["start_column"].as_u64().unwrap() > 200,
        "{finding:#}"
    );
    assert_eq!(report["summary"]["files_scanned"], 1);
}

#[test]
fn a_plan_of_an_unknown_format_is_read_with_a_note_at_its_line() {
    let plan = r#"{
  "format_version": "2.0",
  "resource_changes": [
    {
      "address": "aws_sqs_queue.q",
      "mode": "managed",
      "type": "aws_sqs_queue",
      "name": "q",
      "change": { "actions": ["create"], "after": { "sqs_managed_sse_enabled": false } }
    }
  ]
}
"#;
    let dir = tree(&[("plan.json", plan)]);
    let run = run(
        dir.path(),
        &[
            "scan",
            "plan.json",
            "--select",
            "SQS101",
            "--format",
            "json",
        ],
    );
    let report = run.json();
    assert_eq!(report["findings"][0]["rule"], "SQS101", "{}", run.stdout);
    assert_eq!(report["findings"][0]["start_line"], 9);
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["line"], 2, "{warnings:?}");
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown `format_version` `2.0`"),
        "{warnings:?}"
    );
}
