//! The model as rule files see it: named collections of subjects with typed, documented fields.
//!
//! Rule files name a `resource` collection and field paths; both are checked against these
//! schemas when rules load, so a typo is an error naming the rule file and line.

use std::borrow::Cow;

use super::{AccessKey, CredentialKind, VpcEndpoint};
use super::{KeyRef, Location, Model, Resource, StatementSubject, Truth, Value};
use crate::model::policy::Effect;
use crate::policy::actions::ActionClass;
use crate::policy::principals::Account;

/// The type of a field, for load-time checks of the operators applied to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Bool,
    String,
    /// A list of strings (for example the addresses of the queues using a key).
    StringList,
}

impl FieldType {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Bool => "bool",
            FieldType::String => "string",
            FieldType::StringList => "list of strings",
        }
    }
}

/// One documented field of a collection.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub ty: FieldType,
    pub doc: &'static str,
}

/// A collection of subjects that a rule can run over.
#[derive(Debug, Clone, Copy)]
pub struct CollectionSpec {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [FieldSpec],
}

impl CollectionSpec {
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|field| field.name == name)
    }
}

/// A field's value on one subject, three-valued: missing, unknown, or known.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'m> {
    /// Not declared at all (the IaC default applies).
    Missing,
    /// Declared, but not statically resolvable.
    Unknown(Location),
    Bool(bool, Location),
    Str(Cow<'m, str>, Location),
    /// A reference to another resource of the scanned code: never equal to a literal.
    Ref(&'m str, Location),
    List(Vec<Field<'m>>, Option<Location>),
}

impl Field<'_> {
    #[must_use]
    pub fn location(&self) -> Option<Location> {
        match self {
            Field::Missing => None,
            Field::Unknown(at) | Field::Bool(_, at) | Field::Str(_, at) | Field::Ref(_, at) => {
                Some(*at)
            }
            Field::List(_, at) => *at,
        }
    }

    /// Text for messages; `None` when the value is missing or unknown.
    #[must_use]
    pub fn display(&self) -> Option<String> {
        match self {
            Field::Missing | Field::Unknown(_) => None,
            Field::Bool(value, _) => Some(value.to_string()),
            Field::Str(value, _) => Some(value.to_string()),
            Field::Ref(address, _) => Some((*address).to_string()),
            Field::List(items, _) => Some(
                items
                    .iter()
                    .filter_map(Field::display)
                    .map(|item| format!("`{item}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        }
    }
}

/// One element of a collection, as rules see it.
pub trait Subject {
    fn address(&self) -> &str;
    /// The resource header: where a finding about a missing attribute points.
    fn header(&self) -> Location;
    /// The value of `name`, which load-time validation guarantees is in the collection's schema.
    fn field<'m>(&'m self, name: &str, model: &'m Model) -> Field<'m>;
    /// The resource the subject belongs to: its header and its metadata suppressions (for a
    /// policy statement, the resource holding the policy).
    fn resource(&self) -> (Location, &[super::MetadataSuppression]);
    /// Where a field's value is used, when the value was written somewhere else (a parameter
    /// default): the finding points at where it was written and names this as related.
    fn consumer(&self, _field: &str) -> Option<Location> {
        None
    }
}

fn truth_field<'m>(value: Truth, at: Location) -> Field<'m> {
    match value {
        Truth::True => Field::Bool(true, at),
        Truth::False => Field::Bool(false, at),
        Truth::Unknown => Field::Unknown(at),
    }
}

fn string_list<'m>(items: impl IntoIterator<Item = String>, at: Location) -> Field<'m> {
    Field::List(
        items
            .into_iter()
            .map(|item| Field::Str(Cow::Owned(item), at))
            .collect(),
        Some(at),
    )
}

fn bool_field(value: Option<&Value<bool>>) -> Field<'_> {
    match value {
        None => Field::Missing,
        Some(Value::Known(value, at)) => Field::Bool(*value, *at),
        Some(Value::Unknown(unknown)) => Field::Unknown(unknown.at),
    }
}

fn string_field(value: Option<&Value<String>>) -> Field<'_> {
    match value {
        None => Field::Missing,
        Some(Value::Known(value, at)) => Field::Str(Cow::Borrowed(value), *at),
        Some(Value::Unknown(unknown)) => Field::Unknown(unknown.at),
    }
}

pub const QUEUE: CollectionSpec = CollectionSpec {
    name: "queue",
    doc: "Every SQS queue (`aws_sqs_queue`, `AWS::SQS::Queue`).",
    fields: &[
        FieldSpec {
            name: "address",
            ty: FieldType::String,
            doc: "The queue's address.",
        },
        FieldSpec {
            name: "name",
            ty: FieldType::String,
            doc: "The queue name, when declared.",
        },
        FieldSpec {
            name: "sse_sqs_enabled",
            ty: FieldType::Bool,
            doc: "SSE-SQS as declared (`sqs_managed_sse_enabled`, `SqsManagedSseEnabled`).",
        },
        FieldSpec {
            name: "kms_key",
            ty: FieldType::String,
            doc: "The SSE-KMS key as declared: a literal id, ARN or alias, or a reference to a \
                  key of the scanned code (which equals no literal).",
        },
        FieldSpec {
            name: "kms_key_in_scan",
            ty: FieldType::Bool,
            doc: "Whether the KMS key is a key resource of the scanned code.",
        },
        FieldSpec {
            name: "has_policy",
            ty: FieldType::Bool,
            doc: "Whether a resource policy is attached (unknown when an attachment cannot be resolved).",
        },
        FieldSpec {
            name: "policy",
            ty: FieldType::String,
            doc: "The first attached policy document (its location is where a policy fix goes).",
        },
        FieldSpec {
            name: "tls_enforced",
            ty: FieldType::Bool,
            doc: "The effective policy denies `*`/`sqs:*` to `*` when `aws:SecureTransport` is false.",
        },
        FieldSpec {
            name: "vpce_allow_without_deny",
            ty: FieldType::Bool,
            doc: "An Allow is restricted to a VPC endpoint (`aws:SourceVpce`/`aws:SourceVpc`) but no Deny \
                  refuses requests from elsewhere; located at the Allow's condition.",
        },
    ],
};

pub const POLICY_STATEMENT: CollectionSpec = CollectionSpec {
    name: "policy_statement",
    doc: "Every statement of every queue policy and identity policy, analysed once.",
    fields: &[
        FieldSpec {
            name: "address",
            ty: FieldType::String,
            doc: "The resource holding the policy.",
        },
        FieldSpec {
            name: "policy_kind",
            ty: FieldType::String,
            doc: "`queue` or `identity`.",
        },
        FieldSpec {
            name: "statement",
            ty: FieldType::String,
            doc: "The statement's Sid in backticks, or `#n`.",
        },
        FieldSpec {
            name: "queues",
            ty: FieldType::StringList,
            doc: "Scanned queues a queue policy is attached to.",
        },
        FieldSpec {
            name: "effect",
            ty: FieldType::String,
            doc: "`Allow` or `Deny`.",
        },
        FieldSpec {
            name: "principal_wildcard",
            ty: FieldType::Bool,
            doc: "A wildcard principal (`*`, `{\"AWS\": \"*\"}`) is named; located at `Principal`.",
        },
        FieldSpec {
            name: "not_principal",
            ty: FieldType::Bool,
            doc: "The statement uses `NotPrincipal`.",
        },
        FieldSpec {
            name: "principals",
            ty: FieldType::StringList,
            doc: "The principals as written.",
        },
        FieldSpec {
            name: "has_conditions",
            ty: FieldType::Bool,
            doc: "A `Condition` block with at least one clause; located at `Condition`.",
        },
        FieldSpec {
            name: "restricting_condition",
            ty: FieldType::Bool,
            doc: "Some condition clause narrows who can call (rules.md).",
        },
        FieldSpec {
            name: "action_full_wildcard",
            ty: FieldType::Bool,
            doc: "`*` or `sqs:*` in `Action`; located at `Action`.",
        },
        FieldSpec {
            name: "actions",
            ty: FieldType::StringList,
            doc: "The action patterns as written (`Action` or `NotAction`).",
        },
        FieldSpec {
            name: "not_action",
            ty: FieldType::Bool,
            doc: "The statement uses `NotAction`; located at `NotAction`.",
        },
        FieldSpec {
            name: "reaches_sqs",
            ty: FieldType::Bool,
            doc: "The statement can grant an SQS action.",
        },
        FieldSpec {
            name: "sqs_actions",
            ty: FieldType::StringList,
            doc: "The SQS actions covered (for `NotAction`, those not excluded).",
        },
        FieldSpec {
            name: "action_classes",
            ty: FieldType::StringList,
            doc: "Classes of the SQS actions covered: admin, producer, consumer, read.",
        },
        FieldSpec {
            name: "mixed_roles",
            ty: FieldType::Bool,
            doc: "Actions of two or more of admin, producer, consumer.",
        },
        FieldSpec {
            name: "admin_actions",
            ty: FieldType::StringList,
            doc: "The admin actions covered.",
        },
        FieldSpec {
            name: "all_queues_resource",
            ty: FieldType::Bool,
            doc: "`Resource` is `*` or an ARN pattern covering every queue; located at `Resource`.",
        },
        FieldSpec {
            name: "attached_to_user",
            ty: FieldType::Bool,
            doc: "An identity policy held directly by an IAM user.",
        },
        FieldSpec {
            name: "untrusted_accounts",
            ty: FieldType::StringList,
            doc: "Accounts of the principals that are not in the configured `trusted_accounts` (missing when that list is not configured); located at `Principal`.",
        },
    ],
};

pub const VPC_ENDPOINT: CollectionSpec = CollectionSpec {
    name: "vpc_endpoint",
    doc: "Every VPC endpoint (`aws_vpc_endpoint`, `AWS::EC2::VPCEndpoint`).",
    fields: &[
        FieldSpec {
            name: "address",
            ty: FieldType::String,
            doc: "The endpoint's address.",
        },
        FieldSpec {
            name: "service_name",
            ty: FieldType::String,
            doc: "The service name as written; located at it.",
        },
        FieldSpec {
            name: "is_sqs",
            ty: FieldType::Bool,
            doc: "The service name ends in `.sqs`.",
        },
        FieldSpec {
            name: "endpoint_type",
            ty: FieldType::String,
            doc: "`Interface`, `Gateway`, … as declared.",
        },
        FieldSpec {
            name: "private_dns",
            ty: FieldType::Bool,
            doc: "`private_dns_enabled` / `PrivateDnsEnabled` as declared (both default to off).",
        },
        FieldSpec {
            name: "full_access",
            ty: FieldType::Bool,
            doc: "No endpoint policy, or one that allows `*` to anyone on `*` without a restricting condition; located at the policy or the endpoint.",
        },
        FieldSpec {
            name: "open_security_group",
            ty: FieldType::Bool,
            doc: "A security group it uses allows ingress from `0.0.0.0/0` or `::/0`; located at that range.",
        },
    ],
};

pub const ACCESS_KEY: CollectionSpec = CollectionSpec {
    name: "access_key",
    doc: "Every long-term IAM access key the code creates (`aws_iam_access_key`, `AWS::IAM::AccessKey`).",
    fields: &[FieldSpec {
        name: "address",
        ty: FieldType::String,
        doc: "The key's address.",
    }],
};

pub const CREDENTIAL: CollectionSpec = CollectionSpec {
    name: "credential",
    doc: "Every literal AWS credential written in a scanned file: access key ids, and secret-key-shaped strings on a line that mentions a secret or just below one.",
    fields: &[
        FieldSpec {
            name: "address",
            ty: FieldType::String,
            doc: "The file it is written in.",
        },
        FieldSpec {
            name: "kind",
            ty: FieldType::String,
            doc: "`access key id` or `secret access key`.",
        },
    ],
};

pub const KMS_KEY: CollectionSpec = CollectionSpec {
    name: "kms_key",
    doc: "Every customer managed KMS key defined in the scanned code (`aws_kms_key`, `AWS::KMS::Key`).",
    fields: &[
        FieldSpec {
            name: "address",
            ty: FieldType::String,
            doc: "The key's address.",
        },
        FieldSpec {
            name: "rotation_enabled",
            ty: FieldType::Bool,
            doc: "Automatic rotation as declared (`enable_key_rotation`, `EnableKeyRotation`).",
        },
        FieldSpec {
            name: "queues",
            ty: FieldType::StringList,
            doc: "Addresses of the scanned queues encrypted with this key (directly or through an alias).",
        },
    ],
};

/// Every collection rules may name.
pub const COLLECTIONS: &[CollectionSpec] = &[
    QUEUE,
    KMS_KEY,
    POLICY_STATEMENT,
    VPC_ENDPOINT,
    ACCESS_KEY,
    CREDENTIAL,
];

#[must_use]
pub fn collection(name: &str) -> Option<&'static CollectionSpec> {
    COLLECTIONS
        .iter()
        .find(|collection| collection.name == name)
}

impl ResourceFields for super::Queue {
    fn field<'m>(resource: &'m Resource<Self>, name: &str, _model: &'m Model) -> Field<'m> {
        let queue = &resource.props;
        match name {
            "name" => string_field(queue.name.as_ref()),
            "sse_sqs_enabled" => bool_field(queue.sse_sqs_enabled.as_ref()),
            "kms_key" => match &queue.kms_key {
                None => Field::Missing,
                Some(Value::Unknown(unknown)) => Field::Unknown(unknown.at),
                Some(Value::Known(KeyRef::Literal(key), at)) => Field::Str(Cow::Borrowed(key), *at),
                Some(Value::Known(KeyRef::Resource(target), at)) => {
                    Field::Ref(&target.address, *at)
                }
            },
            "kms_key_in_scan" => match &queue.kms_key {
                None => Field::Missing,
                Some(value) => Field::Bool(queue.kms_key_resource.is_some(), value.at()),
            },
            "has_policy" => truth_field(
                queue.facts.has_policy,
                queue.facts.policy_at.unwrap_or(resource.at),
            ),
            "policy" => match queue.facts.policy_at {
                Some(at) => Field::Str(Cow::Borrowed("policy"), at),
                None => Field::Missing,
            },
            "tls_enforced" => truth_field(
                queue.facts.tls_enforced,
                queue.facts.policy_at.unwrap_or(resource.at),
            ),
            "vpce_allow_without_deny" => match queue.facts.vpce_allow_without_deny {
                Some((truth, at)) => truth_field(truth, at),
                None => Field::Bool(false, resource.at),
            },
            _ => Field::Missing,
        }
    }
}

impl ResourceFields for super::KmsKey {
    fn field<'m>(resource: &'m Resource<Self>, name: &str, model: &'m Model) -> Field<'m> {
        match name {
            "rotation_enabled" => bool_field(resource.props.rotation_enabled.as_ref()),
            "queues" => Field::List(
                resource
                    .props
                    .queues
                    .iter()
                    .filter_map(|&index| model.queues.get(index))
                    .map(|queue| Field::Str(Cow::Borrowed(queue.address.as_str()), queue.at))
                    .collect(),
                None,
            ),
            _ => Field::Missing,
        }
    }
}

impl StatementSubject<'_> {
    /// Where the wildcard principal was written, when that is outside the `Principal` block.
    fn wildcard_written_elsewhere(&self) -> Option<Location> {
        self.principal_written_elsewhere(&|class| {
            *class == crate::policy::principals::PrincipalClass::Wildcard
        })
    }

    /// Where the first principal of a kind was written, when that is outside the `Principal`
    /// block (a variable default, a tfvars line, a module argument, a `for_each` map entry).
    fn principal_written_elsewhere(
        &self,
        wanted: &dyn Fn(&crate::policy::principals::PrincipalClass) -> bool,
    ) -> Option<Location> {
        let block = self.statement.principals.as_ref()?;
        block
            .entries
            .iter()
            .zip(&self.facts.principals)
            .find(|(_, class)| wanted(class))
            .map(|(entry, _)| entry.value.at)
            .filter(|at| {
                // Another file is elsewhere whatever its offsets.
                at.file != block.at.file
                    || at.span.start < block.at.span.start
                    || at.span.end > block.at.span.end
            })
    }
}

impl Subject for StatementSubject<'_> {
    fn address(&self) -> &str {
        self.holder.address()
    }

    fn resource(&self) -> (Location, &[super::MetadataSuppression]) {
        let (_, header, suppressions, _) = self.holder.common();
        (header, suppressions)
    }

    fn consumer(&self, field: &str) -> Option<Location> {
        let block = self.statement.principals.as_ref()?;
        match field {
            "principal_wildcard" => self.wildcard_written_elsewhere().map(|_| block.at),
            // The engine drops a consumer that is where the finding already is.
            "untrusted_accounts" => Some(block.at),
            _ => None,
        }
    }

    fn header(&self) -> Location {
        self.statement.at
    }

    fn field<'m>(&'m self, name: &str, model: &'m Model) -> Field<'m> {
        let statement = self.statement;
        let facts = &self.facts;
        let here = statement.at;
        let principals_at = statement.principals.as_ref().map_or(here, |p| p.at);
        let actions_at = statement.actions.as_ref().map_or(here, |a| a.at);
        let conditions_at = statement.conditions.as_ref().map_or(here, |c| c.at);
        match name {
            "address" => match self.holder.common() {
                (address, _, _, Some(label)) => {
                    Field::Str(Cow::Owned(format!("{address} ({label})")), here)
                }
                (address, _, _, None) => Field::Str(Cow::Borrowed(address), here),
            },
            "policy_kind" => Field::Str(Cow::Borrowed(self.holder.kind().name()), here),
            "statement" => Field::Str(Cow::Owned(self.label()), here),
            "queues" => Field::List(
                self.queues(model)
                    .map(|queue| Field::Str(Cow::Borrowed(queue), here))
                    .collect(),
                Some(here),
            ),
            "effect" => match facts.effect {
                Some(Effect::Allow) => Field::Str(Cow::Borrowed("Allow"), here),
                Some(Effect::Deny) => Field::Str(Cow::Borrowed("Deny"), here),
                None => Field::Unknown(here),
            },
            // A `*` written elsewhere (a parameter default) is located where it was written.
            "principal_wildcard" => truth_field(
                facts.principal_wildcard,
                self.wildcard_written_elsewhere().unwrap_or(principals_at),
            ),
            "not_principal" => Field::Bool(facts.not_principal, principals_at),
            "principals" => match &statement.principals {
                None => Field::Missing,
                Some(block) => string_list(
                    block
                        .entries
                        .iter()
                        .map(|entry| entry.value.value.to_string()),
                    block.at,
                ),
            },
            "has_conditions" => Field::Bool(facts.has_conditions, conditions_at),
            "restricting_condition" => truth_field(facts.restricting_condition, conditions_at),
            // Known parts decide: an unknown item alone never makes a full wildcard.
            "action_full_wildcard" => Field::Bool(facts.action_full_wildcard, actions_at),
            "not_action" => Field::Bool(facts.not_action, actions_at),
            "actions" => match &statement.actions {
                None => Field::Missing,
                Some(block) => string_list(
                    block.values.iter().map(|value| value.value.to_string()),
                    block.at,
                ),
            },
            "reaches_sqs" => truth_field(facts.reaches_sqs(), actions_at),
            "sqs_actions" => string_list(
                facts.granted_actions().names().map(|n| format!("sqs:{n}")),
                actions_at,
            ),
            "action_classes" => string_list(
                facts.classes().iter().map(|c| c.name().to_string()),
                actions_at,
            ),
            "mixed_roles" => {
                if facts.actions_unknown && !facts.mixed_roles() {
                    Field::Unknown(actions_at)
                } else {
                    Field::Bool(facts.mixed_roles(), actions_at)
                }
            }
            "admin_actions" => string_list(
                facts
                    .granted_actions()
                    .names()
                    .filter(|name| {
                        crate::policy::actions::SQS_ACTIONS
                            .iter()
                            .any(|(action, class)| action == name && *class == ActionClass::Admin)
                    })
                    .map(|n| format!("sqs:{n}")),
                actions_at,
            ),
            "all_queues_resource" => truth_field(
                facts.all_queues_resource,
                statement.resources.as_ref().map_or(here, |r| r.at),
            ),
            "attached_to_user" => Field::Bool(self.attached_to_user(), here),
            "untrusted_accounts" => {
                let Some(trusted) = &model.trusted_accounts else {
                    return Field::Missing;
                };
                let mut untrusted = Vec::new();
                for class in &facts.principals {
                    match class.account() {
                        Some(Account::Id(id)) if !trusted.contains(id) => {
                            untrusted.push(id.clone());
                        }
                        Some(Account::Unknown) => return Field::Unknown(principals_at),
                        _ => {}
                    }
                }
                untrusted.sort();
                untrusted.dedup();
                // An untrusted account written elsewhere is located where it was written.
                let at = self
                    .principal_written_elsewhere(&|class| {
                        matches!(class.account(), Some(Account::Id(id)) if !trusted.contains(id))
                    })
                    .unwrap_or(principals_at);
                string_list(untrusted, at)
            }
            _ => Field::Missing,
        }
    }
}

impl ResourceFields for VpcEndpoint {
    fn field<'m>(resource: &'m Resource<Self>, name: &str, _model: &'m Model) -> Field<'m> {
        let endpoint = &resource.props;
        let facts = &endpoint.facts;
        match name {
            "service_name" => match &endpoint.service_name {
                None => Field::Missing,
                Some(value) => Field::Str(Cow::Owned(value.value.to_string()), value.at),
            },
            "is_sqs" => truth_field(
                facts.is_sqs,
                endpoint.service_name.as_ref().map_or(resource.at, |v| v.at),
            ),
            "endpoint_type" => string_field(endpoint.endpoint_type.as_ref()),
            "private_dns" => bool_field(endpoint.private_dns.as_ref()),
            "full_access" => truth_field(
                facts.full_access,
                facts.full_access_at.unwrap_or(resource.at),
            ),
            "open_security_group" => truth_field(
                facts.open_ingress,
                facts.open_ingress_at.unwrap_or(resource.at),
            ),
            _ => Field::Missing,
        }
    }
}

impl ResourceFields for AccessKey {
    /// An access key has no fields beyond its address: creating one is the finding.
    fn field<'m>(_resource: &'m Resource<Self>, _name: &str, _model: &'m Model) -> Field<'m> {
        Field::Missing
    }
}

impl ResourceFields for CredentialKind {
    fn field<'m>(resource: &'m Resource<Self>, name: &str, _model: &'m Model) -> Field<'m> {
        match name {
            "kind" => Field::Str(
                Cow::Borrowed(match resource.props {
                    CredentialKind::AccessKeyId => "access key id",
                    CredentialKind::SecretAccessKey => "secret access key",
                }),
                resource.at,
            ),
            _ => Field::Missing,
        }
    }
}

/// The typed fields of one kind of resource; `address` is common to all of them.
pub trait ResourceFields: Sized {
    fn field<'m>(resource: &'m Resource<Self>, name: &str, model: &'m Model) -> Field<'m>;
}

impl<T: ResourceFields> Subject for Resource<T> {
    fn address(&self) -> &str {
        &self.address
    }

    fn resource(&self) -> (Location, &[super::MetadataSuppression]) {
        (self.at, &self.suppressions)
    }

    fn header(&self) -> Location {
        self.at
    }

    fn field<'m>(&'m self, name: &str, model: &'m Model) -> Field<'m> {
        match name {
            // Messages name the CDK construct path too, when the template has one.
            "address" => match &self.label {
                Some(label) => {
                    Field::Str(Cow::Owned(format!("{} ({label})", self.address)), self.at)
                }
                None => Field::Str(Cow::Borrowed(&self.address), self.at),
            },
            _ => T::field(self, name, model),
        }
    }
}

/// Show every subject of `collection` in a model to `visit`, for the engine. (A visitor: a
/// policy statement is a view built on the way, not something the model stores.)
pub fn for_each_subject(
    model: &Model,
    collection: &CollectionSpec,
    mut visit: impl FnMut(&dyn Subject),
) {
    fn each<T: Subject>(subjects: &[T], visit: &mut impl FnMut(&dyn Subject)) {
        for subject in subjects {
            visit(subject);
        }
    }
    match collection.name {
        "queue" => each(&model.queues, &mut visit),
        "kms_key" => each(&model.kms_keys, &mut visit),
        "policy_statement" => {
            for statement in model.statements() {
                visit(&statement);
            }
        }
        "vpc_endpoint" => each(&model.vpc_endpoints, &mut visit),
        "access_key" => each(&model.access_keys, &mut visit),
        "credential" => each(&model.credentials, &mut visit),
        _ => {}
    }
}
