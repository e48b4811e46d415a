//! sqsguard: a static analyzer for the Amazon SQS security best practices in
//! infrastructure-as-code (Terraform, CloudFormation).
//!
//! The pipeline, one stage per module:
//!
//! ```text
//! discover ──► frontend ──────────────► model ──► rules ──────► engine ──► report
//! walk and     Terraform HCL,           queues,   rule files,    units in   SARIF, text,
//! classify     CloudFormation YAML/JSON keys, …   3-valued match parallel   JSON, GitHub, MD
//! ```
//!
//! Glossary:
//! - **unit**: files read together — a Terraform module directory, or one template.
//! - **model**: the normalised resources of a unit; the only thing rules see.
//! - **known / unknown**: whether a value could be resolved statically; unknown never fires.
//! - **subject**: one element of a model collection (a queue, a key) that a rule runs over.
//! - **finding**: a rule that holds on a subject, located at its cause.

pub mod baseline;
pub mod config;
pub mod discover;
pub mod engine;
pub mod finding;
pub mod frontend;
pub mod model;
pub mod policy;
pub mod redact;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;

pub use engine::{ScanOptions, ScanResult, scan};
pub use finding::Finding;
pub use rules::{Rule, RuleSet, Selection, Severity};
