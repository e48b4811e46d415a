//! The model: what every front-end produces and the only thing rules see.
//!
//! A front-end turns one scan unit (a Terraform module directory, a CloudFormation template)
//! into a [`Model`]; `link` then resolves cross-resource references inside it.

pub mod fields;
pub mod policy;
pub mod symbolic;

use std::collections::HashMap;

use crate::source::Span;

/// Three-valued logic: a rule fires only on `True`; `Unknown` (a value that cannot be
/// resolved statically) never fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl std::ops::Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

impl Truth {
    #[must_use]
    pub fn from_bool(value: bool) -> Truth {
        if value { Truth::True } else { Truth::False }
    }

    /// Disjunction: true if either is, unknown if neither is but one is unknown.
    #[must_use]
    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::False,
        }
    }

    /// Conjunction: false if either is, unknown if neither is but one is unknown.
    #[must_use]
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::True,
        }
    }
}

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
    /// A friendlier name shown next to the address in messages: the CDK construct path
    /// (`aws:cdk:path` metadata) of a synthesized template.
    pub label: Option<String>,
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
    /// What its effective resource policy guarantees, set by [`Model::link`].
    pub facts: QueueFacts,
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

/// A resource policy attached to queues: the `policy` argument of `aws_sqs_queue`,
/// `aws_sqs_queue_policy`, `AWS::SQS::QueuePolicy`, `AWS::SQS::QueueInlinePolicy`.
#[derive(Debug, Clone)]
pub struct QueuePolicy {
    /// The queues it attaches to, as written: a reference, a literal URL or ARN, or unknown.
    pub targets: Vec<policy::PolicyValue>,
    /// `None` when the document could not be resolved.
    pub document: Option<policy::PolicyDocument>,
    /// Indices into [`Model::queues`] of the targets that are scanned queues, set by `link`.
    pub queues: Vec<usize>,
}

/// Who an identity policy is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    Role,
    User,
    Group,
    /// A managed policy whose attachments are not in the scanned code.
    Unattached,
}

impl Identity {
    /// Who a Terraform inline policy resource (`aws_iam_role_policy`, …) belongs to.
    #[must_use]
    pub fn of_inline_policy(kind: &str) -> Option<Identity> {
        match kind {
            "aws_iam_role_policy" => Some(Identity::Role),
            "aws_iam_user_policy" => Some(Identity::User),
            "aws_iam_group_policy" => Some(Identity::Group),
            _ => None,
        }
    }
}

/// A policy attached to roles, users or groups (inline or managed).
#[derive(Debug, Clone)]
pub struct IdentityPolicy {
    pub attached_to: Vec<Identity>,
    pub document: Option<policy::PolicyDocument>,
}

/// Which kind of policy a statement belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    Queue,
    Identity,
}

impl PolicyKind {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Queue => "queue",
            PolicyKind::Identity => "identity",
        }
    }
}

/// One statement of one policy, with its analysis: what statement rules run over. A view of
/// the model made as the rules run ([`Model::statements`]): a large plan has a hundred
/// thousand statements, and keeping their analyses and copies of their holders' addresses
/// and queue lists took a fifth of its memory.
#[derive(Debug, Clone)]
pub struct StatementSubject<'m> {
    pub holder: PolicyHolder<'m>,
    /// Position in the document, from 0.
    pub index: usize,
    pub statement: &'m policy::Statement,
    pub facts: crate::policy::StatementFacts,
}

/// The resource holding a policy statement.
#[derive(Debug, Clone, Copy)]
pub enum PolicyHolder<'m> {
    Queue(&'m Resource<QueuePolicy>),
    Identity(&'m Resource<IdentityPolicy>),
}

impl<'m> PolicyHolder<'m> {
    #[must_use]
    pub fn kind(self) -> PolicyKind {
        match self {
            PolicyHolder::Queue(_) => PolicyKind::Queue,
            PolicyHolder::Identity(_) => PolicyKind::Identity,
        }
    }

    #[must_use]
    pub fn address(self) -> &'m str {
        self.common().0
    }

    /// Its header, suppressions and friendly name (see [`Resource::label`]).
    #[must_use]
    pub fn common(
        self,
    ) -> (
        &'m str,
        Location,
        &'m [MetadataSuppression],
        Option<&'m str>,
    ) {
        fn of<T>(resource: &Resource<T>) -> (&str, Location, &[MetadataSuppression], Option<&str>) {
            (
                &resource.address,
                resource.at,
                &resource.suppressions,
                resource.label.as_deref(),
            )
        }
        match self {
            PolicyHolder::Queue(policy) => of(policy),
            PolicyHolder::Identity(policy) => of(policy),
        }
    }

    #[must_use]
    pub fn document(self) -> Option<&'m policy::PolicyDocument> {
        match self {
            PolicyHolder::Queue(policy) => policy.props.document.as_ref(),
            PolicyHolder::Identity(policy) => policy.props.document.as_ref(),
        }
    }
}

impl<'m> StatementSubject<'m> {
    /// `` `AllowAll` `` (its Sid) or `#2` (its position, from 1).
    #[must_use]
    pub fn label(&self) -> String {
        match &self.statement.sid {
            Some(sid) => format!("`{sid}`"),
            None => format!("#{}", self.index + 1),
        }
    }

    /// Identity policies: whether a user holds it directly.
    #[must_use]
    pub fn attached_to_user(&self) -> bool {
        match self.holder {
            PolicyHolder::Identity(policy) => policy.props.attached_to.contains(&Identity::User),
            PolicyHolder::Queue(_) => false,
        }
    }

    /// Addresses of the scanned queues a queue policy is attached to.
    pub fn queues(&self, model: &'m Model) -> impl Iterator<Item = &'m str> + use<'m> {
        let indices: &'m [usize] = match self.holder {
            PolicyHolder::Queue(policy) => &policy.props.queues,
            PolicyHolder::Identity(_) => &[],
        };
        indices
            .iter()
            .filter_map(|&index| model.queues.get(index))
            .map(|queue| queue.address.as_str())
    }
}

/// What the effective resource policy of a queue guarantees, computed by `analyse`.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueFacts {
    /// At least one policy is attached (or may be: an unresolved attachment).
    pub has_policy: Truth,
    pub tls_enforced: Truth,
    /// An Allow restricted to a VPC endpoint (`aws:SourceVpce`/`aws:SourceVpc`) without a
    /// Deny for requests from elsewhere; located at the Allow's condition.
    pub vpce_allow_without_deny: Option<(Truth, Location)>,
    /// Where the first attached policy's document is (where a fix would go).
    pub policy_at: Option<Location>,
}

impl Default for QueueFacts {
    fn default() -> Self {
        QueueFacts {
            has_policy: Truth::False,
            tls_enforced: Truth::False,
            vpce_allow_without_deny: None,
            policy_at: None,
        }
    }
}

/// A VPC endpoint (`aws_vpc_endpoint`, `AWS::EC2::VPCEndpoint`).
#[derive(Debug, Clone)]
pub struct VpcEndpoint {
    /// `service_name` / `ServiceName`: an SQS endpoint's ends in `.sqs`.
    pub service_name: Option<policy::PolicyValue>,
    /// `vpc_endpoint_type` / `VpcEndpointType` as written (both default to `Gateway`).
    pub endpoint_type: Option<Value<String>>,
    pub private_dns: Option<Value<bool>>,
    /// `None`: no policy attached (full access); `Some(None)`: a policy that cannot be resolved.
    pub policy: Option<Option<policy::PolicyDocument>>,
    /// The security groups it uses, as written.
    pub security_groups: Vec<policy::PolicyValue>,
    /// What `link` concludes about it.
    pub facts: EndpointFacts,
}

/// Conclusions about an endpoint, computed once by `link`.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointFacts {
    /// The service name ends in `.sqs`.
    pub is_sqs: Truth,
    /// No policy, or a policy allowing `*` to anyone on `*` without a restricting condition;
    /// located at the policy (or the endpoint header when there is none).
    pub full_access: Truth,
    pub full_access_at: Option<Location>,
    /// A security group it uses allows ingress from `0.0.0.0/0` or `::/0`; located at that range.
    pub open_ingress: Truth,
    pub open_ingress_at: Option<Location>,
}

impl Default for EndpointFacts {
    fn default() -> Self {
        EndpointFacts {
            is_sqs: Truth::Unknown,
            full_access: Truth::Unknown,
            full_access_at: None,
            open_ingress: Truth::False,
            open_ingress_at: None,
        }
    }
}

/// `aws_vpc_endpoint_policy`: a policy attached to an endpoint declared elsewhere.
#[derive(Debug, Clone)]
pub struct EndpointPolicy {
    pub endpoint: policy::PolicyValue,
    pub document: Option<policy::PolicyDocument>,
}

/// One ingress rule of a security group: where it opens the group from.
#[derive(Debug, Clone)]
pub struct Ingress {
    /// The security group it belongs to: its own address, or a reference/literal id.
    pub group: policy::PolicyValue,
    /// CIDR ranges as written (IPv4 and IPv6).
    pub cidrs: Vec<policy::PolicyValue>,
}

/// A long-term IAM access key created by the code (`aws_iam_access_key`, `AWS::IAM::AccessKey`).
#[derive(Debug, Clone)]
pub struct AccessKey;

/// A literal credential written in a scanned file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    AccessKeyId,
    SecretAccessKey,
}

/// Everything one scan unit declares, normalised.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub queues: Vec<Resource<Queue>>,
    pub kms_keys: Vec<Resource<KmsKey>>,
    pub kms_aliases: Vec<Resource<KmsAlias>>,
    pub queue_policies: Vec<Resource<QueuePolicy>>,
    pub identity_policies: Vec<Resource<IdentityPolicy>>,
    pub vpc_endpoints: Vec<Resource<VpcEndpoint>>,
    pub endpoint_policies: Vec<Resource<EndpointPolicy>>,
    /// Ingress rules, inline in a security group or standalone.
    pub ingress: Vec<Resource<Ingress>>,
    pub access_keys: Vec<Resource<AccessKey>>,
    /// Literal credentials found in the unit's files (address = file path).
    pub credentials: Vec<Resource<CredentialKind>>,
    /// Accounts principals may belong to (SQS204); `None` when not configured.
    pub trusted_accounts: Option<Vec<String>>,
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
        self.link_policies();
        self.link_endpoints();
    }

    /// Endpoint policies to their endpoints, security groups to their ingress rules.
    fn link_endpoints(&mut self) {
        for attachment in &self.endpoint_policies {
            let target = self.vpc_endpoints.iter_mut().find(|endpoint| {
                attachment
                    .props
                    .endpoint
                    .value
                    .references()
                    .any(|r| r == endpoint.address)
            });
            if let Some(endpoint) = target
                && endpoint.props.policy.is_none()
            {
                endpoint.props.policy = Some(attachment.props.document.clone());
            }
        }
        for endpoint in &mut self.vpc_endpoints {
            let mut facts = EndpointFacts {
                is_sqs: endpoint
                    .props
                    .service_name
                    .as_ref()
                    .map_or(Truth::Unknown, |name| {
                        crate::policy::is_sqs_service(&name.value)
                    }),
                ..EndpointFacts::default()
            };
            let (full, at) = match &endpoint.props.policy {
                None => (Truth::True, endpoint.at),
                Some(None) => (Truth::Unknown, endpoint.at),
                Some(Some(document)) => (crate::policy::allows_full_access(document), document.at),
            };
            facts.full_access = full;
            facts.full_access_at = Some(at);
            for group in &endpoint.props.security_groups {
                for rule in &self.ingress {
                    let same_group = group.value.references().any(|address| {
                        rule.props
                            .group
                            .value
                            .references()
                            .any(|own| own == address)
                    }) || (group.value.as_text().is_some()
                        && group.value.as_text() == rule.props.group.value.as_text());
                    if !same_group {
                        continue;
                    }
                    for cidr in &rule.props.cidrs {
                        let open = match cidr.value.as_text() {
                            Some(text) => {
                                Truth::from_bool(matches!(text.trim(), "0.0.0.0/0" | "::/0"))
                            }
                            None => Truth::Unknown,
                        };
                        if open == Truth::True && facts.open_ingress != Truth::True {
                            facts.open_ingress_at = Some(cidr.at);
                        }
                        facts.open_ingress = facts.open_ingress.or(open);
                    }
                }
            }
            endpoint.props.facts = facts;
        }
    }

    /// Every metadata suppression written on any resource of the model.
    pub fn metadata_suppressions(&self) -> impl Iterator<Item = &MetadataSuppression> {
        fn of<T>(resources: &[Resource<T>]) -> impl Iterator<Item = &MetadataSuppression> {
            resources.iter().flat_map(|resource| &resource.suppressions)
        }
        of(&self.queues)
            .chain(of(&self.kms_keys))
            .chain(of(&self.kms_aliases))
            .chain(of(&self.queue_policies))
            .chain(of(&self.identity_policies))
            .chain(of(&self.vpc_endpoints))
            .chain(of(&self.endpoint_policies))
            .chain(of(&self.ingress))
            .chain(of(&self.access_keys))
            .chain(of(&self.credentials))
    }

    /// Attach queue policies to the queues they name and analyse every statement once.
    fn link_policies(&mut self) {
        let mut unresolved_attachment = false;
        for queue in &mut self.queues {
            queue.props.facts = QueueFacts::default();
        }
        // Index queues by address and by known name once: linking stays linear.
        let targets: Vec<(Vec<usize>, bool)> = {
            let mut by_address: HashMap<&str, usize> = HashMap::new();
            let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
            for (index, queue) in self.queues.iter().enumerate() {
                by_address.insert(&queue.address, index);
                if let Some(name) = queue.props.name.as_ref().and_then(Value::known) {
                    by_name.entry(name).or_default().push(index);
                }
            }
            self.queue_policies
                .iter()
                .map(|policy| {
                    let mut queues = Vec::new();
                    let mut unresolved = false;
                    for target in &policy.props.targets {
                        let (found, unknown) =
                            resolve_target(&target.value, &by_address, &by_name, &self.queues);
                        queues.extend(found);
                        unresolved |= unknown;
                    }
                    queues.sort_unstable();
                    queues.dedup();
                    (queues, unresolved)
                })
                .collect()
        };
        let mut attached: Vec<Vec<usize>> = vec![Vec::new(); self.queues.len()];
        for (policy_index, (policy, (queues, unresolved))) in
            self.queue_policies.iter_mut().zip(targets).enumerate()
        {
            unresolved_attachment |= unresolved;
            for &queue_index in &queues {
                attached[queue_index].push(policy_index);
                let facts = &mut self.queues[queue_index].props.facts;
                facts.has_policy = Truth::True;
                if facts.policy_at.is_none() {
                    facts.policy_at = Some(
                        policy
                            .props
                            .document
                            .as_ref()
                            .map_or(policy.at, |document| document.at),
                    );
                }
            }
            policy.props.queues = queues;
        }
        for (queue_index, queue) in self.queues.iter_mut().enumerate() {
            let name = queue.props.name.as_ref().and_then(Value::known).cloned();
            let attached: Vec<&Resource<QueuePolicy>> = attached[queue_index]
                .iter()
                .map(|&index| &self.queue_policies[index])
                .collect();
            let facts = &mut queue.props.facts;
            if unresolved_attachment && facts.has_policy == Truth::False {
                facts.has_policy = Truth::Unknown;
            }
            let mut tls = Truth::False;
            let mut documents_known = !unresolved_attachment;
            let mut vpc_allow: Option<Location> = None;
            let mut vpc_deny = false;
            for policy in &attached {
                let Some(document) = &policy.props.document else {
                    documents_known = false;
                    continue;
                };
                tls = tls.or(crate::policy::enforces_tls(
                    document,
                    &queue.address,
                    name.as_deref(),
                ));
                for statement in &document.statements {
                    let Some(block) = &statement.conditions else {
                        continue;
                    };
                    // A statement about another queue of a shared policy says nothing here.
                    let covers = crate::policy::covers_queue(
                        statement.resources.as_ref(),
                        &queue.address,
                        name.as_deref(),
                    );
                    if covers == Truth::False {
                        continue;
                    }
                    match statement.effect {
                        Some(policy::Effect::Allow) => {
                            if let Some(clause) = block.clauses.iter().find(|clause| {
                                crate::policy::conditions::allows_only_from_vpc(clause)
                            }) {
                                vpc_allow.get_or_insert(clause.at);
                            }
                        }
                        Some(policy::Effect::Deny) => {
                            vpc_deny |= block
                                .clauses
                                .iter()
                                .any(crate::policy::conditions::denies_outside_vpc);
                        }
                        None => documents_known = false,
                    }
                }
            }
            facts.tls_enforced = if documents_known {
                tls
            } else {
                tls.or(Truth::Unknown)
            };
            facts.vpce_allow_without_deny = vpc_allow.map(|at| {
                let missing = Truth::from_bool(!vpc_deny);
                (
                    if documents_known {
                        missing
                    } else {
                        missing.and(Truth::Unknown)
                    },
                    at,
                )
            });
        }
    }

    /// Every policy, queue policies first.
    fn policy_holders(&self) -> impl Iterator<Item = PolicyHolder<'_>> {
        (self.queue_policies.iter().map(PolicyHolder::Queue))
            .chain(self.identity_policies.iter().map(PolicyHolder::Identity))
    }

    /// Every statement of every policy, analysed as it comes. (Each rule over statements
    /// analyses them again: cheaper than keeping a large plan's analyses.)
    pub fn statements(&self) -> impl Iterator<Item = StatementSubject<'_>> {
        self.policy_holders()
            .filter_map(|holder| Some((holder, holder.document()?)))
            .flat_map(|(holder, document)| {
                (document.statements.iter().enumerate()).map(move |(index, statement)| {
                    StatementSubject {
                        holder,
                        index,
                        statement,
                        facts: crate::policy::analyse(statement),
                    }
                })
            })
    }
}

/// The scanned queues a policy target names (by reference, or by a literal URL or ARN ending
/// in the queue's name), and whether the target may name queues we cannot tell.
fn resolve_target(
    value: &symbolic::Symbolic,
    by_address: &HashMap<&str, usize>,
    by_name: &HashMap<&str, Vec<usize>>,
    queues: &[Resource<Queue>],
) -> (Vec<usize>, bool) {
    let referenced: Vec<usize> = value
        .references()
        .filter_map(|address| by_address.get(address).copied())
        .collect();
    if !referenced.is_empty() {
        return (referenced, false);
    }
    match value.last_part() {
        Some(symbolic::PartRef::Text(text)) if text != "*" => {
            let last = text.rsplit([':', '/']).next().unwrap_or(text);
            let whole_field = text.contains([':', '/']) || value.part_count() == 1;
            if !whole_field {
                return (Vec::new(), value.has_unknown());
            }
            if last.contains(['*', '?']) {
                let matching = queues
                    .iter()
                    .enumerate()
                    .filter(|(_, queue)| {
                        queue
                            .props
                            .name
                            .as_ref()
                            .and_then(Value::known)
                            .is_some_and(|name| crate::policy::actions::wildcard_match(last, name))
                    })
                    .map(|(index, _)| index)
                    .collect();
                return (matching, false);
            }
            (by_name.get(last).cloned().unwrap_or_default(), false)
        }
        Some(symbolic::PartRef::Unknown) => (Vec::new(), true),
        // A reference to something that is not a scanned queue, or a pseudo parameter.
        Some(_) => (Vec::new(), value.has_unknown()),
        None => (Vec::new(), false),
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
            label: None,
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
            ..Model::default()
        };
        model.link();
        assert_eq!(model.kms_keys[0].props.queues, vec![0, 1, 2, 3]);
        assert_eq!(model.kms_keys[0].props.aliases, vec!["a".to_string()]);
        assert_eq!(model.queues[4].props.kms_key_resource, None);
    }
}
