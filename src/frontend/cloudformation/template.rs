//! A parsed CloudFormation template ([`Node`]) → [`Model`].

use super::intrinsics::{Context, address};
use crate::frontend::policy_document;
use crate::frontend::tree::{Entry, Node, NodeKind};
use crate::model::policy::{PolicyDocument, PolicyValue};
use crate::model::symbolic::Symbolic;
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

/// Read the resources of a template into a model.
#[must_use]
// One arm per resource type: the dispatch table reads best in one place.
#[allow(clippy::too_many_lines)]
pub fn read(root: &Node, file: FileId) -> Model {
    let mut model = Model::default();
    let Some(resources) = root.get("Resources") else {
        return model;
    };
    let reader = Reader {
        resources,
        file,
        context: Context::new(root.get("Parameters"), Some(resources)),
    };
    for entry in resources.entries() {
        let Some(kind) = entry.value.get("Type").and_then(Node::as_str) else {
            continue;
        };
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
}

impl Shell<'_> {
    fn with<T>(self, props: T) -> Resource<T> {
        Resource {
            address: self.address,
            kind: self.kind.to_string(),
            at: self.at,
            suppressions: self.suppressions,
            props,
        }
    }
}

struct Reader<'t> {
    resources: &'t Node,
    file: FileId,
    context: Context<'t>,
}

impl Reader<'_> {
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

    /// A property and its location (key through value, what a reader would highlight).
    fn property<'n>(&self, props: &'n Node, name: &str) -> Option<(&'n Entry, Location)> {
        let entry = props.entry(name)?;
        // `null` and `!Ref AWS::NoValue` both mean the property is not set.
        let no_value = entry.value.intrinsic().is_some_and(|(function, arg)| {
            function == "Ref" && arg.as_str() == Some("AWS::NoValue")
        });
        if entry.value.kind == NodeKind::Null || no_value {
            return None;
        }
        Some((
            entry,
            Location {
                file: self.file,
                span: entry.key_span.cover(entry.value.span),
            },
        ))
    }

    /// CloudFormation accepts `true`, `"true"` and `"True"` alike for boolean properties.
    fn boolean(&self, props: &Node, name: &str) -> Option<Value<bool>> {
        let (entry, at) = self.property(props, name)?;
        Some(match &entry.value.kind {
            NodeKind::Bool(flag) => Value::Known(*flag, at),
            NodeKind::Str(text) if text.eq_ignore_ascii_case("true") => Value::Known(true, at),
            NodeKind::Str(text) if text.eq_ignore_ascii_case("false") => Value::Known(false, at),
            _ => Value::unknown(at, unresolved(&entry.value)),
        })
    }

    fn string(&self, props: &Node, name: &str) -> Option<Value<String>> {
        let (entry, at) = self.property(props, name)?;
        Some(match &entry.value.kind {
            NodeKind::Str(text) => Value::Known(text.clone(), at),
            _ => Value::unknown(at, unresolved(&entry.value)),
        })
    }

    /// A KMS key: a literal, or `Ref`/`Fn::GetAtt` of a key or alias in this template.
    fn key_ref(&self, props: &Node, name: &str) -> Option<Value<KeyRef>> {
        let (entry, at) = self.property(props, name)?;
        if let Some(text) = entry.value.as_str() {
            return (!text.is_empty()).then(|| Value::Known(KeyRef::Literal(text.to_string()), at));
        }
        match self.referenced_resource(&entry.value) {
            Some(logical_id) => Some(Value::Known(
                KeyRef::Resource(ResourceRef {
                    address: address(logical_id),
                }),
                at,
            )),
            None => Some(Value::unknown(at, unresolved(&entry.value))),
        }
    }

    /// The logical id a `Ref` or `Fn::GetAtt` names, when it is a resource of this template.
    fn referenced_resource<'n>(&self, node: &'n Node) -> Option<&'n str> {
        let (function, argument) = node.intrinsic()?;
        let logical_id = match function {
            "Ref" => argument.as_str()?,
            "Fn::GetAtt" => match &argument.kind {
                NodeKind::Str(text) => text.split_once('.').map_or(text.as_str(), |(id, _)| id),
                NodeKind::Seq(items) => items.first()?.as_str()?,
                _ => return None,
            },
            _ => return None,
        };
        self.resources.get(logical_id).map(|_| logical_id)
    }
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

fn unresolved(node: &Node) -> String {
    match node.intrinsic() {
        Some((function, _)) => format!("`{function}` is not resolved"),
        None => "not a literal of the expected type".to_string(),
    }
}
