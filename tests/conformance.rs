//! Conformance with KICS's public samples (`../shared/conformance/kics`): every sample of the
//! queries that overlap our rules is scanned, and our verdict (and line, where KICS gives one)
//! must agree with KICS's — except where `tests/conformance/DIVERGENCES.md` says we differ on
//! purpose, and why. Skips visibly when `../shared` is absent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use sqsguard::{RuleSet, ScanOptions, Selection};

/// A KICS query folder, our rules that cover it, and which of KICS's findings (by query name)
/// concern us (`None`: all of them).
type Query = (
    &'static str,
    &'static [&'static str],
    Option<&'static [&'static str]>,
);

const QUERIES: &[Query] = &[
    ("terraform/sqs_with_sse_disabled", &["SQS101"], None),
    ("cloudFormation/sqs_with_sse_disabled", &["SQS101"], None),
    (
        "terraform/sqs_policy_with_public_access",
        &["SQS201", "SQS202"],
        None,
    ),
    (
        "cloudFormation/sqs_policy_with_public_access",
        &["SQS201", "SQS202"],
        None,
    ),
    ("terraform/sqs_queue_exposed", &["SQS201", "SQS202"], None),
    ("terraform/sqs_policy_allows_all_actions", &["SQS301"], None),
    (
        "terraform/sqs_vpc_endpoint_without_dns_resolution",
        &["SQS602"],
        None,
    ),
    ("terraform/hardcoded_aws_access_key", &["SQS401"], None),
    (
        "terraform/hardcoded_aws_access_key_in_lambda",
        &["SQS401"],
        None,
    ),
    (
        "cloudFormation/hardcoded_aws_access_key_in_lambda",
        &["SQS401"],
        None,
    ),
    (
        "cloudFormation/cloudformation_specifying_credentials_not_safe",
        &["SQS401"],
        None,
    ),
    (
        "common/passwords_and_secrets",
        &["SQS401"],
        Some(&[
            "Passwords And Secrets - AWS Access Key",
            "Passwords And Secrets - AWS Secret Key",
            "Passwords And Secrets - AWS Context-specific credential",
            "Passwords And Secrets - AWS Certificate",
        ]),
    ),
];

/// Only the formats we read take part (the secrets query also has Dockerfiles).
const FORMATS: &[&str] = &["tf", "yaml", "yml", "json"];

fn kics_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/kics")
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    Pass,
    Fail(BTreeSet<u32>),
}

/// KICS's expected lines per file of one query, filtered to the findings that concern us.
fn kics_expectations(test_dir: &Path, names: Option<&[&str]>) -> BTreeMap<String, BTreeSet<u32>> {
    let text = std::fs::read_to_string(test_dir.join("positive_expected_result.json")).unwrap();
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let positives: Vec<String> = files(test_dir)
        .into_iter()
        .filter(|name| name.starts_with("positive"))
        .collect();
    let mut expected: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for entry in entries {
        let query = entry["queryName"].as_str().unwrap_or_default();
        if names.is_some_and(|names| !names.contains(&query)) {
            continue;
        }
        // Without `fileName` the query has a single positive file.
        let file = entry["fileName"]
            .as_str()
            .or_else(|| entry["filename"].as_str())
            .map(str::to_string)
            .or_else(|| (positives.len() == 1).then(|| positives[0].clone()));
        let (Some(file), Some(line)) = (file, entry["line"].as_u64()) else {
            continue;
        };
        expected
            .entry(file)
            .or_default()
            .insert(u32::try_from(line).unwrap());
    }
    expected
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().to_string())
        .filter(|name| name != "positive_expected_result.json")
        .filter(|name| {
            Path::new(name)
                .extension()
                .and_then(|ext| ext.to_str())
                .is_some_and(|ext| FORMATS.contains(&ext))
        })
        .collect();
    names.sort();
    names
}

/// `- `path`: ours=pass|fail|lines — reason` lines of DIVERGENCES.md.
fn divergences() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/DIVERGENCES.md");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("- `")?;
            let (file, rest) = rest.split_once("`: ours=")?;
            let kind = rest.split_whitespace().next()?;
            Some((file.to_string(), kind.to_string()))
        })
        .collect()
}

#[test]
fn kics_samples_agree_or_diverge_on_purpose() {
    let root = kics_root();
    if !root.exists() {
        eprintln!("skipping: ../shared/conformance not present");
        return;
    }
    let rule_set = RuleSet::builtin().unwrap();
    let all = rule_set
        .select(&Selection {
            select: Some(vec!["ALL".into()]),
            ..Selection::default()
        })
        .unwrap();
    let divergences = divergences();
    let mut used = BTreeSet::new();
    let (mut agree, mut diverge, mut problems) = (0, 0, Vec::new());
    for (query, rules, names) in QUERIES {
        let test_dir = root.join(query).join("test");
        let expected = kics_expectations(&test_dir, *names);
        for file in files(&test_dir) {
            let path = test_dir.join(&file);
            let key = format!("{query}/{file}");
            let kics = expected
                .get(&file)
                .map_or(Verdict::Pass, |lines| Verdict::Fail(lines.clone()));
            let result = sqsguard::scan(
                &ScanOptions {
                    roots: vec![path.clone()],
                    ..ScanOptions::default()
                },
                &all,
            )
            .unwrap();
            let lines: BTreeSet<u32> = result
                .findings
                .iter()
                .filter(|finding| rules.contains(&finding.rule_id.as_str()))
                .map(|finding| finding.region.start.line)
                .collect();
            let ours = if lines.is_empty() {
                Verdict::Pass
            } else {
                Verdict::Fail(lines)
            };
            let same_verdict = matches!(
                (&kics, &ours),
                (Verdict::Pass, Verdict::Pass) | (Verdict::Fail(_), Verdict::Fail(_))
            );
            let declared = divergences.get(&key).map(String::as_str);
            if declared.is_some() {
                used.insert(key.clone());
            }
            let ok = match (declared, same_verdict) {
                (None, _) => kics == ours,
                (Some("lines"), true) => kics != ours,
                (Some("pass"), false) => ours == Verdict::Pass,
                (Some("fail"), false) => matches!(ours, Verdict::Fail(_)),
                _ => false,
            };
            if !ok {
                problems.push(format!(
                    "{key}: KICS {kics:?}, sqsguard {ours:?}, declared divergence {declared:?}"
                ));
            } else if declared.is_some() {
                diverge += 1;
            } else {
                agree += 1;
            }
        }
    }
    let stale: Vec<&String> = divergences
        .keys()
        .filter(|key| !used.contains(*key))
        .collect();
    eprintln!(
        "KICS conformance: {agree} samples agree, {diverge} diverge on purpose (DIVERGENCES.md)"
    );
    assert!(
        stale.is_empty(),
        "DIVERGENCES.md names samples that do not exist: {stale:?}"
    );
    assert!(
        problems.is_empty(),
        "{} disagreement(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
