//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it (our own serde types,
//! validated against the official schema by a test).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::{ReportInput, slash_path};
use crate::finding::Finding;
use crate::frontend::FileError;
use crate::rules::Rule;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// The key of our content-based fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "sqsguard/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    results: Results<'a>,
    column_kind: &'static str,
}

/// A run's results, each made as it is serialised and dropped after: a report of many
/// findings does not hold a second copy of them.
struct Results<'a> {
    findings: &'a [Finding],
    rules: &'a [&'a Rule],
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.findings
                .iter()
                .map(|finding| result(finding, self.rules)),
        )
    }
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<RuleDescriptor<'a>>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: DefaultConfiguration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct DefaultConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    tags: Vec<&'a str>,
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression<'a>>,
}

/// Where a value reported at its definition is used.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: u32,
    physical_location: PhysicalLocation,
    message: Text,
}

/// A suppression: `inSource` for comments and `Metadata`, `external` for the baseline.
#[derive(Serialize)]
struct SarifSuppression<'a> {
    kind: &'static str,
    justification: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
}

/// Percent-encode a path for a URI reference, keeping `/` and RFC 3986 unreserved characters.
fn uri_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A relative path resolves against `%SRCROOT%`; an absolute one (outside the working
/// directory) is a `file://` URI of its own.
fn artifact(path: &Path) -> ArtifactLocation {
    let shown = slash_path(path);
    if path.is_absolute() {
        let rooted = if shown.starts_with('/') {
            shown
        } else {
            format!("/{shown}")
        };
        ArtifactLocation {
            uri: format!("file://{}", uri_encode(&rooted)),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: uri_encode(&shown),
            uri_base_id: Some(SRCROOT),
        }
    }
}

fn descriptor(rule: &Rule) -> RuleDescriptor<'_> {
    let documentation = rule.documentation();
    RuleDescriptor {
        id: &rule.id,
        name: &rule.name,
        short_description: Text {
            text: rule.title.clone(),
        },
        full_description: Text {
            text: rule
                .description
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        },
        help: Help {
            text: documentation.clone(),
            markdown: documentation,
        },
        help_uri: rule.help_uri(),
        default_configuration: DefaultConfiguration {
            level: rule.severity.sarif_level(),
        },
        properties: RuleProperties {
            tags: vec!["security", "sqs", &rule.practice],
            precision: "high",
            problem_severity: match rule.severity.sarif_level() {
                "note" => "recommendation",
                level => level,
            },
            security_severity: rule.severity.security_severity(),
        },
    }
}

fn result<'a>(finding: &'a Finding, rules: &[&Rule]) -> SarifResult<'a> {
    let region = finding.region;
    SarifResult {
        rule_id: &finding.rule_id,
        rule_index: rules
            .iter()
            .position(|rule| rule.id == finding.rule_id)
            .unwrap_or(0),
        level: finding.severity.sarif_level(),
        message: Text {
            text: finding.message.clone(),
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact(&finding.path),
                region: Some(Region {
                    start_line: region.start.line,
                    start_column: region.start.column,
                    end_line: Some(region.end.line),
                    end_column: Some(region.end.column),
                }),
            },
            logical_locations: vec![LogicalLocation {
                fully_qualified_name: finding.address.clone(),
                kind: "resource",
            }],
        }],
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, finding.fingerprint.as_str())]),
        related_locations: finding
            .related
            .iter()
            .map(|related| RelatedLocation {
                id: 1,
                physical_location: PhysicalLocation {
                    artifact_location: artifact(&related.path),
                    region: Some(Region {
                        start_line: related.region.start.line,
                        start_column: related.region.start.column,
                        end_line: Some(related.region.end.line),
                        end_column: Some(related.region.end.column),
                    }),
                },
                message: Text {
                    text: "the value is used here".to_string(),
                },
            })
            .collect(),
        suppressions: finding
            .suppression
            .iter()
            .map(|suppression| SarifSuppression {
                kind: suppression.kind.as_str(),
                justification: &suppression.justification,
                location: suppression.path.as_deref().map(|path| Location {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact(path),
                        region: suppression.line.map(|line| Region {
                            start_line: line,
                            start_column: 1,
                            end_line: None,
                            end_column: None,
                        }),
                    },
                    logical_locations: Vec::new(),
                }),
            })
            .collect(),
    }
}

fn notification(error: &FileError) -> Notification {
    let (line, column) = match error {
        FileError::Syntax { line, column, .. } => (Some(*line), Some(*column)),
        FileError::Unreadable { .. } => (None, None),
    };
    Notification {
        level: "error",
        message: Text {
            text: format!("{}: {}", slash_path(error.path()), error.message()),
        },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact(error.path()),
                region: line.map(|line| Region {
                    start_line: line.max(1),
                    start_column: column.unwrap_or(1).max(1),
                    end_line: None,
                    end_column: None,
                }),
            },
            logical_locations: Vec::new(),
        }],
    }
}

#[must_use]
pub fn render(input: &ReportInput<'_>) -> String {
    super::rendered(|out| write(input, out))
}

/// Write the report to `out` as it is serialised (a report of many findings is not also held
/// whole as text).
///
/// # Errors
/// Writing to `out` fails.
pub fn write(input: &ReportInput<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut notifications: Vec<Notification> =
        input.result.errors.iter().map(notification).collect();
    notifications.extend(input.result.warnings.iter().map(|warning| Notification {
        level: "warning",
        message: Text {
            text: warning.to_string(),
        },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact(&warning.path),
                region: Some(Region {
                    start_line: warning.line.max(1),
                    start_column: 1,
                    end_line: None,
                    end_column: None,
                }),
            },
            logical_locations: Vec::new(),
        }],
    }));
    notifications.extend(
        input
            .result
            .skipped
            .iter()
            .filter(|s| s.notable)
            .map(|skipped| Notification {
                level: "note",
                message: Text {
                    text: format!("{}: skipped: {}", slash_path(&skipped.path), skipped.reason),
                },
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact(&skipped.path),
                        region: None,
                    },
                    logical_locations: Vec::new(),
                }],
            }),
    );
    let root = slash_path(input.cwd);
    let root = format!(
        "file://{}/",
        uri_encode(&if root.starts_with('/') {
            root
        } else {
            format!("/{root}")
        })
        .trim_end_matches('/')
    );
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "sqsguard",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: "https://github.com/sqsguard/sqsguard",
                    rules: input.rules.iter().map(|rule| descriptor(rule)).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: input.result.all_files_read(),
                tool_execution_notifications: notifications,
            }],
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                ArtifactLocation {
                    uri: root,
                    uri_base_id: None,
                },
            )]),
            results: Results {
                findings: &input.result.findings,
                rules: input.rules,
            },
            column_kind: "utf16CodeUnits",
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_and_relative_under_srcroot() {
        let location = artifact(Path::new("dir with space/main.tf"));
        assert_eq!(location.uri, "dir%20with%20space/main.tf");
        assert_eq!(location.uri_base_id, Some(SRCROOT));
        let absolute = artifact(Path::new("/elsewhere/a.tf"));
        assert_eq!(absolute.uri, "file:///elsewhere/a.tf");
        assert_eq!(absolute.uri_base_id, None);
    }
}
