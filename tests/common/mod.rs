//! Helpers shared by the command-line test suites: build an input tree in a temporary
//! directory, run the binary there, read its output.

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The `sqsguard` binary, run in `dir`, with colour control left to the test.
pub fn sqsguard(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sqsguard"));
    cmd.current_dir(dir).env_remove("NO_COLOR");
    cmd
}

/// Write `contents` to `dir/relative`, creating parent directories.
pub fn write(dir: &Path, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, contents).unwrap();
    path
}

/// A temporary directory holding `files` (`(relative path, contents)`).
pub fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (relative, contents) in files {
        write(dir.path(), relative, contents);
    }
    dir
}

/// The outcome of one run, with stdout and stderr as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| {
            panic!(
                "stdout is not JSON ({error}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Run the binary with `args` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    let output = sqsguard(dir).args(args).output().unwrap();
    Run {
        code: output
            .status
            .code()
            .unwrap_or_else(|| panic!("sqsguard {args:?} was killed by a signal: {output:?}")),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}
