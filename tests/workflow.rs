//! The pull-request workflow features end to end: suppressions (inline comments in HCL and
//! YAML, CloudFormation `Metadata`, the peers' syntaxes, expiry, required reasons,
//! `--no-inline-suppressions`), the configuration file (every key, discovery, errors, the JSON
//! Schema), and baselines (round trip, fingerprints stable across line moves), with snapshots of
//! SARIF carrying suppressed results.
//!
//! Every CLI test builds its input tree in a fresh temporary directory and runs the binary there,
//! so reported paths are short and relative. Expiry tests use dates far in the past (2000) and
//! future (2999), compared by sqsguard with today's date from the system clock.

use std::fs;
use std::path::Path;

use serde_json::Value;

mod common;
use common::{Run, run, tree, write};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `sqsguard scan . --format json ARGS` in `dir`.
fn scan_json(dir: &Path, args: &[&str]) -> (Run, Value) {
    let mut all = vec!["scan", ".", "--format", "json"];
    all.extend_from_slice(args);
    let run = run(dir, &all);
    let json = run.json();
    (run, json)
}

/// `(rule, address)` of the findings in a JSON report whose `suppressed` is `suppressed`.
fn findings(report: &Value, suppressed: bool) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["suppressed"] == Value::Bool(suppressed))
        .map(|finding| {
            (
                finding["rule"].as_str().unwrap().to_string(),
                finding["address"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn open(report: &Value) -> Vec<(String, String)> {
    findings(report, false)
}

fn suppressed(report: &Value) -> Vec<(String, String)> {
    findings(report, true)
}

fn pair(rule: &str, address: &str) -> (String, String) {
    (rule.to_string(), address.to_string())
}

/// The justification of the one suppressed finding of `address`.
fn justification(report: &Value, address: &str) -> String {
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["address"] == address && finding["suppressed"] == true)
        .unwrap_or_else(|| panic!("no suppressed finding of {address} in {report:#}"));
    finding["suppression"]["justification"]
        .as_str()
        .unwrap()
        .to_string()
}

fn warnings(report: &Value) -> Vec<String> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|warning| {
            format!(
                "{}:{}: {}",
                warning["file"].as_str().unwrap(),
                warning["line"],
                warning["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// A queue with SSE-SQS disabled: SQS101 at the `sqs_managed_sse_enabled` line.
fn unencrypted_tf(name: &str, comment_above: &str, comment_on_line: &str) -> String {
    format!(
        "{comment_above}resource \"aws_sqs_queue\" \"{name}\" {{\n  name                    = \"{name}\"\n  sqs_managed_sse_enabled = false{comment_on_line}\n}}\n"
    )
}

// ---------------------------------------------------------------------------------------------
// Suppressions: sqsguard comments
// ---------------------------------------------------------------------------------------------

#[test]
fn hcl_hash_comment_above_the_header_suppresses() {
    let dir = tree(&[(
        "main.tf",
        &unencrypted_tf(
            "audit",
            "# sqsguard:ignore SQS101 audit queue holds no personal data\n",
            "",
        ),
    )]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 0, "suppressed findings do not fail the run");
    assert_eq!(open(&report), []);
    assert_eq!(suppressed(&report), [pair("SQS101", "aws_sqs_queue.audit")]);
    assert_eq!(
        justification(&report, "aws_sqs_queue.audit"),
        "audit queue holds no personal data"
    );
    let finding = &report["findings"][0];
    assert_eq!(finding["suppression"]["kind"], "inSource");
    assert_eq!(finding["suppression"]["file"], "main.tf");
    assert_eq!(finding["suppression"]["line"], 1);
    assert_eq!(report["summary"]["findings"], 0);
    assert_eq!(report["summary"]["suppressed"], 1);
    assert_eq!(report["summary"]["high"], 0);
    assert_eq!(run.stderr, "");
}

#[test]
fn hcl_double_slash_comment_on_the_finding_line_suppresses() {
    let dir = tree(&[(
        "main.tf",
        &unencrypted_tf("a", "", " // sqsguard:ignore SQS101 encrypted client-side"),
    )]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        justification(&report, "aws_sqs_queue.a"),
        "encrypted client-side"
    );
}

#[test]
fn comment_lines_right_above_the_finding_or_header_count() {
    let tf = "# Legacy queue, owned by team X.\n\
              # sqsguard:ignore SQS101 legacy, replaced in Q3\n\
              # (see ADR-12)\n\
              resource \"aws_sqs_queue\" \"a\" {\n\
              \x20 # sqsguard:ignore SQS101 two lines above is fine too\n\
              \x20 sqs_managed_sse_enabled = false\n\
              }\n";
    let dir = tree(&[("main.tf", tf)]);
    let (_, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    // The finding line's own comment block wins over the header's.
    assert_eq!(
        justification(&report, "aws_sqs_queue.a"),
        "two lines above is fine too"
    );
}

#[test]
fn several_ids_separated_by_commas() {
    let dir = tree(&[(
        "main.tf",
        &unencrypted_tf(
            "a",
            "# sqsguard:ignore SQS101, SQS102,SQS501 test fixture\n",
            "",
        ),
    )]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101,SQS501"]);
    assert_eq!(run.code, 0, "{report:#}");
    assert_eq!(
        suppressed(&report),
        [
            pair("SQS501", "aws_sqs_queue.a"),
            pair("SQS101", "aws_sqs_queue.a")
        ]
    );
}

#[test]
fn a_suppression_names_only_its_rules_and_its_resource() {
    let tf = format!(
        "{}\n{}",
        unencrypted_tf("a", "# sqsguard:ignore SQS103 not this rule\n", ""),
        unencrypted_tf("b", "# sqsguard:ignore SQS101 only b\n", "")
    );
    let dir = tree(&[("main.tf", &tf)]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 1);
    assert_eq!(open(&report), [pair("SQS101", "aws_sqs_queue.a")]);
    assert_eq!(suppressed(&report), [pair("SQS101", "aws_sqs_queue.b")]);
}

#[test]
fn a_marker_inside_a_string_is_not_a_comment() {
    let tf = "resource \"aws_sqs_queue\" \"a\" {\n\
              \x20 name                    = \"x # sqsguard:ignore SQS101 no\"\n\
              \x20 sqs_managed_sse_enabled = false\n\
              }\n";
    let dir = tree(&[("main.tf", tf)]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 1);
    assert_eq!(open(&report), [pair("SQS101", "aws_sqs_queue.a")]);
}

const TEMPLATE_YAML: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # sqsguard:ignore SQS101 replay queue, messages are public data
  Above:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false
  OnTheLine:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false # sqsguard:ignore SQS101 throwaway test queue
  Open:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false
"#;

#[test]
fn yaml_comments_above_the_logical_id_and_on_the_line_suppress() {
    let dir = tree(&[("template.yaml", TEMPLATE_YAML)]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 1, "`Open` is still reported");
    assert_eq!(open(&report), [pair("SQS101", "Resources.Open")]);
    assert_eq!(
        justification(&report, "Resources.Above"),
        "replay queue, messages are public data"
    );
    assert_eq!(
        justification(&report, "Resources.OnTheLine"),
        "throwaway test queue"
    );
}

// ---------------------------------------------------------------------------------------------
// Suppressions: CloudFormation Metadata
// ---------------------------------------------------------------------------------------------

const METADATA_YAML: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Ours:
    Type: AWS::SQS::Queue
    Metadata:
      sqsguard:
        ignore:
          - id: SQS101
            reason: fan-out of public events
    Properties:
      SqsManagedSseEnabled: false
  Checkovs:
    Type: AWS::SQS::Queue
    Metadata:
      checkov:
        skip:
          - id: CKV_AWS_27
            comment: reviewed by security, ticket SEC-1
    Properties:
      SqsManagedSseEnabled: false
  NoReason:
    Type: AWS::SQS::Queue
    Metadata:
      sqsguard:
        ignore:
          - id: SQS101
    Properties:
      SqsManagedSseEnabled: false
"#;

const METADATA_JSON: &str = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Ours": {
      "Type": "AWS::SQS::Queue",
      "Metadata": { "sqsguard": { "ignore": [ { "id": "SQS101", "reason": "public events" } ] } },
      "Properties": { "SqsManagedSseEnabled": false }
    },
    "Checkovs": {
      "Type": "AWS::SQS::Queue",
      "Metadata": { "checkov": { "skip": [ { "id": "CKV_AWS_27", "comment": "SEC-1" } ] } },
      "Properties": { "SqsManagedSseEnabled": false }
    },
    "Expired": {
      "Type": "AWS::SQS::Queue",
      "Metadata": { "sqsguard": { "ignore": [ { "id": "SQS101", "reason": "old", "until": "2000-01-01" } ] } },
      "Properties": { "SqsManagedSseEnabled": false }
    },
    "NotYet": {
      "Type": "AWS::SQS::Queue",
      "Metadata": { "sqsguard": { "ignore": [ { "id": "SQS101", "reason": "later", "until": "2999-12-31" } ] } },
      "Properties": { "SqsManagedSseEnabled": false }
    }
  }
}
"#;

#[test]
fn cloudformation_metadata_in_both_syntaxes_yaml() {
    let dir = tree(&[("template.yaml", METADATA_YAML)]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        justification(&report, "Resources.Ours"),
        "fan-out of public events"
    );
    assert_eq!(
        justification(&report, "Resources.Checkovs"),
        "reviewed by security, ticket SEC-1"
    );
    assert_eq!(open(&report), [pair("SQS101", "Resources.NoReason")]);
    let warnings = warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("template.yaml:26: ") && warnings[0].contains("no `reason`"),
        "{warnings:?}"
    );
    assert!(run.stderr.contains("sqsguard: warning: template.yaml:26: "));
}

#[test]
fn cloudformation_metadata_in_json_with_expiry() {
    let dir = tree(&[("template.json", METADATA_JSON)]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 1);
    assert_eq!(open(&report), [pair("SQS101", "Resources.Expired")]);
    assert_eq!(
        suppressed(&report),
        [
            pair("SQS101", "Resources.Ours"),
            pair("SQS101", "Resources.Checkovs"),
            pair("SQS101", "Resources.NotYet"),
        ]
    );
    let warnings = warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("expired on 2000-01-01"),
        "{warnings:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Suppressions: the peers' comments
// ---------------------------------------------------------------------------------------------

#[test]
fn checkov_tfsec_and_trivy_comments_suppress_the_equivalent_rule() {
    let tf = [
        // Checkov reads its skip anywhere in the resource.
        "resource \"aws_sqs_queue\" \"checkov\" {\n  #checkov:skip=CKV_AWS_27:Encrypted by the producer\n  sqs_managed_sse_enabled = false\n}\n",
        "#tfsec:ignore:aws-sqs-enable-queue-encryption\nresource \"aws_sqs_queue\" \"tfsec_long\" {\n  sqs_managed_sse_enabled = false\n}\n",
        "resource \"aws_sqs_queue\" \"tfsec_avd\" {\n  sqs_managed_sse_enabled = false #tfsec:ignore:AVD-AWS-0096\n}\n",
        "# trivy:ignore:AVD-AWS-0096 replaced next sprint\nresource \"aws_sqs_queue\" \"trivy\" {\n  sqs_managed_sse_enabled = false\n}\n",
        "#trivy:ignore:aws-sqs-enable-queue-encryption:exp:2999-12-31\nresource \"aws_sqs_queue\" \"trivy_future\" {\n  sqs_managed_sse_enabled = false\n}\n",
        "#tfsec:ignore:aws-sqs-enable-queue-encryption:exp:2000-01-01\nresource \"aws_sqs_queue\" \"tfsec_expired\" {\n  sqs_managed_sse_enabled = false\n}\n",
        // An id of another check suppresses nothing here.
        "#checkov:skip=CKV_AWS_7:wrong check\nresource \"aws_sqs_queue\" \"other_id\" {\n  sqs_managed_sse_enabled = false\n}\n",
    ]
    .join("\n");
    let dir = tree(&[("main.tf", &tf)]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        open(&report),
        [
            pair("SQS101", "aws_sqs_queue.tfsec_expired"),
            pair("SQS101", "aws_sqs_queue.other_id"),
        ]
    );
    assert_eq!(
        justification(&report, "aws_sqs_queue.checkov"),
        "Encrypted by the producer"
    );
    // Without a reason, the justification says which comment suppressed it.
    assert_eq!(
        justification(&report, "aws_sqs_queue.tfsec_long"),
        "tfsec:ignore:aws-sqs-enable-queue-encryption"
    );
    assert_eq!(
        justification(&report, "aws_sqs_queue.tfsec_avd"),
        "tfsec:ignore:AVD-AWS-0096"
    );
    assert_eq!(
        justification(&report, "aws_sqs_queue.trivy"),
        "replaced next sprint"
    );
    assert_eq!(suppressed(&report).len(), 5);
    let warnings = warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("expired on 2000-01-01"));
}

#[test]
fn a_checkov_skip_above_the_next_resource_does_not_leak_upwards() {
    let tf = "resource \"aws_sqs_queue\" \"a\" {\n  sqs_managed_sse_enabled = false\n}\n\
              #checkov:skip=CKV_AWS_27:only b\n\
              resource \"aws_sqs_queue\" \"b\" {\n  sqs_managed_sse_enabled = false\n}\n";
    let dir = tree(&[("main.tf", tf)]);
    let (_, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(open(&report), [pair("SQS101", "aws_sqs_queue.a")]);
    assert_eq!(suppressed(&report), [pair("SQS101", "aws_sqs_queue.b")]);
}

// ---------------------------------------------------------------------------------------------
// Suppressions: expiry, missing reasons, --no-inline-suppressions, output
// ---------------------------------------------------------------------------------------------

#[test]
fn expiry_in_the_future_suppresses_and_in_the_past_returns_the_finding() {
    let tf = format!(
        "{}\n{}",
        unencrypted_tf(
            "future",
            "# sqsguard:ignore SQS101 until 2999-12-31 waiting for the KMS rollout\n",
            ""
        ),
        unencrypted_tf(
            "past",
            "# sqsguard:ignore SQS101 waiting for the KMS rollout until 2000-01-01\n",
            ""
        ),
    );
    let dir = tree(&[("main.tf", &tf)]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 1);
    assert_eq!(open(&report), [pair("SQS101", "aws_sqs_queue.past")]);
    assert_eq!(
        justification(&report, "aws_sqs_queue.future"),
        "waiting for the KMS rollout"
    );
    assert_eq!(
        warnings(&report),
        [
            "main.tf:7: the suppression of SQS101 expired on 2000-01-01, so its findings are reported again"
        ]
    );
}

#[test]
fn an_invalid_expiry_date_suppresses_nothing() {
    let dir = tree(&[(
        "main.tf",
        &unencrypted_tf(
            "a",
            "# sqsguard:ignore SQS101 reason until 2027-02-30\n",
            "",
        ),
    )]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 1);
    assert_eq!(open(&report), [pair("SQS101", "aws_sqs_queue.a")]);
    assert!(warnings(&report)[0].contains("`2027-02-30` is not a date"));
}

#[test]
fn a_suppression_without_a_reason_does_not_suppress_and_is_reported() {
    let dir = tree(&[(
        "main.tf",
        &unencrypted_tf("a", "", " # sqsguard:ignore SQS101"),
    )]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 1, "the finding is back, so the run fails");
    assert_eq!(open(&report), [pair("SQS101", "aws_sqs_queue.a")]);
    let expected = "main.tf:3: `sqsguard:ignore SQS101` gives no reason, so it suppresses \
                    nothing (write the reason after the ids: `sqsguard:ignore SQS101 <reason>`)";
    assert_eq!(warnings(&report), [expected]);
    assert_eq!(run.stderr, format!("sqsguard: warning: {expected}\n"));

    // Also in SARIF (a warning notification, the run still successful) and in text output.
    let sarif = run_sarif(dir.path(), &["--select", "SQS101"]);
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "warning");
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    assert!(sarif["runs"][0]["results"][0].get("suppressions").is_none());

    // An id that is not a rule id is reported too.
    let dir = tree(&[(
        "main.tf",
        &unencrypted_tf("a", "# sqsguard:ignore because it is legacy\n", ""),
    )]);
    let (run, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(run.code, 1);
    assert!(warnings(&report)[0].contains("`because` is not a rule id"));
}

#[test]
fn no_inline_suppressions_ignores_comments_and_metadata() {
    let dir = tree(&[
        (
            "main.tf",
            &unencrypted_tf(
                "a",
                "# sqsguard:ignore SQS101 reviewed\n",
                " # sqsguard:ignore SQS101",
            ),
        ),
        ("template.yaml", METADATA_YAML),
    ]);
    let (run, report) = scan_json(
        dir.path(),
        &["--select", "SQS101", "--no-inline-suppressions"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(suppressed(&report), []);
    assert_eq!(open(&report).len(), 4);
    assert_eq!(warnings(&report), Vec::<String>::new(), "nothing is read");
    assert_eq!(run.stderr, "");
}

#[test]
fn text_output_lists_only_open_findings_and_counts_the_suppressed() {
    let tf = format!(
        "{}\n{}",
        unencrypted_tf("a", "# sqsguard:ignore SQS101 reviewed\n", ""),
        unencrypted_tf("b", "", "")
    );
    let dir = tree(&[("main.tf", &tf)]);
    let run = run(dir.path(), &["scan", ".", "--select", "SQS101"]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains("aws_sqs_queue.a"), "{}", run.stdout);
    assert!(run.stdout.contains("aws_sqs_queue.b"));
    assert!(
        run.stdout
            .ends_with("Found 1 finding (1 high), 1 suppressed; 1 file scanned.\n"),
        "{}",
        run.stdout
    );

    fs::write(
        dir.path().join("main.tf"),
        unencrypted_tf("a", "# sqsguard:ignore SQS101 reviewed\n", ""),
    )
    .unwrap();
    let run = self::run(dir.path(), &["scan", ".", "--select", "SQS101"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "No findings, 1 suppressed; 1 file scanned.\n");
}

#[test]
fn github_and_markdown_leave_suppressed_findings_out() {
    let tf = format!(
        "{}\n{}",
        unencrypted_tf("a", "# sqsguard:ignore SQS101 reviewed\n", ""),
        unencrypted_tf("b", "", " # sqsguard:ignore SQS101")
    );
    let dir = tree(&[("main.tf", &tf)]);
    let github = run(
        dir.path(),
        &["scan", ".", "--select", "SQS101", "--format", "github"],
    );
    assert_eq!(
        github.stdout.matches("::error ").count(),
        1,
        "{}",
        github.stdout
    );
    assert!(github.stdout.contains("line=9,"), "{}", github.stdout);
    assert!(github.stdout.contains("::warning file=main.tf,line=9,"));
    let markdown = run(
        dir.path(),
        &["scan", ".", "--select", "SQS101", "--format", "markdown"],
    );
    assert!(
        markdown.stdout.contains("1 finding suppressed"),
        "{}",
        markdown.stdout
    );
    assert!(markdown.stdout.contains("### Suppressions not applied"));
    assert!(
        !markdown.stdout.contains("[4](main.tf#L4)"),
        "{}",
        markdown.stdout
    );
    assert!(markdown.stdout.contains("[9](main.tf#L9)"));
}

// ---------------------------------------------------------------------------------------------
// SARIF
// ---------------------------------------------------------------------------------------------

fn run_sarif(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["scan", ".", "--format", "sarif"];
    all.extend_from_slice(args);
    run(dir, &all).json()
}

/// The parts of a SARIF log a snapshot should hold: results and notifications (the rules'
/// documentation has its own tests), with the machine-specific `%SRCROOT%` left out.
fn sarif_essentials(log: &Value) -> Value {
    let run = &log["runs"][0];
    serde_json::json!({
        "results": run["results"],
        "invocations": run["invocations"],
    })
}

#[test]
fn sarif_snapshot_with_inline_suppressions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sqsguard"))
        .current_dir(root)
        .args([
            "scan",
            "testdata/workflow/suppressed",
            "--format",
            "sarif",
            "--select",
            "SQS101,SQS103",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "one finding stays open");
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_snapshot!(
        "sarif_inline_suppressions",
        serde_json::to_string_pretty(&sarif_essentials(&log)).unwrap()
    );
}

#[test]
fn sarif_snapshot_with_a_baseline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sqsguard"))
        .current_dir(root)
        .args([
            "scan",
            "testdata/workflow/baselined",
            "--format",
            "sarif",
            "--select",
            "SQS101,SQS103",
            "--baseline",
            "testdata/workflow/baselined/sqsguard-baseline.json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "the finding not in the baseline fails the run: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_snapshot!(
        "sarif_baseline",
        serde_json::to_string_pretty(&sarif_essentials(&log)).unwrap()
    );
}

/// The official SARIF 2.1.0 schema (from `../shared/schemas/`, as `tests/sarif_schema.rs`
/// uses it), or `None` with a visible message when it is absent.
fn sarif_validator() -> Option<jsonschema::Validator> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let Ok(text) = fs::read_to_string(&path) else {
        eprintln!("skipping: {} does not exist", path.display());
        return None;
    };
    // The schema's `run.language` pattern has a stray `]` the Rust regex engine rejects.
    let text = text.replace("{2}]?$", "{2}\\\\]?$");
    let schema: Value = serde_json::from_str(&text).unwrap();
    Some(jsonschema::draft7::options().build(&schema).unwrap())
}

#[test]
fn sarif_with_suppressions_and_warnings_matches_the_schema() {
    let Some(validator) = sarif_validator() else {
        return;
    };
    let dir = tree(&[
        (
            "main.tf",
            &format!(
                "{}\n{}\n{}",
                unencrypted_tf("a", "# sqsguard:ignore SQS101 reviewed\n", ""),
                unencrypted_tf("b", "", " # sqsguard:ignore SQS101"),
                unencrypted_tf("c", "", "")
            ),
        ),
        ("template.yaml", METADATA_YAML),
    ]);
    assert_eq!(
        run(
            dir.path(),
            &["baseline", ".", "--select", "SQS101", "-o", "base.json"]
        )
        .code,
        0
    );
    write(dir.path(), "new.tf", unencrypted_tf("new", "", ""));
    let log = run_sarif(
        dir.path(),
        &["--select", "SQS101", "--baseline", "base.json"],
    );
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let kinds: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            result["suppressions"][0]["kind"]
                .as_str()
                .unwrap_or("open")
                .to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "inSource", "external", "external", "open", "inSource", "inSource", "external"
        ],
        "{log:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

const THREE_RULES_TF: &str = r#"resource "aws_sqs_queue" "off" {
  sqs_managed_sse_enabled = false
}

resource "aws_sqs_queue" "managed" {
  kms_master_key_id = "alias/aws/sqs"
}

resource "aws_sqs_queue" "plain" {
  name = "plain"
}
"#;

/// The rule ids of open findings, sorted and deduplicated.
fn open_rules(report: &Value) -> Vec<String> {
    let mut rules: Vec<String> = open(report).into_iter().map(|(rule, _)| rule).collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn config_select_extend_select_and_ignore() {
    let dir = tree(&[
        ("main.tf", THREE_RULES_TF),
        (
            "sqsguard.toml",
            "select = [\"SQS10\"]\nextend-select = [\"SQS102\"]\nignore = [\"SQS103\"]\n",
        ),
    ]);
    let (_, report) = scan_json(dir.path(), &[]);
    assert_eq!(open_rules(&report), ["SQS101", "SQS102"]);

    // The command line applies on top: --extend-select brings back an ignored rule, --ignore
    // removes more, and --select replaces the whole configured selection.
    let (_, report) = scan_json(
        dir.path(),
        &["--extend-select", "SQS103", "--ignore", "SQS101"],
    );
    assert_eq!(open_rules(&report), ["SQS102", "SQS103"]);
    let (_, report) = scan_json(dir.path(), &["--select", "SQS103"]);
    assert_eq!(open_rules(&report), ["SQS103"]);
}

#[test]
fn config_fail_on_and_the_flag_overriding_it() {
    let dir = tree(&[
        ("main.tf", THREE_RULES_TF),
        (
            "sqsguard.toml",
            "select = [\"SQS103\"]\nfail-on = \"medium\"\n",
        ),
    ]);
    let (run, report) = scan_json(dir.path(), &[]);
    assert_eq!(open_rules(&report), ["SQS103"]);
    assert_eq!(run.code, 0, "a low finding under fail-on = medium");
    let (run, _) = scan_json(dir.path(), &["--fail-on", "low"]);
    assert_eq!(run.code, 1, "--fail-on overrides the config");
}

#[test]
fn config_severity_overrides_reach_every_output_and_the_exit_status() {
    let dir = tree(&[
        ("main.tf", THREE_RULES_TF),
        (
            "sqsguard.toml",
            "select = [\"SQS103\"]\nfail-on = \"high\"\n\n[severity]\nSQS103 = \"critical\"\n",
        ),
    ]);
    let (run, report) = scan_json(dir.path(), &[]);
    assert_eq!(run.code, 1, "critical now fails under fail-on = high");
    assert_eq!(report["findings"][0]["severity"], "critical");
    assert_eq!(report["summary"]["critical"], 1);
    let sarif = run_sarif(dir.path(), &[]);
    let rule = &sarif["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], "SQS103");
    assert_eq!(rule["properties"]["security-severity"], "9.5");
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "error");
}

#[test]
fn config_exclude_adds_to_the_command_line() {
    let dir = tree(&[
        ("live/main.tf", &unencrypted_tf("live", "", "")),
        ("legacy/main.tf", &unencrypted_tf("legacy", "", "")),
        ("vendor/main.tf", &unencrypted_tf("vendor", "", "")),
        ("sqsguard.toml", "exclude = [\"legacy/**\"]\n"),
    ]);
    let (_, report) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(
        open(&report),
        [
            pair("SQS101", "aws_sqs_queue.live"),
            pair("SQS101", "aws_sqs_queue.vendor")
        ]
    );
    let (_, report) = scan_json(dir.path(), &["--select", "SQS101", "--exclude", "vendor"]);
    assert_eq!(open(&report), [pair("SQS101", "aws_sqs_queue.live")]);
}

#[test]
fn config_inputs_for_the_front_ends_are_accepted_and_validated() {
    let config = r#"trusted_accounts = ["111122223333", "444455556666"]

[terraform]
var-files = ["env/prod.tfvars"]
vars = { environment = "prod", replicas = 3, encrypted = true, zones = ["a", "b"], tags = { team = "payments" } }

[cloudformation]
parameters = { Environment = "prod", Subnets = ["subnet-1", "subnet-2"], Retention = 4 }
"#;
    let dir = tree(&[
        ("main.tf", &unencrypted_tf("a", "", "")),
        ("env/prod.tfvars", "environment = \"prod\"\n"),
        ("sqsguard.toml", config),
    ]);
    let (valid, _) = scan_json(dir.path(), &["--select", "SQS101"]);
    assert_eq!(valid.code, 1, "{}", valid.stderr);
    assert_eq!(valid.stderr, "");

    // Invalid values name the file and line.
    let cases = [
        (
            "trusted_accounts = [\"111122223333\", \"1234\"]\n",
            "sqsguard.toml:1:37: `1234` is not a 12-digit AWS account id",
        ),
        (
            "[terraform]\nvar-files = [\"missing.tfvars\"]\n",
            "sqsguard.toml:2:14: var file `missing.tfvars` does not exist",
        ),
        (
            "[terraform.vars]\nwhen = 2024-01-01\n",
            "sqsguard.toml:2:8: vars.when: a TOML date is not a Terraform or CloudFormation value",
        ),
        (
            "[cloudformation]\nparameters = { A = { nested = 1 } }\n",
            "sqsguard.toml:2:20: parameters.A: a parameter value is a string, number or boolean",
        ),
        ("[severity]\nSQS103 = \"urgent\"\n", "sqsguard.toml:2:10: "),
        (
            "[severity]\nSQS999 = \"low\"\n",
            "sqsguard.toml:2:1: severity: `SQS999` is not a rule id",
        ),
        (
            "ignore = [\"SQS9\"]\n",
            "sqsguard.toml:1:11: ignore: `SQS9` matches no rule",
        ),
        ("fail-on = \"sometimes\"\n", "sqsguard.toml:1:11: "),
        ("exclude = [\"a/[unclosed\"]\n", "sqsguard.toml:1:12: "),
    ];
    for (text, expected) in cases {
        fs::write(dir.path().join("sqsguard.toml"), text).unwrap();
        let run = run(dir.path(), &["scan", "."]);
        assert_eq!(run.code, 2, "{text}");
        assert_eq!(run.stdout, "", "{text}");
        assert!(
            run.stderr
                .starts_with(&format!("sqsguard: error: {expected}")),
            "{text}\nexpected: {expected}\nstderr: {}",
            run.stderr
        );
    }
}

/// A queue policy granting to two accounts: SQS204 material.
const CROSS_ACCOUNT_TF: &str = r#"resource "aws_sqs_queue" "q" {
  name = "q"
}

resource "aws_sqs_queue_policy" "p" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Partner"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.q.arn
      },
      {
        Sid       = "Ours"
        Effect    = "Allow"
        Principal = { AWS = "111122223333" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.q.arn
      }
    ]
  })
}
"#;

#[test]
fn config_trusted_accounts_turn_on_sqs204() {
    let dir = tree(&[("main.tf", CROSS_ACCOUNT_TF)]);
    let (run1, report) = scan_json(dir.path(), &["--select", "SQS204"]);
    assert_eq!(
        run1.code, 0,
        "SQS204 runs only when trusted_accounts is configured"
    );
    assert_eq!(open(&report), []);

    write(
        dir.path(),
        "sqsguard.toml",
        "trusted_accounts = [\"111122223333\"]\n",
    );
    let (run2, report) = scan_json(dir.path(), &["--select", "SQS204"]);
    assert_eq!(run2.code, 1);
    assert_eq!(open(&report), [pair("SQS204", "aws_sqs_queue_policy.p")]);
    assert!(
        report["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("444455556666")
    );

    // A policy finding is suppressed by a comment above the policy resource.
    let suppressed_tf = CROSS_ACCOUNT_TF.replace(
        "resource \"aws_sqs_queue_policy\"",
        "# sqsguard:ignore SQS204 partner account reviewed in SEC-9\nresource \"aws_sqs_queue_policy\"",
    );
    write(dir.path(), "main.tf", suppressed_tf);
    let (run3, report) = scan_json(dir.path(), &["--select", "SQS204"]);
    assert_eq!(run3.code, 0);
    assert_eq!(
        justification(&report, "aws_sqs_queue_policy.p"),
        "partner account reviewed in SEC-9"
    );
}

#[test]
fn unknown_config_keys_are_errors_naming_the_line() {
    let dir = tree(&[
        ("main.tf", &unencrypted_tf("a", "", "")),
        (
            "sqsguard.toml",
            "# team defaults\nselect = [\"SQS1\"]\nfail_on = \"high\"\n",
        ),
    ]);
    let run = run(dir.path(), &["scan", "."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "sqsguard: error: sqsguard.toml:3:1: unknown field `fail_on`, expected one of"
        ),
        "{}",
        run.stderr
    );

    fs::write(
        dir.path().join("sqsguard.toml"),
        "[terraform]\nvar-files = []\nvariables = {}\n",
    )
    .unwrap();
    let run = self::run(dir.path(), &["scan", "."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("sqsguard: error: sqsguard.toml:3:1: unknown field `variables`"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_is_found_by_walking_up_from_the_first_scan_root() {
    let dir = tree(&[
        ("repo/.sqsguard.toml", "select = [\"SQS103\"]\n"),
        ("repo/infra/queues/main.tf", THREE_RULES_TF),
        ("repo/infra/other.tf", THREE_RULES_TF),
    ]);
    // From the working directory, the root named, or a file in it: the config above applies.
    for (cwd, root) in [
        ("repo/infra/queues", "."),
        ("repo", "infra/queues"),
        ("repo/infra", "queues/main.tf"),
        ("", "repo/infra"),
    ] {
        let (_, report) = scan_json_at(&dir.path().join(cwd), root);
        assert_eq!(open_rules(&report), ["SQS103"], "cwd {cwd}, root {root}");
    }
    // Nothing above: the defaults.
    let outside = tree(&[("main.tf", THREE_RULES_TF)]);
    let (_, report) = scan_json(outside.path(), &[]);
    let rules = open_rules(&report);
    assert!(rules.contains(&"SQS101".to_string()), "{rules:?}");
    assert!(!rules.contains(&"SQS102".to_string()), "{rules:?}");
}

fn scan_json_at(dir: &Path, root: &str) -> (Run, Value) {
    let run = run(dir, &["scan", root, "--format", "json"]);
    let json = run.json();
    (run, json)
}

#[test]
fn the_nearest_config_wins_and_two_names_in_one_directory_are_an_error() {
    let dir = tree(&[
        ("sqsguard.toml", "select = [\"SQS101\"]\n"),
        ("sub/sqsguard.toml", "select = [\"SQS103\"]\n"),
        ("sub/main.tf", THREE_RULES_TF),
    ]);
    let (_, report) = scan_json_at(dir.path(), "sub");
    assert_eq!(open_rules(&report), ["SQS103"]);

    write(dir.path(), "sub/.sqsguard.toml", "select = [\"SQS102\"]\n");
    let run = run(dir.path(), &["scan", "sub"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("sqsguard.toml and "), "{}", run.stderr);
    assert!(run.stderr.contains("keep one of them"), "{}", run.stderr);
}

#[test]
fn config_flag_names_a_file_anywhere() {
    let dir = tree(&[
        ("main.tf", THREE_RULES_TF),
        ("sqsguard.toml", "select = [\"SQS101\"]\n"),
        (
            "ci/strict.toml",
            "select = [\"SQS1\"]\nignore = [\"SQS102\"]\n",
        ),
    ]);
    let (_, report) = scan_json(dir.path(), &["--config", "ci/strict.toml"]);
    assert_eq!(open_rules(&report), ["SQS101", "SQS103"]);
    let run = run(dir.path(), &["scan", ".", "--config", "missing.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read missing.toml"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// The JSON Schema of the configuration
// ---------------------------------------------------------------------------------------------

/// `docs/config.schema.json` is generated from the Rust types; rewritten when stale, failing
/// so that CI sees the difference.
#[test]
fn config_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/config.schema.json");
    let expected = sqsguard::config::json_schema();
    if fs::read_to_string(&path).ok().as_deref() != Some(expected.as_str()) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &expected).unwrap();
        panic!("docs/config.schema.json was stale and has been regenerated; commit it");
    }
}

/// The example configuration of the README (the first `toml` block after "## Configuration").
fn readme_config() -> String {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme
        .find("\n## Configuration\n")
        .expect("a Configuration section")..];
    let start = section.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_string()
}

#[test]
fn the_readme_config_uses_every_key_and_the_schema_and_sqsguard_accept_it() {
    let example = readme_config();
    let schema: Value = serde_json::from_str(&sqsguard::config::json_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let as_json: Value = toml::from_str(&example).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&as_json)
        .map(|error| error.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut keys: Vec<&str> = as_json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut documented: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    documented.sort_unstable();
    assert_eq!(keys, documented, "the README example shows every key");
    for bad in [
        "fail_on = \"high\"\n",
        "trusted_accounts = [\"12\"]\n",
        "[severity]\nSQS103 = \"urgent\"\n",
        "[terraform]\nvariables = {}\n",
    ] {
        let value: Value = toml::from_str(bad).unwrap();
        assert!(!validator.is_valid(&value), "the schema accepts {bad}");
    }

    // sqsguard accepts it and applies the selection.
    let dir = tree(&[
        ("main.tf", THREE_RULES_TF),
        ("env/prod.tfvars", "environment = \"prod\"\n"),
        ("sqsguard.toml", &example),
    ]);
    let (run, report) = scan_json(dir.path(), &[]);
    assert_eq!(run.stderr, "");
    let rules = open_rules(&report);
    assert!(rules.contains(&"SQS101".to_string()), "{rules:?}");
    assert!(!rules.contains(&"SQS102".to_string()), "ignored: {rules:?}");
    let managed = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["rule"] == "SQS103")
        .unwrap();
    assert_eq!(managed["severity"], "medium", "the [severity] override");
}

// ---------------------------------------------------------------------------------------------
// Baseline
// ---------------------------------------------------------------------------------------------

#[test]
fn baseline_round_trip_reports_only_new_findings() {
    let dir = tree(&[("main.tf", THREE_RULES_TF)]);
    let made = run(
        dir.path(),
        &[
            "baseline",
            ".",
            "--select",
            "SQS1",
            "-o",
            "sqsguard-baseline.json",
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert_eq!(made.stdout, "");
    assert_eq!(
        made.stderr,
        "sqsguard: wrote 3 findings to sqsguard-baseline.json\n"
    );
    let baseline: Value = serde_json::from_str(
        &fs::read_to_string(dir.path().join("sqsguard-baseline.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(baseline["version"], 1);
    let entries = baseline["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    for entry in entries {
        let mut keys: Vec<&str> = entry
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["address", "file", "fingerprint", "rule"]);
        assert_eq!(entry["file"], "main.tf");
    }
    let sorted: Vec<(String, String)> = entries
        .iter()
        .map(|e| (e["rule"].to_string(), e["address"].to_string()))
        .collect();
    let mut expected = sorted.clone();
    expected.sort();
    assert_eq!(sorted, expected, "entries are sorted");

    // Everything is baselined: exit 0, nothing listed.
    let scan = [
        "scan",
        ".",
        "--select",
        "SQS1",
        "--baseline",
        "sqsguard-baseline.json",
    ];
    let run1 = run(dir.path(), &scan);
    assert_eq!(run1.code, 0, "{}", run1.stdout);
    assert_eq!(
        run1.stdout, "No findings, 3 suppressed; 1 file scanned, 1 skipped.\n",
        "the baseline file itself is JSON without resources: skipped"
    );

    // A new problem is reported; the baselined ones stay suppressed (kind external).
    let mut tf = THREE_RULES_TF.to_string();
    tf.push_str(&unencrypted_tf("new", "", ""));
    fs::write(dir.path().join("main.tf"), tf).unwrap();
    let (run2, report) = scan_json(
        dir.path(),
        &["--select", "SQS1", "--baseline", "sqsguard-baseline.json"],
    );
    assert_eq!(run2.code, 1);
    assert_eq!(open(&report), [pair("SQS101", "aws_sqs_queue.new")]);
    assert_eq!(report["summary"]["suppressed"], 3);
    let external = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["suppressed"] == true)
        .unwrap();
    assert_eq!(external["suppression"]["kind"], "external");
    assert_eq!(external["suppression"]["file"], "sqsguard-baseline.json");

    // Without -o the baseline goes to stdout.
    let again = run(dir.path(), &["baseline", ".", "--select", "SQS1"]);
    assert_eq!(again.code, 0);
    let again: Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(again["findings"].as_array().unwrap().len(), 4);
}

#[test]
fn baseline_fingerprints_survive_lines_inserted_above() {
    let dir = tree(&[("main.tf", THREE_RULES_TF)]);
    let before = scan_json(dir.path(), &[]).1;
    assert_eq!(
        run(dir.path(), &["baseline", ".", "-o", "base.json"]).code,
        0
    );

    // Unrelated lines above, and the resources re-indented.
    let moved = format!(
        "variable \"unrelated\" {{\n  default = 1\n}}\n\n# a comment\n\n{}",
        THREE_RULES_TF.replace(
            "sqs_managed_sse_enabled = false",
            "sqs_managed_sse_enabled   =   false"
        )
    );
    fs::write(dir.path().join("main.tf"), moved).unwrap();
    let after = scan_json(dir.path(), &[]).1;
    let prints = |report: &Value| -> Vec<(String, String, String, u64)> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["address"].as_str().unwrap().to_string(),
                    f["fingerprint"].as_str().unwrap().to_string(),
                    f["start_line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let (before, after) = (prints(&before), prints(&after));
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&b.0, &b.1, &b.2), (&a.0, &a.1, &a.2), "same fingerprint");
        assert_eq!(a.3, b.3 + 6, "the finding moved down six lines");
    }
    let run = run(dir.path(), &["scan", ".", "--baseline", "base.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);

    // The SARIF partialFingerprints are the same fingerprints.
    let sarif = run_sarif(dir.path(), &[]);
    let partial: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"]["sqsguard/v1"].as_str().unwrap())
        .collect();
    let fingerprints: Vec<&str> = after.iter().map(|a| a.2.as_str()).collect();
    assert_eq!(partial, fingerprints);
}

#[test]
fn a_changed_value_or_a_second_copy_is_new() {
    let dir = tree(&[("a/main.tf", &unencrypted_tf("q", "", ""))]);
    assert_eq!(
        run(
            dir.path(),
            &["baseline", ".", "--select", "SQS101", "-o", "b.json"]
        )
        .code,
        0
    );
    // The same module copied elsewhere: one of the two stays baselined, the copy is new.
    write(dir.path(), "b/main.tf", unencrypted_tf("q", "", ""));
    let (run1, report) = scan_json(dir.path(), &["--select", "SQS101", "--baseline", "b.json"]);
    assert_eq!(run1.code, 1);
    let open_files: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"] == false)
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        open_files,
        ["b/main.tf"],
        "the entry stays with its own file"
    );

    // A renamed file keeps its finding baselined; a fixed one leaves a stale entry (noted).
    fs::remove_dir_all(dir.path().join("b")).unwrap();
    fs::rename(dir.path().join("a"), dir.path().join("renamed")).unwrap();
    let run2 = run(
        dir.path(),
        &["scan", ".", "--select", "SQS101", "--baseline", "b.json"],
    );
    assert_eq!(run2.code, 0, "{}", run2.stdout);
    fs::write(
        dir.path().join("renamed/main.tf"),
        "resource \"aws_sqs_queue\" \"q\" {\n}\n",
    )
    .unwrap();
    let run3 = run(
        dir.path(),
        &["scan", ".", "--select", "SQS101", "--baseline", "b.json"],
    );
    assert_eq!(run3.code, 0);
    assert!(
        run3.stderr
            .contains("1 entry of the baseline matched no finding"),
        "{}",
        run3.stderr
    );
}

#[test]
fn baseline_does_not_record_suppressed_findings_and_bad_baselines_are_errors() {
    let tf = format!(
        "{}\n{}",
        unencrypted_tf("a", "# sqsguard:ignore SQS101 reviewed\n", ""),
        unencrypted_tf("b", "", "")
    );
    let dir = tree(&[("main.tf", &tf)]);
    let made = run(dir.path(), &["baseline", ".", "--select", "SQS101"]);
    let baseline: Value = serde_json::from_str(&made.stdout).unwrap();
    let addresses: Vec<&str> = baseline["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["address"].as_str().unwrap())
        .collect();
    assert_eq!(addresses, ["aws_sqs_queue.b"]);

    write(dir.path(), "bad.json", "{\"findings\": 3}");
    let run1 = run(dir.path(), &["scan", ".", "--baseline", "bad.json"]);
    assert_eq!(run1.code, 2);
    assert!(run1.stderr.contains("bad.json:1:"), "{}", run1.stderr);
    let run2 = run(dir.path(), &["scan", ".", "--baseline", "missing.json"]);
    assert_eq!(run2.code, 2);
    assert!(run2.stderr.contains("missing.json"), "{}", run2.stderr);
}
