//! A plan large enough to be read in two passes with its text let go (`plan::read_detaching`)
//! reports exactly what the same plan read whole reports: regions, code-frame windows and
//! fingerprints, which are then read back from the file.

mod common;

use common::write;
use sqsguard::frontend::plan::DETACH_FROM_BYTES;
use sqsguard::{RuleSet, ScanOptions, Selection};

/// One queue being created, public and unencrypted, as Terraform writes a change.
fn change(index: usize) -> String {
    let policy = format!(
        r#"{{\"Statement\":[{{\"Action\":\"sqs:SendMessage\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"arn:aws:sqs:eu-west-1:111122223333:queue-{index}\",\"Sid\":\"Public\"}}],\"Version\":\"2012-10-17\"}}"#
    );
    format!(
        r#"{{"address":"aws_sqs_queue.q{index}","mode":"managed","type":"aws_sqs_queue","name":"q{index}","change":{{"actions":["create"],"before":null,"after":{{"name":"queue-{index}","policy":"{policy}","sqs_managed_sse_enabled":false,"tags":{{"Team":"team-{index}"}}}},"after_unknown":{{"arn":true,"id":true,"url":true}}}}}}"#
    )
}

/// A plan of `count` changes, one per line (CRLF, to check line ends are found without the
/// text), ending with a top-level `note`.
fn plan(count: usize, note: &str) -> String {
    let changes: Vec<String> = (0..count).map(change).collect();
    format!(
        "{{\"format_version\":\"1.2\",\"resource_changes\":[\r\n{}\r\n],\"note\":\"{note}\"}}\r\n",
        changes.join(",\r\n")
    )
}

fn scan_debug(path: &std::path::Path) -> (usize, String) {
    let rules = RuleSet::builtin().unwrap();
    let selected = rules
        .select(&Selection {
            select: Some(vec!["ALL".into()]),
            ..Selection::default()
        })
        .unwrap();
    let options = ScanOptions {
        roots: vec![path.to_path_buf()],
        ..ScanOptions::default()
    };
    let result = sqsguard::scan(&options, &selected).unwrap();
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    (result.findings.len(), format!("{:#?}", result.findings))
}

#[test]
fn a_plan_read_with_its_text_let_go_reports_what_it_reports_read_whole() {
    let count = DETACH_FROM_BYTES / change(0).len() + 10;
    let dir = tempfile::tempdir().unwrap();
    // A suppression marker anywhere keeps the text (its comments could be needed); the same
    // length without one lets it go. Findings come before the note: same offsets in both.
    let whole_text = plan(count, "sqsguard:ignore");
    let detached_text = plan(count, "sqsguard-ignore");
    assert_eq!(whole_text.len(), detached_text.len());
    assert!(detached_text.len() >= DETACH_FROM_BYTES);
    let path = write(dir.path(), "plan.json", &whole_text);
    let (whole_count, whole) = scan_debug(&path);
    write(dir.path(), "plan.json", &detached_text);
    let (detached_count, detached) = scan_debug(&path);
    // Every queue is public (SQS201), unencrypted (SQS101) and without TLS enforcement
    // (SQS301).
    assert_eq!(whole_count, 3 * count);
    assert_eq!(detached_count, whole_count);
    // Code frames show the text around each finding.
    assert!(
        whole.contains(
            r#"source_line: "\"create\"],\"before\":null,\"after\":{\"name\":\"queue-7\""#
        )
    );
    assert!(detached == whole, "the reports differ");
}
