//! Static resolution of CloudFormation intrinsic functions inside a value: what is known
//! becomes text, pseudo parameters and resource references stay symbolic, the rest is unknown.
//!
//! Covered: `Ref` (parameters by their given value or `Default` — SSM parameter types are
//! unknown —, resources, pseudo parameters, `AWS::NoValue`), `Fn::GetAtt`, `Fn::Sub` (both
//! forms), `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`, and `Fn::If` with the
//! template's `Conditions` (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`). A
//! condition that cannot be decided is recorded, so the caller can explore both branches
//! ([`Context::assume`]). Other functions resolve to unknown.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::frontend::tree::{Entry, Node, NodeKind};
use crate::model::symbolic::{Part, Symbolic};

/// What intrinsics can see of the template, indexed once (lookups stay constant-time, so a
/// template resolves in linear time).
pub struct Context<'t> {
    parameters: HashMap<&'t str, &'t Node>,
    resources: HashSet<&'t str>,
    conditions: HashMap<&'t str, &'t Node>,
    mappings: Option<&'t Node>,
    /// Parameter values given for the scan (`--parameter`, parameter files, configuration).
    overrides: BTreeMap<String, String>,
    /// Truth values assumed for conditions that cannot be decided (one explored branch).
    assumed: HashMap<String, bool>,
    /// Conditions that were needed and could not be decided nor were assumed.
    undecided: RefCell<BTreeSet<String>>,
    /// Conditions being evaluated (a cycle is refused, not followed).
    evaluating: RefCell<Vec<String>>,
    /// What is wrong in the template as written (a `Ref` to nothing, an intrinsic with the
    /// wrong arguments, a circular condition): where, and what. Resolution goes on with unknowns.
    problems: RefCell<BTreeSet<(u32, String)>>,
}

/// The address of a resource: `Resources.<LogicalId>`.
#[must_use]
pub fn address(logical_id: &str) -> String {
    format!("Resources.{logical_id}")
}

/// Nesting bound for resolution (templates are already depth-limited when parsed).
const MAX_DEPTH: usize = 64;

impl<'t> Context<'t> {
    #[must_use]
    pub fn new(parameters: Option<&'t Node>, resources: Option<&'t Node>) -> Self {
        let entries = |node: Option<&'t Node>| -> HashMap<&'t str, &'t Node> {
            node.map(|n| {
                n.entries()
                    .iter()
                    .map(|e| (e.key.as_str(), &e.value))
                    .collect()
            })
            .unwrap_or_default()
        };
        Context {
            parameters: entries(parameters),
            resources: resources
                .map(|r| r.entries().iter().map(|e| e.key.as_str()).collect())
                .unwrap_or_default(),
            conditions: HashMap::new(),
            mappings: None,
            overrides: BTreeMap::new(),
            assumed: HashMap::new(),
            undecided: RefCell::new(BTreeSet::new()),
            evaluating: RefCell::new(Vec::new()),
            problems: RefCell::new(BTreeSet::new()),
        }
    }

    /// A context for a whole template root: parameters, resources, conditions and mappings.
    #[must_use]
    pub fn for_template(root: &'t Node, overrides: &BTreeMap<String, String>) -> Self {
        let mut context = Context::new(root.get("Parameters"), root.get("Resources"));
        context.conditions = root
            .get("Conditions")
            .map(|c| {
                c.entries()
                    .iter()
                    .map(|e| (e.key.as_str(), &e.value))
                    .collect()
            })
            .unwrap_or_default();
        context.mappings = root.get("Mappings");
        context.overrides.clone_from(overrides);
        context
    }

    /// Explore one branch: assume these truth values for undecidable conditions.
    pub fn assume(&mut self, assumed: HashMap<String, bool>) {
        self.assumed = assumed;
        self.undecided.borrow_mut().clear();
    }

    /// Problems met so far, by byte offset.
    #[must_use]
    pub fn problems(&self) -> Vec<(u32, String)> {
        self.problems.borrow().iter().cloned().collect()
    }

    /// Record a problem at `node` and stand an unknown value in for it.
    fn malformed(&self, node: &Node, message: String) -> Node {
        self.problems
            .borrow_mut()
            .insert((node.span.start, message));
        sym(node, Symbolic::unknown())
    }

    /// Conditions needed so far that could neither be decided nor were assumed.
    #[must_use]
    pub fn undecided(&self) -> BTreeSet<String> {
        self.undecided.borrow().clone()
    }

    /// Whether a named condition holds: `Some` when decided (or assumed), `None` otherwise.
    #[must_use]
    pub fn condition(&self, name: &str) -> Option<bool> {
        self.condition_at(name, 0)
    }

    fn condition_at(&self, name: &str, depth: usize) -> Option<bool> {
        if let Some(value) = self.assumed.get(name) {
            return Some(*value);
        }
        let decided = match self.conditions.get(name) {
            Some(definition) => {
                if self.evaluating.borrow().iter().any(|open| open == name) || depth > MAX_DEPTH {
                    self.problems.borrow_mut().insert((
                        definition.span.start,
                        format!("condition `{name}` refers to itself"),
                    ));
                    None
                } else {
                    self.evaluating.borrow_mut().push(name.to_string());
                    let value = self.truth(definition, depth + 1);
                    self.evaluating.borrow_mut().pop();
                    value
                }
            }
            None => None,
        };
        if decided.is_none() {
            self.undecided.borrow_mut().insert(name.to_string());
        }
        decided
    }

    /// A condition expression: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`.
    fn truth(&self, node: &Node, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (function, argument) = node.intrinsic()?;
        let items = match &argument.kind {
            NodeKind::Seq(items) => items.as_slice(),
            _ => std::slice::from_ref(argument),
        };
        match function {
            "Condition" => self.condition_at(argument.as_str()?, depth + 1),
            "Fn::Not" => self.truth(items.first()?, depth + 1).map(|value| !value),
            "Fn::And" => {
                let values: Vec<Option<bool>> = items
                    .iter()
                    .map(|item| self.truth(item, depth + 1))
                    .collect();
                if values.contains(&Some(false)) {
                    Some(false)
                } else if values.iter().all(Option::is_some) {
                    Some(true)
                } else {
                    None
                }
            }
            "Fn::Or" => {
                let values: Vec<Option<bool>> = items
                    .iter()
                    .map(|item| self.truth(item, depth + 1))
                    .collect();
                if values.contains(&Some(true)) {
                    Some(true)
                } else if values.iter().all(Option::is_some) {
                    Some(false)
                } else {
                    None
                }
            }
            "Fn::Equals" => {
                let [left, right] = items else { return None };
                let left = self.text_of(left, depth);
                let right = self.text_of(right, depth);
                match (left.as_text(), right.as_text()) {
                    (Some(left), Some(right)) => Some(left == right),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn is_resource(&self, logical_id: &str) -> bool {
        self.resources.contains(logical_id)
    }

    /// A parameter's `Default`; none for SSM parameter types, whose value is looked up in
    /// Parameter Store at deploy time (the default is only the parameter's name).
    fn parameter_default(&self, name: &str) -> Option<&'t Node> {
        let parameter = self.parameters.get(name)?;
        let ssm = parameter
            .get("Type")
            .and_then(Node::as_str)
            .is_some_and(|ty| ty.starts_with("AWS::SSM::Parameter::"));
        if ssm {
            return None;
        }
        parameter.get("Default")
    }

    /// Resolve every intrinsic in `node`. `None` means the value is removed (`AWS::NoValue`).
    #[must_use]
    pub fn resolve(&self, node: &Node) -> Option<Node> {
        self.resolve_at(node, 0)
    }

    fn resolve_at(&self, node: &Node, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return Some(sym(node, Symbolic::unknown()));
        }
        if let Some((function, argument)) = node.intrinsic() {
            return self.call(node, function, argument, depth + 1);
        }
        Some(match &node.kind {
            NodeKind::Seq(items) => Node {
                span: node.span,
                kind: NodeKind::Seq(
                    items
                        .iter()
                        .filter_map(|item| self.resolve_at(item, depth + 1))
                        .collect(),
                ),
            },
            NodeKind::Map(entries) => Node {
                span: node.span,
                kind: NodeKind::Map(
                    entries
                        .iter()
                        .filter_map(|entry| {
                            Some(Entry {
                                key: entry.key.clone(),
                                key_span: entry.key_span,
                                value: self.resolve_at(&entry.value, depth + 1)?,
                            })
                        })
                        .collect(),
                ),
            },
            _ => node.clone(),
        })
    }

    fn call(&self, node: &Node, function: &str, argument: &Node, depth: usize) -> Option<Node> {
        let value = match function {
            "Ref" => match argument.as_str() {
                Some("AWS::NoValue") => return None,
                Some(name) => return Some(self.reference(node, name, depth)),
                None => return Some(self.malformed(node, "`Ref` takes a name".to_string())),
            },
            "Fn::GetAtt" => {
                match get_att(argument) {
                    Some((id, attribute)) if self.is_resource(id) => {
                        Symbolic::reference(address(id), attribute)
                    }
                    Some((id, _)) => {
                        return Some(self.malformed(
                            node,
                            format!(
                                "`Fn::GetAtt` names `{id}`, which is not a resource of the template"
                            ),
                        ));
                    }
                    None => {
                        return Some(self.malformed(
                        node,
                        "`Fn::GetAtt` takes `[LogicalId, Attribute]` or `LogicalId.Attribute`".to_string(),
                    ));
                    }
                }
            }
            "Fn::Sub" => self.sub(argument, depth),
            "Fn::Join" => self.join(argument, depth),
            "Fn::If" => return self.if_(node, argument, depth),
            "Fn::Select" => return Some(self.select(node, argument, depth)),
            "Fn::Split" => return Some(self.split(node, argument, depth)),
            "Fn::FindInMap" => return Some(self.find_in_map(node, argument, depth)),
            _ => Symbolic::unknown(),
        };
        Some(sym(node, value))
    }

    /// `Fn::If [condition, then, else]`: the branch the condition (decided or assumed) picks;
    /// unknown when it cannot be decided.
    fn if_(&self, node: &Node, argument: &Node, depth: usize) -> Option<Node> {
        let arity = "`Fn::If` takes `[condition, value if true, value if false]`";
        let NodeKind::Seq(items) = &argument.kind else {
            return Some(self.malformed(node, arity.to_string()));
        };
        let [condition, then, otherwise] = items.as_slice() else {
            return Some(self.malformed(node, arity.to_string()));
        };
        if let Some(name) = condition
            .as_str()
            .filter(|name| !self.conditions.contains_key(name) && !self.assumed.contains_key(*name))
        {
            return Some(self.malformed(node, format!("condition `{name}` is not defined")));
        }
        match condition
            .as_str()
            .and_then(|name| self.condition_at(name, depth))
        {
            Some(true) => self.resolve_at(then, depth + 1),
            Some(false) => self.resolve_at(otherwise, depth + 1),
            None => Some(sym(node, Symbolic::unknown())),
        }
    }

    /// `Fn::Select [index, list]`.
    fn select(&self, node: &Node, argument: &Node, depth: usize) -> Node {
        let arity = || "`Fn::Select` takes `[index, list]`".to_string();
        let NodeKind::Seq(items) = &argument.kind else {
            return self.malformed(node, arity());
        };
        let [index, list] = items.as_slice() else {
            return self.malformed(node, arity());
        };
        let index = self.text_of(index, depth);
        let list = self.resolve_at(list, depth + 1);
        match (
            index.as_text().and_then(|i| i.parse::<usize>().ok()),
            list.map(|l| l.kind),
        ) {
            (Some(index), Some(NodeKind::Seq(mut items))) if index < items.len() => {
                items.swap_remove(index)
            }
            _ => sym(node, Symbolic::unknown()),
        }
    }

    /// `Fn::Split [delimiter, text]`: a list of strings when the text is known.
    fn split(&self, node: &Node, argument: &Node, depth: usize) -> Node {
        let arity = || "`Fn::Split` takes `[delimiter, text]`".to_string();
        let NodeKind::Seq(items) = &argument.kind else {
            return self.malformed(node, arity());
        };
        let [delimiter, text] = items.as_slice() else {
            return self.malformed(node, arity());
        };
        let text = self.text_of(text, depth);
        match (delimiter.as_str(), text.as_text()) {
            (Some(delimiter), Some(text)) if !delimiter.is_empty() => Node {
                span: node.span,
                kind: NodeKind::Seq(
                    text.split(delimiter)
                        .map(|piece| Node {
                            span: node.span,
                            kind: NodeKind::Str(piece.to_string()),
                        })
                        .collect(),
                ),
            },
            _ => sym(node, Symbolic::unknown()),
        }
    }

    /// `Fn::FindInMap [map, top key, second key]` over the template's `Mappings`, located
    /// where the mapped value is written.
    fn find_in_map(&self, node: &Node, argument: &Node, depth: usize) -> Node {
        let arity = || "`Fn::FindInMap` takes `[map, top-level key, second-level key]`".to_string();
        let NodeKind::Seq(items) = &argument.kind else {
            return self.malformed(node, arity());
        };
        let [map, top, second] = items.as_slice() else {
            return self.malformed(node, arity());
        };
        let keys = [map, top, second].map(|key| self.text_of(key, depth));
        let found = match (keys[0].as_text(), keys[1].as_text(), keys[2].as_text()) {
            (Some(map), Some(top), Some(second)) => self
                .mappings
                .and_then(|mappings| mappings.get(map)?.get(top)?.get(second)),
            _ => None,
        };
        found
            .and_then(|value| self.resolve_at(value, depth + 1))
            .unwrap_or_else(|| sym(node, Symbolic::unknown()))
    }

    /// `Ref`: a parameter's default (located where the default is written), a resource, or a
    /// pseudo parameter.
    fn reference(&self, node: &Node, name: &str, depth: usize) -> Node {
        if name.starts_with("AWS::") {
            return sym(node, Symbolic::pseudo(name));
        }
        if self.is_resource(name) {
            return sym(node, Symbolic::reference(address(name), "Ref"));
        }
        if let Some(value) = self.overrides.get(name) {
            // A value given for the scan: located where the template uses it.
            return Node {
                span: node.span,
                kind: NodeKind::Str(value.clone()),
            };
        }
        match self.parameter_default(name) {
            Some(default) => self
                .resolve_at(default, depth + 1)
                .unwrap_or_else(|| sym(node, Symbolic::unknown())),
            None if self.parameters.contains_key(name) => sym(node, Symbolic::unknown()),
            None => self.malformed(
                node,
                format!(
                    "`Ref` to `{name}`, which is neither a parameter nor a resource of the template"
                ),
            ),
        }
    }

    /// The string value of a resolved node, for `Fn::Sub` variables and `Fn::Join` items.
    fn text_of(&self, node: &Node, depth: usize) -> Symbolic {
        match self.resolve_at(node, depth + 1).map(|n| n.kind) {
            Some(NodeKind::Str(text)) => Symbolic::text(text),
            Some(NodeKind::Sym(value)) => value,
            Some(NodeKind::Number(number)) => Symbolic::text(number.to_string()),
            Some(NodeKind::Bool(value)) => Symbolic::text(value.to_string()),
            None => Symbolic::text(""),
            _ => Symbolic::unknown(),
        }
    }

    fn sub(&self, argument: &Node, depth: usize) -> Symbolic {
        let (template, variables) = match &argument.kind {
            NodeKind::Str(text) => (text.as_str(), None),
            NodeKind::Seq(items) => match items.as_slice() {
                [template, variables] => match template.as_str() {
                    Some(text) => (text, Some(variables)),
                    None => return Symbolic::unknown(),
                },
                _ => return Symbolic::unknown(),
            },
            _ => return Symbolic::unknown(),
        };
        let mut result = Symbolic::default();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            result.push(Part::Text(rest[..start].to_string()));
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                result.push(Part::Text(rest[start..].to_string()));
                rest = "";
                break;
            };
            let name = after[..end].trim();
            rest = &after[end + 1..];
            if let Some(literal) = name.strip_prefix('!') {
                // `${!Literal}` is the text `${Literal}`.
                result.push(Part::Text(format!("${{{literal}}}")));
            } else if let Some(value) = variables.and_then(|vars| vars.get(name)) {
                result.extend(self.text_of(value, depth));
            } else if name.starts_with("AWS::") {
                result.push(Part::Pseudo(name.to_string()));
            } else if let Some((id, attribute)) = name.split_once('.') {
                result.push(if self.is_resource(id) {
                    Part::Ref {
                        address: address(id),
                        attribute: attribute.to_string(),
                    }
                } else {
                    Part::Unknown
                });
            } else if self.is_resource(name) {
                result.push(Part::Ref {
                    address: address(name),
                    attribute: "Ref".to_string(),
                });
            } else if let Some(value) = self.overrides.get(name) {
                result.push(Part::Text(value.clone()));
            } else if let Some(default) = self.parameter_default(name) {
                result.extend(self.text_of(default, depth));
            } else {
                result.push(Part::Unknown);
            }
        }
        result.push(Part::Text(rest.to_string()));
        result
    }

    fn join(&self, argument: &Node, depth: usize) -> Symbolic {
        let NodeKind::Seq(arguments) = &argument.kind else {
            return Symbolic::unknown();
        };
        let [delimiter, list] = arguments.as_slice() else {
            return Symbolic::unknown();
        };
        let Some(delimiter) = delimiter.as_str() else {
            return Symbolic::unknown();
        };
        let Some(NodeKind::Seq(items)) = self.resolve_at(list, depth + 1).map(|n| n.kind) else {
            return Symbolic::unknown();
        };
        let mut result = Symbolic::default();
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                result.push(Part::Text(delimiter.to_string()));
            }
            result.extend(self.text_of(item, depth));
        }
        result
    }
}

/// `Fn::GetAtt` arguments: `[Id, Attr]` or `"Id.Attr"`.
fn get_att(argument: &Node) -> Option<(&str, &str)> {
    match &argument.kind {
        NodeKind::Str(text) => text.split_once('.'),
        NodeKind::Seq(items) => match items.as_slice() {
            [id, attribute] => Some((id.as_str()?, attribute.as_str()?)),
            _ => None,
        },
        _ => None,
    }
}

/// A resolved value in place of `node`: plain text stays a string.
fn sym(node: &Node, value: Symbolic) -> Node {
    let kind = match value.as_text() {
        Some(text) => NodeKind::Str(text.to_string()),
        None => NodeKind::Sym(value),
    };
    Node {
        span: node.span,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::cloudformation::yaml;

    fn resolve_in(template: &str, path: &str) -> Option<Node> {
        let root = yaml::parse(template).unwrap().unwrap();
        let context = Context::new(root.get("Parameters"), root.get("Resources"));
        let mut node = &root;
        for key in path.split('.') {
            node = node.get(key).unwrap();
        }
        context.resolve(node)
    }

    const TEMPLATE: &str = "Parameters:\n  Env: {Type: String, Default: prod}\n  Free: {Type: String}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n  Out:\n    Type: X\n    Properties:\n      A: !Sub 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Q.QueueName}-${Env}'\n      B: !Ref Env\n      C: !Join [':', [a, !Ref Free, !GetAtt Q.Arn]]\n      D: !Ref AWS::NoValue\n      E: !Sub ['${X}-${!Literal}', {X: !Ref Q}]\n      F: !If [Cond, a, b]\n";

    fn text(node: Option<Node>) -> String {
        match node.map(|n| n.kind) {
            Some(NodeKind::Str(text)) => text,
            Some(NodeKind::Sym(value)) => value.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn sub_resolves_pseudo_parameters_attributes_and_parameter_defaults() {
        assert_eq!(
            text(resolve_in(TEMPLATE, "Resources.Out.Properties.A")),
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Resources.Q.QueueName}-prod"
        );
        assert_eq!(
            text(resolve_in(TEMPLATE, "Resources.Out.Properties.B")),
            "prod"
        );
        assert_eq!(
            text(resolve_in(TEMPLATE, "Resources.Out.Properties.C")),
            "a:${?}:${Resources.Q.Arn}"
        );
        assert!(resolve_in(TEMPLATE, "Resources.Out.Properties.D").is_none());
        assert_eq!(
            text(resolve_in(TEMPLATE, "Resources.Out.Properties.E")),
            "${Resources.Q.Ref}-${Literal}"
        );
        assert_eq!(
            text(resolve_in(TEMPLATE, "Resources.Out.Properties.F")),
            "${?}"
        );
    }

    #[test]
    fn a_parameter_default_keeps_the_location_where_it_was_written() {
        let node = resolve_in(TEMPLATE, "Resources.Out.Properties.B").unwrap();
        let start = node.span.start as usize;
        assert_eq!(&TEMPLATE[start..start + 4], "prod");
    }
}
