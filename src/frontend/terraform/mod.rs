//! Terraform HCL front-end: the `.tf` files of one module directory → [`Model`].

pub mod eval;
pub mod policy;

use hcl_edit::Span as _;
use hcl_edit::structure::{Block, BlockLabel, Body};

use super::{FileError, Shell};
use crate::frontend::policy_document;
use crate::model::policy::{PolicyDocument, PolicyValue};
use crate::model::symbolic::Symbolic;
use crate::model::{
    AccessKey, EndpointFacts, EndpointPolicy, FileId, Identity, IdentityPolicy, Ingress, KeyRef,
    KmsAlias, KmsKey, Location, Model, Queue, QueuePolicy, Resource, ResourceRef, Value,
    VpcEndpoint,
};
use crate::policy::managed;
use crate::source::{SourceFile, Span};
use eval::Val;
use eval::{Scope, Source};
use policy::PolicyDocuments;
use std::collections::BTreeMap;

/// Substrings without which a module holds nothing the model reads: modules whose files contain
/// none of them are not parsed. Extend this when the model reads a new resource type.
pub const RELEVANT_TOKENS: &[&str] = &[
    "aws_sqs_queue",
    "aws_kms_key",
    "aws_kms_alias",
    // IAM resources that can carry SQS permissions (a role alone, with only its trust
    // policy, cannot).
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_policy",
    "aws_iam_access_key",
    "inline_policy",
    "managed_policy_arns",
    "sqs:",
    "aws_vpc_endpoint",
    "aws_security_group",
    "aws_vpc_security_group_ingress_rule",
];

/// Parse every file of a module directory into one model. Files that fail to parse are
/// returned as errors; the others still contribute.
#[must_use]
pub fn load(files: &[SourceFile]) -> (Model, Vec<FileError>) {
    load_with(files, &BTreeMap::new(), &BTreeMap::new())
}

/// The scalar values of a variable definitions file (`-var-file`): name → text. Lists, maps
/// and expressions that are not literals are left out (unknown).
///
/// # Errors
/// The text is not valid HCL (the message names the line).
pub fn variable_file(text: &str) -> Result<Vec<(String, String)>, String> {
    let body = hcl_edit::parser::parse_body(text)
        .map_err(|error| format!("line {}: {}", error.location().line(), error.message()))?;
    Ok(body
        .attributes()
        .filter_map(|attribute| {
            let text = match eval::evaluate(&attribute.value) {
                Val::Str(text) => text,
                Val::Bool(value) => value.to_string(),
                Val::Number(number) => number.to_string(),
                _ => return None,
            };
            Some((attribute.key.as_str().to_string(), text))
        })
        .collect())
}

/// Whether a file holds variable values (`terraform.tfvars`, `*.auto.tfvars`) rather than
/// configuration.
fn is_tfvars(file: &SourceFile) -> bool {
    file.path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("tfvars"))
}

/// [`load`] with variable values from the environment (`TF_VAR_…`: over defaults, under
/// tfvars files) and given for the scan (over everything), as in Terraform.
#[must_use]
pub fn load_with(
    files: &[SourceFile],
    environment: &BTreeMap<String, String>,
    given: &BTreeMap<String, String>,
) -> (Model, Vec<FileError>) {
    let mut model = Model::default();
    let mut errors = Vec::new();
    let mut bodies = Vec::with_capacity(files.len());
    for (index, file) in files.iter().enumerate() {
        let file_id = FileId::try_from(index).unwrap_or(FileId::MAX);
        if let Some(offset) = nesting_too_deep(file.text.as_bytes()) {
            let position = file.position(u32::try_from(offset).unwrap_or(u32::MAX));
            errors.push(FileError::Syntax {
                path: file.path.clone(),
                line: position.line,
                column: position.column,
                message: format!("nesting deeper than {MAX_NESTING} levels"),
            });
            continue;
        }
        match hcl_edit::parser::parse_body(&file.text) {
            Ok(body) => bodies.push((body, file_id)),
            Err(error) => errors.push(FileError::Syntax {
                path: file.path.clone(),
                line: u32::try_from(error.location().line()).unwrap_or(u32::MAX),
                column: u32::try_from(error.location().column()).unwrap_or(u32::MAX),
                message: error.message().to_string(),
            }),
        }
    }
    // Variables and locals: defaults, then `terraform.tfvars`, then `*.auto.tfvars` in name
    // order, then values given for the scan — Terraform's precedence.
    let mut scope = Scope::default();
    let (config, mut tfvars): (Vec<_>, Vec<_>) = bodies
        .iter()
        .partition(|(_, file)| !is_tfvars(&files[*file as usize]));
    for (body, file) in &config {
        for block in body.blocks() {
            match (block.ident.as_str(), block.labels.as_slice()) {
                ("variable", [name]) => {
                    if let Some(default) = block.body.get_attribute("default") {
                        scope
                            .set_variable(label_text(name), Source::Written(&default.value, *file));
                    }
                }
                ("locals", []) => {
                    for attribute in block.body.attributes() {
                        scope.set_local(
                            attribute.key.as_str(),
                            Source::Written(&attribute.value, *file),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    for (name, value) in environment {
        scope.set_variable(name, Source::Given(value));
    }
    tfvars.sort_by_key(|(_, file)| {
        let name = files[*file as usize]
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_string());
        (name.as_deref() != Some("terraform.tfvars"), name)
    });
    for (body, file) in &tfvars {
        for attribute in body.attributes() {
            scope.set_variable(
                attribute.key.as_str(),
                Source::Written(&attribute.value, *file),
            );
        }
    }
    for (name, value) in given {
        scope.set_variable(name, Source::Given(value));
    }
    // Module-wide lookups first: policy documents and policy attachments may sit in any file.
    let mut documents = PolicyDocuments::new(
        files.iter().map(|file| file.text.as_str()).collect(),
        &scope,
    );
    let mut attachments = Attachments::default();
    for (body, file) in &config {
        documents.collect(body, *file);
        attachments.collect(body);
    }
    let context = ModuleContext {
        documents: &documents,
        attachments: &attachments,
        scope: &scope,
    };
    for (body, file) in &config {
        read_body(body, *file, &context, &mut model);
    }
    for (index, file) in files.iter().enumerate() {
        model.credentials.extend(super::credentials(
            file,
            FileId::try_from(index).unwrap_or(FileId::MAX),
        ));
    }
    model.link();
    (model, errors)
}

/// Deepest bracket nesting accepted before parsing: the parser recurses per level, and real
/// configurations stay far below this.
const MAX_NESTING: usize = 32;

/// The offset where `(`, `[` or `{` first nest deeper than [`MAX_NESTING`], outside quoted
/// strings and comments.
fn nesting_too_deep(bytes: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' && bytes[at] != b'\n' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
            }
            b'#' => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                at += 2;
                while at + 1 < bytes.len() && !(bytes[at] == b'*' && bytes[at + 1] == b'/') {
                    at += 1;
                }
                at += 1;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(at);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    None
}

/// What every resource of a module may need to look up.
struct ModuleContext<'m, 'b> {
    documents: &'m PolicyDocuments<'b>,
    attachments: &'m Attachments,
    scope: &'m Scope<'b>,
}

/// Managed policies attached to users, roles or groups, by the policy's address.
#[derive(Default)]
struct Attachments {
    by_policy: std::collections::HashMap<String, Vec<Identity>>,
}

impl Attachments {
    fn collect(&mut self, body: &Body) {
        for block in body.blocks() {
            let [kind, _] = block.labels.as_slice() else {
                continue;
            };
            if block.ident.as_str() != "resource" {
                continue;
            }
            let identities: &[(&str, Identity)] = match label_text(kind) {
                "aws_iam_user_policy_attachment" => &[("user", Identity::User)],
                "aws_iam_role_policy_attachment" => &[("role", Identity::Role)],
                "aws_iam_group_policy_attachment" => &[("group", Identity::Group)],
                "aws_iam_policy_attachment" => &[
                    ("users", Identity::User),
                    ("roles", Identity::Role),
                    ("groups", Identity::Group),
                ],
                _ => continue,
            };
            let Some(Val::Ref { address, .. }) = block
                .body
                .get_attribute("policy_arn")
                .map(|attribute| eval::evaluate(&attribute.value))
            else {
                continue;
            };
            let entry = self.by_policy.entry(address).or_default();
            for (argument, identity) in identities {
                if block.body.get_attribute(argument).is_some() && !entry.contains(identity) {
                    entry.push(*identity);
                }
            }
        }
    }
}

// One arm per resource type: the dispatch table reads best in one place.
#[allow(clippy::too_many_lines)]
fn read_body(body: &Body, file: FileId, context: &ModuleContext<'_, '_>, model: &mut Model) {
    for block in body.blocks() {
        if block.ident.as_str() != "resource" {
            continue;
        }
        let [kind, name] = block.labels.as_slice() else {
            continue;
        };
        let (kind, name) = (label_text(kind), label_text(name));
        let header = Location {
            file,
            span: header_span(block),
        };
        let address = format!("{kind}.{name}");
        let attrs = Attributes {
            block,
            file,
            scope: context.scope,
        };
        let document = |name: &str| -> Option<Option<PolicyDocument>> {
            let attribute = block.body.get_attribute(name)?;
            // `null` and `""` mean no policy, as for the AWS API.
            match context.scope.evaluate(&attribute.value) {
                Val::Null => return None,
                Val::Str(text) if text.trim().is_empty() => return None,
                _ => {}
            }
            Some(
                context
                    .documents
                    .tree(&attribute.value, file, 0)
                    .and_then(|(node, node_file)| policy_document::read(&node, node_file)),
            )
        };
        let shell = Shell {
            address: &address,
            kind,
            at: header,
        };
        match kind {
            "aws_sqs_queue_policy" => {
                let targets = attrs.policy_value("queue_url").into_iter().collect();
                if let Some(document) = document("policy") {
                    model.queue_policies.push(shell.with(QueuePolicy {
                        targets,
                        document,
                        queues: Vec::new(),
                    }));
                }
            }
            "aws_iam_role_policy" | "aws_iam_user_policy" | "aws_iam_group_policy" => {
                let identity = match kind {
                    "aws_iam_role_policy" => Identity::Role,
                    "aws_iam_user_policy" => Identity::User,
                    _ => Identity::Group,
                };
                if let Some(document) = document("policy") {
                    model.identity_policies.push(shell.with(IdentityPolicy {
                        attached_to: vec![identity],
                        document,
                    }));
                }
            }
            "aws_iam_policy" => {
                let attached_to = context
                    .attachments
                    .by_policy
                    .get(&address)
                    .cloned()
                    .unwrap_or_else(|| vec![Identity::Unattached]);
                if let Some(document) = document("policy") {
                    model.identity_policies.push(shell.with(IdentityPolicy {
                        attached_to,
                        document,
                    }));
                }
            }
            "aws_iam_role_policy_attachment"
            | "aws_iam_user_policy_attachment"
            | "aws_iam_group_policy_attachment"
            | "aws_iam_policy_attachment" => {
                // A literal ARN of a known AWS managed policy is evaluated with its content.
                let attached_to: Vec<Identity> = [
                    ("role", Identity::Role),
                    ("roles", Identity::Role),
                    ("user", Identity::User),
                    ("users", Identity::User),
                    ("group", Identity::Group),
                    ("groups", Identity::Group),
                ]
                .into_iter()
                .filter(|(argument, _)| block.body.get_attribute(argument).is_some())
                .map(|(_, identity)| identity)
                .collect();
                if let Some(arn) = attrs.policy_value("policy_arn")
                    && let Some(name) = managed::name_of(&arn.value)
                {
                    model.identity_policies.push(shell.with(IdentityPolicy {
                        attached_to,
                        document: managed::document(name, arn.at),
                    }));
                }
            }
            "aws_iam_role" => {
                for arn in attrs.policy_values("managed_policy_arns") {
                    if let Some(name) = managed::name_of(&arn.value) {
                        model.identity_policies.push(shell.with(IdentityPolicy {
                            attached_to: vec![Identity::Role],
                            document: managed::document(name, arn.at),
                        }));
                    }
                }
                for inline in block.body.get_blocks("inline_policy") {
                    let Some(attribute) = inline.body.get_attribute("policy") else {
                        continue;
                    };
                    let document = context
                        .documents
                        .tree(&attribute.value, file, 0)
                        .and_then(|(node, node_file)| policy_document::read(&node, node_file));
                    model.identity_policies.push(shell.with(IdentityPolicy {
                        attached_to: vec![Identity::Role],
                        document,
                    }));
                }
            }
            "aws_vpc_endpoint" => model.vpc_endpoints.push(shell.with(VpcEndpoint {
                service_name: attrs.policy_value("service_name"),
                endpoint_type: attrs.string("vpc_endpoint_type"),
                private_dns: attrs.boolean("private_dns_enabled"),
                policy: document("policy"),
                security_groups: attrs.policy_values("security_group_ids"),
                facts: EndpointFacts::default(),
            })),
            "aws_vpc_endpoint_policy" => {
                // Attaches a policy to an endpoint declared elsewhere; linked by `link`.
                if let (Some(endpoint), Some(document)) =
                    (attrs.policy_value("vpc_endpoint_id"), document("policy"))
                {
                    model
                        .endpoint_policies
                        .push(shell.with(EndpointPolicy { endpoint, document }));
                }
            }
            "aws_security_group" => {
                let own = PolicyValue {
                    value: Symbolic::reference(address.clone(), "id"),
                    at: header,
                };
                for ingress in block.body.get_blocks("ingress") {
                    let rule = Attributes {
                        block: ingress,
                        file,
                        scope: context.scope,
                    };
                    let mut cidrs = rule.policy_values("cidr_blocks");
                    cidrs.extend(rule.policy_values("ipv6_cidr_blocks"));
                    model.ingress.push(shell.with(Ingress {
                        group: own.clone(),
                        cidrs,
                    }));
                }
                // Attribute syntax: `ingress = [{ cidr_blocks = [...] }, …]`.
                if let Some(hcl_edit::expr::Expression::Array(rules)) =
                    block.body.get_attribute("ingress").map(|a| &a.value)
                {
                    for rule in rules {
                        let hcl_edit::expr::Expression::Object(object) = rule else {
                            continue;
                        };
                        let mut cidrs = Vec::new();
                        for (key, value) in object {
                            let name = match key {
                                hcl_edit::expr::ObjectKey::Ident(ident) => {
                                    ident.as_str().to_string()
                                }
                                hcl_edit::expr::ObjectKey::Expression(expr) => {
                                    match eval::evaluate(expr) {
                                        Val::Str(text) => text,
                                        _ => continue,
                                    }
                                }
                            };
                            if name == "cidr_blocks" || name == "ipv6_cidr_blocks" {
                                cidrs.extend(attrs.located_values(value.expr()));
                            }
                        }
                        model.ingress.push(shell.with(Ingress {
                            group: own.clone(),
                            cidrs,
                        }));
                    }
                }
            }
            "aws_security_group_rule" | "aws_vpc_security_group_ingress_rule" => {
                let is_ingress = kind == "aws_vpc_security_group_ingress_rule"
                    || attrs
                        .string("type")
                        .and_then(|t| t.known().cloned())
                        .as_deref()
                        == Some("ingress");
                if let (true, Some(group)) = (is_ingress, attrs.policy_value("security_group_id")) {
                    let mut cidrs = attrs.policy_values("cidr_blocks");
                    cidrs.extend(attrs.policy_values("ipv6_cidr_blocks"));
                    cidrs.extend(attrs.policy_value("cidr_ipv4"));
                    cidrs.extend(attrs.policy_value("cidr_ipv6"));
                    model.ingress.push(shell.with(Ingress { group, cidrs }));
                }
            }
            "aws_iam_access_key" => model.access_keys.push(shell.with(AccessKey)),
            "aws_sqs_queue" => {
                if let Some(document) = document("policy") {
                    // The queue's own `policy` argument attaches to the queue itself.
                    model.queue_policies.push(shell.with(QueuePolicy {
                        targets: vec![PolicyValue {
                            value: crate::model::symbolic::Symbolic::reference(
                                address.clone(),
                                "policy",
                            ),
                            at: header,
                        }],
                        document,
                        queues: Vec::new(),
                    }));
                }
                model.queues.push(Resource {
                    address,
                    kind: kind.to_string(),
                    at: header,
                    suppressions: Vec::new(),
                    label: None,
                    props: Queue {
                        name: attrs.string("name"),
                        sse_sqs_enabled: attrs.boolean("sqs_managed_sse_enabled"),
                        kms_key: attrs.key_ref("kms_master_key_id"),
                        ..Queue::default()
                    },
                });
            }
            "aws_kms_key" => model.kms_keys.push(Resource {
                address,
                kind: kind.to_string(),
                at: header,
                suppressions: Vec::new(),
                label: None,
                props: KmsKey {
                    rotation_enabled: attrs.boolean("enable_key_rotation"),
                    ..KmsKey::default()
                },
            }),
            "aws_kms_alias" => model.kms_aliases.push(Resource {
                address,
                kind: kind.to_string(),
                at: header,
                suppressions: Vec::new(),
                label: None,
                props: KmsAlias {
                    name: attrs.string("name"),
                    target: attrs.key_ref("target_key_id"),
                },
            }),
            _ => {}
        }
    }
}

fn label_text(label: &BlockLabel) -> &str {
    match label {
        BlockLabel::Ident(ident) => ident.as_str(),
        BlockLabel::String(text) => text.value(),
    }
}

/// `resource "type" "name"`: from the keyword to the last label, where a reader looks.
fn header_span(block: &Block) -> Span {
    let start = block.ident.span().map_or(0, |range| range.start);
    let end = block
        .labels
        .last()
        .and_then(hcl_edit::Span::span)
        .or_else(|| block.ident.span())
        .map_or(start, |range| range.end);
    Span::new(start, end)
}

/// Typed access to a block's attributes, each evaluated to a [`Value`] located at the attribute.
struct Attributes<'b, 's> {
    block: &'b Block,
    file: FileId,
    scope: &'s Scope<'s>,
}

impl Attributes<'_, '_> {
    /// An attribute's value, located where it is written: the attribute, or — for a value
    /// from a variable default, a tfvars line or a local — that place.
    fn get(&self, name: &str) -> Option<(Location, Val)> {
        let attribute = self.block.body.get_attribute(name)?;
        let span = attribute
            .span()
            .map_or_else(Span::default, Span::from_range);
        let value = self.scope.evaluate(&attribute.value);
        // `null` means "not set" in Terraform: the same as leaving the attribute out.
        if value == Val::Null {
            return None;
        }
        let at = self.scope.origin(&attribute.value).unwrap_or(Location {
            file: self.file,
            span,
        });
        Some((at, value))
    }

    /// A string argument as a located symbolic value (for references such as `queue_url`).
    fn policy_value(&self, name: &str) -> Option<PolicyValue> {
        let attribute = self.block.body.get_attribute(name)?;
        Some(PolicyValue {
            value: self.scope.symbolic(&attribute.value),
            at: Location {
                file: self.file,
                span: attribute
                    .value
                    .span()
                    .map_or_else(Span::default, Span::from_range),
            },
        })
    }

    /// A list argument as located symbolic values (a single value is a list of one).
    fn policy_values(&self, name: &str) -> Vec<PolicyValue> {
        self.block
            .body
            .get_attribute(name)
            .map(|attribute| self.located_values(&attribute.value))
            .unwrap_or_default()
    }

    /// A list expression (or a single value) as located symbolic values.
    fn located_values(&self, expr: &hcl_edit::expr::Expression) -> Vec<PolicyValue> {
        let located = |expr: &hcl_edit::expr::Expression| PolicyValue {
            value: self.scope.symbolic(expr),
            at: Location {
                file: self.file,
                span: expr.span().map_or_else(Span::default, Span::from_range),
            },
        };
        match expr {
            hcl_edit::expr::Expression::Array(items) => items.iter().map(located).collect(),
            other => vec![located(other)],
        }
    }

    fn boolean(&self, name: &str) -> Option<Value<bool>> {
        let (at, value) = self.get(name)?;
        Some(match value.as_bool() {
            Some(flag) => Value::Known(flag, at),
            None => Value::unknown(at, unknown_reason(&value, "a bool")),
        })
    }

    fn string(&self, name: &str) -> Option<Value<String>> {
        let (at, value) = self.get(name)?;
        Some(match value {
            Val::Str(text) => Value::Known(text, at),
            other => Value::unknown(at, unknown_reason(&other, "a string")),
        })
    }

    /// A KMS key reference; an empty string means no key, as for the AWS API.
    fn key_ref(&self, name: &str) -> Option<Value<KeyRef>> {
        let (at, value) = self.get(name)?;
        match value {
            Val::Str(text) if text.is_empty() => None,
            Val::Str(text) => Some(Value::Known(KeyRef::Literal(text), at)),
            Val::Ref { address, .. } => {
                Some(Value::Known(KeyRef::Resource(ResourceRef { address }), at))
            }
            other => Some(Value::unknown(at, unknown_reason(&other, "a key id"))),
        }
    }
}

fn unknown_reason(value: &Val, expected: &str) -> String {
    match value {
        Val::Unknown(reason) => reason.clone(),
        _ => format!("not {expected}"),
    }
}
