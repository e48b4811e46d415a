//! AWS SAM (`Transform: AWS::Serverless-2016-10-31`): `Globals.Function` merged into every
//! `AWS::Serverless::Function`, and a function's `Policies` read as the identity policies of
//! the execution role SAM creates for it.
//!
//! `Policies` entries are AWS managed policies (by name or ARN, evaluated with their known
//! content), inline policy documents, or SAM policy templates: the SQS ones are expanded to
//! what they grant, every other template is known to grant no SQS access. The permissions SAM
//! adds by itself for an `SQS` event source are not modelled: the template cannot scope them.

use super::intrinsics::Context;
use crate::frontend::policy_document;
use crate::frontend::tree::{Entry, Node, NodeKind};
use crate::model::policy::{Effect, Items, PolicyDocument, PolicyValue, Statement};
use crate::model::symbolic::{Part, Symbolic};
use crate::model::{FileId, Identity, IdentityPolicy, Location};
use crate::policy::managed;

/// The transform that makes a template a SAM template.
pub const TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// SAM policy templates that grant SQS actions, with the actions they grant on
/// `arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}`.
///
/// Source: `samtranslator/policy_templates_data/policy_templates.json` of
/// aws/serverless-application-model (the definitions SAM expands; the same lists appear in the
/// SAM developer guide, "AWS SAM policy template list"). No other template of that file names
/// an `sqs:` action.
const SQS_TEMPLATES: &[(&str, &[&str])] = &[
    (
        "SQSPollerPolicy",
        &[
            "sqs:ChangeMessageVisibility",
            "sqs:ChangeMessageVisibilityBatch",
            "sqs:DeleteMessage",
            "sqs:DeleteMessageBatch",
            "sqs:GetQueueAttributes",
            "sqs:ReceiveMessage",
        ],
    ),
    ("SQSSendMessagePolicy", &["sqs:SendMessage*"]),
];

/// Whether the template's `Transform` is, or lists, the SAM transform.
#[must_use]
pub fn is_sam(root: &Node) -> bool {
    match root.get("Transform").map(|transform| &transform.kind) {
        Some(NodeKind::Str(name)) => name == TRANSFORM,
        Some(NodeKind::Seq(items)) => items.iter().any(|item| item.as_str() == Some(TRANSFORM)),
        _ => false,
    }
}

/// The effective `Properties` of an `AWS::Serverless::Function`: its own, with the
/// `Globals.Function` properties of a SAM template merged in. A property the function sets
/// wins; `Environment.Variables` and `Tags` are merged key by key, the function's keys winning.
/// Every value keeps the location where it is written.
#[must_use]
pub fn function_properties(root: &Node, properties: &Node) -> Node {
    let globals = root
        .get("Globals")
        .and_then(|globals| globals.get("Function"))
        .filter(|globals| is_plain_map(globals) && is_sam(root));
    match globals {
        Some(globals) if is_plain_map(properties) => merge(globals, properties, &MERGED),
        _ => properties.clone(),
    }
}

/// Which properties are merged key by key rather than replaced, and below them which keys.
struct Merged {
    key: &'static str,
    below: &'static [Merged],
}

const MERGED: [Merged; 2] = [
    Merged {
        key: "Environment",
        below: &[Merged {
            key: "Variables",
            below: &[],
        }],
    },
    Merged {
        key: "Tags",
        below: &[],
    },
];

/// A mapping that is not an intrinsic function call.
fn is_plain_map(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Map(_)) && node.intrinsic().is_none()
}

/// `own`'s entries, then those of `global` that `own` does not set; the keys listed in
/// `merged` are merged one level deeper when both sides are plain mappings.
fn merge(global: &Node, own: &Node, merged: &[Merged]) -> Node {
    let mut entries: Vec<Entry> = own.entries().to_vec();
    for entry in global.entries() {
        match entries.iter_mut().find(|mine| mine.key == entry.key) {
            None => entries.push(entry.clone()),
            Some(mine) => {
                let deeper = merged.iter().find(|rule| rule.key == entry.key);
                if let Some(rule) = deeper
                    && is_plain_map(&entry.value)
                    && is_plain_map(&mine.value)
                {
                    mine.value = merge(&entry.value, &mine.value, rule.below);
                }
            }
        }
    }
    Node {
        span: own.span,
        kind: NodeKind::Map(entries),
    }
}

/// The identity policies a function's `Policies` give the role SAM creates for it (given its
/// effective properties, see [`function_properties`]). With `Role` set, SAM creates no role
/// and ignores `Policies`.
#[must_use]
pub fn function_policies(
    properties: &Node,
    context: &Context,
    file: FileId,
) -> Vec<IdentityPolicy> {
    let role = properties
        .get("Role")
        .filter(|role| role.kind != NodeKind::Null)
        .and_then(|role| context.resolve(role))
        .filter(|role| role.kind != NodeKind::Null);
    if role.is_some() {
        return Vec::new();
    }
    let Some(policies) = properties
        .get("Policies")
        .and_then(|policies| context.resolve(policies))
    else {
        return Vec::new();
    };
    let items = match policies.kind {
        NodeKind::Seq(items) => items,
        _ => vec![policies],
    };
    let reader = Reader { file };
    items.iter().filter_map(|item| reader.entry(item)).collect()
}

struct Reader {
    file: FileId,
}

impl Reader {
    fn at(&self, node: &Node) -> Location {
        Location {
            file: self.file,
            span: node.span,
        }
    }

    /// One (resolved) entry of `Policies`: `None` when it adds nothing to model (a policy we
    /// do not know the content of, or one modelled as a resource of its own); a policy without
    /// document when the entry cannot be resolved.
    fn entry(&self, item: &Node) -> Option<IdentityPolicy> {
        let document = match &item.kind {
            NodeKind::Null => return None,
            NodeKind::Str(text) => return self.managed(&Symbolic::text(text.clone()), item),
            NodeKind::Sym(value) => return self.managed(value, item),
            NodeKind::Map(entries) if item.intrinsic().is_none() => {
                if item.get("Statement").is_some() || item.get("Version").is_some() {
                    policy_document::read(item, self.file)
                } else if let [template] = entries.as_slice() {
                    Some(self.template(template))
                } else {
                    None
                }
            }
            _ => None,
        };
        Some(role_policy(document))
    }

    /// An AWS managed policy named by name or ARN.
    fn managed(&self, value: &Symbolic, item: &Node) -> Option<IdentityPolicy> {
        if let Some(name) = managed::name_of(value) {
            return Some(role_policy(managed::document(name, self.at(item))));
        }
        // A policy resource of this template is modelled as that resource; an AWS managed or
        // customer policy we do not know is skipped, as in `ManagedPolicyArns`.
        value.has_unknown().then(|| role_policy(None))
    }

    /// A SAM policy template, `Name: {Parameter: value}`, located at the entry (the queue ARN
    /// where the queue name is written).
    fn template(&self, template: &Entry) -> PolicyDocument {
        let at = Location {
            file: self.file,
            span: template.key_span.cover(template.value.span),
        };
        let statements = SQS_TEMPLATES
            .iter()
            .find(|(name, _)| *name == template.key)
            .map(|(name, actions)| {
                let value = |text: &str| PolicyValue {
                    value: Symbolic::text(text),
                    at,
                };
                let queue = template.value.get("QueueName");
                Statement {
                    sid: Some((*name).to_string()),
                    effect: Some(Effect::Allow),
                    principals: None,
                    actions: Some(Items {
                        negated: false,
                        values: actions.iter().map(|action| value(action)).collect(),
                        unknown: false,
                        at,
                    }),
                    resources: Some(Items {
                        negated: false,
                        values: vec![PolicyValue {
                            value: queue_arn(queue),
                            at: queue.map_or(at, |queue| self.at(queue)),
                        }],
                        unknown: false,
                        at,
                    }),
                    conditions: None,
                    at,
                }
            })
            .into_iter()
            .collect();
        PolicyDocument {
            statements,
            unknown_statements: false,
            at,
        }
    }
}

/// A policy of the function's execution role.
fn role_policy(document: Option<PolicyDocument>) -> IdentityPolicy {
    IdentityPolicy {
        attached_to: vec![Identity::Role],
        document,
    }
}

/// `arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}`, the queue name
/// as resolved (`!GetAtt Q.QueueName` stays a reference to the queue).
fn queue_arn(queue: Option<&Node>) -> Symbolic {
    let mut arn = Symbolic::text("arn:");
    for (pseudo, after) in [
        ("AWS::Partition", ":sqs:"),
        ("AWS::Region", ":"),
        ("AWS::AccountId", ":"),
    ] {
        arn.push(Part::Pseudo(pseudo.to_string()));
        arn.push(Part::Text(after.to_string()));
    }
    match queue.map(|queue| &queue.kind) {
        Some(NodeKind::Str(name)) => arn.push(Part::Text(name.clone())),
        Some(NodeKind::Sym(name)) => arn.extend(name.clone()),
        Some(NodeKind::Number(number)) => arn.push(Part::Text(number.to_string())),
        _ => arn.push(Part::Unknown),
    }
    arn
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::cloudformation::yaml;

    fn root(text: &str) -> Node {
        yaml::parse(text).unwrap().unwrap()
    }

    fn properties<'n>(root: &'n Node, function: &str) -> &'n Node {
        root.get("Resources")
            .and_then(|resources| resources.get(function))
            .and_then(|function| function.get("Properties"))
            .unwrap()
    }

    fn policies(text: &str, function: &str) -> Vec<IdentityPolicy> {
        let root = root(text);
        let context = Context::new(root.get("Parameters"), root.get("Resources"));
        let effective = function_properties(&root, properties(&root, function));
        function_policies(&effective, &context, 0)
    }

    fn keys(node: &Node) -> Vec<&str> {
        node.entries()
            .iter()
            .map(|entry| entry.key.as_str())
            .collect()
    }

    fn str_at<'n>(node: &'n Node, path: &str) -> Option<&'n str> {
        path.split('.')
            .try_fold(node, |node, key| node.get(key))
            .and_then(Node::as_str)
    }

    const GLOBALS: &str = "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Globals:
  Function:
    Runtime: python3.12
    Timeout: 30
    Environment:
      Variables: {STAGE: prod, LOG_LEVEL: info}
    Tags: {team: core, cost: shared}
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: 60
      Environment:
        Variables: {LOG_LEVEL: debug, QUEUE: orders}
      Tags: {cost: worker}
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
";

    #[test]
    fn the_transform_may_be_a_string_or_in_a_list() {
        assert!(is_sam(&root(GLOBALS)));
        assert!(is_sam(&root(
            "Transform: AWS::Serverless-2016-10-31\nResources: {}\n"
        )));
        assert!(!is_sam(&root("Transform: AWS::Include\nResources: {}\n")));
        assert!(!is_sam(&root("Resources: {}\n")));
    }

    #[test]
    fn globals_are_merged_the_function_winning() {
        let root = root(GLOBALS);
        let worker = function_properties(&root, properties(&root, "Worker"));
        assert_eq!(str_at(&worker, "Runtime"), Some("python3.12"));
        assert_eq!(
            worker.get("Timeout").map(|t| &t.kind),
            Some(&NodeKind::Number(60.0))
        );
        assert_eq!(str_at(&worker, "Environment.Variables.STAGE"), Some("prod"));
        assert_eq!(
            str_at(&worker, "Environment.Variables.LOG_LEVEL"),
            Some("debug")
        );
        assert_eq!(
            str_at(&worker, "Environment.Variables.QUEUE"),
            Some("orders")
        );
        let variables = worker.get("Environment").and_then(|e| e.get("Variables"));
        assert_eq!(keys(variables.unwrap()), ["LOG_LEVEL", "QUEUE", "STAGE"]);
        assert_eq!(str_at(&worker, "Tags.team"), Some("core"));
        assert_eq!(str_at(&worker, "Tags.cost"), Some("worker"));
        // A global value keeps the location where it is written.
        let runtime = worker.get("Runtime").unwrap();
        let start = runtime.span.start as usize;
        assert_eq!(&GLOBALS[start..start + 10], "python3.12");

        let plain = function_properties(&root, properties(&root, "Plain"));
        assert_eq!(
            keys(&plain),
            ["Handler", "Runtime", "Timeout", "Environment", "Tags"]
        );
        assert_eq!(str_at(&plain, "Tags.cost"), Some("shared"));
    }

    #[test]
    fn globals_apply_only_to_sam_templates_and_intrinsics_are_not_merged() {
        let text = GLOBALS.replace(
            "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]",
            "",
        );
        let plain_root = root(&text);
        let plain = function_properties(&plain_root, properties(&plain_root, "Plain"));
        assert_eq!(keys(&plain), ["Handler"]);

        let text = GLOBALS.replace(
            "Tags: {cost: worker}",
            "Tags: !If [Prod, {cost: prod}, {cost: dev}]",
        );
        let root = root(&text);
        let worker = function_properties(&root, properties(&root, "Worker"));
        assert!(worker.get("Tags").unwrap().intrinsic().is_some());
    }

    const POLICIES: &str = "Transform: AWS::Serverless-2016-10-31
Parameters:
  Free: {Type: String}
Resources:
  Orders:
    Type: AWS::SQS::Queue
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - SQSPollerPolicy:
            QueueName: !GetAtt Orders.QueueName
        - SQSSendMessagePolicy: {QueueName: audit}
        - DynamoDBCrudPolicy: {TableName: items}
        - AmazonSQSFullAccess
        - !Sub arn:${AWS::Partition}:iam::aws:policy/AmazonSQSReadOnlyAccess
        - AWSLambdaBasicExecutionRole
        - Statement:
            - Effect: Allow
              Action: sqs:PurgeQueue
              Resource: !GetAtt Orders.Arn
        - !Ref Free
  WithRole:
    Type: AWS::Serverless::Function
    Properties:
      Role: arn:aws:iam::111122223333:role/existing
      Policies: AmazonSQSFullAccess
  Single:
    Type: AWS::Serverless::Function
    Properties:
      Policies: AmazonSQSFullAccess
";

    fn texts(items: Option<&Items>) -> Vec<String> {
        items
            .map(|items| items.values.iter().map(|v| v.value.to_string()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn sqs_policy_templates_expand_to_their_actions_on_the_named_queue() {
        let found = policies(POLICIES, "Worker");
        assert!(found.iter().all(|p| p.attached_to == [Identity::Role]));
        let poller = found[0].document.as_ref().unwrap();
        let statement = &poller.statements[0];
        assert_eq!(statement.effect, Some(Effect::Allow));
        assert_eq!(
            texts(statement.actions.as_ref()),
            [
                "sqs:ChangeMessageVisibility",
                "sqs:ChangeMessageVisibilityBatch",
                "sqs:DeleteMessage",
                "sqs:DeleteMessageBatch",
                "sqs:GetQueueAttributes",
                "sqs:ReceiveMessage",
            ]
        );
        let resource = &statement.resources.as_ref().unwrap().values[0].value;
        assert_eq!(
            resource.to_string(),
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Resources.Orders.QueueName}"
        );
        assert_eq!(
            resource.references().collect::<Vec<_>>(),
            ["Resources.Orders"]
        );
        // Located at the template's entry.
        let span = statement.at.span;
        assert!(POLICIES[span.start as usize..].starts_with("SQSPollerPolicy:"));

        let sender = &found[1].document.as_ref().unwrap().statements[0];
        assert_eq!(texts(sender.actions.as_ref()), ["sqs:SendMessage*"]);
        assert_eq!(
            texts(sender.resources.as_ref()),
            ["arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:audit"]
        );
    }

    #[test]
    fn other_entries_managed_policies_inline_documents_and_unknowns() {
        let found = policies(POLICIES, "Worker");
        assert_eq!(found.len(), 7);
        // Another SAM template: known, and no statement.
        let dynamo = found[2].document.as_ref().unwrap();
        assert!(dynamo.statements.is_empty() && !dynamo.unknown_statements);
        // Managed policies by name and by ARN.
        let full = &found[3].document.as_ref().unwrap().statements[0];
        assert_eq!(texts(full.actions.as_ref()), ["sqs:*"]);
        let span = full.at.span;
        assert_eq!(
            &POLICIES[span.start as usize..span.end as usize],
            "AmazonSQSFullAccess"
        );
        let read_only = found[4].document.as_ref().unwrap();
        assert_eq!(
            read_only.statements[0].sid.as_deref(),
            Some("AmazonSQSReadOnlyAccess")
        );
        // `AWSLambdaBasicExecutionRole` is not known to grant SQS access: skipped.
        let inline = &found[5].document.as_ref().unwrap().statements[0];
        assert_eq!(texts(inline.actions.as_ref()), ["sqs:PurgeQueue"]);
        // A parameter without default: unknown.
        assert!(found[6].document.is_none());
    }

    #[test]
    fn a_function_with_its_own_role_gets_no_policies_and_a_single_string_is_one_entry() {
        assert!(policies(POLICIES, "WithRole").is_empty());
        let single = policies(POLICIES, "Single");
        assert_eq!(single.len(), 1);
        assert!(single[0].document.is_some());
    }
}
