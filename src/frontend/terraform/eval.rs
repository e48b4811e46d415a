//! Terraform expression evaluation with unknowns: what can be known statically is, the rest is
//! `Val::Unknown`. Covered: literals, templates, conditionals, references to resources, and —
//! through a module [`Scope`] — input variables (defaults, `terraform.tfvars`,
//! `*.auto.tfvars`, values given for the scan) and locals. Modules, `count`/`for_each` and
//! functions are not evaluated yet (unknown).

use std::cell::RefCell;
use std::collections::HashMap;

use hcl_edit::Span as _;
use hcl_edit::expr::{BinaryOperator, Expression, TraversalOperator, UnaryOperator};
use hcl_edit::template::Element;

use crate::model::symbolic::{Part, Symbolic};
use crate::model::{FileId, Location};
use crate::source::Span;

/// Where a variable's or local's value comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'b> {
    /// An expression written in a file of the module (a default, a tfvars line, a local).
    Written(&'b Expression, FileId),
    /// A value given for the scan (configuration, `TF_VAR_…`): no place in the code.
    Given(&'b str),
}

/// What `var.x` and `local.x` mean in one module; lookups are constant-time and cycles are
/// refused, so evaluation stays linear.
#[derive(Debug, Default)]
pub struct Scope<'b> {
    variables: HashMap<String, Source<'b>>,
    locals: HashMap<String, Source<'b>>,
    resolving: RefCell<Vec<String>>,
}

impl<'b> Scope<'b> {
    /// Set a variable's value; later calls win (defaults, then tfvars, then given values).
    pub fn set_variable(&mut self, name: &str, source: Source<'b>) {
        self.variables.insert(name.to_string(), source);
    }

    pub fn set_local(&mut self, name: &str, source: Source<'b>) {
        self.locals.insert(name.to_string(), source);
    }

    /// The source of `var.name` / `local.name` when the expression is exactly that.
    fn source_of(&self, expr: &Expression) -> Option<(String, Source<'b>)> {
        let Expression::Traversal(traversal) = expr else {
            return None;
        };
        let names = traversal_names(traversal)?;
        let [root, name] = names.as_slice() else {
            return None;
        };
        let table = match root.as_str() {
            "var" => &self.variables,
            "local" => &self.locals,
            _ => return None,
        };
        table
            .get(name)
            .map(|source| (format!("{root}.{name}"), *source))
    }

    /// Where the value of `expr` is written, when it comes from elsewhere (a variable default,
    /// a tfvars line, a local), following chains of variables and locals.
    #[must_use]
    pub fn origin(&self, expr: &Expression) -> Option<Location> {
        let mut current = expr;
        let mut found = None;
        for _ in 0..16 {
            match self.source_of(current) {
                Some((_, Source::Written(next, file))) => {
                    found = next.span().map(|range| Location {
                        file,
                        span: Span::from_range(range),
                    });
                    current = next;
                }
                _ => break,
            }
        }
        found
    }

    /// Evaluate an expression in this scope.
    #[must_use]
    pub fn evaluate(&self, expr: &Expression) -> Val {
        if let Some((name, source)) = self.source_of(expr) {
            if self.resolving.borrow().contains(&name) || self.resolving.borrow().len() > 32 {
                return Val::Unknown(format!("`{name}` refers to itself"));
            }
            self.resolving.borrow_mut().push(name);
            let value = match source {
                Source::Written(next, _) => self.evaluate(next),
                Source::Given(text) => Val::Str(text.to_string()),
            };
            self.resolving.borrow_mut().pop();
            return value;
        }
        match expr {
            Expression::Parenthesis(inner) => self.evaluate(inner.inner()),
            Expression::StringTemplate(template) => {
                let elements: Vec<&Element> = template.iter().collect();
                self.template_value(&elements)
            }
            Expression::Conditional(conditional) => {
                match self.evaluate(&conditional.cond_expr).as_bool() {
                    Some(true) => self.evaluate(&conditional.true_expr),
                    Some(false) => self.evaluate(&conditional.false_expr),
                    None => Val::Unknown("condition not known statically".into()),
                }
            }
            Expression::UnaryOp(op) => match (op.operator.value(), self.evaluate(&op.expr)) {
                (UnaryOperator::Not, value) => value.as_bool().map_or_else(
                    || Val::Unknown("`!` of an unknown value".into()),
                    |b| Val::Bool(!b),
                ),
                (UnaryOperator::Neg, Val::Number(number)) => Val::Number(-number),
                _ => Val::Unknown("operation on an unknown value".into()),
            },
            Expression::BinaryOp(op) => {
                self.binary(*op.operator.value(), &op.lhs_expr, &op.rhs_expr)
            }
            Expression::FuncCall(call) if call.name.namespace.is_empty() => {
                let args: Vec<&Expression> = call.args.iter().collect();
                self.call(call.name.name.as_str(), &args)
            }
            _ => evaluate_literal(expr),
        }
    }

    /// Comparisons and boolean operators over known values; `&&`/`||` short-circuit on a
    /// known side that decides the result.
    fn binary(&self, operator: BinaryOperator, lhs: &Expression, rhs: &Expression) -> Val {
        let unknown = || Val::Unknown("operation on an unknown value".into());
        let (left, right) = (self.evaluate(lhs), self.evaluate(rhs));
        let known = |value: &Val| !matches!(value, Val::Unknown(_) | Val::Ref { .. });
        match operator {
            BinaryOperator::And => match (left.as_bool(), right.as_bool()) {
                (Some(false), _) | (_, Some(false)) => Val::Bool(false),
                (Some(true), Some(true)) => Val::Bool(true),
                _ => unknown(),
            },
            BinaryOperator::Or => match (left.as_bool(), right.as_bool()) {
                (Some(true), _) | (_, Some(true)) => Val::Bool(true),
                (Some(false), Some(false)) => Val::Bool(false),
                _ => unknown(),
            },
            BinaryOperator::Eq | BinaryOperator::NotEq if known(&left) && known(&right) => {
                let equal = match (&left, &right) {
                    (Val::Number(a), Val::Number(b)) => (a - b).abs() < f64::EPSILON,
                    _ => left == right,
                };
                Val::Bool(equal == (operator == BinaryOperator::Eq))
            }
            _ => unknown(),
        }
    }

    /// The scalar functions policies and queues use in practice. Anything else is unknown.
    fn call(&self, name: &str, args: &[&Expression]) -> Val {
        let unknown = || Val::Unknown(format!("`{name}(…)` is not evaluated"));
        let text = |index: usize| match args.get(index).map(|arg| self.evaluate(arg)) {
            Some(Val::Str(text)) => Some(text),
            Some(Val::Number(number)) => Some(number.to_string()),
            Some(Val::Bool(value)) => Some(value.to_string()),
            _ => None,
        };
        match (name, args.len()) {
            ("lower", 1) => text(0).map_or_else(unknown, |t| Val::Str(t.to_lowercase())),
            ("upper", 1) => text(0).map_or_else(unknown, |t| Val::Str(t.to_uppercase())),
            ("trimspace", 1) => text(0).map_or_else(unknown, |t| Val::Str(t.trim().to_string())),
            ("tostring", 1) => text(0).map_or_else(unknown, Val::Str),
            ("tobool", 1) => match self.evaluate(args[0]).as_bool() {
                Some(value) => Val::Bool(value),
                None => unknown(),
            },
            // `try` returns its first argument that evaluates without error; statically, the
            // first known one when every earlier one is known to fail is all we could claim,
            // so only a known first argument is used.
            ("try", n) if n >= 1 => match self.evaluate(args[0]) {
                Val::Unknown(_) => unknown(),
                value => value,
            },
            // `coalesce`: the first argument that is not null or empty — known only while
            // every argument before it is known.
            ("coalesce", _) => {
                for arg in args {
                    match self.evaluate(arg) {
                        Val::Null => {}
                        Val::Str(text) if text.is_empty() => {}
                        Val::Unknown(_) => return unknown(),
                        value => return value,
                    }
                }
                unknown()
            }
            ("format", n) if n >= 1 => {
                let Some(spec) = text(0) else {
                    return unknown();
                };
                let mut out = String::new();
                let mut next = 1;
                let mut chars = spec.chars().peekable();
                while let Some(c) = chars.next() {
                    if c != '%' {
                        out.push(c);
                        continue;
                    }
                    match chars.next() {
                        Some('%') => out.push('%'),
                        Some('s' | 'd' | 'v') => match text(next) {
                            Some(value) => {
                                out.push_str(&value);
                                next += 1;
                            }
                            None => return unknown(),
                        },
                        _ => return unknown(),
                    }
                }
                Val::Str(out)
            }
            _ => unknown(),
        }
    }

    /// A template is known when every interpolation is known text (or it is exactly one
    /// interpolation, which keeps its type).
    fn template_value(&self, elements: &[&Element]) -> Val {
        if let [Element::Interpolation(interpolation)] = elements {
            return self.evaluate(&interpolation.expr);
        }
        let mut text = String::new();
        for element in elements {
            match element {
                Element::Literal(literal) => text.push_str(literal.value()),
                Element::Interpolation(interpolation) => match self.evaluate(&interpolation.expr) {
                    Val::Str(value) => text.push_str(&value),
                    Val::Number(value) => text.push_str(&value.to_string()),
                    Val::Bool(value) => text.push_str(&value.to_string()),
                    _ => return Val::Unknown("template with unknown interpolations".into()),
                },
                Element::Directive(_) => return Val::Unknown("template directive".into()),
            }
        }
        Val::Str(text)
    }

    /// A string expression as a symbolic string: known text stays text, interpolated
    /// references become references, everything else is unknown.
    #[must_use]
    pub fn symbolic(&self, expr: &Expression) -> Symbolic {
        match self.evaluate(expr) {
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
                Element::Interpolation(interpolation) => match self.evaluate(&interpolation.expr) {
                    Val::Str(text) => result.push(Part::Text(text)),
                    Val::Ref { address, attribute } => {
                        result.push(Part::Ref { address, attribute });
                    }
                    _ => result.push(Part::Unknown),
                },
                Element::Directive(_) => result.push(Part::Unknown),
            }
        }
        result
    }
}

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

/// Evaluate an expression with no variables or locals in scope.
#[must_use]
pub fn evaluate(expr: &Expression) -> Val {
    Scope::default().evaluate(expr)
}

/// Literals and references: what needs no scope.
fn evaluate_literal(expr: &Expression) -> Val {
    match expr {
        Expression::Null(_) => Val::Null,
        Expression::Bool(value) => Val::Bool(*value.value()),
        Expression::Number(number) => number
            .value()
            .as_f64()
            .map_or_else(|| Val::Unknown("number out of range".into()), Val::Number),
        Expression::String(text) => Val::Str(text.value().clone()),
        Expression::Traversal(traversal) => reference(traversal),
        Expression::Variable(name) => Val::Unknown(format!("`{}` is not resolved", name.as_str())),
        _ => Val::Unknown("expression not evaluated statically".into()),
    }
}

/// The attribute names of a traversal, skipping instance keys: `data.aws_iam_policy_document
/// .x[0].json` → its four names (every instance shares its configuration until
/// `count`/`for_each` are expanded). A splat makes it `None`.
#[must_use]
pub fn instance_traversal_names(traversal: &hcl_edit::expr::Traversal) -> Option<Vec<String>> {
    let Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    let mut names = vec![root.as_str().to_string()];
    for op in &traversal.operators {
        match op.value() {
            TraversalOperator::GetAttr(name) => names.push(name.as_str().to_string()),
            TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_) => {}
            _ => return None,
        }
    }
    Some(names)
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

/// A string expression as a symbolic string, with no variables or locals in scope.
#[must_use]
pub fn symbolic(expr: &Expression) -> Symbolic {
    Scope::default().symbolic(expr)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Val {
        let body = hcl_edit::parser::parse_body(text).unwrap();
        let mut scope = Scope::default();
        let mut target = None;
        for attribute in body.attributes() {
            if attribute.key.as_str() == "x" {
                target = Some(&attribute.value);
            } else {
                scope.set_local(attribute.key.as_str(), Source::Written(&attribute.value, 0));
            }
        }
        scope.evaluate(target.unwrap())
    }

    #[test]
    fn functions_templates_and_conditionals_over_locals() {
        assert_eq!(
            value("env = \"Prod\"\nx = lower(local.env)"),
            Val::Str("prod".into())
        );
        assert_eq!(
            value("x = format(\"%s-%d\", \"q\", 3)"),
            Val::Str("q-3".into())
        );
        assert_eq!(
            value("a = null\nx = coalesce(local.a, \"\", \"k\")"),
            Val::Str("k".into())
        );
        assert_eq!(
            value("on = true\nx = local.on ? \"a\" : \"b\""),
            Val::Str("a".into())
        );
        assert_eq!(
            value("p = \"orders\"\nx = \"${local.p}-dlq\""),
            Val::Str("orders-dlq".into())
        );
        assert!(matches!(
            value("x = coalesce(var.unset, \"k\")"),
            Val::Unknown(_)
        ));
        assert!(matches!(
            value("x = try(var.unset, false)"),
            Val::Unknown(_)
        ));
        assert!(matches!(value("x = md5(\"a\")"), Val::Unknown(_)));
        assert_eq!(
            value("k = null\nx = local.k != null ? \"kms\" : \"sse\""),
            Val::Str("sse".into())
        );
        assert_eq!(value("x = !false && (1 == 1)"), Val::Bool(true));
        assert_eq!(value("x = var.unset || true"), Val::Bool(true));
        assert!(matches!(value("x = var.unset == \"a\""), Val::Unknown(_)));
    }
}
