//! One evaluated Terraform resource instance → its entries in the [`Model`]: the dispatch
//! from resource type to the model's typed resources.

use std::cell::RefCell;
use std::collections::HashMap;

use super::eval::{Evaluator, Frame, Kind, Val};
use super::policy::{self, Offsets};
use super::syntax::{Block, Body};
use crate::frontend::{Shell, policy_document};
use crate::model::policy::{PolicyDocument, PolicyValue};
use crate::model::symbolic::Symbolic;
use crate::model::{
    AccessKey, EndpointFacts, EndpointPolicy, FileId, Identity, IdentityPolicy, Ingress, KeyRef,
    KmsAlias, KmsKey, Location, Model, Queue, QueuePolicy, ResourceRef, Value, VpcEndpoint,
};
use crate::policy::managed;
use crate::source::Span;

/// What reading a resource needs: its module instance's evaluator and its own instance frame.
pub struct Context<'c> {
    pub evaluator: &'c Evaluator<'c>,
    pub frame: &'c Frame,
    pub offsets: &'c RefCell<Offsets>,
    pub texts: &'c dyn Fn(FileId, Span) -> Option<String>,
}

/// What is only known once every resource is read: which identities managed policies are
/// attached to.
#[derive(Default)]
pub struct Reading {
    /// Policy address → the kinds of identity it is attached to.
    attached: HashMap<String, Vec<Identity>>,
    /// `aws_iam_policy` entries of the model, by index, with their address.
    policies: Vec<(usize, String)>,
}

impl Reading {
    /// Give each `aws_iam_policy` the identities its attachments name.
    pub fn attach(self, model: &mut Model) {
        for (index, address) in self.policies {
            if let Some(policy) = model.identity_policies.get_mut(index) {
                policy.props.attached_to = self
                    .attached
                    .get(&address)
                    .cloned()
                    .unwrap_or_else(|| vec![Identity::Unattached]);
            }
        }
    }
}

/// The resource address a reference string names (`aws_iam_policy.p["x"]` of its `.arn`).
fn referenced_address(value: &Symbolic) -> Option<&str> {
    match value.as_reference() {
        Some((address, _)) => Some(address),
        _ => None,
    }
}

// One arm per resource type: the dispatch table reads best in one place.
#[allow(clippy::too_many_lines)]
pub fn read(
    context: &Context<'_>,
    kind: &str,
    address: &str,
    block: &Block<'_>,
    reading: &mut Reading,
    model: &mut Model,
) {
    let file = context.evaluator.file;
    let header = Location {
        file,
        span: block.header,
    };
    let attrs = Attributes {
        body: block.body,
        context,
        frame: context.frame,
    };
    let shell = Shell {
        address,
        kind,
        at: header,
    };
    match kind {
        "aws_sqs_queue_policy" => {
            let targets = attrs.policy_value("queue_url").into_iter().collect();
            if let Some(document) = attrs.document("policy") {
                model.queue_policies.push(shell.with(QueuePolicy {
                    targets,
                    document,
                    queues: Vec::new(),
                }));
            }
        }
        "aws_iam_role_policy" | "aws_iam_user_policy" | "aws_iam_group_policy" => {
            let identity = Identity::of_inline_policy(kind).unwrap_or(Identity::Group);
            if let Some(document) = attrs.document("policy") {
                model.identity_policies.push(shell.with(IdentityPolicy {
                    attached_to: vec![identity],
                    document,
                }));
            }
        }
        "aws_iam_policy" => {
            if let Some(document) = attrs.document("policy") {
                reading
                    .policies
                    .push((model.identity_policies.len(), address.to_string()));
                model.identity_policies.push(shell.with(IdentityPolicy {
                    attached_to: vec![Identity::Unattached],
                    document,
                }));
            }
        }
        "aws_iam_role_policy_attachment"
        | "aws_iam_user_policy_attachment"
        | "aws_iam_group_policy_attachment"
        | "aws_iam_policy_attachment" => {
            let attached_to: Vec<Identity> = [
                ("role", Identity::Role),
                ("roles", Identity::Role),
                ("user", Identity::User),
                ("users", Identity::User),
                ("group", Identity::Group),
                ("groups", Identity::Group),
            ]
            .into_iter()
            .filter(|(argument, _)| block.body.attribute(argument).is_some())
            .map(|(_, identity)| identity)
            .collect();
            let Some(arn) = attrs.policy_value("policy_arn") else {
                return;
            };
            if let Some(policy) = referenced_address(&arn.value) {
                let entry = reading.attached.entry(policy.to_string()).or_default();
                for identity in &attached_to {
                    if !entry.contains(identity) {
                        entry.push(*identity);
                    }
                }
            } else if let Some(name) = managed::name_of(&arn.value) {
                // A literal ARN of a known AWS managed policy is evaluated with its content.
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
            let (inline, _) = policy::blocks(
                context.evaluator,
                block.body,
                "inline_policy",
                context.frame,
            );
            for inline in inline {
                let attrs = Attributes {
                    body: inline.body,
                    context,
                    frame: &inline.frame,
                };
                if let Some(document) = attrs.document("policy") {
                    model.identity_policies.push(shell.with(IdentityPolicy {
                        attached_to: vec![Identity::Role],
                        document,
                    }));
                }
            }
        }
        "aws_vpc_endpoint" => model.vpc_endpoints.push(shell.with(VpcEndpoint {
            service_name: attrs.policy_value("service_name"),
            endpoint_type: attrs.string("vpc_endpoint_type"),
            private_dns: attrs.boolean("private_dns_enabled"),
            policy: attrs.document("policy"),
            security_groups: attrs.policy_values("security_group_ids"),
            facts: EndpointFacts::default(),
        })),
        "aws_vpc_endpoint_policy" => {
            // Attaches a policy to an endpoint declared elsewhere; linked by `link`.
            if let (Some(endpoint), Some(document)) = (
                attrs.policy_value("vpc_endpoint_id"),
                attrs.document("policy"),
            ) {
                model
                    .endpoint_policies
                    .push(shell.with(EndpointPolicy { endpoint, document }));
            }
        }
        "aws_security_group" => {
            let own = PolicyValue {
                value: Symbolic::reference(address, "id"),
                at: header,
            };
            let (rules, _) =
                policy::blocks(context.evaluator, block.body, "ingress", context.frame);
            for rule in rules {
                let rule = Attributes {
                    body: rule.body,
                    context,
                    frame: &rule.frame,
                };
                let mut cidrs = rule.policy_values("cidr_blocks");
                cidrs.extend(rule.policy_values("ipv6_cidr_blocks"));
                model.ingress.push(shell.with(Ingress {
                    group: own.clone(),
                    cidrs,
                }));
            }
            // Attribute syntax: `ingress = [{ cidr_blocks = [...] }, …]`.
            if let Some((at, value)) = attrs.get("ingress")
                && let Kind::List(rules) = value.kind
            {
                for rule in rules.iter() {
                    let Kind::Map(fields) = &rule.kind else {
                        continue;
                    };
                    let mut cidrs = Vec::new();
                    for name in ["cidr_blocks", "ipv6_cidr_blocks"] {
                        if let Some(list) = fields.get(name) {
                            cidrs.extend(located_values(list, rule.at.unwrap_or(at)));
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
            if let Some(document) = attrs.document("policy") {
                // The queue's own `policy` argument attaches to the queue itself.
                model.queue_policies.push(shell.with(QueuePolicy {
                    targets: vec![PolicyValue {
                        value: Symbolic::reference(address, "policy"),
                        at: header,
                    }],
                    document,
                    queues: Vec::new(),
                }));
            }
            model.queues.push(shell.with(Queue {
                name: attrs.string("name"),
                sse_sqs_enabled: attrs.boolean("sqs_managed_sse_enabled"),
                kms_key: attrs.key_ref("kms_master_key_id"),
                ..Queue::default()
            }));
        }
        "aws_kms_key" => model.kms_keys.push(shell.with(KmsKey {
            rotation_enabled: attrs.boolean("enable_key_rotation"),
            ..KmsKey::default()
        })),
        "aws_kms_alias" => model.kms_aliases.push(shell.with(KmsAlias {
            name: attrs.string("name"),
            target: attrs.key_ref("target_key_id"),
        })),
        _ => {}
    }
}

/// A list value (or a single value) as located symbolic values.
fn located_values(value: &Val, fallback: Location) -> Vec<PolicyValue> {
    let one = |item: &Val| PolicyValue {
        value: if item.is_unknown() {
            Symbolic::unknown()
        } else {
            item.symbolic()
        },
        at: item.at.unwrap_or(fallback),
    };
    match &value.kind {
        Kind::List(items) => items.iter().map(one).collect(),
        Kind::Null => Vec::new(),
        _ => vec![one(value)],
    }
}

/// Typed access to a block's arguments, each evaluated to a value located where it is
/// written: in the block, or — for a value from a variable default, a tfvars line, a local,
/// a module argument or a `for_each` map — that place.
struct Attributes<'a> {
    body: Body<'a>,
    context: &'a Context<'a>,
    frame: &'a Frame,
}

impl Attributes<'_> {
    fn get(&self, name: &str) -> Option<(Location, Val)> {
        let attribute = self.body.attribute(name)?;
        let here = self.context.evaluator.at(&attribute)?;
        let value = self.context.evaluator.eval(attribute.value, self.frame);
        // `null` means "not set" in Terraform: the same as leaving the argument out.
        if value.is_null() {
            return None;
        }
        let at = match value.at {
            Some(at) if !(at.file == here.file && here.span.cover(at.span) == here.span) => at,
            _ => here,
        };
        Some((at, value))
    }

    /// A string argument as a located symbolic value (for references such as `queue_url`).
    fn policy_value(&self, name: &str) -> Option<PolicyValue> {
        let (at, value) = self.get(name)?;
        located_values(&value, at)
            .into_iter()
            .next()
            .map(|mut one| {
                one.at = at;
                one
            })
    }

    /// A list argument as located symbolic values (a single value is a list of one).
    fn policy_values(&self, name: &str) -> Vec<PolicyValue> {
        self.get(name)
            .map(|(at, value)| located_values(&value, at))
            .unwrap_or_default()
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
        Some(match value.kind {
            Kind::Str(text) => Value::Known(text, at),
            _ => Value::unknown(at, unknown_reason(&value, "a string")),
        })
    }

    /// A KMS key reference; an empty string means no key, as for the AWS API.
    fn key_ref(&self, name: &str) -> Option<Value<KeyRef>> {
        let (at, value) = self.get(name)?;
        match &value.kind {
            Kind::Str(text) if text.is_empty() => None,
            Kind::Str(text) => Some(Value::Known(KeyRef::Literal(text.clone()), at)),
            Kind::Sym(symbolic) => match referenced_address(symbolic) {
                Some(address) => Some(Value::Known(
                    KeyRef::Resource(ResourceRef {
                        address: address.to_string(),
                    }),
                    at,
                )),
                // An ARN assembled from the deploying partition, region and account (data
                // sources) names the same key in each of them: read as CloudFormation reads one
                // built from pseudo parameters, each standing for any value
                // (`arn:*:kms:*:*:alias/aws/sqs`).
                None if !symbolic.has_unknown() && symbolic.references().next().is_none() => {
                    Some(Value::Known(
                        KeyRef::Literal(
                            crate::frontend::cloudformation::template::pseudo_as_wildcards(
                                symbolic,
                            ),
                        ),
                        at,
                    ))
                }
                None => Some(Value::unknown(at, "a key id not known statically")),
            },
            _ => Some(Value::unknown(at, unknown_reason(&value, "a key id"))),
        }
    }

    /// A policy argument as a document; `None` when the argument is absent, `null` or `""`
    /// (no policy, as for the AWS API), `Some(None)` when it is not known.
    #[allow(clippy::option_option)] // absent and unknown are different answers
    fn document(&self, name: &str) -> Option<Option<PolicyDocument>> {
        let attribute = self.body.attribute(name)?;
        let evaluator = self.context.evaluator;
        let value = evaluator.eval(attribute.value, self.frame);
        match &value.kind {
            Kind::Null => return None,
            Kind::Str(text) if text.trim().is_empty() => return None,
            _ => {}
        }
        let node = policy::tree(
            evaluator,
            attribute.value,
            self.frame,
            self.context.offsets,
            self.context.texts,
        );
        let offsets = self.context.offsets.borrow();
        Some(
            node.and_then(|node| {
                policy_document::read_located(&node, &|span| offsets.locate(span))
            }),
        )
    }
}

fn unknown_reason(value: &Val, expected: &str) -> String {
    match &value.kind {
        Kind::Unknown(reason) | Kind::Invalid(reason) => reason.clone(),
        _ => format!("not {expected}"),
    }
}
