//! Terraform configurations across directories: local and initialised modules, what is
//! reported where, and bad module calls (cycles, escaping or missing sources, undeclared
//! names) becoming notes with a place while the rest is still evaluated.

mod common;

use std::path::Path;

use sqsguard::{RuleSet, ScanOptions, ScanResult, Selection};

fn scan(root: &Path) -> ScanResult {
    let rules = RuleSet::builtin().unwrap();
    let selected = rules
        .select(&Selection {
            select: Some(vec!["SQS101".into()]),
            ..Selection::default()
        })
        .unwrap();
    sqsguard::scan(
        &ScanOptions {
            roots: vec![root.to_path_buf()],
            ..ScanOptions::default()
        },
        &selected,
    )
    .unwrap()
}

/// `(file name, line, address)` of every finding.
fn findings(result: &ScanResult) -> Vec<(String, u32, String)> {
    result
        .findings
        .iter()
        .map(|finding| {
            (
                finding.path.to_string_lossy().replace('\\', "/"),
                finding.region.start.line,
                finding.address.clone(),
            )
        })
        .collect()
}

fn warnings(result: &ScanResult) -> Vec<String> {
    result
        .warnings
        .iter()
        .map(|warning| {
            format!(
                "{}:{}: {}",
                warning.path.file_name().unwrap().to_string_lossy(),
                warning.line,
                warning.message
            )
        })
        .collect()
}

const QUEUE_MODULE: &str = r#"
variable "sse" {
  type    = bool
  default = false
}

resource "aws_sqs_queue" "this" {
  sqs_managed_sse_enabled = var.sse
}
"#;

#[test]
fn a_called_module_is_reported_through_its_callers_only() {
    let dir = common::tree(&[
        (
            "live/main.tf",
            "module \"q\" {\n  source = \"../modules/queue\"\n  sse    = true\n}\n\nmodule \"off\" {\n  source = \"../modules/queue\"\n  sse    = false\n}\n",
        ),
        ("modules/queue/main.tf", QUEUE_MODULE),
    ]);
    let result = scan(dir.path());
    let found = findings(&result);
    // The module's own default (false) is not reported from the module directory: a root
    // instantiates it, and only the instance given `false` breaks the rule, at that argument.
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.ends_with("live/main.tf"), "{found:?}");
    assert_eq!(found[0].1, 8);
    assert_eq!(found[0].2, "module.off.aws_sqs_queue.this");
}

#[test]
fn a_module_no_root_calls_is_evaluated_with_its_defaults() {
    let dir = common::tree(&[("modules/queue/main.tf", QUEUE_MODULE)]);
    let result = scan(dir.path());
    let found = findings(&result);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, 4, "located at the variable default");
    assert_eq!(found[0].2, "aws_sqs_queue.this");
}

#[test]
fn module_cycles_are_refused_with_a_note_and_the_rest_is_evaluated() {
    let dir = common::tree(&[
        (
            "a/main.tf",
            "module \"b\" {\n  source = \"../b\"\n}\n\nresource \"aws_sqs_queue\" \"a\" {\n  sqs_managed_sse_enabled = false\n}\n",
        ),
        ("b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\n"),
    ]);
    let result = scan(dir.path());
    let notes = warnings(&result);
    assert!(
        notes
            .iter()
            .any(|note| note.starts_with("main.tf:1: module `a` calls itself")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|note| note.starts_with("main.tf:1: module `b` calls itself")),
        "{notes:?}"
    );
    let found = findings(&result);
    assert!(
        found
            .iter()
            .any(|(_, line, address)| *line == 6 && address == "aws_sqs_queue.a"),
        "{found:?}"
    );
}

#[test]
fn a_module_source_outside_the_scanned_paths_or_missing_is_a_note() {
    let dir = common::tree(&[
        (
            "root/main.tf",
            "module \"outside\" {\n  source = \"../shared\"\n}\n\nmodule \"missing\" {\n  source = \"./nowhere\"\n}\n\nresource \"aws_sqs_queue\" \"q\" {\n  sqs_managed_sse_enabled = false\n}\n",
        ),
        ("shared/main.tf", QUEUE_MODULE),
    ]);
    let result = scan(&dir.path().join("root"));
    let notes = warnings(&result);
    assert!(
        notes.iter().any(
            |note| note.starts_with("main.tf:2: module `outside` is not evaluated")
                && note.contains("outside the scanned paths")
        ),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|note| note.starts_with("main.tf:6: module `missing` is not evaluated")),
        "{notes:?}"
    );
    // Nothing of the module outside was read; the root's own queue is still evaluated.
    let found = findings(&result);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "aws_sqs_queue.q");
}

#[test]
fn undeclared_names_are_notes_at_their_line() {
    let dir = common::tree(&[(
        "main.tf",
        "resource \"aws_sqs_queue\" \"q\" {\n  name                    = local.nothing\n  sqs_managed_sse_enabled = var.missing\n}\n",
    )]);
    let result = scan(dir.path());
    assert_eq!(
        warnings(&result),
        vec![
            "main.tf:2: reference to undeclared local value `local.nothing`".to_string(),
            "main.tf:3: reference to undeclared variable `var.missing`".to_string(),
        ]
    );
    assert!(
        findings(&result).is_empty(),
        "unknown never produces a finding"
    );
}

#[test]
fn a_syntax_error_in_a_called_module_is_reported_once_and_the_caller_still_evaluated() {
    let dir = common::tree(&[
        (
            "live/main.tf",
            "module \"broken\" {\n  source = \"../modules/broken\"\n}\n\nresource \"aws_sqs_queue\" \"q\" {\n  sqs_managed_sse_enabled = false\n}\n",
        ),
        (
            "modules/broken/main.tf",
            "resource \"aws_sqs_queue\" \"x\" {\n  name = \n",
        ),
    ]);
    let result = scan(dir.path());
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    assert!(result.errors[0].path().ends_with("modules/broken/main.tf"));
    let found = findings(&result);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "aws_sqs_queue.q");
}

#[test]
fn an_initialised_registry_module_is_read_from_the_modules_manifest() {
    let dir = common::tree(&[
        (
            "main.tf",
            "module \"sqs\" {\n  source  = \"terraform-aws-modules/sqs/aws\"\n  version = \"4.0.0\"\n  sse     = false\n}\n",
        ),
        (
            ".terraform/modules/modules.json",
            r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"sqs","Source":"registry.terraform.io/terraform-aws-modules/sqs/aws","Version":"4.0.0","Dir":".terraform/modules/sqs"}]}"#,
        ),
        (".terraform/modules/sqs/main.tf", QUEUE_MODULE),
    ]);
    let result = scan(dir.path());
    let found = findings(&result);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, 4, "located at the call's argument");
    assert_eq!(found[0].2, "module.sqs.aws_sqs_queue.this");
}

#[test]
fn a_registry_module_never_initialised_is_unknown_not_a_finding() {
    let dir = common::tree(&[(
        "main.tf",
        "module \"sqs\" {\n  source = \"terraform-aws-modules/sqs/aws\"\n  sse    = false\n}\n",
    )]);
    let result = scan(dir.path());
    assert!(findings(&result).is_empty());
    assert!(warnings(&result).is_empty(), "{:?}", warnings(&result));
}

#[cfg(unix)]
#[test]
fn a_module_reached_through_a_symbolic_link_is_not_followed() {
    let dir = common::tree(&[
        (
            "root/main.tf",
            "module \"q\" {\n  source = \"./linked\"\n  sse    = false\n}\n",
        ),
        ("elsewhere/main.tf", QUEUE_MODULE),
    ]);
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), dir.path().join("root/linked"))
        .unwrap();
    let result = scan(&dir.path().join("root"));
    let notes = warnings(&result);
    assert!(
        notes.iter().any(|note| note.contains("symbolic link")),
        "{notes:?}"
    );
    assert!(findings(&result).is_empty());
}
