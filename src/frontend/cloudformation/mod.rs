//! CloudFormation front-end: a YAML or JSON template → [`Model`].

pub mod intrinsics;
pub mod json;
pub mod sam;
pub mod template;
pub mod yaml;

use super::FileError;
use crate::model::FileId;
use crate::source::SourceFile;

/// Which syntax a template file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Json,
}

/// Substrings without which a template holds nothing the model reads (see
/// [`crate::frontend::terraform::RELEVANT_TOKENS`]).
pub const RELEVANT_TOKENS: &[&str] = &[
    "AWS::SQS::",
    "AWS::KMS::",
    "AWS::IAM::",
    "sqs:",
    "AWS::EC2::VPCEndpoint",
    "AWS::EC2::SecurityGroup",
    "AWS::Serverless::Function",
];

/// Cheap content check before any parse: can this text be a template at all?
#[must_use]
pub fn may_be_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && text.contains("AWS::"))
}

/// A template read: its explored branches, and what the reader noticed but went past.
#[derive(Debug)]
pub struct Template {
    pub branches: Vec<template::Branch>,
    /// `(where, what)`: keys written twice, unknown tags.
    pub warnings: Vec<(crate::source::Span, String)>,
}

/// Parse a file; `Ok(None)` when it parses but is not a CloudFormation template.
///
/// # Errors
/// The file is not valid YAML/JSON, or exceeds a depth or alias limit.
pub fn load(
    file: &SourceFile,
    file_id: FileId,
    syntax: Syntax,
    parameters: &std::collections::BTreeMap<String, String>,
) -> Result<Option<Template>, FileError> {
    let mut warnings = Vec::new();
    let root = match syntax {
        Syntax::Yaml => yaml::parse_with_warnings(&file.text)
            .map(|(root, tags)| {
                warnings.extend(tags.into_iter().map(|tag| {
                    (
                        crate::source::Span::new(tag.offset as usize, tag.offset as usize),
                        format!("unknown tag `{}`: read as its untagged value", tag.tag),
                    )
                }));
                root
            })
            .map_err(|error| FileError::syntax_at(file, error.offset as usize, error.message))?,
        Syntax::Json => json::parse(&file.text)
            .map_err(|error| FileError::syntax_at(file, error.offset, error.message))?,
    };
    Ok(root.filter(template::is_template).map(|root| {
        let credentials = super::credentials(file, file_id);
        let (mut branches, problems) = template::read(&root, file_id, parameters);
        warnings.extend(problems.into_iter().map(|(offset, message)| {
            (
                crate::source::Span::new(offset as usize, offset as usize),
                message,
            )
        }));
        for branch in &mut branches {
            branch.model.credentials.clone_from(&credentials);
        }
        warnings.extend(
            super::tree::duplicate_keys(&root)
                .into_iter()
                .map(|(span, key)| {
                    (
                        span,
                        format!(
                            "key `{key}` is written twice in one mapping; sqsguard reads the first"
                        ),
                    )
                }),
        );
        Template { branches, warnings }
    }))
}

/// [`load`] without parameter values, keeping one model: the first explored branch (every
/// undecidable condition false). For tools and tests that look at one model.
///
/// # Errors
/// As [`load`].
pub fn load_model(
    file: &SourceFile,
    file_id: FileId,
    syntax: Syntax,
) -> Result<Option<crate::model::Model>, FileError> {
    Ok(
        load(file, file_id, syntax, &std::collections::BTreeMap::new())?
            .and_then(|template| template.branches.into_iter().next())
            .map(|branch| branch.model),
    )
}
