//! Static resolution of CloudFormation intrinsic functions inside a value: what is known
//! becomes text, pseudo parameters and resource references stay symbolic, the rest is unknown.
//!
//! Covered: `Ref` (parameters by their `Default`, resources, pseudo parameters, `AWS::NoValue`),
//! `Fn::GetAtt`, `Fn::Sub` (both forms), `Fn::Join`. Other functions resolve to unknown.

use crate::frontend::tree::{Entry, Node, NodeKind};
use crate::model::symbolic::{Part, Symbolic};

/// What intrinsics can see of the template, indexed once (lookups stay constant-time, so a
/// template resolves in linear time).
pub struct Context<'t> {
    parameters: std::collections::HashMap<&'t str, &'t Node>,
    resources: std::collections::HashSet<&'t str>,
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
        Context {
            parameters: parameters
                .map(|p| {
                    p.entries()
                        .iter()
                        .map(|e| (e.key.as_str(), &e.value))
                        .collect()
                })
                .unwrap_or_default(),
            resources: resources
                .map(|r| r.entries().iter().map(|e| e.key.as_str()).collect())
                .unwrap_or_default(),
        }
    }

    fn is_resource(&self, logical_id: &str) -> bool {
        self.resources.contains(logical_id)
    }

    fn parameter_default(&self, name: &str) -> Option<&'t Node> {
        self.parameters.get(name)?.get("Default")
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
                None => Symbolic::unknown(),
            },
            "Fn::GetAtt" => match get_att(argument) {
                Some((id, attribute)) if self.is_resource(id) => {
                    Symbolic::reference(address(id), attribute)
                }
                _ => Symbolic::unknown(),
            },
            "Fn::Sub" => self.sub(argument, depth),
            "Fn::Join" => self.join(argument, depth),
            _ => Symbolic::unknown(),
        };
        Some(sym(node, value))
    }

    /// `Ref`: a parameter's default (located where the default is written), a resource, or a
    /// pseudo parameter.
    fn reference(&self, node: &Node, name: &str, depth: usize) -> Node {
        if name.starts_with("AWS::") {
            return sym(
                node,
                Symbolic {
                    parts: vec![Part::Pseudo(name.to_string())],
                },
            );
        }
        if self.is_resource(name) {
            return sym(node, Symbolic::reference(address(name), "Ref"));
        }
        match self.parameter_default(name) {
            Some(default) => self
                .resolve_at(default, depth + 1)
                .unwrap_or_else(|| sym(node, Symbolic::unknown())),
            None => sym(node, Symbolic::unknown()),
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
