//! The model: what every front-end produces and the only thing rules see.
//!
//! A front-end turns one scan unit (a Terraform module directory, a CloudFormation template)
//! into a [`Model`]; `link` then resolves cross-resource references inside it.

pub mod fields;

use crate::source::Span;

/// Index of a file within the scan unit that produced the model.
pub type FileId = u32;

/// Where a value or resource was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: FileId,
    pub span: Span,
}

/// A statically evaluated value: known, or unknown with the reason why.
/// Unknown never produces a finding by itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<T> {
    Known(T, Location),
    Unknown(Unknown),
}

/// Why a value could not be resolved, and where the unresolvable expression sits.
#[derive(Debug, Clone, PartialEq)]
pub struct Unknown {
    pub at: Location,
    pub reason: String,
}

impl<T> Value<T> {
    #[must_use]
    pub fn unknown(at: Location, reason: impl Into<String>) -> Self {
        Value::Unknown(Unknown {
            at,
            reason: reason.into(),
        })
    }

    #[must_use]
    pub fn at(&self) -> Location {
        match self {
            Value::Known(_, at) => *at,
            Value::Unknown(unknown) => unknown.at,
        }
    }

    #[must_use]
    pub fn known(&self) -> Option<&T> {
        match self {
            Value::Known(value, _) => Some(value),
            Value::Unknown(_) => None,
        }
    }
}

/// One resource of the scanned code, with where it was declared.
#[derive(Debug, Clone)]
pub struct Resource<T> {
    /// Address users recognise: `aws_sqs_queue.orders`, `Resources.OrdersQueue`.
    pub address: String,
    /// The IaC type as written: `aws_sqs_queue`, `AWS::SQS::Queue`.
    pub kind: String,
    /// The resource header (Terraform block header, CloudFormation logical id).
    pub at: Location,
    /// Suppressions written in the resource's own metadata (CloudFormation `Metadata`).
    pub suppressions: Vec<MetadataSuppression>,
    pub props: T,
}

/// Which tool's syntax a metadata suppression was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionSyntax {
    /// `Metadata: { sqsguard: { ignore: [{ id: SQS101, reason: … }] } }`
    Sqsguard,
    /// `Metadata: { checkov: { skip: [{ id: CKV_AWS_27, comment: … }] } }`
    Checkov,
}

/// One entry of a resource's metadata suppressions, kept as written; what it suppresses is
/// decided later, against the rules' ids and equivalents.
#[derive(Debug, Clone, PartialEq)]
pub struct MetadataSuppression {
    pub syntax: SuppressionSyntax,
    /// The id as written: one of ours (`SQS101`) or the other tool's (`CKV_AWS_27`).
    pub id: String,
    /// The reason (`reason` for sqsguard, `comment` for Checkov), when given.
    pub reason: Option<String>,
    /// An expiry date `YYYY-MM-DD` (`until`), when given.
    pub until: Option<String>,
    pub at: Location,
}

/// A reference to another resource of the same unit, by address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRef {
    pub address: String,
}

/// How a queue names its KMS key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRef {
    /// A literal key id, key ARN, alias name or alias ARN.
    Literal(String),
    /// A KMS key (or alias) resource of the scanned code.
    Resource(ResourceRef),
}

/// An SQS queue (`aws_sqs_queue`, `AWS::SQS::Queue`).
#[derive(Debug, Clone, Default)]
pub struct Queue {
    pub name: Option<Value<String>>,
    /// SSE-SQS (`sqs_managed_sse_enabled`, `SqsManagedSseEnabled`); `None` when not declared.
    pub sse_sqs_enabled: Option<Value<bool>>,
    /// SSE-KMS key (`kms_master_key_id`, `KmsMasterKeyId`); `None` when not declared or empty.
    pub kms_key: Option<Value<KeyRef>>,
    /// Index into [`Model::kms_keys`] of the key `kms_key` resolves to, set by [`Model::link`].
    pub kms_key_resource: Option<usize>,
}

/// A customer managed KMS key defined in the scanned code (`aws_kms_key`, `AWS::KMS::Key`).
#[derive(Debug, Clone, Default)]
pub struct KmsKey {
    /// `enable_key_rotation` / `EnableKeyRotation`; `None` when not declared (both default off).
    pub rotation_enabled: Option<Value<bool>>,
    /// Addresses of aliases (`aws_kms_alias`, `AWS::KMS::Alias`) that target this key.
    pub aliases: Vec<String>,
    /// Indices into [`Model::queues`] of the queues encrypted with this key, set by [`Model::link`].
    pub queues: Vec<usize>,
}

/// A KMS alias resource, kept so that a queue naming the alias links to the key behind it.
#[derive(Debug, Clone)]
pub struct KmsAlias {
    pub name: Option<Value<String>>,
    pub target: Option<Value<KeyRef>>,
}

/// Everything one scan unit declares, normalised.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub queues: Vec<Resource<Queue>>,
    pub kms_keys: Vec<Resource<KmsKey>>,
    pub kms_aliases: Vec<Resource<KmsAlias>>,
}

impl Model {
    /// Resolve references between resources: queue → KMS key (directly or through an alias).
    pub fn link(&mut self) {
        for key in &mut self.kms_keys {
            key.props.queues.clear();
            key.props.aliases.clear();
        }
        for alias in &self.kms_aliases {
            if let Some(key) = alias
                .props
                .target
                .as_ref()
                .and_then(|target| resolve_key(&self.kms_keys, &[], target.known()?))
            {
                self.kms_keys[key].props.aliases.push(alias.address.clone());
            }
        }
        for (queue_index, queue) in self.queues.iter_mut().enumerate() {
            let key = queue
                .props
                .kms_key
                .as_ref()
                .and_then(Value::known)
                .and_then(|reference| resolve_key(&self.kms_keys, &self.kms_aliases, reference));
            queue.props.kms_key_resource = key;
            if let Some(key) = key {
                self.kms_keys[key].props.queues.push(queue_index);
            }
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.queues.is_empty() && self.kms_keys.is_empty() && self.kms_aliases.is_empty()
    }
}

/// The key a reference names: a key resource directly, or through an alias resource named by
/// reference or by its literal name (`alias/x`, or an alias ARN ending in it). AWS aliases
/// target keys, never other aliases, so one hop is enough.
fn resolve_key(
    keys: &[Resource<KmsKey>],
    aliases: &[Resource<KmsAlias>],
    reference: &KeyRef,
) -> Option<usize> {
    let key_at = |address: &str| keys.iter().position(|key| key.address == address);
    let alias = match reference {
        KeyRef::Resource(target) => {
            if let Some(index) = key_at(&target.address) {
                return Some(index);
            }
            aliases
                .iter()
                .find(|alias| alias.address == target.address)?
        }
        KeyRef::Literal(text) => {
            let name = text
                .find(":alias/")
                .map_or(text.as_str(), |at| &text[at + 1..]);
            aliases.iter().find(|alias| {
                alias
                    .props
                    .name
                    .as_ref()
                    .and_then(Value::known)
                    .map(String::as_str)
                    == Some(name)
            })?
        }
    };
    match alias.props.target.as_ref()?.known()? {
        KeyRef::Resource(target) => key_at(&target.address),
        KeyRef::Literal(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Location {
        Location {
            file: 0,
            span: Span::default(),
        }
    }

    fn resource<T>(address: &str, props: T) -> Resource<T> {
        Resource {
            address: address.into(),
            kind: String::new(),
            at: at(),
            suppressions: Vec::new(),
            props,
        }
    }

    fn queue_with_key(address: &str, key: KeyRef) -> Resource<Queue> {
        resource(
            address,
            Queue {
                kms_key: Some(Value::Known(key, at())),
                ..Queue::default()
            },
        )
    }

    #[test]
    fn queues_link_to_keys_directly_and_through_aliases() {
        let mut model = Model {
            kms_keys: vec![resource("k", KmsKey::default())],
            kms_aliases: vec![resource(
                "a",
                KmsAlias {
                    name: Some(Value::Known("alias/orders".into(), at())),
                    target: Some(Value::Known(
                        KeyRef::Resource(ResourceRef {
                            address: "k".into(),
                        }),
                        at(),
                    )),
                },
            )],
            queues: vec![
                queue_with_key(
                    "direct",
                    KeyRef::Resource(ResourceRef {
                        address: "k".into(),
                    }),
                ),
                queue_with_key(
                    "by-alias-ref",
                    KeyRef::Resource(ResourceRef {
                        address: "a".into(),
                    }),
                ),
                queue_with_key("by-alias-name", KeyRef::Literal("alias/orders".into())),
                queue_with_key(
                    "by-alias-arn",
                    KeyRef::Literal("arn:aws:kms:eu-west-1:111122223333:alias/orders".into()),
                ),
                queue_with_key("other", KeyRef::Literal("alias/aws/sqs".into())),
            ],
        };
        model.link();
        assert_eq!(model.kms_keys[0].props.queues, vec![0, 1, 2, 3]);
        assert_eq!(model.kms_keys[0].props.aliases, vec!["a".to_string()]);
        assert_eq!(model.queues[4].props.kms_key_resource, None);
    }
}
