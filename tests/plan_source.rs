//! Terraform plans read with the configuration they were made from: findings point at the
//! `.tf` source, each resource is reported once, the plan's values win and the source fills
//! the plan's unknowns; `--plan-source` names the configuration when it is elsewhere.

mod common;

use std::path::Path;

use common::{run, tree};
use sqsguard::{RuleSet, ScanOptions, ScanResult, Selection};

fn scan(options: &ScanOptions, rule: &str) -> ScanResult {
    let rules = RuleSet::builtin().unwrap();
    let selected = rules
        .select(&Selection {
            select: Some(vec![rule.into()]),
            ..Selection::default()
        })
        .unwrap();
    sqsguard::scan(options, &selected).unwrap()
}

fn scan_root(root: &Path, rule: &str) -> ScanResult {
    scan(
        &ScanOptions {
            roots: vec![root.to_path_buf()],
            ..ScanOptions::default()
        },
        rule,
    )
}

/// `(file name, line, address)` of every finding.
fn findings(result: &ScanResult) -> Vec<(String, u32, String)> {
    result
        .findings
        .iter()
        .map(|finding| {
            (
                finding.path.file_name().unwrap().to_string_lossy().into(),
                finding.region.start.line,
                finding.address.clone(),
            )
        })
        .collect()
}

/// Queues keyed by a variable the static reading has no value for, each with a policy that
/// embeds the queue's ARN: Terraform cannot render it before apply.
const KEYED_TF: &str = r#"variable "queues" {
  type = set(string)
}

resource "aws_sqs_queue" "this" {
  for_each                = var.queues
  name                    = each.key
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue_policy" "this" {
  for_each  = aws_sqs_queue.this
  queue_url = each.value.id
  policy = jsonencode({
    Statement = [{
      Sid       = "Public"
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = each.value.arn
    }]
  })
}
"#;

/// `terraform show -json` of a plan of [`KEYED_TF`] with `queues=["billing","orders"]`
/// (trimmed to what matters).
const KEYED_PLAN: &str = r#"{"format_version": "1.2", "resource_changes": [
{"address": "aws_sqs_queue.this[\"billing\"]", "mode": "managed", "type": "aws_sqs_queue", "name": "this", "index": "billing", "change": {"actions": ["create"], "after": {"name": "billing", "sqs_managed_sse_enabled": true}, "after_unknown": {"arn": true, "id": true, "policy": true, "url": true}}},
{"address": "aws_sqs_queue.this[\"orders\"]", "mode": "managed", "type": "aws_sqs_queue", "name": "this", "index": "orders", "change": {"actions": ["create"], "after": {"name": "orders", "sqs_managed_sse_enabled": true}, "after_unknown": {"arn": true, "id": true, "policy": true, "url": true}}},
{"address": "aws_sqs_queue_policy.this[\"billing\"]", "mode": "managed", "type": "aws_sqs_queue_policy", "name": "this", "index": "billing", "change": {"actions": ["create"], "after": {}, "after_unknown": {"id": true, "policy": true, "queue_url": true}}},
{"address": "aws_sqs_queue_policy.this[\"orders\"]", "mode": "managed", "type": "aws_sqs_queue_policy", "name": "this", "index": "orders", "change": {"actions": ["create"], "after": {}, "after_unknown": {"id": true, "policy": true, "queue_url": true}}}],
"configuration": {"root_module": {"resources": [
{"address": "aws_sqs_queue.this", "expressions": {"name": {"references": ["each.key"]}, "sqs_managed_sse_enabled": {"constant_value": true}}},
{"address": "aws_sqs_queue_policy.this", "expressions": {"policy": {"references": ["each.value.arn", "each.value"]}, "queue_url": {"references": ["each.value.id", "each.value"]}}}]}}}
"#;

#[test]
fn an_unknown_policy_of_the_plan_is_filled_from_the_source_and_reported_there_once() {
    let dir = tree(&[("main.tf", KEYED_TF), ("plan.json", KEYED_PLAN)]);
    let result = scan_root(dir.path(), "SQS201");
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    // The plan's instances, at the `.tf` line (the static reading's own instance, which it
    // cannot key, is not reported besides).
    assert_eq!(
        findings(&result),
        vec![(
            "main.tf".to_string(),
            18,
            r#"aws_sqs_queue_policy.this["billing"]"#.to_string()
        )]
    );
    let message = &result.findings[0].message;
    assert!(
        message.ends_with(r#"(also instances `aws_sqs_queue_policy.this["orders"]`)"#),
        "{message}"
    );

    // Without its configuration, the plan cannot tell what the policy will say.
    let alone = scan_root(&dir.path().join("plan.json"), "SQS201");
    assert_eq!(findings(&alone), Vec::new());
}

/// A variable without a default (given with `-var` at plan time): the static reading cannot
/// tell whether the queues are encrypted.
const VARIABLE_TF: &str = r#"variable "encrypt" {
  type = bool
}

resource "aws_sqs_queue" "events" {
  name                    = "events"
  sqs_managed_sse_enabled = var.encrypt
}

resource "aws_sqs_queue" "audit" {
  name = "audit"
  # sqsguard:ignore SQS101 audit events are public by design (SEC-123)
  sqs_managed_sse_enabled = var.encrypt
}
"#;

/// A plan of [`VARIABLE_TF`] made with `-var encrypt=false` (trimmed).
const VARIABLE_PLAN: &str = r#"{"format_version": "1.2", "resource_changes": [
{"address": "aws_sqs_queue.events", "mode": "managed", "type": "aws_sqs_queue", "name": "events", "change": {"actions": ["create"], "after": {"name": "events", "sqs_managed_sse_enabled": false}, "after_unknown": {"arn": true, "id": true, "policy": true, "url": true}}},
{"address": "aws_sqs_queue.audit", "mode": "managed", "type": "aws_sqs_queue", "name": "audit", "change": {"actions": ["create"], "after": {"name": "audit", "sqs_managed_sse_enabled": false}, "after_unknown": {"arn": true, "id": true, "policy": true, "url": true}}}],
"configuration": {"root_module": {"resources": [
{"address": "aws_sqs_queue.events", "expressions": {"name": {"constant_value": "events"}, "sqs_managed_sse_enabled": {"references": ["var.encrypt"]}}},
{"address": "aws_sqs_queue.audit", "expressions": {"name": {"constant_value": "audit"}, "sqs_managed_sse_enabled": {"references": ["var.encrypt"]}}}]}}}
"#;

#[test]
fn the_plans_value_is_reported_at_the_argument_and_suppressed_there() {
    let dir = tree(&[("main.tf", VARIABLE_TF), ("plan.json", VARIABLE_PLAN)]);
    let result = scan_root(dir.path(), "SQS101");
    assert_eq!(
        findings(&result),
        vec![
            ("main.tf".to_string(), 7, "aws_sqs_queue.events".to_string()),
            ("main.tf".to_string(), 13, "aws_sqs_queue.audit".to_string()),
        ]
    );
    let events = &result.findings[0];
    assert_eq!(events.region.start.column, 3);
    assert_eq!(
        events.source_line.trim(),
        "sqs_managed_sse_enabled = var.encrypt"
    );
    assert!(events.is_open());
    // A suppression comment in the source applies to what the plan says.
    let audit = &result.findings[1];
    let suppression = audit
        .suppression
        .as_ref()
        .expect("suppressed in the source");
    assert!(
        suppression.justification.contains("SEC-123"),
        "{suppression:?}"
    );
}

#[test]
fn plan_source_names_a_configuration_scanned_elsewhere_or_not_at_all() {
    let dir = tree(&[
        ("infra/main.tf", VARIABLE_TF),
        ("build/plan.json", VARIABLE_PLAN),
    ]);
    let args = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut args = vec!["scan", "--select", "SQS101", "--format", "json"];
        args.extend(extra);
        args
    };
    let located = |run: &common::Run| -> Vec<(String, u64, String)> {
        run.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["file"].as_str().unwrap().to_string(),
                    f["start_line"].as_u64().unwrap(),
                    f["address"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let expected = vec![
        (
            "infra/main.tf".to_string(),
            7,
            "aws_sqs_queue.events".to_string(),
        ),
        (
            "infra/main.tf".to_string(),
            13,
            "aws_sqs_queue.audit".to_string(),
        ),
    ];

    // Only the plan is scanned: its findings point into the configuration it names.
    let only_plan = run(
        dir.path(),
        &args(&["build/plan.json", "--plan-source", "infra"]),
    );
    assert_eq!(only_plan.code, 1, "{}", only_plan.stderr);
    assert_eq!(located(&only_plan), expected);

    // Both are scanned: each resource is reported once, whatever the thread count.
    let both = run(
        dir.path(),
        &args(&[
            "infra",
            "build/plan.json",
            "--plan-source",
            "./infra/",
            "-j",
            "1",
        ]),
    );
    assert_eq!(both.code, 1, "{}", both.stderr);
    assert_eq!(located(&both), expected);
    assert_eq!(both.json()["summary"]["findings"], 1);
    let parallel = run(
        dir.path(),
        &args(&[
            "infra",
            "build/plan.json",
            "--plan-source",
            "infra",
            "-j",
            "4",
        ]),
    );
    assert_eq!(parallel.stdout, both.stdout);

    // The plan is not next to its configuration: without `--plan-source`, both report
    // (the source cannot tell, so only the plan's finding is there, in the plan).
    let apart = run(dir.path(), &args(&["infra", "build/plan.json"]));
    let apart = located(&apart);
    assert!(
        apart.iter().all(|(file, _, _)| file == "build/plan.json"),
        "{apart:?}"
    );
    assert_eq!(apart.len(), 2);
}

#[test]
fn plan_source_must_be_a_directory_and_the_plans_configuration() {
    let dir = tree(&[
        (
            "other/main.tf",
            "resource \"aws_sqs_queue\" \"elsewhere\" {}\n",
        ),
        ("build/plan.json", VARIABLE_PLAN),
    ]);
    for missing in ["nowhere", "build/plan.json"] {
        let failed = run(
            dir.path(),
            &["scan", "build/plan.json", "--plan-source", missing],
        );
        assert_eq!(failed.code, 2, "{missing}: {}", failed.stderr);
        assert!(
            failed.stderr.contains("--plan-source"),
            "{missing}: {}",
            failed.stderr
        );
    }

    // A configuration that does not declare the plan's resources: the plan is read alone,
    // and the user is told.
    let unrelated = run(
        dir.path(),
        &[
            "scan",
            "build/plan.json",
            "--plan-source",
            "other",
            "--select",
            "SQS101",
            "--format",
            "json",
        ],
    );
    assert_eq!(unrelated.code, 1, "{}", unrelated.stderr);
    assert!(
        unrelated.stderr.contains(
            "build/plan.json:1: not mapped onto `other`: the configuration does not declare \
             `aws_sqs_queue.events`"
        ),
        "{}",
        unrelated.stderr
    );
    let report = unrelated.json();
    let files: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, vec!["build/plan.json", "build/plan.json"]);
}
