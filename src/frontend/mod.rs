//! Front-ends: one per input format, each turning parsed files into the [`Model`].
//!
//! Front-ends never fail a scan: a file that cannot be parsed becomes a [`FileError`] with the
//! position the parser reported, and the rest of the unit is still read.

pub mod cloudformation;
pub mod plan;
pub mod plan_source;
pub mod policy_document;
pub mod terraform;
pub mod tree;

use std::path::PathBuf;

use crate::model::{CredentialKind, FileId, Location, Resource};
use crate::source::{SourceFile, Span};

/// Limits that keep hostile or accidental input from exhausting the machine.
pub mod limits {
    /// Files larger than this are skipped with a notification.
    pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
    /// Deepest nesting of YAML/JSON collections we build.
    pub const MAX_DEPTH: usize = 128;
    /// Most nodes YAML alias expansion may add to one document.
    pub const MAX_ALIAS_NODES: usize = 100_000;
}

/// Why a file could not be scanned, with the position when the parser knows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("{path}:{line}:{column}: {message}", path = .path.display())]
    Syntax {
        path: PathBuf,
        line: u32,
        column: u32,
        message: String,
    },
    #[error("{path}: {message}", path = .path.display())]
    Unreadable { path: PathBuf, message: String },
}

impl FileError {
    /// A syntax error at a byte offset of `file`.
    #[must_use]
    pub fn syntax_at(file: &SourceFile, offset: usize, message: String) -> FileError {
        let position = file.position(u32::try_from(offset).unwrap_or(u32::MAX));
        FileError::Syntax {
            path: file.path.clone(),
            line: position.line,
            column: position.column,
            message,
        }
    }

    #[must_use]
    pub fn path(&self) -> &std::path::Path {
        match self {
            FileError::Syntax { path, .. } | FileError::Unreadable { path, .. } => path,
        }
    }

    /// The 1-based line of the problem, when known.
    #[must_use]
    pub fn line(&self) -> Option<u32> {
        match self {
            FileError::Syntax { line, .. } => Some(*line),
            FileError::Unreadable { .. } => None,
        }
    }

    #[must_use]
    pub fn message(&self) -> &str {
        match self {
            FileError::Syntax { message, .. } | FileError::Unreadable { message, .. } => message,
        }
    }
}

/// Literal AWS credentials written anywhere in a file: access key ids (`AKIA…`, `ASIA…`) and
/// secret-access-key-shaped strings on a line that mentions a secret (or just below one).
#[must_use]
pub fn credentials(file: &SourceFile, file_id: FileId) -> Vec<Resource<CredentialKind>> {
    let mut found = Vec::new();
    let address = file.path.to_string_lossy().replace('\\', "/");
    for range in crate::redact::secret_ranges(&file.text) {
        let kind = if range.len() == 20 {
            CredentialKind::AccessKeyId
        } else {
            // The line and the two above it: `variable "aws_secret_key" {` then `default = …`,
            // or a `SecretKey:` parameter then `Type:` then `Default: …`.
            let line_start = file.text[..range.start]
                .rmatch_indices('\n')
                .nth(2)
                .map_or(0, |(at, _)| at + 1);
            let line_end = file.text[range.end..]
                .find('\n')
                .map_or(file.text.len(), |at| range.end + at);
            if !file.text[line_start..line_end]
                .to_ascii_lowercase()
                .contains("secret")
            {
                continue;
            }
            CredentialKind::SecretAccessKey
        };
        let at = Location {
            file: file_id,
            span: Span::new(range.start, range.end),
        };
        found.push(
            Shell {
                address: &address,
                kind: "credential",
                at,
            }
            .with(kind),
        );
    }
    found
}

/// What every resource read from Terraform or a plan has, before its typed properties.
#[derive(Clone, Copy)]
pub(crate) struct Shell<'a> {
    pub address: &'a str,
    pub kind: &'a str,
    pub at: Location,
}

impl Shell<'_> {
    /// The resource with these properties (no metadata suppressions, no label).
    pub fn with<T>(self, props: T) -> Resource<T> {
        Resource {
            address: self.address.to_string(),
            kind: self.kind.to_string(),
            at: self.at,
            suppressions: Vec::new(),
            label: None,
            props,
        }
    }
}
