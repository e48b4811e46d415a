//! A parsed CloudFormation template ([`Node`]) → [`Model`].

use super::intrinsics::{Context, address};
use crate::frontend::policy_document;
use crate::frontend::tree::{Node, NodeKind};
use crate::model::policy::{PolicyDocument, PolicyValue};
use crate::model::symbolic::{PartRef, Symbolic};
use crate::model::{
    AccessKey, EndpointFacts, FileId, Identity, IdentityPolicy, Ingress, KeyRef, KmsAlias, KmsKey,
    Location, MetadataSuppression, Model, Queue, QueuePolicy, Resource, ResourceRef,
    SuppressionSyntax, Value, VpcEndpoint,
};
use crate::policy::managed;

/// Whether a parsed document is a CloudFormation template: it declares
/// `AWSTemplateFormatVersion`, or has `Resources` whose entries have an `AWS::` type.
#[must_use]
pub fn is_template(root: &Node) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    root.get("Resources").is_some_and(|resources| {
        resources.entries().iter().any(|entry| {
            entry
                .value
                .get("Type")
                .and_then(Node::as_str)
                .is_some_and(|ty| ty.starts_with("AWS::"))
        })
    })
}

/// Undecidable conditions explored both ways, at most; past this many, the rest stay unknown
/// (each one doubles the work).
const MAX_EXPLORED_CONDITIONS: usize = 3;

/// One way the template can deploy: its model and the truth values assumed for conditions
/// that could not be decided (empty when everything was decided).
#[derive(Debug)]
pub struct Branch {
    pub model: Model,
    pub assumed: Vec<(String, bool)>,
}

/// Read a template into models: one, or one per combination of undecidable conditions
/// (`Fn::If`, resource `Condition`) so that both branches are explored. Also returns the
/// problems met in the template as written (byte offset, message).
#[must_use]
pub fn read(
    root: &Node,
    file: FileId,
    parameters: &std::collections::BTreeMap<String, String>,
) -> (Vec<Branch>, Vec<(u32, String)>) {
    let mut context = Context::for_template(root, parameters);
    let model = read_with(root, file, &context);
    let problems = context.problems();
    let undecided: Vec<String> = context
        .undecided()
        .into_iter()
        .take(MAX_EXPLORED_CONDITIONS)
        .collect();
    if undecided.is_empty() {
        let branch = Branch {
            model,
            assumed: Vec::new(),
        };
        return (vec![branch], problems);
    }
    let branches = (0..1usize << undecided.len())
        .map(|mask| {
            let assumed: Vec<(String, bool)> = undecided
                .iter()
                .enumerate()
                .map(|(bit, name)| (name.clone(), mask & (1 << bit) != 0))
                .collect();
            context.assume(assumed.iter().cloned().collect());
            Branch {
                model: read_with(root, file, &context),
                assumed,
            }
        })
        .collect();
    (branches, problems)
}

/// Read the resources of a template into a model, under one context.
// One arm per resource type: the dispatch table reads best in one place.
#[allow(clippy::too_many_lines)]
fn read_with(root: &Node, file: FileId, context: &Context<'_>) -> Model {
    let mut model = Model::default();
    let Some(resources) = root.get("Resources") else {
        return model;
    };
    let reader = Reader { file, context };
    for entry in resources.entries() {
        let Some(kind) = entry.value.get("Type").and_then(Node::as_str) else {
            continue;
        };
        // A resource whose `Condition` is false is not created; an undecidable one is
        // explored both ways by `read`.
        let condition = entry.value.get("Condition").and_then(Node::as_str);
        if condition.is_some_and(|name| context.condition(name) == Some(false)) {
            continue;
        }
        let header = Location {
            file,
            span: entry.key_span,
        };
        let empty = Node {
            span: entry.key_span,
            kind: NodeKind::Map(Vec::new()),
        };
        let props = entry.value.get("Properties").unwrap_or(&empty);
        let new = Shell {
            address: address(&entry.key),
            kind,
            at: header,
            suppressions: entry
                .value
                .get("Metadata")
                .map(|metadata| metadata_suppressions(metadata, file))
                .unwrap_or_default(),
            label: entry
                .value
                .get("Metadata")
                .and_then(|metadata| metadata.get("aws:cdk:path"))
                .and_then(Node::as_str)
                .map(str::to_string),
        };
        match kind {
            "AWS::SQS::Queue" => model.queues.push(new.with(Queue {
                name: reader.string(props, "QueueName"),
                sse_sqs_enabled: reader.boolean(props, "SqsManagedSseEnabled"),
                kms_key: reader.key_ref(props, "KmsMasterKeyId"),
                ..Queue::default()
            })),
            "AWS::KMS::Key" => model.kms_keys.push(new.with(KmsKey {
                rotation_enabled: reader.boolean(props, "EnableKeyRotation"),
                ..KmsKey::default()
            })),
            "AWS::KMS::Alias" => model.kms_aliases.push(new.with(KmsAlias {
                name: reader.string(props, "AliasName"),
                target: reader.key_ref(props, "TargetKeyId"),
            })),
            "AWS::SQS::QueuePolicy" | "AWS::SQS::QueueInlinePolicy" => {
                let targets = match props.get("Queues").or_else(|| props.get("Queue")) {
                    Some(queues) => reader.values(queues),
                    None => Vec::new(),
                };
                model.queue_policies.push(new.with(QueuePolicy {
                    targets,
                    document: reader.document(props.get("PolicyDocument")),
                    queues: Vec::new(),
                }));
            }
            "AWS::EC2::VPCEndpoint" => model.vpc_endpoints.push(
                new.with(VpcEndpoint {
                    service_name: props
                        .get("ServiceName")
                        .and_then(|name| reader.values(name).into_iter().next()),
                    endpoint_type: reader.string(props, "VpcEndpointType"),
                    private_dns: reader.boolean(props, "PrivateDnsEnabled"),
                    // `!Ref AWS::NoValue` removes the policy: the endpoint has none.
                    policy: props
                        .get("PolicyDocument")
                        .and_then(|document| reader.context.resolve(document))
                        .map(|document| policy_document::read(&document, file)),
                    security_groups: props
                        .get("SecurityGroupIds")
                        .map(|groups| reader.values(groups))
                        .unwrap_or_default(),
                    facts: EndpointFacts::default(),
                }),
            ),
            "AWS::EC2::SecurityGroup" => {
                let own = PolicyValue {
                    value: Symbolic::reference(address(&entry.key), "Ref"),
                    at: header,
                };
                let rules = props
                    .get("SecurityGroupIngress")
                    .and_then(|rules| reader.context.resolve(rules));
                if let Some(NodeKind::Seq(rules)) = rules.map(|node| node.kind) {
                    for rule in &rules {
                        model.ingress.push(new.clone().with(Ingress {
                            group: own.clone(),
                            cidrs: reader.cidrs(rule),
                        }));
                    }
                }
            }
            "AWS::EC2::SecurityGroupIngress" => {
                if let Some(group) = props
                    .get("GroupId")
                    .and_then(|group| reader.values(group).into_iter().next())
                {
                    let cidrs = reader
                        .context
                        .resolve(props)
                        .map(|p| reader.cidrs(&p))
                        .unwrap_or_default();
                    model.ingress.push(new.with(Ingress { group, cidrs }));
                }
            }
            "AWS::IAM::AccessKey" => model.access_keys.push(new.with(AccessKey)),
            "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
                let identity = match kind {
                    "AWS::IAM::Role" => Identity::Role,
                    "AWS::IAM::User" => Identity::User,
                    _ => Identity::Group,
                };
                let policies = props
                    .get("Policies")
                    .and_then(|policies| reader.context.resolve(policies));
                if let Some(arns) = props.get("ManagedPolicyArns") {
                    for arn in reader.values(arns) {
                        let Some(name) = managed::name_of(&arn.value) else {
                            continue;
                        };
                        model
                            .identity_policies
                            .push(new.clone().with(IdentityPolicy {
                                attached_to: vec![identity],
                                document: managed::document(name, arn.at),
                            }));
                    }
                }
                if let Some(NodeKind::Seq(policies)) = policies.as_ref().map(|node| &node.kind) {
                    for policy in policies {
                        model.identity_policies.push(
                            new.clone().with(IdentityPolicy {
                                attached_to: vec![identity],
                                document: policy
                                    .get("PolicyDocument")
                                    .and_then(|document| policy_document::read(document, file)),
                            }),
                        );
                    }
                }
            }
            "AWS::Serverless::Function" => {
                let props = super::sam::function_properties(root, props);
                for policy in super::sam::function_policies(&props, reader.context, file) {
                    model.identity_policies.push(new.clone().with(policy));
                }
            }
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
                let mut attached_to: Vec<Identity> = [
                    ("Roles", Identity::Role),
                    ("Users", Identity::User),
                    ("Groups", Identity::Group),
                ]
                .into_iter()
                .filter(|(key, _)| props.get(key).is_some())
                .map(|(_, identity)| identity)
                .collect();
                if attached_to.is_empty() {
                    attached_to.push(Identity::Unattached);
                }
                model.identity_policies.push(new.with(IdentityPolicy {
                    attached_to,
                    document: reader.document(props.get("PolicyDocument")),
                }));
            }
            _ => {}
        }
    }
    model.link();
    model
}

/// What every resource of a template has, before its typed properties.
#[derive(Clone)]
struct Shell<'t> {
    address: String,
    kind: &'t str,
    at: Location,
    suppressions: Vec<MetadataSuppression>,
    label: Option<String>,
}

impl Shell<'_> {
    fn with<T>(self, props: T) -> Resource<T> {
        Resource {
            address: self.address,
            kind: self.kind.to_string(),
            at: self.at,
            suppressions: self.suppressions,
            label: self.label,
            props,
        }
    }
}

struct Reader<'c, 't> {
    file: FileId,
    context: &'c Context<'t>,
}

impl Reader<'_, '_> {
    /// A policy document, intrinsics resolved; `None` when absent or not resolvable.
    fn document(&self, node: Option<&Node>) -> Option<PolicyDocument> {
        let resolved = self.context.resolve(node?)?;
        policy_document::read(&resolved, self.file)
    }

    /// `CidrIp` / `CidrIpv6` of an (already resolved) ingress rule.
    fn cidrs(&self, rule: &Node) -> Vec<PolicyValue> {
        ["CidrIp", "CidrIpv6"]
            .into_iter()
            .filter_map(|key| rule.get(key))
            .flat_map(|cidr| self.values(cidr))
            .collect()
    }

    /// A string or list of strings, intrinsics resolved, each with its location.
    fn values(&self, node: &Node) -> Vec<PolicyValue> {
        let Some(resolved) = self.context.resolve(node) else {
            return Vec::new();
        };
        let items = match resolved.kind {
            NodeKind::Seq(items) => items,
            _ => vec![resolved],
        };
        items
            .into_iter()
            .map(|item| PolicyValue {
                at: Location {
                    file: self.file,
                    span: item.span,
                },
                value: match item.kind {
                    NodeKind::Str(text) => Symbolic::text(text),
                    NodeKind::Sym(value) => value,
                    _ => Symbolic::unknown(),
                },
            })
            .collect()
    }

    /// A property, intrinsics resolved, and its location: key through value as written, or —
    /// when the value comes from elsewhere (a parameter default, a mapping) — where it was
    /// written. `null` and `!Ref AWS::NoValue` mean the property is not set.
    fn property(&self, props: &Node, name: &str) -> Option<(Node, Location)> {
        let entry = props.entry(name)?;
        if entry.value.kind == NodeKind::Null {
            return None;
        }
        let value = self.context.resolve(&entry.value)?;
        if value.kind == NodeKind::Null {
            return None;
        }
        let span =
            if value.span.start >= entry.key_span.start && value.span.end <= entry.value.span.end {
                entry.key_span.cover(value.span)
            } else {
                value.span
            };
        Some((
            value,
            Location {
                file: self.file,
                span,
            },
        ))
    }

    /// CloudFormation accepts `true`, `"true"` and `"True"` alike for boolean properties.
    fn boolean(&self, props: &Node, name: &str) -> Option<Value<bool>> {
        let (value, at) = self.property(props, name)?;
        Some(match &value.kind {
            NodeKind::Bool(flag) => Value::Known(*flag, at),
            NodeKind::Str(text) if text.eq_ignore_ascii_case("true") => Value::Known(true, at),
            NodeKind::Str(text) if text.eq_ignore_ascii_case("false") => Value::Known(false, at),
            _ => Value::unknown(at, "not a resolvable boolean"),
        })
    }

    fn string(&self, props: &Node, name: &str) -> Option<Value<String>> {
        let (value, at) = self.property(props, name)?;
        Some(match value.kind {
            NodeKind::Str(text) => Value::Known(text, at),
            _ => Value::unknown(at, "not a resolvable string"),
        })
    }

    /// A KMS key: a literal, a key or alias of this template (`Ref`, `Fn::GetAtt`), or an ARN
    /// built from pseudo parameters (which stand for any value: `arn:*:kms:*:*:alias/aws/sqs`).
    fn key_ref(&self, props: &Node, name: &str) -> Option<Value<KeyRef>> {
        let (value, at) = self.property(props, name)?;
        match value.kind {
            NodeKind::Str(text) if text.is_empty() => None,
            NodeKind::Str(text) => Some(Value::Known(KeyRef::Literal(text), at)),
            NodeKind::Sym(symbolic) => Some(match symbolic.as_reference() {
                Some((address, _)) => Value::Known(
                    KeyRef::Resource(ResourceRef {
                        address: address.to_string(),
                    }),
                    at,
                ),
                None if symbolic.has_unknown() || symbolic.references().next().is_some() => {
                    Value::unknown(at, "not a resolvable key")
                }
                None => Value::Known(KeyRef::Literal(pseudo_as_wildcards(&symbolic)), at),
            }),
            _ => Some(Value::unknown(at, "not a resolvable key")),
        }
    }
}

/// Text with every pseudo parameter standing as `*` (any value).
pub(crate) fn pseudo_as_wildcards(value: &Symbolic) -> String {
    value
        .parts()
        .map(|part| match part {
            PartRef::Text(text) => text,
            _ => "*",
        })
        .collect()
}

/// `Metadata.sqsguard.ignore` and `Metadata.checkov.skip` entries of a resource.
fn metadata_suppressions(metadata: &Node, file: FileId) -> Vec<MetadataSuppression> {
    let sources = [
        ("sqsguard", "ignore", "reason", SuppressionSyntax::Sqsguard),
        ("checkov", "skip", "comment", SuppressionSyntax::Checkov),
    ];
    let mut found = Vec::new();
    for (tool, list, reason_key, syntax) in sources {
        let Some(NodeKind::Seq(entries)) = metadata
            .get(tool)
            .and_then(|t| t.get(list))
            .map(|n| &n.kind)
        else {
            continue;
        };
        for entry in entries {
            let Some(id) = entry.get("id").and_then(Node::as_str) else {
                continue;
            };
            let text = |key: &str| entry.get(key).and_then(Node::as_str).map(str::to_string);
            found.push(MetadataSuppression {
                syntax,
                id: id.to_string(),
                reason: text(reason_key).filter(|reason| !reason.trim().is_empty()),
                until: text("until"),
                at: Location {
                    file,
                    span: entry.span,
                },
            });
        }
    }
    found
}
