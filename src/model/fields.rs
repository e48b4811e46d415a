//! The model as rule files see it: named collections of subjects with typed, documented fields.
//!
//! Rule files name a `resource` collection and field paths; both are checked against these
//! schemas when rules load, so a typo is an error naming the rule file and line.

use std::borrow::Cow;

use super::{KeyRef, Location, Model, Resource, Value};

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
pub const COLLECTIONS: &[CollectionSpec] = &[QUEUE, KMS_KEY];

#[must_use]
pub fn collection(name: &str) -> Option<&'static CollectionSpec> {
    COLLECTIONS
        .iter()
        .find(|collection| collection.name == name)
}

impl Subject for Resource<super::Queue> {
    fn address(&self) -> &str {
        &self.address
    }

    fn header(&self) -> Location {
        self.at
    }

    fn field<'m>(&'m self, name: &str, _model: &'m Model) -> Field<'m> {
        let queue = &self.props;
        match name {
            "address" => Field::Str(Cow::Borrowed(&self.address), self.at),
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
            _ => Field::Missing,
        }
    }
}

impl Subject for Resource<super::KmsKey> {
    fn address(&self) -> &str {
        &self.address
    }

    fn header(&self) -> Location {
        self.at
    }

    fn field<'m>(&'m self, name: &str, model: &'m Model) -> Field<'m> {
        match name {
            "address" => Field::Str(Cow::Borrowed(&self.address), self.at),
            "rotation_enabled" => bool_field(self.props.rotation_enabled.as_ref()),
            "queues" => Field::List(
                self.props
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

/// The subjects of `collection` in a model, for the engine.
#[must_use]
pub fn subjects<'m>(model: &'m Model, collection: &CollectionSpec) -> Vec<&'m dyn Subject> {
    match collection.name {
        "queue" => model.queues.iter().map(|q| q as &dyn Subject).collect(),
        "kms_key" => model.kms_keys.iter().map(|k| k as &dyn Subject).collect(),
        _ => Vec::new(),
    }
}
