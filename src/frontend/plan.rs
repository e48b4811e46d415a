//! Terraform plan JSON (`terraform show -json plan.out`) → [`Model`]: every managed resource
//! about to exist, with its planned values — variables, modules and `for_each` already resolved
//! by Terraform. Values Terraform cannot know yet (`after_unknown`) are unknown; links it cannot
//! know yet (a new queue's URL) come from the plan's `configuration` references.
//!
//! Findings point into the plan file (mapping back to the `.tf` source is not done yet).

use std::collections::HashMap;

use super::cloudformation::json;
use super::policy_document;
use super::tree::{Node, NodeKind};
use super::{FileError, Shell, credentials};
use crate::model::policy::{PolicyDocument, PolicyValue};
use crate::model::symbolic::Symbolic;
use crate::model::{
    AccessKey, EndpointFacts, FileId, Identity, IdentityPolicy, KeyRef, KmsKey, Location, Model,
    Queue, QueuePolicy, ResourceRef, Value, VpcEndpoint,
};
use crate::source::SourceFile;

/// Read a plan (or `terraform show -json` of a state: `values.root_module`).
///
/// # Errors
/// The file is not valid JSON.
pub fn load(file: &SourceFile, file_id: FileId) -> Result<Model, FileError> {
    let root = json::parse(&file.text)
        .map_err(|error| FileError::syntax_at(file, error.offset, error.message))?
        .unwrap_or(Node {
            span: crate::source::Span::default(),
            kind: NodeKind::Null,
        });
    let references = configuration_references(&root);
    let mut model = Model::default();
    let reader = Reader {
        file: file_id,
        references: &references,
    };
    if let Some(NodeKind::Seq(changes)) = root.get("resource_changes").map(|node| &node.kind) {
        for change in changes {
            let deleting = change
                .get("change")
                .and_then(|c| c.get("actions"))
                .is_some_and(|actions| match &actions.kind {
                    NodeKind::Seq(items) => items.iter().all(|a| a.as_str() == Some("delete")),
                    _ => false,
                });
            if change.get("mode").and_then(Node::as_str) != Some("managed") || deleting {
                continue;
            }
            let after = change.get("change").and_then(|c| c.get("after"));
            let unknown = change.get("change").and_then(|c| c.get("after_unknown"));
            if let Some(after) = after {
                reader.resource(change, after, unknown, &mut model);
            }
        }
    } else {
        // A state (`values.root_module`), or a plan without changes: planned values.
        let module = root
            .get("values")
            .or_else(|| root.get("planned_values"))
            .and_then(|values| values.get("root_module"));
        if let Some(module) = module {
            reader.module_values(module, &mut model, 0);
        }
    }
    model.credentials = credentials(file, file_id);
    model.link();
    Ok(model)
}

/// `address.attribute` → the address of the resource the configuration references there
/// (`aws_sqs_queue_policy.p` `queue_url` → `aws_sqs_queue.q`), for links the plan cannot
/// resolve yet. Module paths are kept (`module.a.` prefixes).
fn configuration_references(root: &Node) -> HashMap<String, String> {
    let mut found = HashMap::new();
    let mut pending: Vec<(String, &Node)> = Vec::new();
    if let Some(module) = root.get("configuration").and_then(|c| c.get("root_module")) {
        pending.push((String::new(), module));
    }
    while let Some((prefix, module)) = pending.pop() {
        if prefix.len() > 4096 {
            continue;
        }
        if let Some(NodeKind::Seq(resources)) = module.get("resources").map(|n| &n.kind) {
            for resource in resources {
                let Some(address) = resource.get("address").and_then(Node::as_str) else {
                    continue;
                };
                for entry in resource
                    .get("expressions")
                    .map(Node::entries)
                    .unwrap_or_default()
                {
                    let first = entry
                        .value
                        .get("references")
                        .and_then(|refs| match &refs.kind {
                            NodeKind::Seq(items) => items.last().and_then(Node::as_str),
                            _ => None,
                        });
                    if let Some(target) = first {
                        found.insert(
                            format!("{prefix}{address}.{}", entry.key),
                            format!("{prefix}{target}"),
                        );
                    }
                }
            }
        }
        for call in module
            .get("module_calls")
            .map(Node::entries)
            .unwrap_or_default()
        {
            if let Some(child) = call.value.get("module") {
                pending.push((format!("{prefix}module.{}.", call.key), child));
            }
        }
    }
    found
}

struct Reader<'r> {
    file: FileId,
    references: &'r HashMap<String, String>,
}

impl Reader<'_> {
    fn at(&self, node: &Node) -> Location {
        Location {
            file: self.file,
            span: node.span,
        }
    }

    /// A planned attribute: absent or null → `None`; marked in `after_unknown` → unknown.
    fn attribute<'n>(
        &self,
        after: &'n Node,
        unknown: Option<&Node>,
        name: &str,
    ) -> Option<Result<&'n Node, Location>> {
        if unknown
            .and_then(|u| u.get(name))
            .is_some_and(|flag| flag.kind == NodeKind::Bool(true))
        {
            return Some(Err(self.at(after)));
        }
        let value = after.get(name)?;
        (value.kind != NodeKind::Null).then_some(Ok(value))
    }

    fn boolean(&self, after: &Node, unknown: Option<&Node>, name: &str) -> Option<Value<bool>> {
        Some(match self.attribute(after, unknown, name)? {
            Ok(node) => match &node.kind {
                NodeKind::Bool(flag) => Value::Known(*flag, self.at(node)),
                _ => Value::unknown(self.at(node), "not a boolean"),
            },
            Err(at) => Value::unknown(at, "known after apply"),
        })
    }

    fn string(&self, after: &Node, unknown: Option<&Node>, name: &str) -> Option<Value<String>> {
        Some(match self.attribute(after, unknown, name)? {
            Ok(node) => match node.as_str() {
                Some(text) => Value::Known(text.to_string(), self.at(node)),
                None => Value::unknown(self.at(node), "not a string"),
            },
            Err(at) => Value::unknown(at, "known after apply"),
        })
    }

    /// A string attribute as a located symbolic value; unknown ones fall back to what the
    /// configuration references there.
    fn linked(
        &self,
        address: &str,
        after: &Node,
        unknown: Option<&Node>,
        name: &str,
    ) -> Option<PolicyValue> {
        let referenced = self
            .references
            .get(&format!("{}.{name}", strip_instance(address)))
            .map(|target| Symbolic::reference(target.clone(), name));
        match self.attribute(after, unknown, name) {
            Some(Ok(node)) => Some(PolicyValue {
                value: node.as_str().map_or_else(Symbolic::unknown, Symbolic::text),
                at: self.at(node),
            }),
            Some(Err(_)) | None if referenced.is_some() => Some(PolicyValue {
                value: referenced?,
                at: self.at(after),
            }),
            Some(Err(at)) => Some(PolicyValue {
                value: Symbolic::unknown(),
                at,
            }),
            None => None,
        }
    }

    /// A policy attribute: a JSON string in plans; `Some(None)` when not known yet (the
    /// model's own shape for "attached but unresolved").
    #[allow(clippy::option_option)]
    fn document(
        &self,
        after: &Node,
        unknown: Option<&Node>,
        name: &str,
    ) -> Option<Option<PolicyDocument>> {
        match self.attribute(after, unknown, name)? {
            Ok(node) => {
                let text = node.as_str()?;
                if text.trim().is_empty() {
                    return None;
                }
                Some(policy_document::read(node, self.file).or_else(|| {
                    let parsed = json::parse(text).ok()??;
                    policy_document::read(&parsed, self.file)
                }))
            }
            Err(_) => Some(None),
        }
    }

    fn resource(&self, change: &Node, after: &Node, unknown: Option<&Node>, model: &mut Model) {
        let (Some(address), Some(kind)) = (
            change.get("address").and_then(Node::as_str),
            change.get("type").and_then(Node::as_str),
        ) else {
            return;
        };
        self.read(address, kind, self.at(change), after, unknown, model);
    }

    /// `values.root_module` of a state or planned values: resources and child modules.
    fn module_values(&self, module: &Node, model: &mut Model, depth: usize) {
        if depth > 32 {
            return;
        }
        if let Some(NodeKind::Seq(resources)) = module.get("resources").map(|n| &n.kind) {
            for resource in resources {
                if resource.get("mode").and_then(Node::as_str) != Some("managed") {
                    continue;
                }
                let (Some(address), Some(kind), Some(values)) = (
                    resource.get("address").and_then(Node::as_str),
                    resource.get("type").and_then(Node::as_str),
                    resource.get("values"),
                ) else {
                    continue;
                };
                self.read(address, kind, self.at(resource), values, None, model);
            }
        }
        if let Some(NodeKind::Seq(children)) = module.get("child_modules").map(|n| &n.kind) {
            for child in children {
                self.module_values(child, model, depth + 1);
            }
        }
    }

    fn read(
        &self,
        address: &str,
        kind: &str,
        at: Location,
        after: &Node,
        unknown: Option<&Node>,
        model: &mut Model,
    ) {
        let shell = Shell { address, kind, at };
        match kind {
            "aws_sqs_queue" => {
                if let Some(document) = self.document(after, unknown, "policy") {
                    model.queue_policies.push(shell.with(QueuePolicy {
                        targets: vec![PolicyValue {
                            value: Symbolic::reference(address, "policy"),
                            at,
                        }],
                        document,
                        queues: Vec::new(),
                    }));
                }
                let kms_key = self
                    .linked(address, after, unknown, "kms_master_key_id")
                    .and_then(
                        |key| match (key.value.as_text(), key.value.as_reference()) {
                            (Some(""), _) => None,
                            (Some(text), _) => {
                                Some(Value::Known(KeyRef::Literal(text.to_string()), key.at))
                            }
                            (None, Some((target, _))) => Some(Value::Known(
                                KeyRef::Resource(ResourceRef {
                                    address: target.to_string(),
                                }),
                                key.at,
                            )),
                            _ => Some(Value::unknown(key.at, "known after apply")),
                        },
                    );
                model.queues.push(shell.with(Queue {
                    name: self.string(after, unknown, "name"),
                    sse_sqs_enabled: self.boolean(after, unknown, "sqs_managed_sse_enabled"),
                    kms_key,
                    ..Queue::default()
                }));
            }
            "aws_kms_key" => model.kms_keys.push(shell.with(KmsKey {
                rotation_enabled: self.boolean(after, unknown, "enable_key_rotation"),
                ..KmsKey::default()
            })),
            "aws_sqs_queue_policy" => {
                if let Some(document) = self.document(after, unknown, "policy") {
                    model.queue_policies.push(
                        shell.with(QueuePolicy {
                            targets: self
                                .linked(address, after, unknown, "queue_url")
                                .into_iter()
                                .collect(),
                            document,
                            queues: Vec::new(),
                        }),
                    );
                }
            }
            "aws_iam_role_policy"
            | "aws_iam_user_policy"
            | "aws_iam_group_policy"
            | "aws_iam_policy" => {
                let attached_to = vec![match kind {
                    "aws_iam_role_policy" => Identity::Role,
                    "aws_iam_user_policy" => Identity::User,
                    "aws_iam_group_policy" => Identity::Group,
                    _ => Identity::Unattached,
                }];
                if let Some(document) = self.document(after, unknown, "policy") {
                    model.identity_policies.push(shell.with(IdentityPolicy {
                        attached_to,
                        document,
                    }));
                }
            }
            "aws_vpc_endpoint" => model.vpc_endpoints.push(shell.with(VpcEndpoint {
                service_name: self.linked(address, after, unknown, "service_name"),
                endpoint_type: self.string(after, unknown, "vpc_endpoint_type"),
                private_dns: self.boolean(after, unknown, "private_dns_enabled"),
                policy: self.document(after, unknown, "policy"),
                security_groups: Vec::new(),
                facts: EndpointFacts::default(),
            })),
            "aws_iam_access_key" => model.access_keys.push(shell.with(AccessKey)),
            _ => {}
        }
    }
}

/// `aws_sqs_queue_policy.p["a"]` → `aws_sqs_queue_policy.p`: configuration addresses have no
/// instance keys.
fn strip_instance(address: &str) -> &str {
    match address.rfind('[') {
        Some(at) if address.ends_with(']') => &address[..at],
        _ => address,
    }
}
