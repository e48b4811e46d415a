//! Snapshots of every output format for `sqsguard scan examples/`, run from the package root.
//!
//! The SARIF log names the absolute working directory in `originalUriBaseIds`; it is replaced
//! with `file:///[SRCROOT]/` so the snapshot holds on any machine. Update with
//! `INSTA_UPDATE=always cargo test --test snapshots`, then review the `.snap` files.

use std::path::Path;
use std::process::Command;

/// `sqsguard scan examples/ --format FORMAT` from the package root, stdout piped (no colour).
fn scan_examples(format: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_sqsguard"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["scan", "examples/", "--format", format])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "examples/ has findings, so the exit status is 1\nstderr:\n{stderr}"
    );
    assert_eq!(stderr, "", "{format}: nothing on stderr for examples/");
    assert!(
        !stdout.contains('\u{1b}'),
        "{format}: colour codes on a pipe"
    );
    stdout
}

/// Percent-encode a path the way a `file://` URI needs it (unreserved characters and `/` kept).
fn uri_encode(path: &str) -> String {
    path.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

#[test]
fn text() {
    insta::assert_snapshot!("scan_examples_text", scan_examples("text"));
}

#[test]
fn sarif() {
    let raw = scan_examples("sarif");
    let log: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let srcroot = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT% is declared")
        .to_string();
    // The working directory as a file URI (as given, or with symlinks resolved as getcwd does).
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let as_uri = |path: &Path| {
        format!(
            "file://{}/",
            uri_encode(&path.to_string_lossy().replace('\\', "/")).trim_end_matches('/')
        )
    };
    let candidates = [
        as_uri(manifest),
        as_uri(&std::fs::canonicalize(manifest).unwrap()),
    ];
    assert!(
        candidates.contains(&srcroot),
        "%SRCROOT% {srcroot} is not the working directory {candidates:?}"
    );
    assert_eq!(
        raw.matches(srcroot.as_str()).count(),
        1,
        "the working directory appears only in originalUriBaseIds"
    );
    let portable = raw.replace(&srcroot, "file:///[SRCROOT]/");
    insta::assert_snapshot!("scan_examples_sarif", portable);
}

#[test]
fn json() {
    let raw = scan_examples("json");
    assert!(
        !raw.contains(env!("CARGO_MANIFEST_DIR")),
        "JSON paths are relative to the working directory"
    );
    insta::assert_snapshot!("scan_examples_json", raw);
}

#[test]
fn github() {
    insta::assert_snapshot!("scan_examples_github", scan_examples("github"));
}

#[test]
fn markdown() {
    insta::assert_snapshot!("scan_examples_markdown", scan_examples("markdown"));
}
