//! Discovery: walk the roots (gitignore-aware, no symlinks, nothing outside the roots) and
//! classify candidate files by name; content checks happen after the one read of each file.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;

use crate::frontend::FileError;

/// What a file's name says it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// `.tf`: Terraform HCL, grouped by directory into modules.
    Terraform,
    /// `.tf.json`: Terraform JSON syntax.
    TerraformJson,
    /// `.tfvars`: variable values of the module in the same directory.
    TerraformVars,
    /// `.yaml` / `.yml`: maybe a CloudFormation template.
    Yaml,
    /// `.json`: maybe a CloudFormation template (or a Terraform plan, …).
    Json,
    /// `.template`: a CloudFormation template in YAML or JSON, told apart by content.
    Template,
}

/// One file to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// The path as shown to users (relative to the working directory when under it).
    pub path: PathBuf,
    pub kind: FileKind,
}

/// A bad `--exclude` pattern.
#[derive(Debug, thiserror::Error)]
#[error("--exclude `{pattern}`: {source}")]
pub struct ExcludeError {
    pub pattern: String,
    pub source: globset::Error,
}

/// Classify by file name alone (the name is lower-cased first).
#[must_use]
#[allow(clippy::case_sensitive_file_extension_comparisons)]
pub fn classify(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tf.json") {
        Some(FileKind::TerraformJson)
    } else if name.ends_with(".tf") {
        Some(FileKind::Terraform)
    } else if name == "terraform.tfvars"
        || name.ends_with(".auto.tfvars")
        || name == "terraform.tfvars.json"
        || name.ends_with(".auto.tfvars.json")
    {
        Some(FileKind::TerraformVars)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Some(FileKind::Yaml)
    } else if name.ends_with(".json") {
        Some(FileKind::Json)
    } else if name.ends_with(".template") {
        Some(FileKind::Template)
    } else {
        None
    }
}

/// Compile `--exclude` globs; a pattern matches a path relative to its root, or any suffix of
/// it, so `examples/**` and `*.json` both do what a user means.
///
/// # Errors
/// A pattern is not a valid glob.
pub fn excludes(patterns: &[String]) -> Result<GlobSet, ExcludeError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
        let glob = GlobBuilder::new(trimmed)
            .literal_separator(false)
            .build()
            .map_err(|source| ExcludeError {
                pattern: pattern.clone(),
                source,
            })?;
        builder.add(glob);
    }
    builder.build().map_err(|source| ExcludeError {
        pattern: patterns.join(", "),
        source,
    })
}

fn is_excluded(excluded: &GlobSet, relative: &Path) -> bool {
    if excluded.is_empty() {
        return false;
    }
    let components: Vec<&Path> = relative
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .map(|c| Path::new(c.as_os_str()))
        .collect();
    (0..components.len()).any(|start| {
        let suffix: PathBuf = components[start..].iter().collect();
        excluded.is_match(&suffix)
    })
}

/// The path as users should see it: relative to `cwd` when under it, without `./`.
#[must_use]
pub fn display_path(path: &Path, cwd: &Path) -> PathBuf {
    let stripped = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    let cleaned: PathBuf = stripped
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files to read, sorted, each once even when roots overlap.
    pub candidates: Vec<Candidate>,
    /// Paths that could not be walked.
    pub errors: Vec<FileError>,
    /// Roots deliberately not entered, with the reason (a symlink).
    pub refused: Vec<(PathBuf, String)>,
}

/// Walk every root.
#[must_use]
pub fn walk(roots: &[PathBuf], excluded: &GlobSet, cwd: &Path) -> Walk {
    let mut found = Walk::default();
    let (candidates, errors) = (&mut found.candidates, &mut found.errors);
    for root in roots {
        match std::fs::symlink_metadata(root) {
            Err(_) => {
                errors.push(FileError::Unreadable {
                    path: display_path(root, cwd),
                    message: "no such file or directory".to_string(),
                });
                continue;
            }
            // Even a symlink named on the command line may point outside what the user
            // meant to scan: it is never followed.
            Ok(metadata) if metadata.file_type().is_symlink() => {
                found
                    .refused
                    .push((display_path(root, cwd), "symlink, not followed".to_string()));
                continue;
            }
            Ok(metadata) if metadata.is_file() => {
                // Excludes apply to files named directly too, matched from the working directory.
                if is_excluded(excluded, &display_path(root, cwd)) {
                    continue;
                }
            }
            Ok(_) => {}
        }
        let root_for_filter = root.clone();
        let excluded_for_filter = excluded.clone();
        let walker = WalkBuilder::new(root)
            .hidden(false)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .ignore(true)
            .require_git(false)
            // Ignore files above the roots would be reads outside them.
            .parents(false)
            .follow_links(false)
            .filter_entry(move |entry| {
                let name = entry.file_name();
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                if is_dir && entry.depth() > 0 && (name == ".git" || name == ".terraform") {
                    return false;
                }
                let relative = entry
                    .path()
                    .strip_prefix(&root_for_filter)
                    .unwrap_or(entry.path());
                entry.depth() == 0 || !is_excluded(&excluded_for_filter, relative)
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    if let Some(kind) = classify(entry.path()) {
                        candidates.push(Candidate {
                            path: display_path(entry.path(), cwd),
                            kind,
                        });
                    }
                }
                Err(error) => errors.push(FileError::Unreadable {
                    path: error_path(&error)
                        .map_or_else(|| display_path(root, cwd), |p| display_path(&p, cwd)),
                    message: error.to_string(),
                }),
            }
        }
    }
    candidates.sort();
    candidates.dedup();
    if roots.len() > 1 {
        // Overlapping roots (`scan ../x .` from inside x) reach a file by two paths.
        let mut seen = std::collections::HashSet::new();
        candidates.retain(|candidate| {
            seen.insert(
                std::fs::canonicalize(&candidate.path).unwrap_or_else(|_| candidate.path.clone()),
            )
        });
    }
    found
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_by_name() {
        assert_eq!(classify(Path::new("a/main.tf")), Some(FileKind::Terraform));
        assert_eq!(
            classify(Path::new("main.tf.json")),
            Some(FileKind::TerraformJson)
        );
        assert_eq!(classify(Path::new("t.YAML")), Some(FileKind::Yaml));
        assert_eq!(
            classify(Path::new("stack.template")),
            Some(FileKind::Template)
        );
        assert_eq!(classify(Path::new("README.md")), None);
    }

    #[test]
    fn excludes_match_relative_paths_and_suffixes() {
        let set = excludes(&["examples/**".into(), "*.json".into()]).unwrap();
        assert!(is_excluded(&set, Path::new("examples/a/main.tf")));
        assert!(is_excluded(&set, Path::new("deep/examples/a.tf")));
        assert!(is_excluded(&set, Path::new("x/package.json")));
        assert!(!is_excluded(&set, Path::new("src/main.tf")));
    }

    #[test]
    fn display_paths_drop_dot_and_cwd() {
        let cwd = Path::new("/work/repo");
        assert_eq!(
            display_path(Path::new("./a/b.tf"), cwd),
            PathBuf::from("a/b.tf")
        );
        assert_eq!(
            display_path(Path::new("/work/repo/a.tf"), cwd),
            PathBuf::from("a.tf")
        );
        assert_eq!(
            display_path(Path::new("/elsewhere/a.tf"), cwd),
            PathBuf::from("/elsewhere/a.tf")
        );
    }
}
