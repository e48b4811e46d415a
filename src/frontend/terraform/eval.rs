//! Terraform expression evaluation with unknowns: what can be known statically is, the rest is
//! `Val::Unknown`. This issue covers literals, literal templates and resource references; the
//! full evaluator (variables, locals, modules, functions) grows here.

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::template::Element;

use crate::model::symbolic::{Part, Symbolic};

/// Names that start a traversal but are not resource types.
const NON_RESOURCE_ROOTS: &[&str] = &[
    "var",
    "local",
    "module",
    "data",
    "each",
    "count",
    "path",
    "self",
    "terraform",
];

/// A statically evaluated Terraform value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    /// An attribute of a resource of the same configuration: `aws_kms_key.k.arn`.
    Ref {
        address: String,
        attribute: String,
    },
    Unknown(String),
}

impl Val {
    /// Terraform's automatic string → bool conversion (go-cty accepts `"1"` and `"0"` too).
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Val::Bool(value) => Some(*value),
            Val::Str(text) if text == "true" || text == "1" => Some(true),
            Val::Str(text) if text == "false" || text == "0" => Some(false),
            _ => None,
        }
    }
}

/// Evaluate an expression.
#[must_use]
pub fn evaluate(expr: &Expression) -> Val {
    match expr {
        Expression::Null(_) => Val::Null,
        Expression::Bool(value) => Val::Bool(*value.value()),
        Expression::Number(number) => number
            .value()
            .as_f64()
            .map_or_else(|| Val::Unknown("number out of range".into()), Val::Number),
        Expression::String(text) => Val::Str(text.value().clone()),
        Expression::Parenthesis(inner) => evaluate(inner.inner()),
        Expression::StringTemplate(template) => {
            let elements: Vec<&Element> = template.iter().collect();
            template_value(&elements)
        }
        Expression::Traversal(traversal) => reference(traversal),
        Expression::Variable(name) => Val::Unknown(format!("`{}` is not resolved", name.as_str())),
        _ => Val::Unknown("expression not evaluated statically".into()),
    }
}

/// A template is known when it is all literal text, or is exactly one interpolation.
fn template_value(elements: &[&Element]) -> Val {
    if let [Element::Interpolation(interpolation)] = elements {
        return evaluate(&interpolation.expr);
    }
    let mut text = String::new();
    for element in elements {
        match element {
            Element::Literal(literal) => text.push_str(literal.value()),
            _ => return Val::Unknown("template with interpolations".into()),
        }
    }
    Val::Str(text)
}

/// The names of a plain traversal: `data.aws_iam_policy_document.x.json` → its four names.
/// Index and splat operators make it `None`.
#[must_use]
pub fn traversal_names(traversal: &hcl_edit::expr::Traversal) -> Option<Vec<String>> {
    let Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    let mut names = vec![root.as_str().to_string()];
    for op in &traversal.operators {
        match op.value() {
            TraversalOperator::GetAttr(name) => names.push(name.as_str().to_string()),
            _ => return None,
        }
    }
    Some(names)
}

/// A string expression as a symbolic string: template text stays text, interpolated
/// references become references, everything else is unknown.
#[must_use]
pub fn symbolic(expr: &Expression) -> Symbolic {
    match evaluate(expr) {
        Val::Str(text) => return Symbolic::text(text),
        Val::Ref { address, attribute } => return Symbolic::reference(address, attribute),
        _ => {}
    }
    let Expression::StringTemplate(template) = expr else {
        return Symbolic::unknown();
    };
    let mut result = Symbolic::default();
    for element in template {
        match element {
            Element::Literal(literal) => result.push(Part::Text(literal.value().clone())),
            Element::Interpolation(interpolation) => match evaluate(&interpolation.expr) {
                Val::Str(text) => result.push(Part::Text(text)),
                Val::Ref { address, attribute } => result.push(Part::Ref { address, attribute }),
                _ => result.push(Part::Unknown),
            },
            Element::Directive(_) => result.push(Part::Unknown),
        }
    }
    result
}

/// `type.name.attr` → a reference to resource `type.name` (instance keys are dropped: every
/// instance of a resource shares its configuration until `count`/`for_each` are expanded).
fn reference(traversal: &hcl_edit::expr::Traversal) -> Val {
    let Expression::Variable(root) = &traversal.expr else {
        return Val::Unknown("traversal of a computed value".into());
    };
    let root = root.as_str();
    if NON_RESOURCE_ROOTS.contains(&root) {
        return Val::Unknown(format!("`{root}.…` is not resolved yet"));
    }
    let mut names = traversal
        .operators
        .iter()
        .filter_map(|op| match op.value() {
            TraversalOperator::GetAttr(name) => Some(name.as_str().to_string()),
            _ => None,
        });
    match (names.next(), names.next()) {
        (Some(name), Some(attribute)) => Val::Ref {
            address: format!("{root}.{name}"),
            attribute,
        },
        _ => Val::Unknown(format!("reference to `{root}` without an attribute")),
    }
}
