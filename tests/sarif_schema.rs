//! The SARIF report validates against the official SARIF 2.1.0 schema and carries what GitHub
//! code scanning needs: string `security-severity`, a `security` tag, full regions,
//! `partialFingerprints`, and artifact URIs relative to a declared `%SRCROOT%`.
//!
//! The schema lives outside the package (`../shared/schemas/`); without it the schema check is
//! skipped with a visible message, and the GitHub checks still run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path() -> PathBuf {
    manifest_dir().join("../shared/schemas/sarif-schema-2.1.0.json")
}

/// Run `sqsguard scan --format sarif ARGS` in `dir`; returns the exit status and the log.
fn sarif(dir: &Path, paths: &[&str]) -> (i32, Value, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sqsguard"))
        .current_dir(dir)
        .arg("scan")
        .args(paths)
        .args(["--format", "sarif"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let log = serde_json::from_str(&stdout)
        .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{stdout}"));
    (
        output.status.code().expect("sqsguard exited normally"),
        log,
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The official schema has `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` as the pattern of
/// `run.language` (and `toolComponent.language`): the stray `]` is rejected by the Rust
/// `jsonschema` crate, so escape it. Returns how many patterns were patched.
fn patch_patterns(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let mut patched = 0;
            for (key, child) in map.iter_mut() {
                if key == "pattern"
                    && let Value::String(pattern) = child
                    && pattern.contains("{2}]?$")
                {
                    *pattern = pattern.replace("{2}]?$", "{2}\\]?$");
                    patched += 1;
                } else {
                    patched += patch_patterns(child);
                }
            }
            patched
        }
        Value::Array(items) => items.iter_mut().map(patch_patterns).sum(),
        _ => 0,
    }
}

/// The compiled official schema, or `None` (with a visible message) when `../shared` is absent.
fn validator() -> Option<jsonschema::Validator> {
    let path = schema_path();
    if !path.exists() {
        eprintln!(
            "skipping: ../shared not present ({} does not exist)",
            path.display()
        );
        return None;
    }
    let mut schema: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    let patched = patch_patterns(&mut schema);
    assert_eq!(
        schema["definitions"]["run"]["properties"]["language"]["pattern"],
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$",
        "run.language pattern after patching ({patched} patched)"
    );
    Some(
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|error| panic!("the SARIF schema does not compile: {error}")),
    )
}

fn assert_valid(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not match the 2.1.0 schema:\n{}",
        errors.join("\n")
    );
}

/// `%XX` decoding of a URI reference, for checking that it points at a real file.
fn percent_decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("valid percent escape"));
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The artifact location of a result or notification is relative to a declared `%SRCROOT%`
/// and names a file that exists under `root`.
fn assert_relative_artifact(location: &Value, root: &Path, what: &str) {
    let artifact = &location["physicalLocation"]["artifactLocation"];
    let uri = artifact["uri"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no artifactLocation.uri"));
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%", "{what}: {artifact}");
    assert!(
        !uri.starts_with('/') && !uri.contains("://") && !uri.starts_with("file:"),
        "{what}: URI is not relative: {uri}"
    );
    assert!(!uri.contains('\\'), "{what}: backslash in URI {uri}");
    assert!(!uri.starts_with("./"), "{what}: URI starts with ./: {uri}");
    let file = root.join(percent_decode(uri));
    assert!(
        file.is_file(),
        "{what}: {uri} does not resolve to a file under {}",
        root.display()
    );
}

/// Everything GitHub code scanning relies on.
fn assert_github_ready(log: &Value, root: &Path) {
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];

    // %SRCROOT% is declared, absolute, and ends in `/`; it is the directory we ran in.
    let srcroot = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("originalUriBaseIds declares %SRCROOT%");
    assert!(srcroot.starts_with("file:///"), "{srcroot}");
    assert!(
        srcroot.ends_with('/'),
        "%SRCROOT% must end in `/`: {srcroot}"
    );
    let srcroot_path = PathBuf::from(percent_decode(&srcroot["file://".len()..]));
    assert_eq!(
        fs::canonicalize(&srcroot_path).unwrap(),
        fs::canonicalize(root).unwrap(),
        "%SRCROOT% is not the working directory"
    );

    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let severity = &rule["properties"]["security-severity"];
        let text = severity
            .as_str()
            .unwrap_or_else(|| panic!("{id}: security-severity is not a string: {severity}"));
        let score: f64 = text
            .parse()
            .unwrap_or_else(|_| panic!("{id}: security-severity `{text}` is not a number"));
        assert!((0.0..=10.0).contains(&score), "{id}: {score}");
        let tags = rule["properties"]["tags"].as_array().unwrap();
        assert!(
            tags.iter().any(|tag| tag == "security"),
            "{id}: tags {tags:?} lack `security`"
        );
        assert!(
            rule["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
    }

    let results = run["results"].as_array().unwrap();
    for (index, result) in results.iter().enumerate() {
        let what = format!("results[{index}]");
        let rule_id = result["ruleId"].as_str().unwrap();
        let rule_index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[rule_index]["id"], rule_id,
            "{what}: ruleIndex points elsewhere"
        );

        let locations = result["locations"].as_array().unwrap();
        assert!(!locations.is_empty(), "{what}: no locations");
        let region = &locations[0]["physicalLocation"]["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(
                region[key].as_u64().is_some_and(|n| n >= 1),
                "{what}: region.{key} missing or < 1: {region}"
            );
        }
        let start = (region["startLine"].as_u64(), region["startColumn"].as_u64());
        let end = (region["endLine"].as_u64(), region["endColumn"].as_u64());
        assert!(
            start <= end,
            "{what}: region ends before it starts: {region}"
        );
        assert_relative_artifact(&locations[0], root, &what);

        let fingerprints = result["partialFingerprints"]
            .as_object()
            .unwrap_or_else(|| panic!("{what}: no partialFingerprints"));
        assert!(
            !fingerprints.is_empty(),
            "{what}: empty partialFingerprints"
        );
        assert!(
            fingerprints
                .values()
                .all(|value| value.as_str().is_some_and(|text| !text.is_empty())),
            "{what}: {fingerprints:?}"
        );
    }

    for (index, notification) in run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        for location in notification["locations"].as_array().unwrap() {
            assert_relative_artifact(location, root, &format!("notification[{index}]"));
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// examples/ plus broken, unreadable, skipped and awkwardly named files, in a temporary
/// working directory so every URI is relative.
fn mixed_tree() -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_dir(
        &manifest_dir().join("examples"),
        &dir.path().join("examples"),
    );
    let write = |relative: &str, contents: &[u8]| {
        let path = dir.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    };
    // A syntax error with a line and column.
    write(
        "broken/queue.yaml",
        b"AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {SqsManagedSseEnabled: false\n",
    );
    // An unreadable file: no region.
    write("broken/blob.yaml", b"AWSTemplateFormatVersion\0\0\0");
    // A notable skip: a `note` notification.
    write("empty/template.json", b"");
    // A finding at a parameter default, with `relatedLocations` naming where it is used.
    write(
        "params/stack.yaml",
        &fs::read(manifest_dir().join("testdata/rules/SQS201/fail/parameter_default.yaml"))
            .unwrap(),
    );
    // Characters that must be percent-encoded in a URI reference.
    write(
        "my stacks/caf\u{e9} #1.tf",
        b"resource \"aws_sqs_queue\" \"spaced\" {\n  sqs_managed_sse_enabled = false\n}\n",
    );
    dir
}

#[test]
fn examples_sarif_is_valid_and_github_ready() {
    let (code, log, stderr) = sarif(manifest_dir(), &["examples/"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    assert_github_ready(&log, manifest_dir());
    if let Some(validator) = validator() {
        assert_valid(&validator, &log);
    }
}

#[test]
fn sarif_with_parse_errors_is_valid_and_github_ready() {
    let dir = mixed_tree();
    let (code, log, stderr) = sarif(dir.path(), &["."]);
    assert_eq!(code, 1, "{stderr}");
    let run = &log["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);

    let notifications = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let uri_of = |n: &Value| {
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let broken = notifications
        .iter()
        .find(|n| uri_of(n) == "broken/queue.yaml")
        .unwrap_or_else(|| panic!("no notification for broken/queue.yaml: {notifications:#?}"));
    assert_eq!(broken["level"], "error");
    assert_eq!(
        broken["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    assert!(
        notifications
            .iter()
            .any(|n| uri_of(n) == "broken/blob.yaml" && n["level"] == "error")
    );
    assert!(
        notifications
            .iter()
            .any(|n| uri_of(n) == "empty/template.json" && n["level"] == "note")
    );
    for file in ["broken/queue.yaml", "broken/blob.yaml"] {
        assert!(
            stderr.contains(file),
            "stderr does not name {file}:\n{stderr}"
        );
    }

    // The awkward name is percent-encoded, and still a finding.
    let uris: Vec<String> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        uris.contains(&"my%20stacks/caf%C3%A9%20%231.tf".to_string()),
        "{uris:?}"
    );
    assert!(
        uris.contains(&"examples/terraform/main.tf".to_string()),
        "{uris:?}"
    );

    assert_github_ready(&log, dir.path());
    if let Some(validator) = validator() {
        assert_valid(&validator, &log);
    }
}

/// The validator is not vacuous: a log that breaks the schema is rejected.
#[test]
fn schema_validation_rejects_invalid_sarif() {
    let Some(validator) = validator() else {
        return;
    };
    let (_, mut log, _) = sarif(manifest_dir(), &["examples/"]);
    assert_valid(&validator, &log);
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(
        !validator.is_valid(&log),
        "a result level of `fatal` was accepted"
    );
    let (_, mut log, _) = sarif(manifest_dir(), &["examples/"]);
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!validator.is_valid(&log), "a startLine of 0 was accepted");
}

#[test]
fn percent_decoding_helper() {
    assert_eq!(
        percent_decode("my%20stacks/caf%C3%A9%20%231.tf"),
        "my stacks/café #1.tf"
    );
    assert_eq!(percent_decode("plain/main.tf"), "plain/main.tf");
}
