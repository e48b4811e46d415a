//! A Terraform plan read together with the `.tf` configuration it was made from: each
//! resource of both is evaluated once, and findings about it point at the source.
//!
//! The plan's values win where it knows them (variables, tfvars and `-var` already applied),
//! each located at the argument that sets it in the source (at the source's value itself when
//! the two agree: a variable default, a tfvars line). Where the plan has an unknown (a policy
//! that embeds a new queue's ARN), the static evaluation of the source fills it in, located
//! where it is written. A resource of the plan that the source does not declare (one of a
//! registry module never initialised) stays located in the plan file.
//!
//! Resources are matched by address: the plan's `module.a["x"].aws_sqs_queue.q[0]` is the
//! source's instance of that address, or else the block `module.a.aws_sqs_queue.q` (the static
//! reading may not know what `count` or `for_each` expand to). Only an instance of the same
//! address, or a block the static reading could not expand at all, fills the plan's unknowns:
//! another instance's values may differ.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::terraform::Declared;
use crate::model::policy::{
    ConditionClause, Conditions, Items, PolicyDocument, PolicyValue, Principals, Statement,
};
use crate::model::symbolic::Symbolic;
use crate::model::{
    AccessKey, EndpointFacts, EndpointPolicy, Identity, IdentityPolicy, Ingress, KmsAlias, KmsKey,
    Location, Model, Queue, QueueFacts, QueuePolicy, Resource, Value, VpcEndpoint,
};

/// Why a plan is not read as a plan of a configuration: its findings then stay in the plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unrelated {
    #[error("the configuration declares no resource of the plan")]
    NoneDeclared,
    #[error("the configuration does not declare `{0}`, which the plan has")]
    Undeclared(String),
}

/// A plan mapped onto its configuration.
pub struct Mapped {
    pub model: Model,
    /// Configuration addresses (`module.a.aws_sqs_queue.q`: no instance keys) of the blocks
    /// whose instances the plan reports: the configuration's own scan leaves them out.
    pub covered: BTreeSet<String>,
}

/// `module.a["x"].aws_sqs_queue.q[0]` → `module.a.aws_sqs_queue.q`: the block every instance
/// of the address comes from.
#[must_use]
pub fn configuration_address(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for character in address.chars() {
        if quoted {
            match character {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => quoted = false,
                _ => {}
            }
            continue;
        }
        match character {
            '"' if depth > 0 => quoted = true,
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(character),
            _ => {}
        }
    }
    out
}

/// `module.a.module.b.aws_sqs_queue.q` → `module.a.module.b`; `""` for the root module.
fn module_of(configuration_address: &str) -> &str {
    let mut dots = configuration_address.rmatch_indices('.');
    match (dots.next(), dots.next()) {
        (Some(_), Some((at, _))) => &configuration_address[..at],
        _ => "",
    }
}

/// `module.a["x"].aws_sqs_queue.q[0]` → `module.a["x"].aws_sqs_queue.q`: the address a module
/// instance declares, before the resource's own `count`/`for_each`.
fn without_instance_key(address: &str) -> &str {
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    let mut last_open = None;
    for (at, byte) in address.bytes().enumerate() {
        if quoted {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => quoted = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' if depth > 0 => quoted = true,
            b'[' => {
                if depth == 0 {
                    last_open = Some(at);
                }
                depth += 1;
            }
            b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    match last_open {
        Some(at) if address.ends_with(']') && depth == 0 => &address[..at],
        _ => address,
    }
}

/// Every resource address of a model but credentials (whose address is a file), in model order.
fn addresses(model: &Model) -> Vec<&str> {
    fn of<T>(resources: &[Resource<T>]) -> impl Iterator<Item = &str> {
        resources.iter().map(|resource| resource.address.as_str())
    }
    of(&model.queues)
        .chain(of(&model.kms_keys))
        .chain(of(&model.kms_aliases))
        .chain(of(&model.queue_policies))
        .chain(of(&model.identity_policies))
        .chain(of(&model.vpc_endpoints))
        .chain(of(&model.endpoint_policies))
        .chain(of(&model.ingress))
        .chain(of(&model.access_keys))
        .collect()
}

/// Whether `plan` was made from the configuration that declares `declared`: it has a resource
/// the configuration declares, and none that a module of the configuration does not declare
/// (a plan of another configuration, or of an older version of this one, is not mapped: its
/// findings would land on unrelated lines). Modules the configuration does not evaluate (a
/// registry module never initialised) may hold anything.
///
/// # Errors
/// The plan is not one of this configuration, and why.
pub fn relation(plan: &Model, declared: &[Declared]) -> Result<(), Unrelated> {
    let blocks: HashSet<String> = declared
        .iter()
        .map(|block| configuration_address(&block.address))
        .collect();
    let mut modules: HashSet<&str> = blocks.iter().map(|block| module_of(block)).collect();
    modules.insert("");
    let addresses = addresses(plan);
    // A plan that creates nothing is anyone's (and there is nothing to map).
    let mut any = addresses.is_empty();
    for address in addresses {
        let block = configuration_address(address);
        if blocks.contains(&block) {
            any = true;
        } else if modules.contains(module_of(&block)) {
            return Err(Unrelated::Undeclared(address.to_string()));
        }
    }
    if any {
        Ok(())
    } else {
        Err(Unrelated::NoneDeclared)
    }
}

/// Map a plan (located in its own file) onto the configuration `source` evaluated statically
/// (located in the `.tf` files), once [`relation`] holds. Both models must use distinct file ids.
#[must_use]
pub fn map(mut plan: Model, source: &Model, declared: &[Declared]) -> Mapped {
    let mut exact: HashMap<&str, &Declared> = HashMap::new();
    let mut by_block: HashMap<String, &Declared> = HashMap::new();
    for block in declared {
        exact.entry(block.address.as_str()).or_insert(block);
        by_block
            .entry(configuration_address(&block.address))
            .or_insert(block);
    }
    let mut mapper = Mapper {
        exact,
        by_block,
        in_plan: addresses(&plan).into_iter().map(str::to_string).collect(),
        covered: BTreeSet::new(),
    };
    plan.queues = mapper.collection(
        std::mem::take(&mut plan.queues),
        &source.queues,
        any_alike,
        |_, plan, source, place| Mapper::queue(plan, source, place),
    );
    plan.kms_keys = mapper.collection(
        std::mem::take(&mut plan.kms_keys),
        &source.kms_keys,
        any_alike,
        |_, plan, source, place| KmsKey {
            rotation_enabled: value(
                plan.rotation_enabled,
                source.and_then(|s| s.rotation_enabled.as_ref()),
                place,
                "enable_key_rotation",
            ),
            ..KmsKey::default()
        },
    );
    plan.kms_aliases = mapper.collection(
        std::mem::take(&mut plan.kms_aliases),
        &source.kms_aliases,
        any_alike,
        |_, plan, source, place| KmsAlias {
            name: value(
                plan.name,
                source.and_then(|s| s.name.as_ref()),
                place,
                "name",
            ),
            target: value(
                plan.target,
                source.and_then(|s| s.target.as_ref()),
                place,
                "target_key_id",
            ),
        },
    );
    plan.queue_policies = mapper.collection(
        std::mem::take(&mut plan.queue_policies),
        &source.queue_policies,
        |plan, source| document_score(plan.document.as_ref(), source.document.as_ref()),
        Mapper::queue_policy,
    );
    plan.identity_policies = mapper.collection(
        std::mem::take(&mut plan.identity_policies),
        &source.identity_policies,
        |plan, source| document_score(plan.document.as_ref(), source.document.as_ref()),
        |_, plan, source, place| Mapper::identity_policy(plan, source, place),
    );
    plan.vpc_endpoints = mapper.collection(
        std::mem::take(&mut plan.vpc_endpoints),
        &source.vpc_endpoints,
        any_alike,
        Mapper::vpc_endpoint,
    );
    plan.endpoint_policies = mapper.collection(
        std::mem::take(&mut plan.endpoint_policies),
        &source.endpoint_policies,
        any_alike,
        |mapper, plan, source, place| EndpointPolicy {
            endpoint: mapper.policy_value(
                plan.endpoint,
                source.map(|s| &s.endpoint),
                place,
                &["vpc_endpoint_id"],
            ),
            document: document(
                plan.document,
                source.map(|s| &s.document),
                place,
                &["policy"],
            ),
        },
    );
    plan.ingress = mapper.collection(
        std::mem::take(&mut plan.ingress),
        &source.ingress,
        |plan, source| {
            plan.cidrs
                .iter()
                .filter(|cidr| source.cidrs.iter().any(|s| s.value == cidr.value))
                .count()
        },
        Mapper::ingress,
    );
    plan.access_keys = mapper.collection(
        std::mem::take(&mut plan.access_keys),
        &source.access_keys,
        any_alike,
        |_, _, _, _| AccessKey,
    );
    // Attachments, keys and facts are worked out again over the mapped values.
    plan.link();
    Mapped {
        model: plan,
        covered: mapper.covered,
    }
}

/// For resources with one entry per address: any counterpart is as good as another.
fn any_alike<T>(_: &T, _: &T) -> usize {
    0
}

/// Where one plan resource is written in the source.
struct Place<'d> {
    /// The resource type.
    kind: &'d str,
    header: Location,
    arguments: &'d [(String, Location)],
    /// The source's values may fill the plan's unknowns (see the module documentation).
    fill: bool,
}

impl Place<'_> {
    /// Where the first of `names` that the block sets is written.
    fn argument(&self, names: &[&str]) -> Option<Location> {
        names.iter().find_map(|name| {
            self.arguments
                .iter()
                .find(|(argument, _)| argument == name)
                .map(|(_, at)| *at)
        })
    }

    fn argument_or_header(&self, names: &[&str]) -> Location {
        self.argument(names).unwrap_or(self.header)
    }
}

struct Mapper<'d> {
    /// Declared blocks by module-instance address, and by configuration address.
    exact: HashMap<&'d str, &'d Declared>,
    by_block: HashMap<String, &'d Declared>,
    /// Addresses of the plan's resources: a source value that refers to anything else cannot
    /// fill an unknown (the plan knows that resource does not exist).
    in_plan: HashSet<String>,
    covered: BTreeSet<String>,
}

impl Mapper<'_> {
    /// Map every plan resource of one collection that the source declares: located at its
    /// block, its values merged with those of its counterpart in the source model, the one
    /// of the same address (or else of the same block) that `score` ranks highest.
    fn collection<T>(
        &mut self,
        plan: Vec<Resource<T>>,
        source: &[Resource<T>],
        score: impl Fn(&T, &T) -> usize,
        merge: impl Fn(&Self, T, Option<&T>, &Place<'_>) -> T,
    ) -> Vec<Resource<T>> {
        let mut exact: HashMap<&str, Vec<&Resource<T>>> = HashMap::new();
        let mut by_block: HashMap<String, Vec<&Resource<T>>> = HashMap::new();
        for resource in source {
            exact
                .entry(resource.address.as_str())
                .or_default()
                .push(resource);
            by_block
                .entry(configuration_address(&resource.address))
                .or_default()
                .push(resource);
        }
        plan.into_iter()
            .map(|resource| {
                let block = configuration_address(&resource.address);
                let Some(declared) = self
                    .exact
                    .get(without_instance_key(&resource.address))
                    .or_else(|| self.by_block.get(&block))
                    .copied()
                else {
                    return resource;
                };
                let (candidates, same_instance) = match exact.get(resource.address.as_str()) {
                    Some(found) => (found.as_slice(), true),
                    None => (
                        by_block.get(&block).map(Vec::as_slice).unwrap_or_default(),
                        false,
                    ),
                };
                let candidates: Vec<&Resource<T>> = candidates
                    .iter()
                    .copied()
                    .filter(|candidate| candidate.kind == resource.kind)
                    .collect();
                let mut best: Option<(&Resource<T>, usize)> = None;
                for candidate in &candidates {
                    let points = score(&resource.props, &candidate.props);
                    if best.is_none_or(|(_, most)| points > most) {
                        best = Some((candidate, points));
                    }
                }
                // Among several, one that shares nothing with the plan's is no counterpart.
                let counterpart = best
                    .filter(|(_, points)| candidates.len() == 1 || *points > 0)
                    .map(|(candidate, _)| candidate);
                let place = Place {
                    kind: &resource.kind,
                    header: declared.header,
                    arguments: &declared.arguments,
                    fill: counterpart.is_some_and(|found| {
                        same_instance || configuration_address(&found.address) == found.address
                    }),
                };
                let props = merge(
                    self,
                    resource.props,
                    counterpart.map(|found| &found.props),
                    &place,
                );
                self.covered.insert(block);
                Resource {
                    at: declared.header,
                    props,
                    ..resource
                }
            })
            .collect()
    }

    fn queue(plan: Queue, source: Option<&Queue>, place: &Place<'_>) -> Queue {
        Queue {
            name: value(
                plan.name,
                source.and_then(|s| s.name.as_ref()),
                place,
                "name",
            ),
            sse_sqs_enabled: value(
                plan.sse_sqs_enabled,
                source.and_then(|s| s.sse_sqs_enabled.as_ref()),
                place,
                "sqs_managed_sse_enabled",
            ),
            kms_key: value(
                plan.kms_key,
                source.and_then(|s| s.kms_key.as_ref()),
                place,
                "kms_master_key_id",
            ),
            kms_key_resource: None,
            facts: QueueFacts::default(),
        }
    }

    fn queue_policy(
        &self,
        plan: QueuePolicy,
        source: Option<&QueuePolicy>,
        place: &Place<'_>,
    ) -> QueuePolicy {
        // A queue's own `policy` targets the queue itself, at its header.
        let targets = if place.kind == "aws_sqs_queue" {
            plan.targets
                .into_iter()
                .map(|target| PolicyValue {
                    value: target.value,
                    at: place.header,
                })
                .collect()
        } else {
            self.policy_values(
                plan.targets,
                source.map(|s| s.targets.as_slice()),
                place,
                &["queue_url"],
            )
        };
        QueuePolicy {
            targets,
            document: document(
                plan.document,
                source.map(|s| &s.document),
                place,
                &["policy"],
            ),
            queues: Vec::new(),
        }
    }

    fn identity_policy(
        plan: IdentityPolicy,
        source: Option<&IdentityPolicy>,
        place: &Place<'_>,
    ) -> IdentityPolicy {
        // The static reading may see attachments the plan could not resolve.
        let attached_to = match source {
            Some(source) if plan.attached_to == [Identity::Unattached] => {
                source.attached_to.clone()
            }
            _ => plan.attached_to,
        };
        IdentityPolicy {
            attached_to,
            document: document(
                plan.document,
                source.map(|s| &s.document),
                place,
                match place.kind {
                    // A role's `inline_policy` is a nested block, no argument: without its
                    // counterpart, the role's header is the nearest place.
                    "aws_iam_role" => &[],
                    kind if kind.ends_with("_attachment") => &["policy_arn"],
                    _ => &["policy"],
                },
            ),
        }
    }

    fn vpc_endpoint(
        &self,
        plan: VpcEndpoint,
        source: Option<&VpcEndpoint>,
        place: &Place<'_>,
    ) -> VpcEndpoint {
        let written = source.and_then(|s| s.policy.as_ref());
        let policy = match plan.policy {
            None => None,
            Some(Some(known)) => Some(document(Some(known), written, place, &["policy"])),
            Some(None) => match written {
                Some(document) if place.fill => Some(document.clone()),
                _ => Some(None),
            },
        };
        VpcEndpoint {
            service_name: plan.service_name.map(|name| {
                self.policy_value(
                    name,
                    source.and_then(|s| s.service_name.as_ref()),
                    place,
                    &["service_name"],
                )
            }),
            endpoint_type: value(
                plan.endpoint_type,
                source.and_then(|s| s.endpoint_type.as_ref()),
                place,
                "vpc_endpoint_type",
            ),
            private_dns: value(
                plan.private_dns,
                source.and_then(|s| s.private_dns.as_ref()),
                place,
                "private_dns_enabled",
            ),
            policy,
            security_groups: self.policy_values(
                plan.security_groups,
                source.map(|s| s.security_groups.as_slice()),
                place,
                &["security_group_ids"],
            ),
            facts: EndpointFacts::default(),
        }
    }

    fn ingress(&self, plan: Ingress, source: Option<&Ingress>, place: &Place<'_>) -> Ingress {
        // A group's own ingress names the group itself, at its header.
        let group = if place.kind == "aws_security_group" {
            PolicyValue {
                value: plan.group.value,
                at: place.header,
            }
        } else {
            self.policy_value(
                plan.group,
                source.map(|s| &s.group),
                place,
                &["security_group_id"],
            )
        };
        Ingress {
            group,
            cidrs: self.policy_values(
                plan.cidrs,
                source.map(|s| s.cidrs.as_slice()),
                place,
                &["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"],
            ),
        }
    }

    /// Whether every resource a source value refers to is one of the plan's.
    fn resolvable(&self, value: &Symbolic) -> bool {
        value
            .references()
            .all(|address| self.in_plan.contains(address))
    }

    fn policy_value(
        &self,
        plan: PolicyValue,
        source: Option<&PolicyValue>,
        place: &Place<'_>,
        names: &[&str],
    ) -> PolicyValue {
        if let Some(source) = source
            && plan.value.has_unknown()
            && place.fill
            && self.resolvable(&source.value)
        {
            return source.clone();
        }
        let at = match source {
            Some(source) if source.value == plan.value => source.at,
            _ => place.argument_or_header(names),
        };
        PolicyValue {
            value: plan.value,
            at,
        }
    }

    fn policy_values(
        &self,
        plan: Vec<PolicyValue>,
        source: Option<&[PolicyValue]>,
        place: &Place<'_>,
        names: &[&str],
    ) -> Vec<PolicyValue> {
        let source = source.unwrap_or_default();
        if plan.iter().any(|item| item.value.has_unknown())
            && place.fill
            && !source.is_empty()
            && source.iter().all(|item| self.resolvable(&item.value))
        {
            return source.to_vec();
        }
        // Items of nested blocks (`ingress { cidr_blocks = … }`) are no argument of the
        // resource: the first item the source writes is the nearest place.
        let fallback = place
            .argument(names)
            .or_else(|| source.first().map(|item| item.at))
            .unwrap_or(place.header);
        plan.into_iter()
            .map(|item| PolicyValue {
                at: source
                    .iter()
                    .find(|written| written.value == item.value)
                    .map_or(fallback, |written| written.at),
                value: item.value,
            })
            .collect()
    }
}

/// A policy argument: the plan's document located in the source's, or (unknown in the
/// plan) the source's.
fn document(
    plan: Option<PolicyDocument>,
    source: Option<&Option<PolicyDocument>>,
    place: &Place<'_>,
    names: &[&str],
) -> Option<PolicyDocument> {
    let written = source.and_then(Option::as_ref);
    match plan {
        Some(document) => {
            let fallback = written.map_or_else(|| place.argument_or_header(names), |w| w.at);
            Some(relocate(document, written, fallback))
        }
        None if place.fill => written.cloned(),
        None => None,
    }
}

/// A scalar argument: the plan's known value located in the source (at the source's value
/// when they agree, else at the argument); the plan's unknown filled by the source's.
fn value<T: Clone + PartialEq>(
    plan: Option<Value<T>>,
    source: Option<&Value<T>>,
    place: &Place<'_>,
    name: &str,
) -> Option<Value<T>> {
    Some(match plan? {
        Value::Known(known, _) => {
            let at = match source {
                Some(Value::Known(written, at)) if *written == known => *at,
                _ => place.argument_or_header(&[name]),
            };
            Value::Known(known, at)
        }
        Value::Unknown(unknown) => match source {
            Some(written) if place.fill => written.clone(),
            _ => Value::unknown(place.argument_or_header(&[name]), unknown.reason),
        },
    })
}

/// How many statements of two documents look alike (Sid, effect and actions): which of a
/// resource's several policies (a role's inline ones) a plan's is.
fn document_score(plan: Option<&PolicyDocument>, source: Option<&PolicyDocument>) -> usize {
    let (Some(plan), Some(source)) = (plan, source) else {
        return 0;
    };
    let actions = |statement: &Statement| -> Vec<Symbolic> {
        statement
            .actions
            .iter()
            .flat_map(|items| items.values.iter().map(|value| value.value.clone()))
            .collect()
    };
    plan.statements
        .iter()
        .filter(|statement| {
            source.statements.iter().any(|written| {
                written.sid == statement.sid
                    && written.effect == statement.effect
                    && actions(written) == actions(statement)
            })
        })
        .count()
}

/// The plan's document, every part moved to where the source writes it: statements by Sid
/// (or by position when both have as many), principals, actions, resources and condition
/// values by equal value; whatever has no counterpart goes to the nearest enclosing part that
/// has one.
fn relocate(
    mut document: PolicyDocument,
    written: Option<&PolicyDocument>,
    fallback: Location,
) -> PolicyDocument {
    let at = written.map_or(fallback, |w| w.at);
    document.at = at;
    let count = document.statements.len();
    for (index, statement) in document.statements.iter_mut().enumerate() {
        let counterpart = written.and_then(|written| {
            statement
                .sid
                .as_ref()
                .and_then(|sid| {
                    written
                        .statements
                        .iter()
                        .find(|w| w.sid.as_ref() == Some(sid))
                })
                .or_else(|| {
                    (written.statements.len() == count)
                        .then(|| written.statements.get(index))
                        .flatten()
                })
        });
        relocate_statement(statement, counterpart, at);
    }
    document
}

fn relocate_statement(statement: &mut Statement, written: Option<&Statement>, fallback: Location) {
    let at = written.map_or(fallback, |w| w.at);
    statement.at = at;
    if let Some(principals) = &mut statement.principals {
        relocate_principals(principals, written.and_then(|w| w.principals.as_ref()), at);
    }
    if let Some(actions) = &mut statement.actions {
        relocate_items(actions, written.and_then(|w| w.actions.as_ref()), at);
    }
    if let Some(resources) = &mut statement.resources {
        relocate_items(resources, written.and_then(|w| w.resources.as_ref()), at);
    }
    if let Some(conditions) = &mut statement.conditions {
        relocate_conditions(conditions, written.and_then(|w| w.conditions.as_ref()), at);
    }
}

/// Where the source writes a value equal to `value`, else `fallback`.
fn equal_value(value: &Symbolic, written: &[PolicyValue], fallback: Location) -> Location {
    written
        .iter()
        .find(|w| w.value == *value)
        .map_or(fallback, |w| w.at)
}

fn relocate_principals(
    principals: &mut Principals,
    written: Option<&Principals>,
    fallback: Location,
) {
    let at = written.map_or(fallback, |w| w.at);
    principals.at = at;
    for entry in &mut principals.entries {
        entry.value.at = written
            .and_then(|w| {
                w.entries
                    .iter()
                    .find(|e| e.kind == entry.kind && e.value.value == entry.value.value)
            })
            .map_or(at, |e| e.value.at);
    }
}

fn relocate_items(items: &mut Items, written: Option<&Items>, fallback: Location) {
    let at = written.map_or(fallback, |w| w.at);
    items.at = at;
    let values = written.map(|w| w.values.as_slice()).unwrap_or_default();
    for item in &mut items.values {
        item.at = equal_value(&item.value, values, at);
    }
}

fn relocate_conditions(
    conditions: &mut Conditions,
    written: Option<&Conditions>,
    fallback: Location,
) {
    let at = written.map_or(fallback, |w| w.at);
    conditions.at = at;
    for clause in &mut conditions.clauses {
        let counterpart: Option<&ConditionClause> = written.and_then(|w| {
            w.clauses
                .iter()
                .find(|c| c.operator == clause.operator && c.key == clause.key)
        });
        let clause_at = counterpart.map_or(at, |c| c.at);
        clause.at = clause_at;
        let values = counterpart.map(|c| c.values.as_slice()).unwrap_or_default();
        for value in &mut clause.values {
            value.at = equal_value(&value.value, values, clause_at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::{plan, terraform};
    use crate::source::SourceFile;

    const SOURCE: &str = r#"variable "sse" {
  type = bool
}

resource "aws_sqs_queue" "q" {
  name                    = "q"
  sqs_managed_sse_enabled = var.sse
}

resource "aws_sqs_queue_policy" "p" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Statement = [
      {
        Sid       = "Account"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.q.arn
      },
      {
        Sid       = "Anyone"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
        Resource  = "*"
      },
    ]
  })
}
"#;

    /// A plan of [`SOURCE`] with `-var sse=false` and `policy` known (statements reordered,
    /// as a provider may), or unknown.
    fn plan_text(policy_known: bool) -> String {
        let policy = if policy_known {
            r#""after": {"policy": "{\"Statement\":[{\"Sid\":\"Anyone\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"sqs:DeleteMessage\",\"sqs:ReceiveMessage\"],\"Resource\":\"*\"},{\"Sid\":\"Account\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"arn:aws:sqs:eu-west-1:111122223333:q\"}]}"}, "after_unknown": {"queue_url": true}"#
        } else {
            r#""after": {}, "after_unknown": {"policy": true, "queue_url": true}"#
        };
        format!(
            r#"{{"format_version": "1.2", "resource_changes": [
              {{"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue", "name": "q",
               "change": {{"actions": ["create"], "after": {{"name": "q", "sqs_managed_sse_enabled": false}},
                          "after_unknown": {{"arn": true, "id": true, "url": true}}}}}},
              {{"address": "aws_sqs_queue_policy.p", "mode": "managed", "type": "aws_sqs_queue_policy", "name": "p",
               "change": {{"actions": ["create"], {policy}}}}}],
              "configuration": {{"root_module": {{"resources": [
                {{"address": "aws_sqs_queue.q", "expressions": {{"sqs_managed_sse_enabled": {{"references": ["var.sse"]}}}}}},
                {{"address": "aws_sqs_queue_policy.p", "expressions": {{
                  "policy": {{"references": ["aws_sqs_queue.q.arn", "aws_sqs_queue.q"]}},
                  "queue_url": {{"references": ["aws_sqs_queue.q.id", "aws_sqs_queue.q"]}}}}}}]}}}}}}"#
        )
    }

    /// The plan mapped onto [`SOURCE`] (file 0; the plan is file 1), and the source's text.
    fn mapped(policy_known: bool) -> (Mapped, SourceFile) {
        let source = SourceFile::new("main.tf".into(), SOURCE.to_string());
        let loaded = terraform::load_configuration(
            vec![SourceFile::new("main.tf".into(), SOURCE.to_string())],
            &terraform::NoReader,
            terraform::Inputs::default(),
        );
        let plan_file = SourceFile::new("plan.json".into(), plan_text(policy_known));
        let plan = plan::load(&plan_file, 1).expect("a valid plan");
        assert_eq!(relation(&plan, &loaded.declared), Ok(()));
        (map(plan, &loaded.model, &loaded.declared), source)
    }

    /// `(file, line)` of a location.
    fn line(source: &SourceFile, at: Location) -> (u32, u32) {
        (at.file, source.position(at.span.start).line)
    }

    #[test]
    fn known_plan_values_keep_their_value_at_the_source_argument() {
        let (mapped, source) = mapped(true);
        let queue = &mapped.model.queues[0];
        assert_eq!(line(&source, queue.at), (0, 5));
        let Some(Value::Known(false, at)) = queue.props.sse_sqs_enabled else {
            panic!("{:?}", queue.props.sse_sqs_enabled);
        };
        assert_eq!(line(&source, at), (0, 7));
        // Statements by Sid, principals and actions by value, whatever the plan's order.
        let document = mapped.model.queue_policies[0]
            .props
            .document
            .as_ref()
            .unwrap();
        assert_eq!(line(&source, document.at), (0, 12));
        let anyone = &document.statements[0];
        assert_eq!(anyone.sid.as_deref(), Some("Anyone"));
        assert_eq!(line(&source, anyone.at), (0, 21));
        let principals = anyone.principals.as_ref().unwrap();
        assert_eq!(line(&source, principals.at), (0, 24));
        let actions = anyone.actions.as_ref().unwrap();
        assert_eq!(
            actions
                .values
                .iter()
                .map(|value| line(&source, value.at))
                .collect::<Vec<_>>(),
            vec![(0, 25), (0, 25)]
        );
        // A value the source writes differently (the queue's ARN) is at the source's list.
        let account = &document.statements[1];
        let resources = account.resources.as_ref().unwrap();
        assert_eq!(line(&source, resources.values[0].at), (0, 19));
        assert_eq!(
            mapped.covered.iter().collect::<Vec<_>>(),
            vec!["aws_sqs_queue.q", "aws_sqs_queue_policy.p"]
        );
        // Linked again over the mapped values: the policy names the queue.
        assert_eq!(mapped.model.queue_policies[0].props.queues, vec![0]);
    }

    #[test]
    fn an_unknown_plan_value_is_filled_from_the_source() {
        let (mapped, source) = mapped(false);
        let document = mapped.model.queue_policies[0]
            .props
            .document
            .as_ref()
            .unwrap();
        assert_eq!(document.statements.len(), 2);
        let resource = &document.statements[0].resources.as_ref().unwrap().values[0];
        assert_eq!(
            resource.value,
            Symbolic::reference("aws_sqs_queue.q", "arn"),
            "the new queue's ARN, as the source writes it"
        );
        assert_eq!(line(&source, resource.at), (0, 19));
        assert_eq!(mapped.model.queue_policies[0].props.queues, vec![0]);
    }

    fn declared(addresses: &[&str]) -> Vec<Declared> {
        let at = Location {
            file: 0,
            span: crate::source::Span::default(),
        };
        addresses
            .iter()
            .map(|address| Declared {
                address: (*address).to_string(),
                header: at,
                arguments: Vec::new(),
            })
            .collect()
    }

    fn queues(addresses: &[&str]) -> Model {
        let at = Location {
            file: 1,
            span: crate::source::Span::default(),
        };
        Model {
            queues: addresses
                .iter()
                .map(|address| Resource {
                    address: (*address).to_string(),
                    kind: "aws_sqs_queue".into(),
                    at,
                    suppressions: Vec::new(),
                    label: None,
                    props: Queue::default(),
                })
                .collect(),
            ..Model::default()
        }
    }

    #[test]
    fn a_plan_belongs_to_the_configuration_that_declares_its_resources() {
        let declared = declared(&["aws_sqs_queue.q", r#"module.a["x"].aws_sqs_queue.this"#]);
        // Other instances of declared blocks, and anything in a module the configuration
        // does not read (a registry module).
        let plan = queues(&[
            "aws_sqs_queue.q[0]",
            r#"module.a["y"].aws_sqs_queue.this"#,
            "module.registry.aws_sqs_queue.this[0]",
        ]);
        assert_eq!(relation(&plan, &declared), Ok(()));
        assert_eq!(relation(&Model::default(), &declared), Ok(()));
        assert_eq!(
            relation(
                &queues(&["aws_sqs_queue.q", "aws_sqs_queue.gone"]),
                &declared
            ),
            Err(Unrelated::Undeclared("aws_sqs_queue.gone".into()))
        );
        assert_eq!(
            relation(&queues(&["module.registry.aws_sqs_queue.this"]), &declared),
            Err(Unrelated::NoneDeclared)
        );
    }

    #[test]
    fn configuration_addresses_drop_every_instance_key() {
        assert_eq!(
            configuration_address(r#"module.a["x.y]"].module.b[0].aws_sqs_queue.q["k\"]"]"#),
            "module.a.module.b.aws_sqs_queue.q"
        );
        assert_eq!(configuration_address("aws_sqs_queue.q"), "aws_sqs_queue.q");
        assert_eq!(
            module_of("module.a.module.b.aws_sqs_queue.q"),
            "module.a.module.b"
        );
        assert_eq!(module_of("aws_sqs_queue.q"), "");
        assert_eq!(
            without_instance_key(r#"module.a["x"].aws_sqs_queue.q["b]"]"#),
            r#"module.a["x"].aws_sqs_queue.q"#
        );
        assert_eq!(
            without_instance_key(r#"module.a["x"].aws_sqs_queue.q"#),
            r#"module.a["x"].aws_sqs_queue.q"#
        );
    }
}
