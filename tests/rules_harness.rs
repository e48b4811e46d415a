//! Runs every rule × fixture under `testdata/rules/<ID>/{fail,pass}/`.
//!
//! A fixture is a file, scanned alone, or a directory (a Terraform root with its modules and
//! variable files), scanned as one path with expectations in any of its files.
//!
//! Expected findings are written inline, on the line where the finding starts, as a comment:
//! `# expect: SQS101` (HCL, YAML) or `// expect: SQS101` (JSON, which our reader accepts with
//! comments). Several ids are separated by commas. A fixture is checked for its folder's rule
//! and for every other rule it names in an expectation.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sqsguard::{RuleSet, ScanOptions, Selection};

const FORMATS: &[(&str, &[&str])] = &[
    ("Terraform", &["tf"]),
    ("CloudFormation YAML", &["yaml", "yml", "template"]),
    ("CloudFormation JSON", &["json"]),
];

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules")
}

/// The fixtures of a folder: its files and its directories.
fn fixtures_in(dir: &Path) -> Vec<PathBuf> {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    fixtures.sort();
    fixtures
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    fixtures_in(dir)
        .into_iter()
        .filter(|path| path.is_file())
        .collect()
}

/// Every file of a fixture (itself, or the files under a directory fixture).
fn fixture_files(fixture: &Path) -> Vec<PathBuf> {
    if fixture.is_file() {
        return vec![fixture.to_path_buf()];
    }
    let mut files = Vec::new();
    for entry in fixtures_in(fixture) {
        files.extend(fixture_files(&entry));
    }
    files
}

/// Scan options a fixture asks for in a comment: `sqsguard-fixture: trusted_accounts=1,2`.
fn fixture_options(text: &str, root: PathBuf) -> ScanOptions {
    let mut options = ScanOptions {
        roots: vec![root],
        ..ScanOptions::default()
    };
    for line in text.lines() {
        let Some(at) = line.find("sqsguard-fixture:") else {
            continue;
        };
        for setting in line[at + "sqsguard-fixture:".len()..].split_whitespace() {
            if let Some(accounts) = setting.strip_prefix("trusted_accounts=") {
                options.trusted_accounts = Some(accounts.split(',').map(str::to_string).collect());
            }
        }
    }
    options
}

/// `(line, rule id)` pairs written as `expect: ID[, ID]` comments.
fn expectations(text: &str) -> BTreeSet<(u32, String)> {
    let mut expected = BTreeSet::new();
    for (index, line) in text.lines().enumerate() {
        let Some(at) = line.find("expect:") else {
            continue;
        };
        let before = &line[..at];
        if !(before.contains('#') || before.contains("//")) {
            continue;
        }
        for id in line[at + "expect:".len()..].split([',', ' ']) {
            let id = id.trim();
            if id.starts_with("SQS") {
                expected.insert((u32::try_from(index + 1).unwrap(), id.to_string()));
            }
        }
    }
    expected
}

#[test]
fn every_rule_fixture_gives_exactly_the_expected_findings() {
    let rule_set = RuleSet::builtin().expect("built-in rules load");
    let all = rule_set
        .select(&Selection {
            select: Some(vec!["ALL".into()]),
            ..Selection::default()
        })
        .unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in &rule_set.rules {
        for verdict in ["fail", "pass"] {
            for fixture in fixtures_in(&fixture_root().join(&rule.id).join(verdict)) {
                checked += 1;
                let files = fixture_files(&fixture);
                let text: String = files
                    .iter()
                    .map(|file| std::fs::read_to_string(file).unwrap())
                    .collect::<Vec<_>>()
                    .join("\n");
                // (file, line, rule) for every expectation of every file of the fixture.
                let expected: BTreeSet<(PathBuf, u32, String)> = files
                    .iter()
                    .flat_map(|file| {
                        expectations(&std::fs::read_to_string(file).unwrap())
                            .into_iter()
                            .map(|(line, id)| (file.clone(), line, id))
                    })
                    .collect();
                let mut ids: BTreeSet<String> =
                    expected.iter().map(|(_, _, id)| id.clone()).collect();
                ids.insert(rule.id.clone());
                if verdict == "fail" && !expected.iter().any(|(_, _, id)| *id == rule.id) {
                    failures.push(format!(
                        "{}: a fail fixture expects no {}",
                        fixture.display(),
                        rule.id
                    ));
                }
                if verdict == "pass" && expected.iter().any(|(_, _, id)| *id == rule.id) {
                    failures.push(format!(
                        "{}: a pass fixture expects {}",
                        fixture.display(),
                        rule.id
                    ));
                }
                let result =
                    sqsguard::scan(&fixture_options(&text, fixture.clone()), &all).unwrap();
                if !result.errors.is_empty() {
                    failures.push(format!("{}: {:?}", fixture.display(), result.errors));
                }
                let scanned_enough = if fixture.is_file() {
                    result.scanned_files == 1
                } else {
                    result.scanned_files >= 1
                };
                if !scanned_enough {
                    failures.push(format!(
                        "{}: not scanned ({:?})",
                        fixture.display(),
                        result.skipped
                    ));
                }
                let actual: BTreeSet<(PathBuf, u32, String)> = result
                    .findings
                    .iter()
                    .filter(|finding| ids.contains(&finding.rule_id))
                    .map(|finding| {
                        let file = files
                            .iter()
                            .find(|file| file.ends_with(&finding.path))
                            .cloned()
                            .unwrap_or_else(|| finding.path.clone());
                        (file, finding.region.start.line, finding.rule_id.clone())
                    })
                    .collect();
                for missing in expected.difference(&actual) {
                    failures.push(format!(
                        "{}:{}: expected {} but it was not reported",
                        missing.0.display(),
                        missing.1,
                        missing.2
                    ));
                }
                for extra in actual.difference(&expected) {
                    let message = result
                        .findings
                        .iter()
                        .find(|f| {
                            extra.0.ends_with(&f.path)
                                && f.region.start.line == extra.1
                                && f.rule_id == extra.2
                        })
                        .map(|f| f.message.clone())
                        .unwrap_or_default();
                    failures.push(format!(
                        "{}:{}: unexpected {}: {message}",
                        extra.0.display(),
                        extra.1,
                        extra.2
                    ));
                }
            }
        }
    }
    assert!(
        checked > 0,
        "no fixtures found under {}",
        fixture_root().display()
    );
    assert!(
        failures.is_empty(),
        "{} fixture problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_failing_and_passing_fixtures_in_every_format() {
    let rule_set = RuleSet::builtin().unwrap();
    let mut missing = Vec::new();
    for rule in &rule_set.rules {
        for verdict in ["fail", "pass"] {
            let files = files_in(&fixture_root().join(&rule.id).join(verdict));
            for (format, extensions) in FORMATS {
                let present = files.iter().any(|file| {
                    file.extension()
                        .and_then(|ext| ext.to_str())
                        .is_some_and(|ext| extensions.contains(&ext))
                });
                if !present {
                    missing.push(format!("{} {verdict}: no {format} fixture", rule.id));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing fixtures:\n{}",
        missing.join("\n")
    );
}

#[test]
fn expectation_comments_are_parsed() {
    let text =
        "a\nb = 1 # expect: SQS101, SQS104\n\"x\": 1 // expect: SQS103\nno expect: SQS999 here\n";
    let parsed = expectations(text);
    assert!(parsed.contains(&(2, "SQS101".to_string())));
    assert!(parsed.contains(&(2, "SQS104".to_string())));
    assert!(parsed.contains(&(3, "SQS103".to_string())));
    assert_eq!(parsed.len(), 3);
}
