//! Front-ends: one per input format, each turning parsed files into the [`Model`].
//!
//! Front-ends never fail a scan: a file that cannot be parsed becomes a [`FileError`] with the
//! position the parser reported, and the rest of the unit is still read.

pub mod cloudformation;
pub mod policy_document;
pub mod terraform;
pub mod tree;

use std::path::PathBuf;

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
