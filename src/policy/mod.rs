//! IAM policy semantics, in one place: what a statement grants, to whom, under which
//! conditions, and what a queue's effective resource policy guarantees. Computed once per
//! statement and per queue, then exposed to rule files as model fields.

pub mod actions;
pub mod conditions;
pub mod managed;
pub mod principals;

use actions::{ActionClass, SqsActions};
use principals::PrincipalClass;

use crate::model::Truth;
use crate::model::policy::{Effect, Items, PolicyDocument, Statement};
use crate::model::symbolic::{PartRef, Symbolic};

/// What one statement does, independent of any rule.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::struct_excessive_bools)] // facts about a statement are yes/no by nature
pub struct StatementFacts {
    pub effect: Option<Effect>,
    /// A wildcard principal (`*`, `{"AWS": "*"}`) is among the principals.
    pub principal_wildcard: Truth,
    pub not_principal: bool,
    pub principals: Vec<PrincipalClass>,
    /// A `Condition` block with at least one clause (or an unresolvable one).
    pub has_conditions: bool,
    /// Some clause narrows who can call.
    pub restricting_condition: Truth,
    pub not_action: bool,
    /// `*` or `sqs:*` is granted (in `Action`).
    pub action_full_wildcard: bool,
    /// The SQS actions the statement covers (for `NotAction`, those not excluded).
    pub sqs_actions: SqsActions,
    /// Part of the action list could not be resolved.
    pub actions_unknown: bool,
    /// `Resource` is `*` or an ARN pattern covering every queue.
    pub all_queues_resource: Truth,
}

impl StatementFacts {
    /// The statement can grant some SQS action.
    #[must_use]
    pub fn reaches_sqs(&self) -> Truth {
        if self.not_action && self.actions_unknown {
            // An unknown exclusion may exclude every SQS action.
            return Truth::Unknown;
        }
        if self.action_full_wildcard || !self.sqs_actions.is_empty() {
            Truth::True
        } else if self.actions_unknown {
            Truth::Unknown
        } else {
            Truth::False
        }
    }

    /// Classes of SQS actions granted.
    #[must_use]
    pub fn classes(&self) -> Vec<ActionClass> {
        self.granted_actions().classes()
    }

    /// The SQS actions surely granted: for `NotAction` with an unknown exclusion, none.
    #[must_use]
    pub fn granted_actions(&self) -> SqsActions {
        if self.not_action && self.actions_unknown {
            SqsActions::default()
        } else {
            self.sqs_actions
        }
    }

    /// Two or more of admin, producer, consumer in one statement.
    #[must_use]
    pub fn mixed_roles(&self) -> bool {
        self.classes()
            .iter()
            .filter(|class| **class != ActionClass::Read)
            .count()
            >= 2
    }
}

/// Analyse one statement.
#[must_use]
pub fn analyse(statement: &Statement) -> StatementFacts {
    let (principals, principal_wildcard, not_principal) = match &statement.principals {
        None => (Vec::new(), Truth::False, false),
        Some(block) => {
            let classes: Vec<PrincipalClass> =
                block.entries.iter().map(principals::classify).collect();
            let wildcard = if classes.contains(&PrincipalClass::Wildcard) {
                Truth::True
            } else if block.unknown || classes.contains(&PrincipalClass::Unknown) {
                Truth::Unknown
            } else {
                Truth::False
            };
            (classes, wildcard, block.negated)
        }
    };
    let (has_conditions, restricting_condition) = match &statement.conditions {
        None => (false, Truth::False),
        Some(block) => {
            let restricting = block
                .clauses
                .iter()
                .map(conditions::restricts)
                .fold(Truth::False, Truth::or);
            let restricting = if block.unknown {
                restricting.or(Truth::Unknown)
            } else {
                restricting
            };
            (!block.clauses.is_empty() || block.unknown, restricting)
        }
    };
    let (not_action, action_full_wildcard, sqs_actions, actions_unknown) =
        action_facts(statement.actions.as_ref());
    StatementFacts {
        effect: statement.effect,
        principal_wildcard,
        not_principal,
        principals,
        has_conditions,
        restricting_condition,
        not_action,
        action_full_wildcard,
        sqs_actions,
        actions_unknown,
        all_queues_resource: all_queues(statement.resources.as_ref()),
    }
}

fn action_facts(actions: Option<&Items>) -> (bool, bool, SqsActions, bool) {
    let Some(items) = actions else {
        return (false, false, SqsActions::default(), false);
    };
    let mut matched = SqsActions::default();
    let mut full = false;
    let mut unknown = items.unknown;
    for value in &items.values {
        match value.value.as_text() {
            Some(text) => {
                let pattern = actions::match_pattern(text);
                full |= pattern.full_wildcard;
                matched = matched.union(pattern.sqs);
            }
            None => unknown = true,
        }
    }
    if items.negated {
        (true, false, matched.complement(), unknown)
    } else {
        (false, full, matched, unknown)
    }
}

/// `Resource: "*"` or an SQS ARN pattern whose region, account and name are all wildcards.
fn all_queues(resources: Option<&Items>) -> Truth {
    let Some(items) = resources else {
        return Truth::False;
    };
    if items.negated {
        // `NotResource` covers every queue but the excluded ones.
        return Truth::True;
    }
    let mut result = Truth::False;
    for value in &items.values {
        if value.value.as_text() == Some("*") {
            return Truth::True;
        }
        // `arn:<partition>:sqs:*:*:*`, the partition possibly `${AWS::Partition}`.
        let fields = principals::arn_fields(&value.value);
        let text = |index: usize| fields.get(index).and_then(Symbolic::as_text);
        let all = fields.len() == 6
            && text(0) == Some("arn")
            && matches!(text(2), Some("sqs" | "*"))
            && (3..6).all(|index| text(index) == Some("*"));
        if all {
            return Truth::True;
        }
        if value.value.has_unknown() {
            result = Truth::Unknown;
        }
    }
    if items.unknown {
        result.or(Truth::Unknown)
    } else {
        result
    }
}

/// Whether a statement's resources cover a queue (by address or by name).
#[must_use]
pub fn covers_queue(resources: Option<&Items>, address: &str, name: Option<&str>) -> Truth {
    let Some(items) = resources else {
        // A queue policy without `Resource` applies to the queue it is attached to.
        return Truth::True;
    };
    if items.negated {
        return Truth::Unknown;
    }
    let mut result = Truth::False;
    for value in &items.values {
        result = result.or(value_names_queue(&value.value, address, name));
        if result == Truth::True {
            return result;
        }
    }
    if items.unknown {
        result.or(Truth::Unknown)
    } else {
        result
    }
}

/// Whether a string (an ARN, a URL, a reference) names the queue.
#[must_use]
pub fn value_names_queue(value: &Symbolic, address: &str, name: Option<&str>) -> Truth {
    if value.as_text() == Some("*") {
        return Truth::True;
    }
    if value.references().any(|reference| reference == address) {
        return Truth::True;
    }
    // The last `:`- or `/`-separated field is the queue name in an ARN or a URL.
    match value.last_part() {
        Some(PartRef::Text(text)) => {
            let last = text.rsplit([':', '/']).next().unwrap_or(text);
            let whole_field = text.contains([':', '/']) || value.part_count() == 1;
            match name {
                Some(name) if whole_field => Truth::from_bool(actions::wildcard_match(last, name)),
                _ if value.has_unknown() => Truth::Unknown,
                _ => Truth::False,
            }
        }
        Some(PartRef::Unknown) => Truth::Unknown,
        _ => Truth::False,
    }
}

/// Whether a document holds a TLS-enforcing statement for a queue: Deny, wildcard principal,
/// `*`/`sqs:*`, resource covering the queue, `aws:SecureTransport` = false.
#[must_use]
pub fn enforces_tls(document: &PolicyDocument, address: &str, name: Option<&str>) -> Truth {
    let mut result = Truth::False;
    for statement in &document.statements {
        let facts = analyse(statement);
        if facts.effect != Some(Effect::Deny) || facts.not_principal || !facts.action_full_wildcard
        {
            continue;
        }
        let insecure = statement
            .conditions
            .as_ref()
            .is_some_and(|block| block.clauses.iter().any(conditions::is_insecure_transport));
        if !insecure {
            continue;
        }
        let holds =
            facts
                .principal_wildcard
                .and(covers_queue(statement.resources.as_ref(), address, name));
        result = result.or(holds);
        if result == Truth::True {
            return result;
        }
    }
    if document.unknown_statements {
        result.or(Truth::Unknown)
    } else {
        result
    }
}

/// Whether a VPC endpoint service name is SQS's: `com.amazonaws.<region>.sqs`, also when the
/// region is interpolated.
#[must_use]
pub fn is_sqs_service(name: &Symbolic) -> Truth {
    match name.last_part() {
        Some(PartRef::Text(text)) => {
            Truth::from_bool(text.rsplit('.').next() == Some("sqs") && text.contains('.'))
        }
        Some(PartRef::Unknown) | None => Truth::Unknown,
        Some(_) => Truth::False,
    }
}

/// An endpoint policy that lets anyone do anything: an Allow with a wildcard principal,
/// `*`/`sqs:*`, resource `*`, and no restricting condition.
#[must_use]
pub fn allows_full_access(document: &PolicyDocument) -> Truth {
    let mut result = Truth::False;
    for statement in &document.statements {
        let facts = analyse(statement);
        if facts.effect != Some(Effect::Allow) || !facts.action_full_wildcard {
            continue;
        }
        let any_resource = statement.resources.as_ref().map_or(Truth::True, |items| {
            Truth::from_bool(
                !items.negated && items.values.iter().any(|v| v.value.as_text() == Some("*")),
            )
        });
        let holds = facts
            .principal_wildcard
            .and(any_resource)
            .and(!facts.restricting_condition);
        result = result.or(holds);
    }
    if document.unknown_statements {
        result.or(Truth::Unknown)
    } else {
        result
    }
}
