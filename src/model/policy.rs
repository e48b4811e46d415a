//! Policy documents: the one shape that queue policies, identity policies and VPC endpoint
//! policies take, whatever format they were written in. Every statement, principal, action and
//! condition keeps its location; the semantics (is this principal public? is this condition
//! restricting?) live in `crate::policy`.

use super::Location;
use super::symbolic::Symbolic;

/// A value written in a policy, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyValue {
    pub value: Symbolic,
    pub at: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// The type key of a principal entry: `"*"` alone, or the key of `{"AWS": …}`, `{"Service": …}`…
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalType {
    /// `"Principal": "*"` (or `principals { type = "*" }`).
    Any,
    Aws,
    Service,
    Federated,
    CanonicalUser,
    /// A key we do not know, or a principal block that could not be resolved.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalEntry {
    pub kind: PrincipalType,
    pub value: PolicyValue,
}

/// `Principal` or `NotPrincipal`.
#[derive(Debug, Clone, PartialEq)]
pub struct Principals {
    /// `NotPrincipal`.
    pub negated: bool,
    pub entries: Vec<PrincipalEntry>,
    /// Part of the block could not be resolved (a whole list from a variable, say).
    pub unknown: bool,
    pub at: Location,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`.
#[derive(Debug, Clone, PartialEq)]
pub struct Items {
    /// `NotAction` / `NotResource`.
    pub negated: bool,
    pub values: Vec<PolicyValue>,
    pub unknown: bool,
    pub at: Location,
}

/// One operator/key pair of a `Condition` block: `{"StringEquals": {"aws:SourceArn": [...]}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionClause {
    /// As written: `StringEquals`, `ForAnyValue:StringLike`, `BoolIfExists`…
    pub operator: String,
    /// As written: `aws:SourceArn`.
    pub key: String,
    pub values: Vec<PolicyValue>,
    pub unknown: bool,
    pub at: Location,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conditions {
    pub clauses: Vec<ConditionClause>,
    /// Part of the block could not be resolved.
    pub unknown: bool,
    pub at: Location,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub sid: Option<String>,
    /// `None` when the effect could not be resolved.
    pub effect: Option<Effect>,
    pub principals: Option<Principals>,
    pub actions: Option<Items>,
    pub resources: Option<Items>,
    pub conditions: Option<Conditions>,
    pub at: Location,
}

/// A whole policy document.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDocument {
    pub statements: Vec<Statement>,
    /// Some statements could not be resolved (a dynamic list, an unknown document part).
    pub unknown_statements: bool,
    pub at: Location,
}
