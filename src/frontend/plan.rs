//! Terraform plan JSON (`terraform show -json plan.out`) and state JSON (`terraform show -json`)
//! → [`Model`]: every managed resource about to exist, with its planned values — variables,
//! modules and `for_each` already resolved by Terraform.
//!
//! What a plan cannot know yet is filled from its `configuration`, so that a plan gives the
//! verdict the `.tf` source gives:
//! - a link unknown until apply (a new queue's URL) is the resource the configuration
//!   references there — directly, through a module's input variable or output, or through the
//!   same `for_each`/`count` instance key;
//! - a value unknown until apply that the configuration does not set at all is computed by the
//!   provider: it is "not declared", as the `.tf` reader would say (a new queue's `policy`);
//! - an identifier known in the plan (a key's ARN, a security group's id) links to the resource
//!   that has it, as a reference would in the source.
//!
//! Values echoed from elsewhere are left out once: a queue's `policy` attribute when an
//! `aws_sqs_queue_policy` manages that queue, a role's `inline_policy` entries and
//! `managed_policy_arns` when their own resources attach them.
//!
//! Findings point into the plan file, inside policy JSON strings too; when the plan's `.tf`
//! source is scanned with it, `plan_source` moves them onto the source's lines.
//!
//! Plans are large (tens of MB, often one line) and mostly what the rules never read — the
//! prior state, the planned values again, other providers' resources. A [`scanner`] pass checks
//! the whole text without building anything and notes where the top-level parts start; then
//! resources are read one at a time, as trees of only the attributes read here, and dropped.

mod scanner;

use std::collections::{HashMap, HashSet};

use super::cloudformation::json;
use super::policy_document;
use super::tree::{Entry, Node, NodeKind};
use super::{FileError, Shell, credentials};
use crate::model::policy::{PolicyDocument, PolicyValue};
use crate::model::symbolic::{Symbolic, TextInterner};
use crate::model::{
    AccessKey, EndpointFacts, EndpointPolicy, FileId, Identity, IdentityPolicy, Ingress, KeyRef,
    KmsAlias, KmsKey, Location, Model, Queue, QueuePolicy, Resource, ResourceRef, Value,
    VpcEndpoint,
};
use crate::policy::managed;
use crate::source::{SourceFile, Span};
use scanner::{Kind, Scan, ScanError, Scanner};

/// Deepest chain of module inputs and outputs followed to resolve one reference.
const MAX_LINK_DEPTH: usize = 16;

/// A plan or state read, with what was odd about it.
#[derive(Debug)]
pub struct Plan {
    pub model: Model,
    /// `(where, what)`: an unknown format version, values of unexpected types — read as
    /// unknown, never guessed.
    pub warnings: Vec<(Span, String)>,
}

/// Why a file cannot be read as a plan at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum PlanError {
    #[error("{message}")]
    Syntax { offset: usize, message: String },
    #[error("not a Terraform plan or state: {reason}")]
    NotAPlan { offset: usize, reason: &'static str },
}

impl PlanError {
    fn into_file_error(self, file: &SourceFile) -> FileError {
        let offset = match &self {
            PlanError::Syntax { offset, .. } | PlanError::NotAPlan { offset, .. } => *offset,
        };
        FileError::syntax_at(file, offset, self.to_string())
    }
}

/// The plan and state formats this reader knows: `format_version` 0.x and 1.x (Terraform
/// keeps a major version while its changes are additive).
const KNOWN_FORMAT_MAJORS: &[&str] = &["0", "1"];

/// Read a plan (or `terraform show -json` of a state: `values.root_module`); see [`read`].
///
/// # Errors
/// As [`read`].
pub fn load(file: &SourceFile, file_id: FileId) -> Result<Model, FileError> {
    read(file, file_id).map(|plan| plan.model)
}

/// Read a plan (or `terraform show -json` of a state: `values.root_module`), with warnings
/// about what it could not read as expected.
///
/// # Errors
/// The file is not valid JSON, or its top level is not a plan or a state.
pub fn read(file: &SourceFile, file_id: FileId) -> Result<Plan, FileError> {
    read_plan(file, file_id, true).map_err(|error| error.into_file_error(file))
}

/// A plan at least this large is read with [`read_detaching`] by the engine.
pub const DETACH_FROM_BYTES: usize = 8 << 20;

/// [`read`], letting go of the text of a large plan between the two passes: the first checks
/// the whole text and notes where each resource change is; `file` then keeps only its line
/// index, and the second pass reads the changes back from `disk` one at a time. The text and
/// the model are never in memory together (a 50 MB plan's model is twice its size). Only for a
/// text of at least `from_bytes`, all ASCII (columns stay byte differences), with a
/// `resource_changes` array, no suppression comment, and exactly as long as `disk`.
///
/// # Errors
/// As [`read`]; and the file changed between the passes.
pub fn read_detaching(
    file: &mut SourceFile,
    file_id: FileId,
    from_bytes: usize,
    disk: std::fs::File,
) -> Result<Plan, FileError> {
    let text = file.text.as_str();
    let detachable = text.len() >= from_bytes
        && text.is_ascii()
        && disk
            .metadata()
            .is_ok_and(|meta| meta.len() == text.len() as u64)
        && !crate::suppress::has_directive(text);
    let first = if detachable {
        first_pass(text, file, file_id)
    } else {
        None
    };
    // One handle reads the second pass, the other serves the findings' code frames.
    let (Some(first), Ok(kept)) = (first, disk.try_clone()) else {
        return read(file, file_id);
    };
    let text = std::mem::take(&mut file.text);
    *file = SourceFile::detached(file.path.clone(), &text, kept);
    drop(text);
    second_pass(first, file_id, disk).map_err(|error| error.into_file_error(file))
}

/// What the first pass over a plan's text leaves for the second.
struct FirstPass {
    root_span: Span,
    format_version: Option<Node>,
    configuration: Configuration,
    /// Where each element of `resource_changes` is.
    changes: Vec<Span>,
    credentials: Vec<crate::model::Resource<crate::model::CredentialKind>>,
}

/// Everything [`read_detaching`] needs the whole text for; `None` when the plan is to be read
/// the ordinary way (the scanner refuses it, or it has no `resource_changes` array: the error
/// or the warning is then the ordinary reader's).
fn first_pass(text: &str, file: &SourceFile, file_id: FileId) -> Option<FirstPass> {
    let outline = Outline::scan(text).ok()?;
    if outline.kind != Some(Kind::Object) {
        return None;
    }
    let changes_at = outline.part("resource_changes")?;
    if At::Text(changes_at).kind(text) != Kind::Array {
        return None;
    }
    let configuration =
        Configuration::of(outline.part("configuration").map(At::Text), text).ok()?;
    let format_version = match outline.part("format_version") {
        Some(at) => Some(At::Text(at).node(text, &[]).ok()?.into_owned()),
        None => None,
    };
    let mut changes = Vec::new();
    Scanner::at(text, changes_at)
        .array(|scanner| {
            changes.push(scanner.skip()?);
            Ok(())
        })
        .ok()?;
    Some(FirstPass {
        root_span: Span::new(outline.root, outline.root),
        format_version,
        configuration,
        changes,
        credentials: plan_credentials(text, file, file_id),
    })
}

impl Configuration {
    /// The plan's `configuration` section, when it has one. Constant values can be large (a
    /// policy written literally) and are never read.
    fn of(at: Option<At<'_>>, text: &str) -> Result<Configuration, PlanError> {
        Ok(match at {
            Some(at) => {
                Configuration::read(&*at.node(text, &["constant_value", "provider_config"])?)
            }
            None => Configuration::default(),
        })
    }
}

/// The second pass of [`read_detaching`]: each resource change read back from `disk`.
fn second_pass(first: FirstPass, file_id: FileId, disk: std::fs::File) -> Result<Plan, PlanError> {
    use std::io::Read;
    let changed = |offset: usize| PlanError::Syntax {
        offset,
        message: "the file changed while it was read".to_string(),
    };
    let mut model = Model::default();
    let mut reader = Reader::new(
        file_id,
        std::borrow::Cow::Owned(String::new()),
        &first.configuration,
    );
    reader.format_version(first.root_span, first.format_version.as_ref());
    let mut disk = std::io::BufReader::with_capacity(1 << 20, disk);
    let mut position = 0u64;
    for span in first.changes {
        let start = u64::from(span.start);
        // Forward within the buffer (the changes are in order, a comma apart).
        let skip = i64::try_from(start.saturating_sub(position)).unwrap_or(i64::MAX);
        if start < position || disk.seek_relative(skip).is_err() {
            return Err(changed(span.start as usize));
        }
        let mut bytes = vec![0; span.range().len()];
        disk.read_exact(&mut bytes)
            .map_err(|_| changed(span.start as usize))?;
        position = u64::from(span.end);
        let window = String::from_utf8(bytes).map_err(|_| changed(span.start as usize))?;
        let mut change = {
            let mut scanner = Scanner::new(&window);
            change_node(&mut scanner).map_err(|_| changed(span.start as usize))?
        };
        shift(&mut change, span.start);
        reader.text = std::borrow::Cow::Owned(window);
        reader.base = span.start;
        reader.change(&change, &mut model);
    }
    Ok(finish(reader, model, first.credentials))
}

/// Every span of a tree read from a part of a text moved to where that part starts.
fn shift(node: &mut Node, by: u32) {
    let moved = |span: Span| Span {
        start: span.start.saturating_add(by),
        end: span.end.saturating_add(by),
    };
    node.span = moved(node.span);
    match &mut node.kind {
        NodeKind::Seq(items) => items.iter_mut().for_each(|item| shift(item, by)),
        NodeKind::Map(entries) => {
            for entry in entries {
                entry.key_span = moved(entry.key_span);
                shift(&mut entry.value, by);
            }
        }
        _ => {}
    }
}

/// Literal credentials in a plan, less the identifiers Terraform computed.
fn plan_credentials(
    text: &str,
    file: &SourceFile,
    file_id: FileId,
) -> Vec<crate::model::Resource<crate::model::CredentialKind>> {
    let mut found = credentials(file, file_id);
    found.retain(|found| {
        found.props != crate::model::CredentialKind::AccessKeyId
            || !is_computed_identifier(text, found.at.span)
    });
    found
}

/// The end of every read: links that need the whole plan, the credentials, the model's links.
fn finish(
    reader: Reader<'_>,
    mut model: Model,
    credentials: Vec<crate::model::Resource<crate::model::CredentialKind>>,
) -> Plan {
    reader.found.settle(&mut model);
    model.credentials = credentials;
    // Lists grown one resource at a time hold up to twice their length: give it back before
    // linking adds its own.
    model.queues.shrink_to_fit();
    model.queue_policies.shrink_to_fit();
    model.identity_policies.shrink_to_fit();
    model.link();
    let mut warnings = reader.warnings.into_inner();
    warnings.sort_by_key(|(span, _)| *span);
    Plan { model, warnings }
}

/// `stream`: read with the scanner (the tree of the whole file is built only when it refuses
/// the text); tests compare it with reading the whole tree.
fn read_plan(file: &SourceFile, file_id: FileId, stream: bool) -> Result<Plan, PlanError> {
    let text = file.text.as_str();
    let tree;
    let scanned = if stream {
        Outline::scan(text).ok()
    } else {
        None
    };
    let (root, outline) = if let Some(outline) = scanned {
        (At::Text(outline.root), Some(outline))
    } else {
        // The scanner refuses: the document parser decides, and its error is the one every
        // JSON reader of sqsguard reports.
        tree = json::parse(text)
            .map_err(|error| PlanError::Syntax {
                offset: error.offset,
                message: error.message,
            })?
            .ok_or(PlanError::NotAPlan {
                offset: 0,
                reason: "the file holds no JSON value",
            })?;
        (At::Tree(&tree), None)
    };
    let root_kind = match (&outline, root) {
        (Some(outline), _) => outline.kind.ok_or(PlanError::NotAPlan {
            offset: 0,
            reason: "the file holds no JSON value",
        })?,
        (None, At::Tree(node)) => node_kind(node),
        (None, At::Text(_)) => Kind::Null,
    };
    let root_offset = match root {
        At::Tree(node) => node.span.start as usize,
        At::Text(offset) => offset,
    };
    if root_kind != Kind::Object {
        return Err(PlanError::NotAPlan {
            offset: root_offset,
            reason: "the top level is not an object",
        });
    }
    let part = |key: &str| -> Option<At<'_>> {
        match (&outline, root) {
            (Some(outline), _) => outline.part(key).map(At::Text),
            (None, At::Tree(node)) => node.get(key).map(At::Tree),
            (None, At::Text(_)) => None,
        }
    };
    let changes = part("resource_changes");
    let values = part("values").or_else(|| part("planned_values"));
    if changes.is_none() && values.is_none() {
        return Err(PlanError::NotAPlan {
            offset: root_offset,
            reason: "no `resource_changes`, `planned_values` or `values` at the top level",
        });
    }
    let configuration = Configuration::of(part("configuration"), text)?;
    let mut model = Model::default();
    let mut reader = Reader::new(file_id, std::borrow::Cow::Borrowed(text), &configuration);
    let root_span = Span::new(root_offset, root_offset);
    match part("format_version") {
        Some(at) => reader.format_version(root_span, Some(&*at.node(text, &[])?)),
        None => reader.format_version(root_span, None),
    }
    match changes.map(|at| (at, at.kind(text))) {
        Some((at, Kind::Array)) => {
            at.each_node(text, change_node, |change| {
                reader.change(change, &mut model);
            })?;
        }
        other => {
            if let Some((at, kind)) = other {
                reader.warn(
                    at.span(text)?,
                    format!(
                        "`resource_changes` is {} where an array is expected: planned values read instead",
                        kind.name()
                    ),
                );
            }
            // A state (`values.root_module`), or a plan without changes: planned values.
            if let Some(values) = values {
                match values.get(text, "root_module")? {
                    Some(module) => reader.module_values(text, module, &mut model, 0)?,
                    None => reader.warn(
                        values.span(text)?,
                        "no `root_module` in the planned or state values: nothing read".to_string(),
                    ),
                }
            }
        }
    }
    let credentials = plan_credentials(text, file, file_id);
    Ok(finish(reader, model, credentials))
}

/// Where the top-level values a plan reader needs start, found by one pass that checks the
/// whole text without building anything.
struct Outline {
    root: usize,
    /// What the root value is; `None` for a text without a value.
    kind: Option<Kind>,
    /// The first `(key, offset of its value)` of each key the reader needs (the first, as
    /// [`Node::get`] reads).
    parts: Vec<(&'static str, usize)>,
}

impl Outline {
    const KEYS: [&'static str; 5] = [
        "format_version",
        "resource_changes",
        "planned_values",
        "values",
        "configuration",
    ];

    fn scan(text: &str) -> Result<Outline, ScanError> {
        let mut scanner = Scanner::new(text);
        scanner.space()?;
        let root = scanner.offset();
        let kind = scanner.kind();
        let mut parts: Vec<(&'static str, usize)> = Vec::new();
        match kind {
            Some(Kind::Object) => {
                scanner.object(|scanner, key, _| {
                    if let Some(known) = Self::KEYS.iter().find(|known| **known == key)
                        && !parts.iter().any(|(seen, _)| seen == known)
                    {
                        parts.push((known, scanner.offset()));
                    }
                    scanner.skip().map(drop)
                })?;
            }
            Some(_) => {
                scanner.skip()?;
            }
            None => {}
        }
        scanner.end()?;
        Ok(Outline { root, kind, parts })
    }

    fn part(&self, key: &str) -> Option<usize> {
        self.parts
            .iter()
            .find(|(known, _)| *known == key)
            .map(|(_, offset)| *offset)
    }
}

/// A value of the plan: in the tree of a file the scanner refused (and the document parser
/// accepted), or at an offset of the text, read when needed.
#[derive(Clone, Copy)]
enum At<'a> {
    Tree(&'a Node),
    Text(usize),
}

impl<'a> At<'a> {
    fn kind(self, text: &str) -> Kind {
        match self {
            At::Tree(node) => node_kind(node),
            At::Text(offset) => Scanner::at(text, offset).kind().unwrap_or(Kind::Null),
        }
    }

    fn span(self, text: &str) -> Result<Span, PlanError> {
        match self {
            At::Tree(node) => Ok(node.span),
            At::Text(offset) => Ok(Scanner::at(text, offset).skip()?),
        }
    }

    /// The value as a tree, without the values of the keys `skipped` (text only).
    fn node(self, text: &str, skipped: &[&str]) -> Result<std::borrow::Cow<'a, Node>, PlanError> {
        match self {
            At::Tree(node) => Ok(std::borrow::Cow::Borrowed(node)),
            At::Text(offset) => Ok(std::borrow::Cow::Owned(
                Scanner::at(text, offset).node_without(skipped)?,
            )),
        }
    }

    /// The value of `key` of this object (the first, as [`Node::get`] reads).
    fn get(self, text: &str, key: &str) -> Result<Option<At<'a>>, PlanError> {
        match self {
            At::Tree(node) => Ok(node.get(key).map(At::Tree)),
            At::Text(_) if self.kind(text) != Kind::Object => Ok(None),
            At::Text(offset) => {
                let mut found = None;
                Scanner::at(text, offset).object(|scanner, name, _| {
                    if found.is_none() && name == key {
                        found = Some(scanner.offset());
                    }
                    scanner.skip().map(drop)
                })?;
                Ok(found.map(At::Text))
            }
        }
    }

    /// Every element of this array (nothing when it is not one), each built from the text by
    /// `build` and dropped once `read` has seen it.
    fn each_node(
        self,
        text: &str,
        build: fn(&mut Scanner<'_>) -> Scan<Node>,
        mut read: impl FnMut(&Node),
    ) -> Result<(), PlanError> {
        match self {
            At::Tree(node) => {
                if let NodeKind::Seq(items) = &node.kind {
                    items.iter().for_each(read);
                }
            }
            At::Text(_) if self.kind(text) != Kind::Array => {}
            At::Text(offset) => {
                Scanner::at(text, offset).array(|scanner| {
                    read(&build(scanner)?);
                    Ok(())
                })?;
            }
        }
        Ok(())
    }

    /// Every element of this array (nothing when it is not one), where it is.
    fn each(
        self,
        text: &str,
        mut read: impl FnMut(At<'a>) -> Result<(), PlanError>,
    ) -> Result<(), PlanError> {
        match self {
            At::Tree(node) => {
                if let NodeKind::Seq(items) = &node.kind {
                    for item in items {
                        read(At::Tree(item))?;
                    }
                }
            }
            At::Text(_) if self.kind(text) != Kind::Array => {}
            At::Text(offset) => {
                let mut failed = None;
                Scanner::at(text, offset).array(|scanner| {
                    if failed.is_none() {
                        failed = read(At::Text(scanner.offset())).err();
                    }
                    scanner.skip().map(drop)
                })?;
                if let Some(error) = failed {
                    return Err(error);
                }
            }
        }
        Ok(())
    }
}

impl From<ScanError> for PlanError {
    fn from(error: ScanError) -> PlanError {
        PlanError::Syntax {
            offset: error.offset,
            message: error.message.to_string(),
        }
    }
}

/// The resource types [`Reader::read`] reads, and the attributes it reads of each: the values
/// of other types and other attributes are checked but not built.
const READ_ATTRIBUTES: &[(&str, &[&str])] = &[
    (
        "aws_sqs_queue",
        &[
            "name",
            "sqs_managed_sse_enabled",
            "kms_master_key_id",
            "policy",
            "url",
            "arn",
            "id",
        ],
    ),
    (
        "aws_kms_key",
        &["enable_key_rotation", "arn", "key_id", "id"],
    ),
    ("aws_kms_alias", &["name", "target_key_id"]),
    ("aws_sqs_queue_policy", &["policy", "queue_url"]),
    ("aws_iam_role_policy", &["role", "name", "policy"]),
    ("aws_iam_user_policy", &["policy"]),
    ("aws_iam_group_policy", &["policy"]),
    ("aws_iam_policy", &["policy", "arn", "id"]),
    ("aws_iam_role_policy_attachment", &["role", "policy_arn"]),
    ("aws_iam_user_policy_attachment", &["user", "policy_arn"]),
    ("aws_iam_group_policy_attachment", &["group", "policy_arn"]),
    (
        "aws_iam_policy_attachment",
        &["roles", "users", "groups", "policy_arn"],
    ),
    (
        "aws_iam_role",
        &["name", "managed_policy_arns", "inline_policy"],
    ),
    (
        "aws_vpc_endpoint",
        &[
            "service_name",
            "vpc_endpoint_type",
            "private_dns_enabled",
            "policy",
            "security_group_ids",
            "id",
            "arn",
        ],
    ),
    ("aws_vpc_endpoint_policy", &["vpc_endpoint_id", "policy"]),
    ("aws_security_group", &["ingress", "id", "arn"]),
    (
        "aws_security_group_rule",
        &[
            "type",
            "security_group_id",
            "cidr_blocks",
            "ipv6_cidr_blocks",
        ],
    ),
    (
        "aws_vpc_security_group_ingress_rule",
        &[
            "security_group_id",
            "cidr_blocks",
            "ipv6_cidr_blocks",
            "cidr_ipv4",
            "cidr_ipv6",
        ],
    ),
    ("aws_iam_access_key", &[]),
];

/// The attributes read of a resource type; `None` when the type is not modelled.
fn read_attributes(kind: &str) -> Option<&'static [&'static str]> {
    READ_ATTRIBUTES
        .iter()
        .find(|(known, _)| *known == kind)
        .map(|(_, attributes)| *attributes)
}

/// The object here with only the entries named `kept` built (all of them with `None`).
fn values_node(scanner: &mut Scanner<'_>, kept: Option<&[&str]>) -> Scan<Node> {
    let Some(kept) = kept.filter(|_| scanner.kind() == Some(Kind::Object)) else {
        return scanner.node();
    };
    let mut entries = Vec::new();
    let span = scanner.object(|scanner, key, key_span| {
        if kept.contains(&key.as_ref()) {
            entries.push(Entry {
                key: key.into_owned(),
                key_span,
                value: scanner.node()?,
            });
        } else {
            scanner.skip()?;
        }
        Ok(())
    })?;
    Ok(Node {
        span,
        kind: NodeKind::Map(entries),
    })
}

/// One resource (a change, or a resource of planned or state values) as a tree, without what
/// the reader never looks at: the state before a change, sensitivity marks, and the values of
/// resources it does not model. `values` names the key holding the values.
fn resource_node(scanner: &mut Scanner<'_>, values: &str) -> Scan<Node> {
    if scanner.kind() != Some(Kind::Object) {
        return scanner.node();
    }
    let mut entries = Vec::new();
    // Until `mode` and `type` say otherwise (Terraform writes them first).
    let mut modelled = true;
    let mut attributes: Option<&[&str]> = None;
    let span = scanner.object(|scanner, key, key_span| {
        let value = if key == "change" && scanner.kind() == Some(Kind::Object) {
            let mut inner = Vec::new();
            let span = scanner.object(|scanner, key, key_span| {
                let value = if key == "after" && modelled {
                    values_node(scanner, attributes)?
                } else if key == "actions" || key == "after_unknown" {
                    scanner.node()?
                } else {
                    Node {
                        span: scanner.skip()?,
                        kind: NodeKind::Null,
                    }
                };
                inner.push(Entry {
                    key: key.into_owned(),
                    key_span,
                    value,
                });
                Ok(())
            })?;
            Node {
                span,
                kind: NodeKind::Map(inner),
            }
        } else if (key == values && !modelled) || key == "sensitive_values" {
            Node {
                span: scanner.skip()?,
                kind: NodeKind::Null,
            }
        } else if key == values {
            values_node(scanner, attributes)?
        } else {
            scanner.node()?
        };
        match key.as_ref() {
            "mode" => modelled &= value.as_str() == Some("managed"),
            "type" => {
                attributes = value.as_str().and_then(read_attributes);
                modelled &= attributes.is_some();
            }
            _ => {}
        }
        entries.push(Entry {
            key: key.into_owned(),
            key_span,
            value,
        });
        Ok(())
    })?;
    Ok(Node {
        span,
        kind: NodeKind::Map(entries),
    })
}

fn change_node(scanner: &mut Scanner<'_>) -> Scan<Node> {
    resource_node(scanner, "change")
}

fn state_resource_node(scanner: &mut Scanner<'_>) -> Scan<Node> {
    resource_node(scanner, "values")
}

/// Whether a credential-shaped value at `span` is an identifier Terraform computed, not a
/// secret: the whole value of `id` (an `aws_iam_access_key`'s id is its access key id; SQS402
/// reports the key, and its `secret` in a state is still a credential), `unique_id` or
/// `policy_id` (IAM unique ids: `AIDA…`, `AROA…`, `ANPA…`), or `user_id` (the caller
/// identity's, `AROA…:session`) — in planned, prior and state values alike.
fn is_computed_identifier(text: &str, span: Span) -> bool {
    let bytes = text.as_bytes();
    let (start, end) = (span.start as usize, span.end as usize);
    if start == 0
        || bytes.get(start - 1) != Some(&b'"')
        || !matches!(bytes.get(end), Some(b'"' | b':'))
    {
        return false;
    }
    // Back over `"key" :` to the key.
    let before = text[..start - 1].trim_end();
    let Some(before) = before.strip_suffix(':') else {
        return false;
    };
    let Some(key) = before.trim_end().strip_suffix('"') else {
        return false;
    };
    let key = key.rsplit('"').next().unwrap_or_default();
    matches!(key, "id" | "unique_id" | "policy_id" | "user_id")
}

fn node_kind(node: &Node) -> Kind {
    match node.kind {
        NodeKind::Null => Kind::Null,
        NodeKind::Bool(_) => Kind::Boolean,
        NodeKind::Number(_) => Kind::Number,
        NodeKind::Str(_) | NodeKind::Sym(_) => Kind::String,
        NodeKind::Seq(_) => Kind::Array,
        NodeKind::Map(_) => Kind::Object,
    }
}

/// `a string`, `a number`…: what a node is, for warnings.
fn kind_name(node: &Node) -> &'static str {
    node_kind(node).name()
}

/// What the plan's `configuration` says about each module: which arguments every resource
/// sets, and what they, module outputs and module call arguments reference.
#[derive(Default)]
struct Configuration {
    /// The plan has a `configuration` at all (a state does not).
    present: bool,
    /// By module path without instance keys: `""`, `module.a`, `module.a.module.b`.
    modules: HashMap<String, ModuleConfig>,
}

#[derive(Default)]
struct ModuleConfig {
    /// Module-relative resource address → argument → what its expression references.
    resources: HashMap<String, HashMap<String, Vec<String>>>,
    /// Output name → what its expression references.
    outputs: HashMap<String, Vec<String>>,
    /// Module call name → argument → what its expression references.
    calls: HashMap<String, HashMap<String, Vec<String>>>,
}

impl Configuration {
    /// Read the plan's `configuration`.
    fn read(node: &Node) -> Configuration {
        let mut configuration = Configuration::default();
        let Some(module) = node.get("root_module") else {
            return configuration;
        };
        configuration.present = true;
        let mut pending: Vec<(String, &Node)> = vec![(String::new(), module)];
        while let Some((path, module)) = pending.pop() {
            // Module paths grow with nesting, which the JSON depth limit already bounds; this
            // only keeps a hostile file's keys from making them huge.
            if path.len() > 4096 {
                continue;
            }
            let mut config = ModuleConfig::default();
            if let Some(NodeKind::Seq(resources)) = module.get("resources").map(|n| &n.kind) {
                for resource in resources {
                    let Some(address) = resource.get("address").and_then(Node::as_str) else {
                        continue;
                    };
                    let arguments = resource
                        .get("expressions")
                        .map(Node::entries)
                        .unwrap_or_default()
                        .iter()
                        .map(|entry| (entry.key.clone(), references(&entry.value)))
                        .collect();
                    config.resources.insert(address.to_string(), arguments);
                }
            }
            for output in module.get("outputs").map(Node::entries).unwrap_or_default() {
                let referenced = output
                    .value
                    .get("expression")
                    .map(references)
                    .unwrap_or_default();
                config.outputs.insert(output.key.clone(), referenced);
            }
            for call in module
                .get("module_calls")
                .map(Node::entries)
                .unwrap_or_default()
            {
                let arguments = call
                    .value
                    .get("expressions")
                    .map(Node::entries)
                    .unwrap_or_default()
                    .iter()
                    .map(|entry| (entry.key.clone(), references(&entry.value)))
                    .collect();
                config.calls.insert(call.key.clone(), arguments);
                if let Some(child) = call.value.get("module") {
                    let child_path = if path.is_empty() {
                        format!("module.{}", call.key)
                    } else {
                        format!("{path}.module.{}", call.key)
                    };
                    pending.push((child_path, child));
                }
            }
            configuration.modules.insert(path, config);
        }
        configuration
    }

    fn arguments(&self, instance: &Instance) -> Option<&HashMap<String, Vec<String>>> {
        self.modules
            .get(&instance.module_path())?
            .resources
            .get(&instance.resource)
    }

    /// Whether the configuration sets `argument` of the resource at `address`; `None` when
    /// the plan has no configuration or it does not list the resource.
    fn configured(&self, address: &str, argument: &str) -> Option<bool> {
        if !self.present {
            return None;
        }
        let instance = Instance::parse(address)?;
        Some(self.arguments(&instance)?.contains_key(argument))
    }

    /// The managed resources (full instance addresses) that `argument` of the resource at
    /// `address` references.
    fn targets(&self, address: &str, argument: &str) -> Vec<String> {
        let Some(instance) = Instance::parse(address) else {
            return Vec::new();
        };
        let Some(referenced) = self
            .arguments(&instance)
            .and_then(|arguments| arguments.get(argument))
        else {
            return Vec::new();
        };
        let mut found = Vec::new();
        self.resolve(
            &instance.modules,
            referenced,
            instance.key.as_deref(),
            &mut found,
            0,
        );
        found
    }

    /// Follow the references of one expression evaluated in module instance `modules`, whose
    /// own instance key (for `each.key` / `count.index`) is `key`.
    fn resolve(
        &self,
        modules: &[String],
        referenced: &[String],
        key: Option<&str>,
        found: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > MAX_LINK_DEPTH {
            return;
        }
        let same_key = referenced
            .iter()
            .any(|r| r == "each.key" || r == "count.index");
        // Terraform lists every prefix of a traversal (`a.b["k"].id`, `a.b["k"]`, `a.b`):
        // the most specific resource wins.
        let mut resources: Vec<(String, Option<String>)> = Vec::new();
        for reference in referenced {
            let steps = split_steps(reference);
            match steps.as_slice() {
                ["var", name, ..] => {
                    let Some((call, parent)) = modules.split_last() else {
                        continue;
                    };
                    let (call_name, call_key) = split_key(call.trim_start_matches("module."));
                    let Some(argument) = self
                        .modules
                        .get(&module_path(parent))
                        .and_then(|config| config.calls.get(call_name))
                        .and_then(|arguments| arguments.get(*name))
                    else {
                        continue;
                    };
                    self.resolve(parent, argument, call_key, found, depth + 1);
                }
                ["module", call, output, ..] => {
                    let mut child = modules.to_vec();
                    child.push(format!("module.{call}"));
                    let Some(expression) = self
                        .modules
                        .get(&module_path(&child))
                        .and_then(|config| config.outputs.get(*output))
                    else {
                        continue;
                    };
                    self.resolve(&child, expression, None, found, depth + 1);
                }
                [
                    "local" | "data" | "each" | "count" | "path" | "self" | "terraform" | "module"
                    | "var",
                    ..,
                ] => {}
                [kind, name, ..] => {
                    let (name, instance_key) = split_key(name);
                    let base = format!("{kind}.{name}");
                    let instance_key = instance_key.map(str::to_string);
                    if !resources.contains(&(base.clone(), instance_key.clone())) {
                        resources.push((base, instance_key));
                    }
                }
                _ => {}
            }
        }
        let keyed: HashSet<String> = resources
            .iter()
            .filter(|(_, k)| k.is_some())
            .map(|(base, _)| base.clone())
            .collect();
        for (base, instance_key) in resources {
            let instance_key = match instance_key {
                Some(k) => Some(k),
                None if keyed.contains(&base) => continue,
                None if same_key => key.map(str::to_string),
                None => None,
            };
            let mut address = modules.join(".");
            if !address.is_empty() {
                address.push('.');
            }
            address.push_str(&base);
            if let Some(k) = instance_key {
                address.push_str(&k);
            }
            if !found.contains(&address) {
                found.push(address);
            }
        }
    }
}

/// Every reference of an expression, nested blocks included (`ingress { … }` is a list of
/// expression objects).
fn references(node: &Node) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        match &node.kind {
            NodeKind::Map(entries) => {
                for entry in entries {
                    match entry.key.as_str() {
                        "references" => {
                            if let NodeKind::Seq(items) = &entry.value.kind {
                                found.extend(
                                    items.iter().filter_map(Node::as_str).map(String::from),
                                );
                            }
                        }
                        "constant_value" => {}
                        _ => pending.push(&entry.value),
                    }
                }
            }
            NodeKind::Seq(items) => pending.extend(items),
            _ => {}
        }
    }
    found
}

/// A resource instance address taken apart: `module.a["x"].aws_sqs_queue.q[0]`.
#[derive(Debug, PartialEq)]
struct Instance {
    /// Module instances from the root: `module.a["x"]`.
    modules: Vec<String>,
    /// The module-relative address without instance key: `aws_sqs_queue.q`.
    resource: String,
    /// The instance key as written, brackets included: `[0]`, `["beta"]`.
    key: Option<String>,
}

impl Instance {
    fn parse(address: &str) -> Option<Instance> {
        let steps = split_steps(address);
        let mut modules = Vec::new();
        let mut rest = steps.as_slice();
        while let ["module", name, tail @ ..] = rest {
            modules.push(format!("module.{name}"));
            rest = tail;
        }
        let (prefix, kind, name) = match rest {
            [kind, name] => ("", *kind, *name),
            ["data", kind, name] => ("data.", *kind, *name),
            _ => return None,
        };
        let (name, key) = split_key(name);
        Some(Instance {
            modules,
            resource: format!("{prefix}{kind}.{name}"),
            key: key.map(str::to_string),
        })
    }

    fn module_path(&self) -> String {
        module_path(&self.modules)
    }
}

/// `["module.a[\"x\"]", "module.b"]` → `module.a.module.b`: how the configuration names it.
fn module_path(modules: &[String]) -> String {
    modules
        .iter()
        .map(|module| split_key(module).0)
        .collect::<Vec<_>>()
        .join(".")
}

/// Split an address or reference at the dots that are not inside an index:
/// `module.a["x.y"].b` → `module`, `a["x.y"]`, `b`.
fn split_steps(text: &str) -> Vec<&str> {
    let mut steps = Vec::new();
    let (mut start, mut depth, mut quoted, mut escaped) = (0, 0usize, false, false);
    for (at, byte) in text.bytes().enumerate() {
        if quoted {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => quoted = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => quoted = true,
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'.' if depth == 0 => {
                steps.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    steps.push(&text[start..]);
    steps
}

/// `q["beta"]` → (`q`, `["beta"]`); `q` → (`q`, none).
fn split_key(step: &str) -> (&str, Option<&str>) {
    match step.find('[') {
        Some(at) if step.ends_with(']') => (&step[..at], Some(&step[at..])),
        _ => (step, None),
    }
}

/// One resource's planned values, as the per-type readers see them.
struct Planned<'n> {
    address: &'n str,
    values: &'n Node,
    /// `after_unknown` (plans only).
    unknown: Option<&'n Node>,
    header: Location,
}

/// An inline policy of a role, kept until we know whether an `aws_iam_role_policy` of the plan
/// is its source.
struct RoleInline {
    role: String,
    role_name: Option<String>,
    name: Option<String>,
    policy: Resource<IdentityPolicy>,
}

/// An AWS managed policy in a role's `managed_policy_arns`, kept until we know whether an
/// attachment resource of the plan is its source.
struct RoleManaged {
    role: String,
    role_name: Option<String>,
    arn: String,
    policy: Resource<IdentityPolicy>,
}

/// A policy attachment (or a role's `managed_policy_arns` entry) naming a policy that is not
/// an AWS managed one: the policy, and who it is attached to.
struct Attachment {
    policy: Symbolic,
    identities: Vec<(Identity, Symbolic)>,
}

/// What the readers collect for [`Found::settle`], which needs the whole plan read.
#[derive(Default)]
struct Found {
    /// Known identifiers of resources (an ARN, an id, a URL), by resource type → address.
    ids: HashMap<(&'static str, String), String>,
    attachments: Vec<Attachment>,
    /// Attachments of AWS managed policies: (ARN, who it is attached to).
    managed_attachments: Vec<(String, Vec<(Identity, Symbolic)>)>,
    /// `aws_iam_role_policy`: (role as written, policy name).
    role_policies: Vec<(Symbolic, Option<String>)>,
    role_inline: Vec<RoleInline>,
    role_managed: Vec<RoleManaged>,
}

impl Found {
    fn id(&mut self, kind: &'static str, text: Option<&str>, address: &str) {
        if let Some(text) = text.filter(|text| !text.is_empty()) {
            self.ids
                .entry((kind, text.to_string()))
                .or_insert_with(|| address.to_string());
        }
    }

    fn address_of(&self, kind: &'static str, value: &Symbolic) -> Option<String> {
        if let Some((address, _)) = value.as_reference() {
            return Some(address.to_string());
        }
        let text = value.as_text().filter(|text| !text.is_empty())?;
        self.ids.get(&(kind, text.to_string())).cloned()
    }

    /// A literal identifier of a resource of the plan becomes a reference to it.
    fn canonical(&self, kind: &'static str, value: &mut PolicyValue, attribute: &str) {
        if let Some(text) = value.value.as_text()
            && let Some(address) = self.ids.get(&(kind, text.to_string()))
        {
            value.value = Symbolic::reference(address.clone(), attribute);
        }
    }

    /// Whether a role is written as `written` (its address, name or id).
    fn is_role(written: &Symbolic, role: &str, role_name: Option<&str>) -> bool {
        match written.as_reference() {
            Some((address, _)) => address == role,
            None => written
                .as_text()
                .is_some_and(|text| !text.is_empty() && Some(text) == role_name),
        }
    }

    /// Links and echoes that need the whole plan: see the module documentation.
    fn settle(self, model: &mut Model) {
        let key_ref = |found: &Found, key: &mut Value<KeyRef>| {
            if let Value::Known(KeyRef::Literal(text), at) = key
                && let Some(address) = found.ids.get(&("aws_kms_key", text.clone()))
            {
                *key = Value::Known(
                    KeyRef::Resource(ResourceRef {
                        address: address.clone(),
                    }),
                    *at,
                );
            }
        };
        for queue in &mut model.queues {
            if let Some(key) = &mut queue.props.kms_key {
                key_ref(&self, key);
            }
        }
        for alias in &mut model.kms_aliases {
            if let Some(target) = &mut alias.props.target {
                key_ref(&self, target);
            }
        }
        for endpoint in &mut model.vpc_endpoints {
            for group in &mut endpoint.props.security_groups {
                self.canonical("aws_security_group", group, "id");
            }
        }
        for rule in &mut model.ingress {
            self.canonical("aws_security_group", &mut rule.props.group, "id");
        }
        for attachment in &mut model.endpoint_policies {
            self.canonical("aws_vpc_endpoint", &mut attachment.props.endpoint, "id");
        }
        self.settle_queue_policies(model);
        self.settle_identity_policies(model);
    }

    fn settle_queue_policies(&self, model: &mut Model) {
        let queues: HashSet<&str> = model.queues.iter().map(|q| q.address.as_str()).collect();
        let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
        for queue in &model.queues {
            if let Some(name) = queue.props.name.as_ref().and_then(Value::known) {
                by_name.entry(name).or_default().push(&queue.address);
            }
        }
        let mut managed: HashSet<String> = HashSet::new();
        for policy in &mut model.queue_policies {
            if policy.kind != "aws_sqs_queue_policy" {
                continue;
            }
            for target in &mut policy.props.targets {
                self.canonical("aws_sqs_queue", target, "id");
                match target.value.as_reference() {
                    Some((address, _)) if queues.contains(address) => {
                        managed.insert(address.to_string());
                    }
                    // A link to nothing the plan creates: unknown, not "no queue".
                    Some(_) => target.value = Symbolic::unknown(),
                    None => {
                        // A literal URL or ARN names the queue of that name, as `link` reads it.
                        if let Some(text) = target.value.as_text() {
                            let name = text.rsplit([':', '/']).next().unwrap_or(text);
                            let named = by_name.get(name).map(Vec::as_slice).unwrap_or_default();
                            managed.extend(named.iter().map(|address| (*address).to_string()));
                        }
                    }
                }
            }
        }
        // The queue's own `policy` attribute echoes what `aws_sqs_queue_policy` set.
        model
            .queue_policies
            .retain(|policy| policy.kind != "aws_sqs_queue" || !managed.contains(&policy.address));
    }

    fn settle_identity_policies(self, model: &mut Model) {
        for policy in &mut model.identity_policies {
            if policy.kind != "aws_iam_policy" {
                continue;
            }
            let mut attached: Vec<Identity> = Vec::new();
            for attachment in &self.attachments {
                let names_it = self
                    .address_of("aws_iam_policy", &attachment.policy)
                    .is_some_and(|address| address == policy.address);
                if names_it {
                    for (identity, _) in &attachment.identities {
                        if !attached.contains(identity) {
                            attached.push(*identity);
                        }
                    }
                }
            }
            if !attached.is_empty() {
                policy.props.attached_to = attached;
            }
        }
        for inline in self.role_inline {
            let echoed = self.role_policies.iter().any(|(role, name)| {
                Self::is_role(role, &inline.role, inline.role_name.as_deref())
                    && name.is_some()
                    && *name == inline.name
            });
            if !echoed {
                model.identity_policies.push(inline.policy);
            }
        }
        for entry in self.role_managed {
            let echoed = self.managed_attachments.iter().any(|(arn, identities)| {
                *arn == entry.arn
                    && identities.iter().any(|(identity, written)| {
                        *identity == Identity::Role
                            && Self::is_role(written, &entry.role, entry.role_name.as_deref())
                    })
            });
            if !echoed {
                model.identity_policies.push(entry.policy);
            }
        }
    }
}

struct Reader<'r> {
    file: FileId,
    /// The text the nodes being read were built from: the whole plan, or (the second pass of
    /// [`read_detaching`]) one resource change, starting at `base`.
    text: std::borrow::Cow<'r, str>,
    base: u32,
    configuration: &'r Configuration,
    found: Found,
    /// Behind a cell: the typed readers take `&self` and warn as they go.
    warnings: std::cell::RefCell<Vec<(Span, String)>>,
    /// Texts the plan's policies share (every policy repeats actions, keys, principals).
    texts: std::cell::RefCell<TextInterner>,
}

impl<'r> Reader<'r> {
    fn new(
        file: FileId,
        text: std::borrow::Cow<'r, str>,
        configuration: &'r Configuration,
    ) -> Self {
        Reader {
            file,
            text,
            base: 0,
            configuration,
            found: Found::default(),
            warnings: std::cell::RefCell::new(Vec::new()),
            texts: std::cell::RefCell::default(),
        }
    }

    fn warn(&self, span: Span, message: String) {
        self.warnings.borrow_mut().push((span, message));
    }

    /// A value of an unexpected type: read as unknown, and said so.
    fn unexpected(&self, address: &str, name: &str, node: &Node, expected: &str) {
        self.warn(
            node.span,
            format!(
                "`{address}`: `{name}` is {} where {expected} is expected: read as unknown",
                kind_name(node)
            ),
        );
    }

    /// `format_version`: one this reader does not know is read as the newest it knows.
    fn format_version(&self, root: Span, node: Option<&Node>) {
        let Some(node) = node else {
            self.warn(
                root,
                "no `format_version`: read as a plan or state of format 1.x".to_string(),
            );
            return;
        };
        let Some(version) = node.as_str() else {
            self.warn(
                node.span,
                format!(
                    "`format_version` is {} where a string is expected: read as format 1.x",
                    kind_name(node)
                ),
            );
            return;
        };
        let major = version.split('.').next().unwrap_or_default();
        if !KNOWN_FORMAT_MAJORS.contains(&major) {
            self.warn(
                node.span,
                format!(
                    "unknown `format_version` `{version}` (sqsguard reads 0.x and 1.x): read as 1.x, findings may be incomplete"
                ),
            );
        }
    }

    /// One entry of `resource_changes`: what it will be after apply, when it will exist.
    fn change(&mut self, change: &Node, model: &mut Model) {
        if !matches!(change.kind, NodeKind::Map(_)) {
            self.warn(
                change.span,
                format!(
                    "a resource change is {} where an object is expected: skipped",
                    kind_name(change)
                ),
            );
            return;
        }
        if change.get("mode").and_then(Node::as_str) != Some("managed") {
            return;
        }
        let body = change.get("change");
        let deleting =
            body.and_then(|c| c.get("actions"))
                .is_some_and(|actions| match &actions.kind {
                    NodeKind::Seq(items) => items.iter().all(|a| a.as_str() == Some("delete")),
                    _ => false,
                });
        // `after` is null for a delete or a `forget`: nothing will exist.
        let after = body.and_then(|c| c.get("after"));
        match after.map(|after| &after.kind) {
            Some(NodeKind::Map(_)) if !deleting => {}
            Some(NodeKind::Null) | None => return,
            Some(_) if deleting => return,
            Some(_) => {
                if let Some(after) = after {
                    self.warn(
                        after.span,
                        format!(
                            "`{}`: `after` is {} where an object is expected: skipped",
                            change.get("address").and_then(Node::as_str).unwrap_or("?"),
                            kind_name(after)
                        ),
                    );
                }
                return;
            }
        }
        let unknown = body.and_then(|c| c.get("after_unknown"));
        if let Some(after) = after {
            self.resource(change, after, unknown, model);
        }
    }

    fn at(&self, node: &Node) -> Location {
        Location {
            file: self.file,
            span: node.span,
        }
    }

    /// Where a resource is: its `"address": "…"` entry, which names it.
    fn header(&self, resource: &Node) -> Location {
        let span = resource.entry("address").map_or(resource.span, |entry| {
            entry.key_span.cover(entry.value.span)
        });
        Location {
            file: self.file,
            span,
        }
    }

    /// A planned attribute: absent or null → `None`; marked in `after_unknown` → unknown,
    /// unless the configuration leaves it out (the provider computes it: "not declared").
    fn attribute<'n>(
        &self,
        planned: &Planned<'n>,
        name: &str,
    ) -> Option<Result<&'n Node, Location>> {
        if planned
            .unknown
            .and_then(|u| u.get(name))
            .is_some_and(|flag| flag.kind == NodeKind::Bool(true))
        {
            if self.configuration.configured(planned.address, name) == Some(false) {
                return None;
            }
            return Some(Err(planned.header));
        }
        let value = planned.values.get(name)?;
        (value.kind != NodeKind::Null).then_some(Ok(value))
    }

    fn boolean(&self, planned: &Planned<'_>, name: &str) -> Option<Value<bool>> {
        Some(match self.attribute(planned, name)? {
            Ok(node) => {
                if let NodeKind::Bool(flag) = &node.kind {
                    Value::Known(*flag, self.at(node))
                } else {
                    self.unexpected(planned.address, name, node, "a boolean");
                    Value::unknown(self.at(node), "not a boolean")
                }
            }
            Err(at) => Value::unknown(at, "known after apply"),
        })
    }

    fn string(&self, planned: &Planned<'_>, name: &str) -> Option<Value<String>> {
        Some(match self.attribute(planned, name)? {
            Ok(node) => {
                if let Some(text) = node.as_str() {
                    Value::Known(text.to_string(), self.at(node))
                } else {
                    self.unexpected(planned.address, name, node, "a string");
                    Value::unknown(self.at(node), "not a string")
                }
            }
            Err(at) => Value::unknown(at, "known after apply"),
        })
    }

    fn known_text<'n>(planned: &Planned<'n>, name: &str) -> Option<&'n str> {
        planned.values.get(name).and_then(Node::as_str)
    }

    /// A string attribute as a located symbolic value; one unknown until apply is the
    /// resource the configuration references there.
    fn linked(&self, planned: &Planned<'_>, name: &str) -> Option<PolicyValue> {
        match self.attribute(planned, name)? {
            Ok(node) => Some(PolicyValue {
                value: node.as_str().map_or_else(
                    || {
                        self.unexpected(planned.address, name, node, "a string");
                        Symbolic::unknown()
                    },
                    Symbolic::text,
                ),
                at: self.at(node),
            }),
            Err(at) => Some(PolicyValue {
                value: self
                    .configuration
                    .targets(planned.address, name)
                    .into_iter()
                    .next()
                    .map_or_else(Symbolic::unknown, |target| {
                        Symbolic::reference(target, name)
                    }),
                at,
            }),
        }
    }

    /// A list of strings (security group ids, CIDR ranges); elements unknown until apply are
    /// what the configuration references there, or unknown.
    /// `linked`: whether `values` are the resource's own (not a nested block's), so that the
    /// configuration speaks of them.
    fn strings(
        &self,
        address: &str,
        values: &Node,
        unknown: Option<&Node>,
        name: &str,
        linked: bool,
        fallback: Location,
    ) -> Vec<PolicyValue> {
        let linked_from = linked.then_some(address);
        let flag = unknown.and_then(|u| u.get(name));
        let referenced = || -> Vec<PolicyValue> {
            let targets = linked_from
                .map(|address| self.configuration.targets(address, name))
                .unwrap_or_default();
            if targets.is_empty() {
                return vec![PolicyValue {
                    value: Symbolic::unknown(),
                    at: fallback,
                }];
            }
            targets
                .into_iter()
                .map(|target| PolicyValue {
                    value: Symbolic::reference(target, "id"),
                    at: fallback,
                })
                .collect()
        };
        if flag.is_some_and(|flag| flag.kind == NodeKind::Bool(true)) {
            if linked_from
                .is_some_and(|address| self.configuration.configured(address, name) == Some(false))
            {
                return Vec::new();
            }
            return referenced();
        }
        let Some(node) = values.get(name) else {
            return Vec::new();
        };
        let items: &[Node] = match &node.kind {
            NodeKind::Seq(items) => items,
            NodeKind::Null => return Vec::new(),
            _ => {
                self.unexpected(address, name, node, "an array");
                return vec![PolicyValue {
                    value: Symbolic::unknown(),
                    at: self.at(node),
                }];
            }
        };
        let item_flags: &[Node] = match flag.map(|f| &f.kind) {
            Some(NodeKind::Seq(flags)) => flags,
            _ => &[],
        };
        let mut found = Vec::new();
        let mut any_unknown = false;
        for (index, item) in items.iter().enumerate() {
            if item_flags
                .get(index)
                .is_some_and(|f| f.kind == NodeKind::Bool(true))
            {
                any_unknown = true;
                continue;
            }
            found.push(PolicyValue {
                value: item.as_str().map_or_else(
                    || {
                        self.unexpected(address, name, item, "a string");
                        Symbolic::unknown()
                    },
                    Symbolic::text,
                ),
                at: self.at(item),
            });
        }
        // Unknown elements may sit after the known ones without appearing in `after`.
        if any_unknown || item_flags.len() > items.len() {
            found.extend(referenced());
        }
        found
    }

    /// A list of strings of the resource itself.
    fn own_strings(&self, planned: &Planned<'_>, name: &str) -> Vec<PolicyValue> {
        self.strings(
            planned.address,
            planned.values,
            planned.unknown,
            name,
            true,
            planned.header,
        )
    }

    /// A policy attribute: a JSON string in plans; `Some(None)` when not known yet (the
    /// model's own shape for "attached but unresolved").
    #[allow(clippy::option_option)]
    fn document(&self, planned: &Planned<'_>, name: &str) -> Option<Option<PolicyDocument>> {
        match self.attribute(planned, name)? {
            Ok(node) => match &node.kind {
                NodeKind::Str(text) if text.trim().is_empty() => None,
                NodeKind::Str(_) => Some(self.embedded_document(planned.address, name, node)),
                _ => {
                    self.unexpected(planned.address, name, node, "a policy JSON string");
                    Some(None)
                }
            },
            Err(_) => Some(None),
        }
    }

    /// A policy written as a JSON string, every part located where it is written inside the
    /// string (a finding then points at the statement's `Action`, not at the whole policy).
    fn embedded_document(&self, address: &str, name: &str, node: &Node) -> Option<PolicyDocument> {
        let NodeKind::Str(text) = &node.kind else {
            return None;
        };
        // The scanner first; what it refuses, the document parser decides (and words).
        let parsed = Scanner::new(text)
            .document()
            .map(Some)
            .or_else(|_| json::parse(text));
        let mut tree = match parsed {
            Ok(Some(tree)) => tree,
            Ok(None) => return None,
            Err(error) => {
                self.warn(
                    node.span,
                    format!(
                        "`{address}`: `{name}` is not valid JSON ({}): read as unknown",
                        error.message
                    ),
                );
                return None;
            }
        };
        if !matches!(tree.kind, NodeKind::Map(_)) {
            self.warn(
                node.span,
                format!(
                    "`{address}`: `{name}` holds {} where a policy object is expected: read as unknown",
                    kind_name(&tree)
                ),
            );
            return None;
        }
        let raw = self
            .text
            .get(
                node.span.start.saturating_sub(self.base) as usize
                    ..node.span.end.saturating_sub(self.base) as usize,
            )
            .unwrap_or_default();
        let mut offsets = Vec::new();
        match scanner::decode(raw, Some(&mut offsets)) {
            Some(decoded) if decoded == *text => {
                relocate(&mut tree, &offsets, node.span.start);
            }
            // Not where its span says (never for a parsed file): located at the whole string.
            _ => relocate(&mut tree, &[0], node.span.start),
        }
        let mut document = policy_document::read_sharing(&tree, self.file, &self.texts)?;
        compact(&mut document);
        Some(document)
    }

    fn resource(&mut self, change: &Node, after: &Node, unknown: Option<&Node>, model: &mut Model) {
        let (Some(address), Some(kind)) = (
            change.get("address").and_then(Node::as_str),
            change.get("type").and_then(Node::as_str),
        ) else {
            self.warn(
                change.span,
                "a resource without a string `address` and `type`: skipped".to_string(),
            );
            return;
        };
        let planned = Planned {
            address,
            values: after,
            unknown,
            header: self.header(change),
        };
        self.read(kind, &planned, model);
    }

    /// `values.root_module` of a state or planned values: resources and child modules.
    fn module_values(
        &mut self,
        text: &str,
        module: At<'_>,
        model: &mut Model,
        depth: usize,
    ) -> Result<(), PlanError> {
        if depth > 32 {
            return Ok(());
        }
        if let Some(resources) = module.get(text, "resources")? {
            resources.each_node(text, state_resource_node, |resource| {
                self.state_resource(resource, model);
            })?;
        }
        if let Some(children) = module.get(text, "child_modules")? {
            children.each(text, |child| {
                self.module_values(text, child, model, depth + 1)
            })?;
        }
        Ok(())
    }

    /// One resource of planned or state values.
    fn state_resource(&mut self, resource: &Node, model: &mut Model) {
        let kind = resource.get("type").and_then(Node::as_str);
        if resource.get("mode").and_then(Node::as_str) != Some("managed")
            || kind.is_some_and(|kind| read_attributes(kind).is_none())
        {
            return;
        }
        let (Some(address), Some(kind), Some(values)) = (
            resource.get("address").and_then(Node::as_str),
            kind,
            resource.get("values"),
        ) else {
            self.warn(
                resource.span,
                "a resource without a string `address` and `type`, or without `values`: skipped"
                    .to_string(),
            );
            return;
        };
        if !matches!(values.kind, NodeKind::Map(_)) {
            self.warn(
                values.span,
                format!(
                    "`{address}`: `values` is {} where an object is expected: skipped",
                    kind_name(values)
                ),
            );
            return;
        }
        let planned = Planned {
            address,
            values,
            unknown: None,
            header: self.header(resource),
        };
        self.read(kind, &planned, model);
    }

    fn key_ref(&self, planned: &Planned<'_>, name: &str) -> Option<Value<KeyRef>> {
        let key = self.linked(planned, name)?;
        match (key.value.as_text(), key.value.as_reference()) {
            (Some(""), _) => None,
            (Some(text), _) => Some(Value::Known(KeyRef::Literal(text.to_string()), key.at)),
            (None, Some((target, _))) => Some(Value::Known(
                KeyRef::Resource(ResourceRef {
                    address: target.to_string(),
                }),
                key.at,
            )),
            _ => Some(Value::unknown(key.at, "known after apply")),
        }
    }

    // One arm per resource type: the dispatch table reads best in one place.
    #[allow(clippy::too_many_lines)]
    fn read(&mut self, kind: &str, planned: &Planned<'_>, model: &mut Model) {
        let address = planned.address;
        let shell = Shell {
            address,
            kind,
            at: planned.header,
        };
        if read_attributes(kind).is_none() {
            return;
        }
        let text = |name: &str| Self::known_text(planned, name);
        match kind {
            "aws_sqs_queue" => {
                for name in ["url", "arn", "id"] {
                    self.found.id("aws_sqs_queue", text(name), address);
                }
                if let Some(document) = self.document(planned, "policy") {
                    model.queue_policies.push(shell.with(QueuePolicy {
                        targets: vec![PolicyValue {
                            value: Symbolic::reference(address, "policy"),
                            at: planned.header,
                        }],
                        document,
                        queues: Vec::new(),
                    }));
                }
                model.queues.push(shell.with(Queue {
                    name: self.string(planned, "name"),
                    sse_sqs_enabled: self.boolean(planned, "sqs_managed_sse_enabled"),
                    kms_key: self.key_ref(planned, "kms_master_key_id"),
                    ..Queue::default()
                }));
            }
            "aws_kms_key" => {
                for name in ["arn", "key_id", "id"] {
                    self.found.id("aws_kms_key", text(name), address);
                }
                model.kms_keys.push(shell.with(KmsKey {
                    rotation_enabled: self.boolean(planned, "enable_key_rotation"),
                    ..KmsKey::default()
                }));
            }
            "aws_kms_alias" => model.kms_aliases.push(shell.with(KmsAlias {
                name: self.string(planned, "name"),
                target: self.key_ref(planned, "target_key_id"),
            })),
            "aws_sqs_queue_policy" => {
                if let Some(document) = self.document(planned, "policy") {
                    model.queue_policies.push(shell.with(QueuePolicy {
                        targets: self.linked(planned, "queue_url").into_iter().collect(),
                        document,
                        queues: Vec::new(),
                    }));
                }
            }
            "aws_iam_role_policy" | "aws_iam_user_policy" | "aws_iam_group_policy" => {
                let identity = Identity::of_inline_policy(kind).unwrap_or(Identity::Group);
                if identity == Identity::Role
                    && let Some(role) = self.linked(planned, "role")
                {
                    self.found
                        .role_policies
                        .push((role.value, text("name").map(str::to_string)));
                }
                if let Some(document) = self.document(planned, "policy") {
                    model.identity_policies.push(shell.with(IdentityPolicy {
                        attached_to: vec![identity],
                        document,
                    }));
                }
            }
            "aws_iam_policy" => {
                for name in ["arn", "id"] {
                    self.found.id("aws_iam_policy", text(name), address);
                }
                // Attached by attachments or roles read later: see `Found::settle`.
                if let Some(document) = self.document(planned, "policy") {
                    model.identity_policies.push(shell.with(IdentityPolicy {
                        attached_to: vec![Identity::Unattached],
                        document,
                    }));
                }
            }
            "aws_iam_role_policy_attachment"
            | "aws_iam_user_policy_attachment"
            | "aws_iam_group_policy_attachment"
            | "aws_iam_policy_attachment" => self.attachment(&shell, planned, model),
            "aws_iam_role" => self.role(&shell, planned),
            "aws_vpc_endpoint" => {
                for name in ["id", "arn"] {
                    self.found.id("aws_vpc_endpoint", text(name), address);
                }
                model.vpc_endpoints.push(shell.with(VpcEndpoint {
                    service_name: self.linked(planned, "service_name"),
                    endpoint_type: self.string(planned, "vpc_endpoint_type"),
                    private_dns: self.boolean(planned, "private_dns_enabled"),
                    policy: self.document(planned, "policy"),
                    security_groups: self.own_strings(planned, "security_group_ids"),
                    facts: EndpointFacts::default(),
                }));
            }
            "aws_vpc_endpoint_policy" => {
                if let (Some(endpoint), Some(document)) = (
                    self.linked(planned, "vpc_endpoint_id"),
                    self.document(planned, "policy"),
                ) {
                    model
                        .endpoint_policies
                        .push(shell.with(EndpointPolicy { endpoint, document }));
                }
            }
            "aws_security_group" => {
                for name in ["id", "arn"] {
                    self.found.id("aws_security_group", text(name), address);
                }
                let own = PolicyValue {
                    value: Symbolic::reference(address, "id"),
                    at: planned.header,
                };
                let rules: &[Node] = match planned.values.get("ingress").map(|n| &n.kind) {
                    Some(NodeKind::Seq(rules)) => rules,
                    _ => &[],
                };
                let flags: &[Node] = match planned.unknown.and_then(|u| u.get("ingress")) {
                    Some(Node {
                        kind: NodeKind::Seq(flags),
                        ..
                    }) => flags,
                    _ => &[],
                };
                for (index, rule) in rules.iter().enumerate() {
                    let unknown = flags.get(index);
                    let mut cidrs = Vec::new();
                    for name in ["cidr_blocks", "ipv6_cidr_blocks"] {
                        cidrs.extend(self.strings(
                            address,
                            rule,
                            unknown,
                            name,
                            false,
                            self.at(rule),
                        ));
                    }
                    model.ingress.push(shell.with(Ingress {
                        group: own.clone(),
                        cidrs,
                    }));
                }
            }
            "aws_security_group_rule" | "aws_vpc_security_group_ingress_rule" => {
                let is_ingress = kind == "aws_vpc_security_group_ingress_rule"
                    || text("type") == Some("ingress");
                if let (true, Some(group)) = (is_ingress, self.linked(planned, "security_group_id"))
                {
                    let mut cidrs = Vec::new();
                    for name in ["cidr_blocks", "ipv6_cidr_blocks"] {
                        cidrs.extend(self.strings(
                            address,
                            planned.values,
                            planned.unknown,
                            name,
                            false,
                            planned.header,
                        ));
                    }
                    for name in ["cidr_ipv4", "cidr_ipv6"] {
                        cidrs.extend(self.linked(planned, name));
                    }
                    model.ingress.push(shell.with(Ingress { group, cidrs }));
                }
            }
            "aws_iam_access_key" => model.access_keys.push(shell.with(AccessKey)),
            _ => {}
        }
    }

    /// `aws_iam_*_policy_attachment`: an AWS managed policy is evaluated with its content; any
    /// other attaches a policy of the plan to users, roles or groups (see `Found::settle`).
    fn attachment(&mut self, shell: &Shell<'_>, planned: &Planned<'_>, model: &mut Model) {
        let arguments: &[(&str, Identity)] = match shell.kind {
            "aws_iam_role_policy_attachment" => &[("role", Identity::Role)],
            "aws_iam_user_policy_attachment" => &[("user", Identity::User)],
            "aws_iam_group_policy_attachment" => &[("group", Identity::Group)],
            _ => &[
                ("roles", Identity::Role),
                ("users", Identity::User),
                ("groups", Identity::Group),
            ],
        };
        let mut identities = Vec::new();
        for (argument, identity) in arguments {
            if argument.ends_with('s') {
                let values = self.own_strings(planned, argument);
                identities.extend(values.into_iter().map(|value| (*identity, value.value)));
            } else if let Some(value) = self.linked(planned, argument) {
                identities.push((*identity, value.value));
            }
        }
        let Some(arn) = self.linked(planned, "policy_arn") else {
            return;
        };
        if let Some(name) = managed::name_of(&arn.value) {
            let mut attached_to: Vec<Identity> = Vec::new();
            for (identity, _) in &identities {
                if !attached_to.contains(identity) {
                    attached_to.push(*identity);
                }
            }
            model.identity_policies.push(shell.with(IdentityPolicy {
                attached_to,
                document: managed::document(name, arn.at),
            }));
            if let Some(text) = arn.value.as_text() {
                self.found
                    .managed_attachments
                    .push((text.to_string(), identities));
            }
        } else {
            self.found.attachments.push(Attachment {
                policy: arn.value,
                identities,
            });
        }
    }

    /// `aws_iam_role`: its `inline_policy` entries and the AWS managed policies in
    /// `managed_policy_arns` (others attach a policy of the plan to a role).
    fn role(&mut self, shell: &Shell<'_>, planned: &Planned<'_>) {
        let role_name = Self::known_text(planned, "name").map(str::to_string);
        for arn in self.own_strings(planned, "managed_policy_arns") {
            match (managed::name_of(&arn.value), arn.value.as_text()) {
                (Some(name), Some(text)) => self.found.role_managed.push(RoleManaged {
                    role: planned.address.to_string(),
                    role_name: role_name.clone(),
                    arn: text.to_string(),
                    policy: shell.with(IdentityPolicy {
                        attached_to: vec![Identity::Role],
                        document: managed::document(name, arn.at),
                    }),
                }),
                _ => self.found.attachments.push(Attachment {
                    policy: arn.value,
                    identities: vec![(
                        Identity::Role,
                        Symbolic::reference(planned.address, "name"),
                    )],
                }),
            }
        }
        let entries: &[Node] = match planned.values.get("inline_policy").map(|n| &n.kind) {
            Some(NodeKind::Seq(entries)) => entries,
            _ => &[],
        };
        for entry in entries {
            let Some(policy) = entry.get("policy") else {
                continue;
            };
            let document = match &policy.kind {
                NodeKind::Str(text) if text.trim().is_empty() => continue,
                NodeKind::Str(_) => {
                    self.embedded_document(planned.address, "inline_policy", policy)
                }
                _ => {
                    self.unexpected(
                        planned.address,
                        "inline_policy",
                        policy,
                        "a policy JSON string",
                    );
                    None
                }
            };
            self.found.role_inline.push(RoleInline {
                role: planned.address.to_string(),
                role_name: role_name.clone(),
                name: entry.get("name").and_then(Node::as_str).map(str::to_string),
                policy: shell.with(IdentityPolicy {
                    attached_to: vec![Identity::Role],
                    document,
                }),
            });
        }
    }
}

/// Give back the room a document's lists grew into while it was read: a plan can hold tens of
/// thousands of policies, and a list of two statements is allocated for four.
fn compact(document: &mut PolicyDocument) {
    fn values(values: &mut Vec<PolicyValue>) {
        for value in values.iter_mut() {
            value.value.shrink_to_fit();
        }
        values.shrink_to_fit();
    }
    document.statements.shrink_to_fit();
    for statement in &mut document.statements {
        if let Some(principals) = &mut statement.principals {
            for entry in &mut principals.entries {
                entry.value.value.shrink_to_fit();
            }
            principals.entries.shrink_to_fit();
        }
        for items in [&mut statement.actions, &mut statement.resources]
            .into_iter()
            .flatten()
        {
            values(&mut items.values);
        }
        if let Some(conditions) = &mut statement.conditions {
            for clause in &mut conditions.clauses {
                values(&mut clause.values);
            }
            conditions.clauses.shrink_to_fit();
        }
    }
}

/// Move every span of a tree parsed from a string's text to where it is written in the file.
fn relocate(node: &mut Node, offsets: &[u32], base: u32) {
    let map = |offset: u32| {
        let inside = offsets
            .get(offset as usize)
            .or(offsets.last())
            .copied()
            .unwrap_or(0);
        base.saturating_add(inside)
    };
    let span = |span: Span| Span {
        start: map(span.start),
        end: map(span.end),
    };
    node.span = span(node.span);
    match &mut node.kind {
        NodeKind::Seq(items) => {
            for item in items {
                relocate(item, offsets, base);
            }
        }
        NodeKind::Map(entries) => {
            for entry in entries {
                entry.key_span = span(entry.key_span);
                relocate(&mut entry.value, offsets, base);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(text: &str) -> Model {
        let file = SourceFile::new("plan.json".into(), text.to_string());
        load(&file, 0).expect("valid plan")
    }

    #[test]
    fn addresses_split_at_dots_outside_instance_keys() {
        assert_eq!(
            split_steps(r#"module.a["x.y]"].aws_sqs_queue.q[0].id"#),
            vec!["module", r#"a["x.y]"]"#, "aws_sqs_queue", "q[0]", "id"]
        );
        let instance =
            Instance::parse(r#"module.a["x"].module.b.aws_sqs_queue.q["beta"]"#).unwrap();
        assert_eq!(instance.modules, vec![r#"module.a["x"]"#, "module.b"]);
        assert_eq!(instance.module_path(), "module.a.module.b");
        assert_eq!(instance.resource, "aws_sqs_queue.q");
        assert_eq!(instance.key.as_deref(), Some(r#"["beta"]"#));
        assert_eq!(
            Instance::parse("data.aws_iam_policy_document.d")
                .unwrap()
                .resource,
            "data.aws_iam_policy_document.d"
        );
        assert_eq!(Instance::parse("module.a"), None);
    }

    fn configuration(text: &str) -> Configuration {
        let root = json::parse(text).unwrap().unwrap();
        Configuration::read(root.get("configuration").unwrap())
    }

    #[test]
    fn references_are_followed_through_module_inputs_outputs_and_instance_keys() {
        let configuration = configuration(
            r#"{"configuration": {"root_module": {
              "resources": [
                {"address": "aws_sqs_queue_policy.p", "expressions": {
                  "queue_url": {"references": ["module.queue.url", "module.queue"]}}},
                {"address": "aws_sqs_queue_policy.each", "expressions": {
                  "queue_url": {"references": ["aws_sqs_queue.q", "each.key"]},
                  "policy": {}}},
                {"address": "aws_sqs_queue_policy.keyed", "expressions": {
                  "queue_url": {"references": ["aws_sqs_queue.q[\"a\"].id", "aws_sqs_queue.q[\"a\"]", "aws_sqs_queue.q"]}}},
                {"address": "aws_sqs_queue_policy.data", "expressions": {
                  "queue_url": {"references": ["data.aws_sqs_queue.q.url", "data.aws_sqs_queue.q"]}}}
              ],
              "module_calls": {"queue": {"expressions": {"key": {"references": ["aws_kms_key.k.arn", "aws_kms_key.k"]}},
                "module": {
                  "outputs": {"url": {"expression": {"references": ["aws_sqs_queue.this.url", "aws_sqs_queue.this"]}}},
                  "resources": [{"address": "aws_sqs_queue.this", "expressions": {
                    "kms_master_key_id": {"references": ["var.key"]}}}]}}}}}}"#,
        );
        assert_eq!(
            configuration.targets("aws_sqs_queue_policy.p", "queue_url"),
            vec!["module.queue.aws_sqs_queue.this"]
        );
        assert_eq!(
            configuration.targets("module.queue.aws_sqs_queue.this", "kms_master_key_id"),
            vec!["aws_kms_key.k"]
        );
        assert_eq!(
            configuration.targets(r#"aws_sqs_queue_policy.each["b"]"#, "queue_url"),
            vec![r#"aws_sqs_queue.q["b"]"#]
        );
        assert_eq!(
            configuration.targets("aws_sqs_queue_policy.keyed", "queue_url"),
            vec![r#"aws_sqs_queue.q["a"]"#]
        );
        assert!(
            configuration
                .targets("aws_sqs_queue_policy.data", "queue_url")
                .is_empty()
        );
        assert_eq!(
            configuration.configured(r#"aws_sqs_queue_policy.each["b"]"#, "policy"),
            Some(true)
        );
        assert_eq!(
            configuration.configured("aws_sqs_queue_policy.p", "policy"),
            Some(false)
        );
        assert_eq!(
            configuration.configured("aws_sqs_queue.elsewhere", "policy"),
            None
        );
    }

    #[test]
    fn statements_of_a_policy_string_are_located_inside_it() {
        let policy = r#"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\"},{\"Effect\":\"Allow\",\"Action\":\"sqs:*\"}]}"#;
        let text = format!(
            r#"{{"format_version": "1.2", "resource_changes": [{{"address": "aws_iam_policy.p",
              "mode": "managed", "type": "aws_iam_policy",
              "change": {{"actions": ["create"], "after": {{"policy": "{policy}"}}}}}}]}}"#
        );
        let model = model(&text);
        let document = model.identity_policies[0].props.document.as_ref().unwrap();
        let action = document.statements[1].actions.as_ref().unwrap();
        let span = action.at.span;
        assert_eq!(
            &text[span.start as usize..span.end as usize],
            r#"\"Action\":\"sqs:*\""#
        );
    }

    #[test]
    fn computed_values_the_configuration_does_not_set_are_not_declared() {
        let text = r#"{"format_version": "1.2",
          "resource_changes": [
            {"address": "aws_sqs_queue.bare", "mode": "managed", "type": "aws_sqs_queue",
             "change": {"actions": ["create"], "after": {"name": "bare"},
                        "after_unknown": {"policy": true, "sqs_managed_sse_enabled": true}}},
            {"address": "aws_sqs_queue.set", "mode": "managed", "type": "aws_sqs_queue",
             "change": {"actions": ["create"], "after": {"name": "set"},
                        "after_unknown": {"policy": true, "sqs_managed_sse_enabled": true}}}],
          "configuration": {"root_module": {"resources": [
            {"address": "aws_sqs_queue.bare", "expressions": {"name": {"constant_value": "bare"}}},
            {"address": "aws_sqs_queue.set", "expressions": {"policy": {}, "sqs_managed_sse_enabled": {"references": ["var.sse"]}}}]}}}"#;
        let model = model(text);
        let bare = &model.queues[0];
        assert!(bare.props.sse_sqs_enabled.is_none());
        assert_eq!(bare.props.facts.has_policy, crate::model::Truth::False);
        let set = &model.queues[1];
        assert!(matches!(set.props.sse_sqs_enabled, Some(Value::Unknown(_))));
        assert_eq!(set.props.facts.has_policy, crate::model::Truth::True);
        assert_eq!(set.props.facts.tls_enforced, crate::model::Truth::Unknown);
    }

    #[test]
    fn literal_identifiers_of_a_state_link_like_references() {
        let text = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
          {"address": "aws_kms_key.k", "mode": "managed", "type": "aws_kms_key",
           "values": {"arn": "arn:aws:kms:eu-west-1:111122223333:key/k-1", "key_id": "k-1", "enable_key_rotation": false}},
          {"address": "aws_kms_alias.a", "mode": "managed", "type": "aws_kms_alias",
           "values": {"name": "alias/a", "target_key_id": "k-1"}},
          {"address": "aws_sqs_queue.by_arn", "mode": "managed", "type": "aws_sqs_queue",
           "values": {"name": "by-arn", "kms_master_key_id": "arn:aws:kms:eu-west-1:111122223333:key/k-1"}},
          {"address": "aws_sqs_queue.by_alias", "mode": "managed", "type": "aws_sqs_queue",
           "values": {"name": "by-alias", "kms_master_key_id": "alias/a"}},
          {"address": "aws_security_group.g", "mode": "managed", "type": "aws_security_group",
           "values": {"id": "sg-1", "ingress": []}},
          {"address": "aws_vpc_security_group_ingress_rule.r", "mode": "managed", "type": "aws_vpc_security_group_ingress_rule",
           "values": {"security_group_id": "sg-1", "cidr_ipv4": "0.0.0.0/0"}},
          {"address": "aws_vpc_endpoint.e", "mode": "managed", "type": "aws_vpc_endpoint",
           "values": {"service_name": "com.amazonaws.eu-west-1.sqs", "security_group_ids": ["sg-1"]}}]}}}"#;
        let model = model(text);
        assert_eq!(model.kms_keys[0].props.queues, vec![0, 1]);
        assert_eq!(
            model.vpc_endpoints[0].props.facts.open_ingress,
            crate::model::Truth::True
        );
    }

    #[test]
    fn echoed_policies_are_read_once() {
        let policy = r#"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}"#;
        let identity = r#"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}"#;
        let text = format!(
            r#"{{"format_version": "1.0", "values": {{"root_module": {{"resources": [
          {{"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue",
           "values": {{"name": "q", "url": "https://sqs.eu-west-1.amazonaws.com/111122223333/q", "policy": "{policy}"}}}},
          {{"address": "aws_sqs_queue_policy.p", "mode": "managed", "type": "aws_sqs_queue_policy",
           "values": {{"queue_url": "https://sqs.eu-west-1.amazonaws.com/111122223333/q", "policy": "{policy}"}}}},
          {{"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role",
           "values": {{"name": "r", "inline_policy": [{{"name": "send", "policy": "{identity}"}}, {{"name": "own", "policy": "{identity}"}}],
                      "managed_policy_arns": ["arn:aws:iam::aws:policy/AmazonSQSFullAccess", "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]}}}},
          {{"address": "aws_iam_role_policy.send", "mode": "managed", "type": "aws_iam_role_policy",
           "values": {{"role": "r", "name": "send", "policy": "{identity}"}}}},
          {{"address": "aws_iam_role_policy_attachment.full", "mode": "managed", "type": "aws_iam_role_policy_attachment",
           "values": {{"role": "r", "policy_arn": "arn:aws:iam::aws:policy/AmazonSQSFullAccess"}}}}]}}}}}}"#
        );
        let model = model(&text);
        let queue_policies: Vec<&str> = model
            .queue_policies
            .iter()
            .map(|p| p.address.as_str())
            .collect();
        assert_eq!(queue_policies, vec!["aws_sqs_queue_policy.p"]);
        let identity: Vec<(&str, Option<&str>)> = model
            .identity_policies
            .iter()
            .map(|p| {
                (
                    p.address.as_str(),
                    p.props
                        .document
                        .as_ref()
                        .and_then(|d| d.statements[0].sid.as_deref()),
                )
            })
            .collect();
        assert_eq!(
            identity,
            vec![
                ("aws_iam_role_policy.send", None),
                (
                    "aws_iam_role_policy_attachment.full",
                    Some("AmazonSQSFullAccess")
                ),
                ("aws_iam_role.r", None),
                ("aws_iam_role.r", Some("AmazonSQSReadOnlyAccess")),
            ]
        );
    }

    #[test]
    fn managed_policies_are_attached_through_references_and_arns() {
        let text = r#"{"format_version": "1.2", "resource_changes": [
          {"address": "aws_iam_policy.new", "mode": "managed", "type": "aws_iam_policy",
           "change": {"actions": ["create"], "after": {"policy": "{}"}, "after_unknown": {"arn": true}}},
          {"address": "aws_iam_policy.old", "mode": "managed", "type": "aws_iam_policy",
           "change": {"actions": ["no-op"], "after": {"policy": "{}", "arn": "arn:aws:iam::111122223333:policy/old"}}},
          {"address": "aws_iam_user_policy_attachment.new", "mode": "managed", "type": "aws_iam_user_policy_attachment",
           "change": {"actions": ["create"], "after": {"user": "ci"}, "after_unknown": {"policy_arn": true}}},
          {"address": "aws_iam_policy_attachment.old", "mode": "managed", "type": "aws_iam_policy_attachment",
           "change": {"actions": ["create"], "after": {"users": null, "roles": ["ops"], "groups": ["devs"],
                      "policy_arn": "arn:aws:iam::111122223333:policy/old"}}}],
          "configuration": {"root_module": {"resources": [
            {"address": "aws_iam_user_policy_attachment.new", "expressions": {
              "user": {"constant_value": "ci"},
              "policy_arn": {"references": ["aws_iam_policy.new.arn", "aws_iam_policy.new"]}}}]}}}"#;
        let model = model(text);
        assert_eq!(
            model.identity_policies[0].props.attached_to,
            vec![Identity::User]
        );
        assert_eq!(
            model.identity_policies[1].props.attached_to,
            vec![Identity::Role, Identity::Group]
        );
    }

    #[test]
    fn computed_iam_identifiers_are_not_credentials() {
        let text = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
          {"address": "aws_iam_access_key.k", "mode": "managed", "type": "aws_iam_access_key",
           "values": {"id": "AKIAIOSFODNN7EXAMPLE", "user": "ci",
                      "secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}},
          {"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role",
           "values": {"name": "r", "unique_id": "AROAEXAMPLEROLE00001"}}]}}}"#;
        let model = model(text);
        let kinds: Vec<crate::model::CredentialKind> =
            model.credentials.iter().map(|c| c.props).collect();
        assert_eq!(kinds, vec![crate::model::CredentialKind::SecretAccessKey]);
        assert_eq!(model.access_keys.len(), 1);
    }

    fn read_text(text: &str) -> Result<Plan, FileError> {
        read(&SourceFile::new("plan.json".into(), text.to_string()), 0)
    }

    fn warnings(text: &str) -> Vec<String> {
        let plan = read_text(text).expect("readable plan");
        plan.warnings
            .into_iter()
            .map(|(_, message)| message)
            .collect()
    }

    fn error(text: &str) -> String {
        read_text(text).expect_err("unreadable plan").to_string()
    }

    const QUEUE_CHANGE: &str = r#"{"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue",
        "change": {"actions": ["create"], "after": {"name": "q", "sqs_managed_sse_enabled": false}}}"#;

    #[test]
    fn a_truncated_plan_is_a_syntax_error_with_its_position() {
        let whole =
            format!("{{\"format_version\": \"1.2\",\n\"resource_changes\": [{QUEUE_CHANGE}]}}");
        // Cut inside a string, and before the closing brace.
        assert_eq!(
            error(&whole[..80]),
            "plan.json:2:53: Unterminated string literal"
        );
        assert_eq!(
            error(&whole[..whole.len() - 1]),
            "plan.json:1:1: Unterminated object"
        );
    }

    #[test]
    fn json_that_is_no_plan_is_an_error_saying_so() {
        assert_eq!(
            error(r#"["format_version", "root_module"]"#),
            "plan.json:1:1: not a Terraform plan or state: the top level is not an object"
        );
        assert_eq!(
            error(r#"{"format_version": "1.0", "provider_schemas": {"root_module": {}}}"#),
            "plan.json:1:1: not a Terraform plan or state: no `resource_changes`, `planned_values` or `values` at the top level"
        );
        assert_eq!(
            error("  // only a comment\n"),
            "plan.json:1:1: not a Terraform plan or state: the file holds no JSON value"
        );
    }

    #[test]
    fn an_unknown_format_version_is_read_with_a_warning() {
        let text = format!(r#"{{"format_version": "2.0", "resource_changes": [{QUEUE_CHANGE}]}}"#);
        assert_eq!(
            warnings(&text),
            vec![
                "unknown `format_version` `2.0` (sqsguard reads 0.x and 1.x): read as 1.x, findings may be incomplete"
            ]
        );
        let plan = read_text(&text).unwrap();
        assert_eq!(
            plan.model.queues[0]
                .props
                .sse_sqs_enabled
                .as_ref()
                .and_then(Value::known),
            Some(&false)
        );
        assert_eq!(
            warnings(&format!(
                r#"{{"format_version": 1.2, "resource_changes": [{QUEUE_CHANGE}]}}"#
            )),
            vec!["`format_version` is a number where a string is expected: read as format 1.x"]
        );
        assert!(
            warnings(&format!(
                r#"{{"format_version": "1.9", "resource_changes": [{QUEUE_CHANGE}]}}"#
            ))
            .is_empty()
        );
        assert!(warnings(r#"{"format_version": "0.2", "values": {"root_module": {}}}"#).is_empty());
    }

    #[test]
    fn resources_of_providers_we_do_not_model_are_ignored() {
        let text = r#"{"format_version": "1.2", "resource_changes": [
          {"address": "google_pubsub_topic.t", "mode": "managed", "type": "google_pubsub_topic",
           "provider_name": "registry.terraform.io/hashicorp/google",
           "change": {"actions": ["create"], "after": {"name": "t", "policy": 42}}},
          {"address": "azurerm_servicebus_queue.q", "mode": "managed", "type": "azurerm_servicebus_queue",
           "change": {"actions": ["update"], "after": {"name": "q", "sqs_managed_sse_enabled": "yes"}}},
          {"address": "aws_sns_topic.t", "mode": "managed", "type": "aws_sns_topic",
           "change": {"actions": ["create"], "after": {"name": "t", "policy": "not json"}}}]}"#;
        let plan = read_text(text).unwrap();
        assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
        assert!(plan.model.queues.is_empty() && plan.model.queue_policies.is_empty());
    }

    #[test]
    fn values_of_unexpected_types_are_unknown_with_a_warning() {
        let text = r#"{"format_version": "1.2", "resource_changes": [
          {"address": "aws_sqs_queue.yes", "mode": "managed", "type": "aws_sqs_queue",
           "change": {"actions": ["create"], "after": {"name": "yes", "sqs_managed_sse_enabled": "yes", "policy": 42}}},
          {"address": "aws_sqs_queue.text", "mode": "managed", "type": "aws_sqs_queue",
           "change": {"actions": ["create"], "after": {"name": ["text"], "policy": "{\"Statement\": [}"}}},
          {"address": "aws_sqs_queue.list", "mode": "managed", "type": "aws_sqs_queue",
           "change": {"actions": ["create"], "after": {"name": "list", "policy": "[1, 2]"}}},
          {"address": "aws_vpc_endpoint.e", "mode": "managed", "type": "aws_vpc_endpoint",
           "change": {"actions": ["create"], "after": {"service_name": "com.amazonaws.eu-west-1.sqs",
             "security_group_ids": "sg-1", "private_dns_enabled": 1}}},
          "not a change",
          {"mode": "managed", "type": "aws_sqs_queue", "change": {"actions": ["create"], "after": {}}},
          {"address": "aws_sqs_queue.after", "mode": "managed", "type": "aws_sqs_queue",
           "change": {"actions": ["create"], "after": "everything"}}]}"#;
        assert_eq!(
            warnings(text),
            vec![
                "`aws_sqs_queue.yes`: `sqs_managed_sse_enabled` is a string where a boolean is expected: read as unknown",
                "`aws_sqs_queue.yes`: `policy` is a number where a policy JSON string is expected: read as unknown",
                "`aws_sqs_queue.text`: `name` is an array where a string is expected: read as unknown",
                "`aws_sqs_queue.text`: `policy` is not valid JSON (Unexpected close brace): read as unknown",
                "`aws_sqs_queue.list`: `policy` holds an array where a policy object is expected: read as unknown",
                "`aws_vpc_endpoint.e`: `security_group_ids` is a string where an array is expected: read as unknown",
                "`aws_vpc_endpoint.e`: `private_dns_enabled` is a number where a boolean is expected: read as unknown",
                "a resource change is a string where an object is expected: skipped",
                "a resource without a string `address` and `type`: skipped",
                "`aws_sqs_queue.after`: `after` is a string where an object is expected: skipped",
            ]
        );
        let model = read_text(text).unwrap().model;
        let yes = &model.queues[0];
        assert!(matches!(yes.props.sse_sqs_enabled, Some(Value::Unknown(_))));
        // A policy that cannot be read is attached but unknown: never "no policy".
        assert_eq!(yes.props.facts.has_policy, crate::model::Truth::True);
        assert_eq!(yes.props.facts.tls_enforced, crate::model::Truth::Unknown);
        assert_eq!(model.queues.len(), 3);
    }

    #[test]
    fn a_broken_resource_changes_falls_back_to_planned_values_with_a_warning() {
        let text = r#"{"format_version": "1.2", "resource_changes": {"oops": true},
          "planned_values": {"root_module": {"resources": [
            {"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue",
             "values": {"name": "q", "sqs_managed_sse_enabled": false}},
            {"address": "aws_sqs_queue.bad", "mode": "managed", "type": "aws_sqs_queue", "values": 7}]}}}"#;
        assert_eq!(
            warnings(text),
            vec![
                "`resource_changes` is an object where an array is expected: planned values read instead",
                "`aws_sqs_queue.bad`: `values` is a number where an object is expected: skipped",
            ]
        );
        assert_eq!(read_text(text).unwrap().model.queues.len(), 1);
    }

    #[test]
    fn unreadable_plans_are_reported_by_the_scan_and_never_stop_it() {
        let dir = tempfile::tempdir().unwrap();
        let whole =
            format!("{{\"format_version\": \"1.2\",\n\"resource_changes\": [{QUEUE_CHANGE}]}}");
        std::fs::write(dir.path().join("good.json"), &whole).unwrap();
        std::fs::write(dir.path().join("truncated.json"), &whole[..whole.len() - 3]).unwrap();
        std::fs::write(
            dir.path().join("array.json"),
            r#"["format_version", "resource_changes"]"#,
        )
        .unwrap();
        let rules = crate::RuleSet::builtin().unwrap();
        let selected = rules.select(&crate::Selection::default()).unwrap();
        let options = crate::ScanOptions {
            roots: vec![dir.path().to_path_buf()],
            ..crate::ScanOptions::default()
        };
        let result = crate::scan(&options, &selected).unwrap();
        let mut errors: Vec<String> = result
            .errors
            .iter()
            .map(|error| {
                let name = error
                    .path()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                format!("{name}: {}", error.message())
            })
            .collect();
        errors.sort();
        assert_eq!(
            errors,
            vec![
                "array.json: not a Terraform plan or state: the top level is not an object",
                "truncated.json: Unterminated object",
            ]
        );
        assert_eq!(result.scanned_files, 1);
        assert!(result.findings.iter().any(|f| f.rule_id == "SQS101"));
    }

    #[test]
    fn a_plan_the_scanner_refuses_but_the_document_parser_accepts_is_read() {
        // `\q` is no JSON escape; the document parser lets it through, so the plan is read
        // from its tree, with the same findings.
        let text = format!(
            r#"{{"format_version": "1.2", "description": "a\q", "resource_changes": [{QUEUE_CHANGE}]}}"#
        );
        assert!(Scanner::new(&text).document().is_err());
        let plan = read_text(&text).unwrap();
        assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
        assert_eq!(
            plan.model.queues[0]
                .props
                .sse_sqs_enabled
                .as_ref()
                .and_then(Value::known),
            Some(&false)
        );
    }

    #[test]
    fn only_what_the_reader_needs_is_built() {
        let text = r#"{"address": "google_pubsub_topic.t", "mode": "managed", "type": "google_pubsub_topic",
          "change": {"actions": ["create"], "before": {"x": 1}, "after": {"name": "t"},
                     "after_unknown": {}, "after_sensitive": {}}}"#;
        let node = change_node(&mut Scanner::new(text)).unwrap();
        let change = node.get("change").unwrap();
        assert_eq!(change.get("after").unwrap().kind, NodeKind::Null);
        assert_eq!(change.get("before").unwrap().kind, NodeKind::Null);
        assert!(matches!(
            change.get("actions").unwrap().kind,
            NodeKind::Seq(_)
        ));
        let queue = change_node(&mut Scanner::new(QUEUE_CHANGE)).unwrap();
        assert!(matches!(
            queue.get("change").unwrap().get("after").unwrap().kind,
            NodeKind::Map(_)
        ));
        let state = r#"{"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role",
          "values": {"name": "r"}, "sensitive_values": {"tags": {}}}"#;
        let node = state_resource_node(&mut Scanner::new(state)).unwrap();
        assert!(matches!(node.get("values").unwrap().kind, NodeKind::Map(_)));
        assert_eq!(node.get("sensitive_values").unwrap().kind, NodeKind::Null);
    }

    #[test]
    fn computed_identifiers_are_recognised_by_their_key() {
        let identifier = |text: &str| {
            let start = text.find("AKIA").or_else(|| text.find("AROA")).unwrap();
            is_computed_identifier(text, Span::new(start, start + 20))
        };
        assert!(identifier(r#"{"id": "AKIAIOSFODNN7EXAMPLE"}"#));
        assert!(identifier(r#"{"unique_id" :"AROAEXAMPLEROLE00001"}"#));
        assert!(identifier(r#"{"user_id": "AROAEXAMPLEROLE00001:session"}"#));
        assert!(!identifier(
            r#"{"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"}"#
        ));
        assert!(!identifier(r#"{"id": "key AKIAIOSFODNN7EXAMPLE"}"#));
        assert!(!identifier(r#"["AKIAIOSFODNN7EXAMPLE"]"#));
    }

    #[test]
    fn a_plan_changed_between_the_two_passes_is_refused() {
        let text = r#"{"format_version":"1.2","resource_changes":[{"address":"aws_sqs_queue.q","mode":"managed","type":"aws_sqs_queue","change":{"actions":["create"],"after":{"name":"q"}}}]}"#;
        // The same length on disk, but the change is no longer JSON.
        let changed = text.replace(r#""mode":"managed""#, r#""mode":"managed'"#);
        assert_eq!(changed.len(), text.len());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        std::fs::write(&path, &changed).unwrap();
        let mut file = SourceFile::new(path.clone(), text.to_string());
        let disk = std::fs::File::open(&path).unwrap();
        let error = read_detaching(&mut file, 0, 0, disk).unwrap_err();
        assert!(
            error
                .message()
                .contains("the file changed while it was read"),
            "{error}"
        );
        // Read whole, the same text gives its queue.
        let whole = SourceFile::new(path, text.to_string());
        assert_eq!(read(&whole, 0).unwrap().model.queues.len(), 1);
    }

    #[test]
    fn reading_by_scanning_gives_what_reading_the_whole_tree_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
        let mut compared = 0;
        let mut streamed_count = 0;
        for rule in std::fs::read_dir(&root).unwrap() {
            for verdict in ["fail", "pass"] {
                let Ok(entries) = std::fs::read_dir(rule.as_ref().unwrap().path().join(verdict))
                else {
                    continue;
                };
                for entry in entries {
                    let path = entry.unwrap().path();
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    if !(name.starts_with("plan")
                        && path
                            .extension()
                            .is_some_and(|extension| extension == "json"))
                    {
                        continue;
                    }
                    let file =
                        SourceFile::new(path.clone(), std::fs::read_to_string(&path).unwrap());
                    let scanned = read_plan(&file, 0, true).unwrap();
                    let whole = read_plan(&file, 0, false).unwrap();
                    assert_eq!(
                        format!("{:?}", scanned.model),
                        format!("{:?}", whole.model),
                        "{}",
                        path.display()
                    );
                    assert_eq!(scanned.warnings, whole.warnings, "{}", path.display());
                    // Read in two passes with the text let go, whatever its size: the same.
                    let mut detached = SourceFile::new(path.clone(), file.text.clone());
                    let disk = std::fs::File::open(&path).unwrap();
                    let streamed = read_detaching(&mut detached, 0, 0, disk).unwrap();
                    assert_eq!(
                        format!("{:?}", streamed.model),
                        format!("{:?}", whole.model),
                        "{}",
                        path.display()
                    );
                    assert_eq!(streamed.warnings, whole.warnings, "{}", path.display());
                    if detached.is_detached() {
                        streamed_count += 1;
                        // Positions are kept, and text is read back where asked.
                        for span in [Span::new(0, 1), Span::new(3, 40)] {
                            assert_eq!(detached.position(span.start), file.position(span.start));
                            assert_eq!(detached.read(span), file.slice(span));
                        }
                    }
                    compared += 1;
                }
            }
        }
        assert!(compared >= 45, "{compared} plans compared");
        // The others are not all ASCII or have no `resource_changes` (states).
        assert!(
            streamed_count >= 30,
            "{streamed_count} plans read in two passes"
        );
    }

    #[test]
    fn truncated_fixtures_are_errors_on_a_line_they_have() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
        for path in [
            "SQS101/fail/plan.json",
            "SQS302/fail/plan.json",
            "SQS104/fail/plan_state.json",
        ] {
            let text = std::fs::read_to_string(root.join(path)).unwrap();
            let lines = u32::try_from(text.lines().count()).unwrap();
            for cut in (0..text.len()).step_by(text.len() / 97 + 1) {
                let Some(truncated) = text.get(..cut) else {
                    continue;
                };
                match read_text(truncated) {
                    Ok(_) => {}
                    Err(error) => {
                        let line = error.line().unwrap_or(1);
                        assert!(
                            (1..=lines + 1).contains(&line),
                            "{path} cut at {cut}: {error}"
                        );
                    }
                }
            }
        }
    }
}
