//! Terraform expression evaluation with unknowns: what can be known statically is, the rest is
//! [`Kind::Unknown`]. Every value remembers where it was written, so a finding sits on the
//! tfvars line, the module argument or the `for_each` map entry that caused it. What a name
//! means (`var.x`, `local.x`, a resource, a module output) is asked of an [`Env`]: the module
//! instance being evaluated.

use std::collections::BTreeMap;
use std::rc::Rc;

use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, Traversal, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Directive, Element, Template};

use crate::model::symbolic::{Part, Symbolic};
use crate::model::{FileId, Location};
use crate::source::Span;

/// A statically evaluated Terraform value and where it was written (`None` for a value given
/// on the command line or computed from nothing written).
#[derive(Debug, Clone)]
pub struct Val {
    pub kind: Kind,
    pub at: Option<Location>,
}

/// Values compare by content: where they were written does not change what they are.
impl PartialEq for Val {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    /// A string with parts not known as text: `"${aws_sqs_queue.q.arn}/*"`, an account id.
    Sym(Symbolic),
    /// Lists, tuples and sets. Shared: a value is copied wherever it is used (a variable in
    /// every `for_each` instance, a module's outputs in every reference), so copies are cheap.
    List(Rc<Vec<Val>>),
    /// Maps and objects (Terraform orders both by key); shared like lists.
    Map(Rc<BTreeMap<String, Val>>),
    /// A managed resource instance of the configuration: its attributes are references.
    Resource(String),
    /// The JSON text that encodes a value (`jsonencode(…)`, a policy document's `json`).
    Json(Box<Val>),
    /// Not statically knowable.
    Unknown(String),
    /// Known to fail in Terraform (an attribute a known object lacks): `try` and `can` see
    /// past it, everything else treats it as unknown.
    Invalid(String),
}

impl Val {
    #[must_use]
    pub fn new(kind: Kind, at: Option<Location>) -> Self {
        Val { kind, at }
    }

    #[must_use]
    pub fn unknown(reason: impl Into<String>, at: Option<Location>) -> Self {
        Val::new(Kind::Unknown(reason.into()), at)
    }

    #[must_use]
    pub fn list(items: Vec<Val>, at: Option<Location>) -> Self {
        Val::new(Kind::List(Rc::new(items)), at)
    }

    #[must_use]
    pub fn map(entries: BTreeMap<String, Val>, at: Option<Location>) -> Self {
        Val::new(Kind::Map(Rc::new(entries)), at)
    }

    #[must_use]
    pub fn str(text: impl Into<String>, at: Option<Location>) -> Self {
        Val::new(Kind::Str(text.into()), at)
    }

    /// Terraform's automatic string → bool conversion (go-cty accepts `"1"` and `"0"` too).
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            Kind::Bool(value) => Some(*value),
            Kind::Str(text) if text == "true" || text == "1" => Some(true),
            Kind::Str(text) if text == "false" || text == "0" => Some(false),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_number(&self) -> Option<f64> {
        match &self.kind {
            Kind::Number(number) => Some(*number),
            Kind::Str(text) => text.trim().parse().ok(),
            _ => None,
        }
    }

    /// A primitive as Terraform's string conversion writes it.
    #[must_use]
    pub fn as_text(&self) -> Option<String> {
        match &self.kind {
            Kind::Str(text) => Some(text.clone()),
            Kind::Number(number) => Some(number_text(*number)),
            Kind::Bool(value) => Some(value.to_string()),
            _ => None,
        }
    }

    #[must_use]
    pub fn is_null(&self) -> bool {
        self.kind == Kind::Null
    }

    /// Unknown, or known to fail: nothing can be said of it.
    #[must_use]
    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, Kind::Unknown(_) | Kind::Invalid(_))
    }

    /// A string value as a symbolic string: text stays text, references stay references.
    #[must_use]
    pub fn symbolic(&self) -> Symbolic {
        match &self.kind {
            Kind::Sym(symbolic) => symbolic.clone(),
            _ => self
                .as_text()
                .map_or_else(Symbolic::unknown, Symbolic::text),
        }
    }

    /// The elements of a list, or of a map in key order (what `for`, `flatten`, `length` see).
    fn elements(&self) -> Option<Vec<Val>> {
        match &self.kind {
            Kind::List(items) => Some(items.to_vec()),
            Kind::Map(entries) => Some(entries.values().cloned().collect()),
            _ => None,
        }
    }

    fn with_at(mut self, at: Option<Location>) -> Self {
        if self.at.is_none() {
            self.at = at;
        }
        self
    }
}

/// Terraform writes whole numbers without a fraction.
#[must_use]
pub fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{number:.0}")
    } else {
        number.to_string()
    }
}

/// What names mean where an expression is evaluated: a module instance.
pub trait Env {
    /// `var.name`.
    fn variable(&self, name: &str, at: Location) -> Val;
    /// `local.name`.
    fn local(&self, name: &str, at: Location) -> Val;
    /// `type.name` of a managed resource: an object, or a list / map of instances.
    fn resource(&self, kind: &str, name: &str, at: Location) -> Val;
    /// `data.type.name`.
    fn data(&self, kind: &str, name: &str, at: Location) -> Val;
    /// `module.name`: its outputs, or a list / map of them.
    fn module(&self, name: &str, at: Location) -> Val;
    /// `path.module`, `path.root`, `path.cwd`.
    fn path(&self, name: &str) -> Option<String>;
    /// The text of a file named relative to the working directory (`file()`,
    /// `templatefile()`), as a string located over the whole file.
    fn read_file(&self, path: &str) -> Option<(String, Location)>;
}

/// An environment with nothing in it: every name is unknown.
pub struct NoEnv;

impl Env for NoEnv {
    fn variable(&self, name: &str, at: Location) -> Val {
        Val::unknown(format!("`var.{name}` is not resolved here"), Some(at))
    }
    fn local(&self, name: &str, at: Location) -> Val {
        Val::unknown(format!("`local.{name}` is not resolved here"), Some(at))
    }
    fn resource(&self, kind: &str, name: &str, at: Location) -> Val {
        Val::new(Kind::Resource(format!("{kind}.{name}")), Some(at))
    }
    fn data(&self, kind: &str, name: &str, at: Location) -> Val {
        Val::unknown(
            format!("`data.{kind}.{name}` is not resolved here"),
            Some(at),
        )
    }
    fn module(&self, name: &str, at: Location) -> Val {
        Val::unknown(format!("`module.{name}` is not resolved here"), Some(at))
    }
    fn path(&self, _: &str) -> Option<String> {
        None
    }
    fn read_file(&self, _: &str) -> Option<(String, Location)> {
        None
    }
}

/// Names bound while evaluating: `each`, `count`, a `for` expression's variables, a `dynamic`
/// block's iterator, a `templatefile` variable.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    bindings: Vec<(String, Val)>,
}

impl Frame {
    #[must_use]
    pub fn with(&self, name: &str, value: Val) -> Frame {
        let mut frame = self.clone();
        frame.bindings.push((name.to_string(), value));
        frame
    }

    fn get(&self, name: &str) -> Option<&Val> {
        self.bindings
            .iter()
            .rev()
            .find(|(bound, _)| bound == name)
            .map(|(_, value)| value)
    }

    /// The frame of one `count` instance.
    #[must_use]
    pub fn count(index: usize, at: Option<Location>) -> Frame {
        let mut fields = BTreeMap::new();
        #[allow(clippy::cast_precision_loss)] // instance counts are capped far below 2^52
        fields.insert("index".into(), Val::new(Kind::Number(index as f64), at));
        Frame::default().with("count", Val::map(fields, at))
    }

    /// The frame of one `for_each` instance.
    #[must_use]
    pub fn each(key: Val, value: Val) -> Frame {
        let mut fields = BTreeMap::new();
        let at = value.at;
        fields.insert("key".into(), key);
        fields.insert("value".into(), value);
        Frame::default().with("each", Val::map(fields, at))
    }

    /// An instance whose `count` / `for_each` is not known: `each.*`, `count.*` are unknown.
    #[must_use]
    pub fn unknown_instance(reason: &str) -> Frame {
        Frame::default()
            .with("each", Val::unknown(reason, None))
            .with("count", Val::unknown(reason, None))
    }
}

/// Deepest evaluation nesting (function calls in function calls, chains of locals).
const MAX_DEPTH: u32 = 64;

/// Evaluates the expressions of one file in an [`Env`].
pub struct Evaluator<'e> {
    pub env: &'e dyn Env,
    pub file: FileId,
    depth: std::cell::Cell<u32>,
}

impl<'e> Evaluator<'e> {
    #[must_use]
    pub fn new(env: &'e dyn Env, file: FileId) -> Self {
        Evaluator {
            env,
            file,
            depth: std::cell::Cell::new(0),
        }
    }

    /// Where an expression (or any spanned syntax) is written.
    pub fn at(&self, item: &dyn hcl_edit::Span) -> Option<Location> {
        item.span().map(|range| Location {
            file: self.file,
            span: Span::from_range(range),
        })
    }

    #[must_use]
    pub fn eval(&self, expr: &Expression, frame: &Frame) -> Val {
        let depth = self.depth.get();
        if depth > MAX_DEPTH {
            return Val::unknown("expression nested too deeply", self.at(expr));
        }
        self.depth.set(depth + 1);
        let value = self.eval_inner(expr, frame);
        self.depth.set(depth);
        value
    }

    fn eval_inner(&self, expr: &Expression, frame: &Frame) -> Val {
        let at = self.at(expr);
        match expr {
            Expression::Null(_) => Val::new(Kind::Null, at),
            Expression::Bool(value) => Val::new(Kind::Bool(*value.value()), at),
            Expression::Number(number) => number.value().as_f64().map_or_else(
                || Val::unknown("number out of range", at),
                |n| Val::new(Kind::Number(n), at),
            ),
            Expression::String(text) => Val::str(text.value().clone(), at),
            Expression::Array(items) => Val::list(
                items.iter().map(|item| self.eval(item, frame)).collect(),
                at,
            ),
            Expression::Object(object) => {
                let mut entries = BTreeMap::new();
                for (key, value) in object {
                    let name = match key {
                        hcl_edit::expr::ObjectKey::Ident(ident) => ident.as_str().to_string(),
                        hcl_edit::expr::ObjectKey::Expression(key_expr) => {
                            // A bare name in parentheses or a template is evaluated; a bare
                            // name is the key itself.
                            if let Expression::Variable(name) = key_expr {
                                name.as_str().to_string()
                            } else {
                                match self.eval(key_expr, frame).as_text() {
                                    Some(text) => text,
                                    None => {
                                        return Val::unknown("an object key is not known", at);
                                    }
                                }
                            }
                        }
                    };
                    entries.insert(name, self.eval(value.expr(), frame));
                }
                Val::map(entries, at)
            }
            Expression::StringTemplate(template) => {
                let elements: Vec<&Element> = template.iter().collect();
                self.template(&elements, frame, at)
            }
            Expression::HeredocTemplate(heredoc) => {
                let elements: Vec<&Element> = heredoc.template.iter().collect();
                self.template(&elements, frame, at)
            }
            Expression::Parenthesis(inner) => self.eval(inner.inner(), frame),
            Expression::Variable(name) => match frame.get(name.as_str()) {
                Some(value) => value.clone(),
                None => Val::unknown(format!("`{}` is not resolved", name.as_str()), at),
            },
            Expression::Conditional(conditional) => {
                match self.eval(&conditional.cond_expr, frame).as_bool() {
                    Some(true) => self.eval(&conditional.true_expr, frame),
                    Some(false) => self.eval(&conditional.false_expr, frame),
                    None => Val::unknown("condition not known statically", at),
                }
            }
            Expression::UnaryOp(op) => {
                let value = self.eval(&op.expr, frame);
                match op.operator.value() {
                    UnaryOperator::Not => value.as_bool().map_or_else(
                        || Val::unknown("`!` of an unknown value", at),
                        |b| Val::new(Kind::Bool(!b), at),
                    ),
                    UnaryOperator::Neg => value.as_number().map_or_else(
                        || Val::unknown("`-` of an unknown value", at),
                        |n| Val::new(Kind::Number(-n), at),
                    ),
                }
            }
            Expression::BinaryOp(op) => {
                self.binary(*op.operator.value(), &op.lhs_expr, &op.rhs_expr, frame, at)
            }
            Expression::FuncCall(call) => {
                if !call.name.namespace.is_empty() {
                    return Val::unknown("provider functions are not evaluated", at);
                }
                let args: Vec<&Expression> = call.args.iter().collect();
                let value = self.call(call.name.name.as_str(), &args, frame, at);
                if call.args.expand_final() {
                    // `f(list...)` spreads a list into arguments: not evaluated.
                    return Val::unknown("argument expansion is not evaluated", at);
                }
                value.with_at(at)
            }
            Expression::Traversal(traversal) => self.traversal(traversal, frame, at),
            Expression::ForExpr(for_expr) => self.for_expr(for_expr, frame, at),
        }
    }

    fn binary(
        &self,
        operator: BinaryOperator,
        lhs: &Expression,
        rhs: &Expression,
        frame: &Frame,
        at: Option<Location>,
    ) -> Val {
        let (left, right) = (self.eval(lhs, frame), self.eval(rhs, frame));
        let unknown = || Val::unknown("operation on an unknown value", at);
        let known = |value: &Val| {
            !value.is_unknown() && !matches!(value.kind, Kind::Sym(_) | Kind::Resource(_))
        };
        let boolean = |value: bool| Val::new(Kind::Bool(value), at);
        let number = |value: f64| Val::new(Kind::Number(value), at);
        match operator {
            BinaryOperator::And => match (left.as_bool(), right.as_bool()) {
                (Some(false), _) | (_, Some(false)) => boolean(false),
                (Some(true), Some(true)) => boolean(true),
                _ => unknown(),
            },
            BinaryOperator::Or => match (left.as_bool(), right.as_bool()) {
                (Some(true), _) | (_, Some(true)) => boolean(true),
                (Some(false), Some(false)) => boolean(false),
                _ => unknown(),
            },
            BinaryOperator::Eq | BinaryOperator::NotEq if known(&left) && known(&right) => {
                let equal = match (&left.kind, &right.kind) {
                    (Kind::Number(a), Kind::Number(b)) => (a - b).abs() < f64::EPSILON,
                    _ => left == right,
                };
                boolean(equal == (operator == BinaryOperator::Eq))
            }
            BinaryOperator::Eq | BinaryOperator::NotEq => unknown(),
            _ => {
                let (Some(a), Some(b)) = (left.as_number(), right.as_number()) else {
                    return unknown();
                };
                match operator {
                    BinaryOperator::Plus => number(a + b),
                    BinaryOperator::Minus => number(a - b),
                    BinaryOperator::Mul => number(a * b),
                    BinaryOperator::Div if b != 0.0 => number(a / b),
                    BinaryOperator::Mod if b != 0.0 => number(a % b),
                    BinaryOperator::Less => boolean(a < b),
                    BinaryOperator::LessEq => boolean(a <= b),
                    BinaryOperator::Greater => boolean(a > b),
                    BinaryOperator::GreaterEq => boolean(a >= b),
                    _ => unknown(),
                }
            }
        }
    }

    /// A template is text when every interpolation is known text; references and unknowns
    /// make it a symbolic string; exactly one interpolation keeps its value's type.
    fn template(&self, elements: &[&Element], frame: &Frame, at: Option<Location>) -> Val {
        if let [Element::Interpolation(interpolation)] = elements {
            return self.eval(&interpolation.expr, frame);
        }
        let mut result = Symbolic::default();
        for element in elements {
            match element {
                Element::Literal(literal) => result.push(Part::Text(literal.value().clone())),
                Element::Interpolation(interpolation) => {
                    let value = self.eval(&interpolation.expr, frame);
                    if matches!(value.kind, Kind::Invalid(_)) {
                        return value;
                    }
                    result.extend(value.symbolic());
                }
                Element::Directive(directive) => result.extend(self.directive(directive, frame)),
            }
        }
        match result.as_text() {
            Some(text) => Val::str(text, at),
            None => Val::new(Kind::Sym(result), at),
        }
    }

    /// `%{ if }` and `%{ for }` in templates.
    fn directive(&self, directive: &Directive, frame: &Frame) -> Symbolic {
        let body = |template: &Template, frame: &Frame| {
            let elements: Vec<&Element> = template.iter().collect();
            self.template(&elements, frame, None).symbolic()
        };
        match directive {
            Directive::If(if_directive) => {
                let condition = self.eval(&if_directive.if_expr.cond_expr, frame);
                match condition.as_bool() {
                    Some(true) => body(&if_directive.if_expr.template, frame),
                    Some(false) => if_directive
                        .else_expr
                        .as_ref()
                        .map_or_else(Symbolic::default, |e| body(&e.template, frame)),
                    None => Symbolic::unknown(),
                }
            }
            Directive::For(for_directive) => {
                let intro = &for_directive.for_expr;
                let collection = self.eval(&intro.collection_expr, frame);
                let Some(pairs) = pairs(&collection) else {
                    return Symbolic::unknown();
                };
                let mut out = Symbolic::default();
                for (key, value) in pairs {
                    let mut inner = frame.with(intro.value_var.as_str(), value);
                    if let Some(key_var) = &intro.key_var {
                        inner = inner.with(key_var.as_str(), key);
                    }
                    out.extend(body(&intro.template, &inner));
                }
                out
            }
        }
    }

    fn for_expr(&self, for_expr: &ForExpr, frame: &Frame, at: Option<Location>) -> Val {
        let collection = self.eval(&for_expr.intro.collection_expr, frame);
        let Some(pairs) = pairs(&collection) else {
            return Val::unknown("`for` over a value not known statically", at);
        };
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Val> = BTreeMap::new();
        for (key, value) in pairs {
            let mut inner = frame.with(for_expr.intro.value_var.as_str(), value);
            if let Some(key_var) = &for_expr.intro.key_var {
                inner = inner.with(key_var.as_str(), key);
            }
            if let Some(cond) = &for_expr.cond {
                match self.eval(&cond.expr, &inner).as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Val::unknown("`for` filter not known statically", at),
                }
            }
            let value = self.eval(&for_expr.value_expr, &inner);
            match &for_expr.key_expr {
                None => list.push(value),
                Some(key_expr) => {
                    let Some(key) = self.eval(key_expr, &inner).as_text() else {
                        return Val::unknown("`for` key not known statically", at);
                    };
                    if for_expr.grouping {
                        let group = map.entry(key).or_insert_with(|| Val::list(Vec::new(), at));
                        if let Kind::List(items) = &mut group.kind {
                            Rc::make_mut(items).push(value);
                        }
                    } else {
                        map.insert(key, value);
                    }
                }
            }
        }
        if for_expr.key_expr.is_some() {
            Val::map(map, at)
        } else {
            Val::list(list, at)
        }
    }

    fn traversal(&self, traversal: &Traversal, frame: &Frame, at: Option<Location>) -> Val {
        let operators: Vec<&TraversalOperator> = traversal
            .operators
            .iter()
            .map(hcl_edit::Decorated::value)
            .collect();
        let attr = |index: usize| match operators.get(index) {
            Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
            _ => None,
        };
        let here = at.unwrap_or(Location {
            file: self.file,
            span: Span::default(),
        });
        let (root, used) = match &traversal.expr {
            Expression::Variable(root) => {
                let root = root.as_str();
                if let Some(bound) = frame.get(root) {
                    (bound.clone(), 0)
                } else {
                    match (root, attr(0), attr(1)) {
                        ("var", Some(name), _) => (self.env.variable(name, here), 1),
                        ("local", Some(name), _) => (self.env.local(name, here), 1),
                        ("module", Some(name), _) => (self.env.module(name, here), 1),
                        ("data", Some(kind), Some(name)) => (self.env.data(kind, name, here), 2),
                        ("path", Some(name), _) => (
                            self.env.path(name).map_or_else(
                                || Val::unknown(format!("`path.{name}` is not known"), at),
                                |path| Val::str(path, at),
                            ),
                            1,
                        ),
                        ("terraform", Some("workspace"), _) => (Val::str("default", at), 1),
                        ("each" | "count" | "self" | "terraform" | "var" | "local", ..) => {
                            (Val::unknown(format!("`{root}` is not known here"), at), 0)
                        }
                        (kind, Some(name), _) => (self.env.resource(kind, name, here), 1),
                        _ => (
                            Val::unknown(format!("`{root}` without an attribute"), at),
                            0,
                        ),
                    }
                }
            }
            other => (self.eval(other, frame), 0),
        };
        self.apply(root, &operators[used.min(operators.len())..], frame, at)
    }

    /// Apply traversal operators (attributes, indexes, splats) to a value.
    fn apply(
        &self,
        mut value: Val,
        operators: &[&TraversalOperator],
        frame: &Frame,
        at: Option<Location>,
    ) -> Val {
        for (index, operator) in operators.iter().enumerate() {
            value = match operator {
                TraversalOperator::GetAttr(name) => get_attr(&value, name.as_str(), at),
                TraversalOperator::Index(key) => {
                    let key = self.eval(key, frame);
                    index_value(&value, &key, at)
                }
                TraversalOperator::LegacyIndex(number) => {
                    #[allow(clippy::cast_precision_loss)]
                    let key = Val::new(Kind::Number(*number.value() as f64), at);
                    index_value(&value, &key, at)
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let rest = &operators[index + 1..];
                    return match &value.kind {
                        Kind::List(items) => Val::list(
                            items
                                .iter()
                                .map(|item| self.apply(item.clone(), rest, frame, at))
                                .collect(),
                            at,
                        ),
                        Kind::Null => Val::list(Vec::new(), at),
                        Kind::Unknown(_) | Kind::Invalid(_) => value,
                        // A splat of one value is a list of that value.
                        _ => Val::list(vec![self.apply(value, rest, frame, at)], at),
                    };
                }
            };
        }
        value
    }

    /// A function call. Arguments are evaluated lazily where Terraform does (`try`, `can`).
    #[allow(clippy::too_many_lines)] // one arm per function reads best as one table
    fn call(&self, name: &str, args: &[&Expression], frame: &Frame, at: Option<Location>) -> Val {
        let unknown = || Val::unknown(format!("`{name}(…)` is not known statically"), at);
        let arg = |index: usize| {
            args.get(index)
                .map_or_else(unknown, |expr| self.eval(expr, frame))
        };
        let text = |index: usize| arg(index).as_text();
        let all = || -> Vec<Val> { args.iter().map(|expr| self.eval(expr, frame)).collect() };
        let string = |value: Option<String>| value.map_or_else(unknown, |t| Val::str(t, at));
        let list = |items: Vec<Val>| Val::list(items, at);
        match name {
            "lower" => string(text(0).map(|t| t.to_lowercase())),
            "upper" => string(text(0).map(|t| t.to_uppercase())),
            "trimspace" => string(text(0).map(|t| t.trim().to_string())),
            "tostring" => {
                let value = arg(0);
                match &value.kind {
                    Kind::Sym(_) | Kind::Null => value,
                    _ => string(value.as_text()),
                }
            }
            "tonumber" => arg(0)
                .as_number()
                .map_or_else(unknown, |n| Val::new(Kind::Number(n), at)),
            "tobool" => arg(0)
                .as_bool()
                .map_or_else(unknown, |b| Val::new(Kind::Bool(b), at)),
            "tolist" | "tomap" => arg(0),
            "toset" => {
                let value = arg(0);
                match value.elements() {
                    Some(items) => list(distinct(items, true)),
                    None => value,
                }
            }
            "try" => {
                for expr in args {
                    let value = self.eval(expr, frame);
                    match value.kind {
                        Kind::Invalid(_) => {}
                        _ => return value,
                    }
                }
                unknown()
            }
            "can" => match arg(0).kind {
                Kind::Invalid(_) => Val::new(Kind::Bool(false), at),
                Kind::Unknown(_) => unknown(),
                _ => Val::new(Kind::Bool(true), at),
            },
            // The first argument that is not null or empty — known only while every argument
            // before it is known.
            "coalesce" => {
                for value in all() {
                    match &value.kind {
                        Kind::Null => {}
                        Kind::Str(text) if text.is_empty() => {}
                        _ if value.is_unknown() => return unknown(),
                        _ => return value,
                    }
                }
                unknown()
            }
            "coalescelist" => {
                for value in all() {
                    match &value.kind {
                        Kind::List(items) if items.is_empty() => {}
                        Kind::List(_) => return value,
                        _ => return unknown(),
                    }
                }
                unknown()
            }
            "format" => self.format(args, frame, at),
            "join" => {
                let (Some(separator), Some(items)) = (text(0), arg(1).elements()) else {
                    return unknown();
                };
                let mut joined = Symbolic::default();
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        joined.push(Part::Text(separator.clone()));
                    }
                    if item.is_unknown() {
                        return unknown();
                    }
                    joined.extend(item.symbolic());
                }
                match joined.as_text() {
                    Some(text) => Val::str(text, at),
                    None => Val::new(Kind::Sym(joined), at),
                }
            }
            "split" => match (text(0), text(1)) {
                (Some(separator), Some(text)) if !separator.is_empty() => list(
                    text.split(separator.as_str())
                        .map(|part| Val::str(part, at))
                        .collect(),
                ),
                _ => unknown(),
            },
            "replace" => match (text(0), text(1), text(2)) {
                // A `/regex/` pattern is not evaluated.
                (Some(_), Some(pattern), Some(_)) if pattern.starts_with('/') => unknown(),
                (Some(text), Some(pattern), Some(with)) if !pattern.is_empty() => {
                    Val::str(text.replace(&pattern, &with), at)
                }
                _ => unknown(),
            },
            "jsonencode" => Val::new(Kind::Json(Box::new(arg(0))), at),
            "jsondecode" => {
                let value = arg(0);
                match value.kind {
                    Kind::Json(inner) => *inner,
                    Kind::Str(text) => json_value(&text, value.at.or(at)),
                    _ => unknown(),
                }
            }
            "merge" => {
                let mut merged = BTreeMap::new();
                for value in all() {
                    match value.kind {
                        Kind::Map(entries) => merged.extend(Rc::unwrap_or_clone(entries)),
                        Kind::Null => {}
                        _ => return unknown(),
                    }
                }
                Val::map(merged, at)
            }
            "concat" => {
                let mut items = Vec::new();
                for value in all() {
                    match value.kind {
                        Kind::List(more) => items.extend(Rc::unwrap_or_clone(more)),
                        _ => return unknown(),
                    }
                }
                list(items)
            }
            "flatten" => {
                let value = arg(0);
                let mut out = Vec::new();
                if flatten_into(&value, &mut out, 0) {
                    list(out)
                } else {
                    unknown()
                }
            }
            "distinct" => arg(0)
                .elements()
                .map_or_else(unknown, |items| list(distinct(items, false))),
            "compact" => arg(0).elements().map_or_else(unknown, |items| {
                list(
                    items
                        .into_iter()
                        .filter(|item| match &item.kind {
                            Kind::Null => false,
                            Kind::Str(text) => !text.is_empty(),
                            _ => true,
                        })
                        .collect(),
                )
            }),
            "lookup" => {
                let (map, key) = (arg(0), text(1));
                match (&map.kind, key) {
                    (Kind::Map(entries), Some(key)) => match entries.get(&key) {
                        Some(value) => value.clone(),
                        None if args.len() > 2 => arg(2),
                        None => Val::new(Kind::Invalid(format!("no key `{key}`")), at),
                    },
                    _ => unknown(),
                }
            }
            "keys" => match arg(0).kind {
                Kind::Map(entries) => list(entries.keys().map(|key| Val::str(key, at)).collect()),
                _ => unknown(),
            },
            "values" => match arg(0).kind {
                Kind::Map(entries) => list(entries.values().cloned().collect()),
                _ => unknown(),
            },
            "length" => {
                let value = arg(0);
                #[allow(clippy::cast_precision_loss)]
                let count = match &value.kind {
                    Kind::List(items) => items.len() as f64,
                    Kind::Map(entries) => entries.len() as f64,
                    Kind::Str(text) => text.chars().count() as f64,
                    _ => return unknown(),
                };
                Val::new(Kind::Number(count), at)
            }
            "element" => {
                let (items, index) = (arg(0).elements(), arg(1).as_number());
                match (items, index) {
                    (Some(items), Some(index)) if !items.is_empty() && index >= 0.0 => {
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        let index = index as usize % items.len();
                        items[index].clone()
                    }
                    _ => unknown(),
                }
            }
            "contains" => {
                let (items, wanted) = (arg(0).elements(), arg(1));
                match items {
                    Some(items)
                        if !wanted.is_unknown() && items.iter().all(|i| !i.is_unknown()) =>
                    {
                        Val::new(Kind::Bool(items.contains(&wanted)), at)
                    }
                    _ => unknown(),
                }
            }
            "one" => match arg(0).elements() {
                Some(items) if items.is_empty() => Val::new(Kind::Null, at),
                Some(items) if items.len() == 1 => items[0].clone(),
                _ => unknown(),
            },
            "file" => text(0)
                .and_then(|path| self.env.read_file(&path))
                .map_or_else(unknown, |(text, file_at)| Val::str(text, Some(file_at))),
            "templatefile" => self.template_file(args, frame).unwrap_or_else(unknown),
            _ => unknown(),
        }
    }

    fn format(&self, args: &[&Expression], frame: &Frame, at: Option<Location>) -> Val {
        let unknown = || Val::unknown("`format(…)` is not known statically", at);
        let Some(spec) = args.first().and_then(|e| self.eval(e, frame).as_text()) else {
            return unknown();
        };
        let mut out = Symbolic::default();
        let mut next = 1;
        let mut chars = spec.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(Part::Text(c.to_string()));
                continue;
            }
            match chars.next() {
                Some('%') => out.push(Part::Text("%".into())),
                Some('s' | 'd' | 'v') => {
                    let Some(expr) = args.get(next) else {
                        return unknown();
                    };
                    let value = self.eval(expr, frame);
                    if value.is_unknown() {
                        return unknown();
                    }
                    out.extend(value.symbolic());
                    next += 1;
                }
                _ => return unknown(),
            }
        }
        match out.as_text() {
            Some(text) => Val::str(text, at),
            None => Val::new(Kind::Sym(out), at),
        }
    }

    /// `templatefile(path, vars)`: the file's template evaluated with `vars` bound.
    fn template_file(&self, args: &[&Expression], frame: &Frame) -> Option<Val> {
        let (template, bound, at) = self.template_file_parts(args, frame)?;
        let inner = Evaluator::new(self.env, at.file);
        let elements: Vec<&Element> = template.iter().collect();
        Some(inner.template(&elements, &bound, Some(at)))
    }

    /// The parts of a `templatefile(path, vars)` call: the parsed template, its variables
    /// bound, and the file it is written in.
    #[must_use]
    pub fn template_file_parts(
        &self,
        args: &[&Expression],
        frame: &Frame,
    ) -> Option<(Template, Frame, Location)> {
        let path = self.eval(args.first()?, frame).as_text()?;
        let variables = match args.get(1).map(|expr| self.eval(expr, frame)) {
            Some(Val {
                kind: Kind::Map(entries),
                ..
            }) => Rc::unwrap_or_clone(entries),
            None => BTreeMap::new(),
            Some(_) => return None,
        };
        let (text, at) = self.env.read_file(&path)?;
        let template = hcl_edit::parser::parse_template(&text).ok()?;
        let mut bound = Frame::default();
        for (name, value) in variables {
            bound = bound.with(&name, value);
        }
        Some((template, bound, at))
    }
}

/// A value converted to a variable's declared type, as Terraform does on input: object
/// attributes the type marks `optional` are added (null, or their default), attributes it
/// does not name are dropped, primitives are converted. A type not understood leaves the value
/// as it is.
#[must_use]
pub fn convert(value: Val, type_expr: &Expression) -> Val {
    convert_depth(value, type_expr, 0)
}

fn convert_depth(value: Val, type_expr: &Expression, depth: usize) -> Val {
    if depth > 16 || value.is_unknown() || value.is_null() {
        return value;
    }
    let at = value.at;
    match type_expr {
        Expression::Variable(name) => match (name.as_str(), &value.kind) {
            ("string", Kind::Number(_) | Kind::Bool(_)) => {
                value.as_text().map_or(value, |text| Val::str(text, at))
            }
            ("number", Kind::Str(_)) => value
                .as_number()
                .map_or(value, |number| Val::new(Kind::Number(number), at)),
            ("bool", Kind::Str(_)) => value
                .as_bool()
                .map_or(value, |flag| Val::new(Kind::Bool(flag), at)),
            _ => value,
        },
        Expression::Parenthesis(inner) => convert_depth(value, inner.inner(), depth + 1),
        Expression::FuncCall(call) => {
            let args: Vec<&Expression> = call.args.iter().collect();
            match (call.name.name.as_str(), args.as_slice(), value.kind) {
                ("list" | "set" | "map", [element], Kind::List(items)) => Val::list(
                    Rc::unwrap_or_clone(items)
                        .into_iter()
                        .map(|item| convert_depth(item, element, depth + 1))
                        .collect(),
                    at,
                ),
                ("map" | "list" | "set", [element], Kind::Map(entries)) => Val::map(
                    Rc::unwrap_or_clone(entries)
                        .into_iter()
                        .map(|(key, item)| (key, convert_depth(item, element, depth + 1)))
                        .collect(),
                    at,
                ),
                ("object", [Expression::Object(attributes)], Kind::Map(mut entries)) => {
                    let mut out = BTreeMap::new();
                    for (key, attribute_type) in attributes {
                        let Some(name) = object_key_name(key) else {
                            continue;
                        };
                        let (attribute_type, default) = optional(attribute_type.expr());
                        let converted = match Rc::make_mut(&mut entries).remove(&name) {
                            Some(item) if !item.is_null() => {
                                convert_depth(item, attribute_type, depth + 1)
                            }
                            present => match default {
                                Some(default) => {
                                    convert_depth(evaluate(default), attribute_type, depth + 1)
                                }
                                None => present.unwrap_or_else(|| Val::new(Kind::Null, at)),
                            },
                        };
                        out.insert(name, converted);
                    }
                    Val::map(out, at)
                }
                (_, _, kind) => Val::new(kind, at),
            }
        }
        _ => value,
    }
}

/// `optional(T)` / `optional(T, default)` → `T` and the default; any other type is itself.
fn optional(type_expr: &Expression) -> (&Expression, Option<&Expression>) {
    if let Expression::FuncCall(call) = type_expr
        && call.name.name.as_str() == "optional"
    {
        let mut args = call.args.iter();
        if let Some(inner) = args.next() {
            return (inner, args.next());
        }
    }
    (type_expr, None)
}

fn object_key_name(key: &hcl_edit::expr::ObjectKey) -> Option<String> {
    match key {
        hcl_edit::expr::ObjectKey::Ident(ident) => Some(ident.as_str().to_string()),
        hcl_edit::expr::ObjectKey::Expression(Expression::Variable(name)) => {
            Some(name.as_str().to_string())
        }
        hcl_edit::expr::ObjectKey::Expression(Expression::String(text)) => {
            Some(text.value().clone())
        }
        hcl_edit::expr::ObjectKey::Expression(_) => None,
    }
}

/// Key/value pairs of a collection, as `for` and `for_each` see them: a list's index and
/// element, a map's key and value.
#[must_use]
pub fn pairs(collection: &Val) -> Option<Vec<(Val, Val)>> {
    match &collection.kind {
        #[allow(clippy::cast_precision_loss)]
        Kind::List(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| (Val::new(Kind::Number(index as f64), item.at), item.clone()))
                .collect(),
        ),
        Kind::Map(entries) => Some(
            entries
                .iter()
                .map(|(key, value)| (Val::str(key.clone(), value.at), value.clone()))
                .collect(),
        ),
        _ => None,
    }
}

fn get_attr(value: &Val, name: &str, at: Option<Location>) -> Val {
    match &value.kind {
        Kind::Map(entries) => entries
            .get(name)
            .cloned()
            .unwrap_or_else(|| Val::new(Kind::Invalid(format!("no attribute `{name}`")), at)),
        Kind::Resource(address) => Val::new(Kind::Sym(Symbolic::reference(address, name)), at),
        Kind::Null => Val::new(Kind::Invalid(format!("`{name}` of null")), at),
        Kind::Unknown(_) | Kind::Invalid(_) => value.clone(),
        _ => Val::unknown(
            format!("attribute `{name}` of a value without attributes"),
            at,
        ),
    }
}

fn index_value(value: &Val, key: &Val, at: Option<Location>) -> Val {
    if key.is_unknown() {
        // Every instance of a resource shares its configuration: an unknown key still
        // reaches it.
        if let Kind::Resource(_) = value.kind {
            return value.clone();
        }
        return Val::unknown("index not known statically", at);
    }
    match &value.kind {
        Kind::List(items) => match key.as_number() {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Some(index) if index >= 0.0 => items
                .get(index as usize)
                .cloned()
                .unwrap_or_else(|| Val::new(Kind::Invalid("index out of range".into()), at)),
            _ => Val::new(Kind::Invalid("not a list index".into()), at),
        },
        Kind::Map(entries) => match key.as_text() {
            Some(key) => entries
                .get(&key)
                .cloned()
                .unwrap_or_else(|| Val::new(Kind::Invalid(format!("no key `{key}`")), at)),
            None => Val::unknown("index not known statically", at),
        },
        // Instances not expanded (unknown count / for_each) share one configuration.
        Kind::Resource(_) | Kind::Unknown(_) | Kind::Invalid(_) => value.clone(),
        _ => Val::unknown("index of a value that is not a collection", at),
    }
}

fn distinct(items: Vec<Val>, sort: bool) -> Vec<Val> {
    let mut out: Vec<Val> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    if sort && out.iter().all(|item| matches!(item.kind, Kind::Str(_))) {
        out.sort_by_key(Val::as_text);
    }
    out
}

fn flatten_into(value: &Val, out: &mut Vec<Val>, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match &value.kind {
        Kind::List(items) => items.iter().all(|item| match item.kind {
            Kind::List(_) => flatten_into(item, out, depth + 1),
            Kind::Unknown(_) | Kind::Invalid(_) => false,
            _ => {
                out.push(item.clone());
                true
            }
        }),
        _ => false,
    }
}

/// JSON text → a value; every part is located at the text.
fn json_value(text: &str, at: Option<Location>) -> Val {
    match crate::frontend::cloudformation::json::parse(text) {
        Ok(Some(node)) => node_value(&node, at),
        _ => Val::new(Kind::Invalid("not valid JSON".into()), at),
    }
}

fn node_value(node: &crate::frontend::tree::Node, at: Option<Location>) -> Val {
    use crate::frontend::tree::NodeKind;
    let kind = match &node.kind {
        NodeKind::Null => Kind::Null,
        NodeKind::Bool(value) => Kind::Bool(*value),
        NodeKind::Number(value) => Kind::Number(*value),
        NodeKind::Str(text) => Kind::Str(text.clone()),
        NodeKind::Sym(symbolic) => Kind::Sym(symbolic.clone()),
        NodeKind::Seq(items) => {
            Kind::List(Rc::new(items.iter().map(|n| node_value(n, at)).collect()))
        }
        NodeKind::Map(entries) => Kind::Map(Rc::new(
            entries
                .iter()
                .map(|entry| (entry.key.clone(), node_value(&entry.value, at)))
                .collect(),
        )),
    };
    Val::new(kind, at)
}

/// Evaluate an expression where no names are known (a variable definitions file).
#[must_use]
pub fn evaluate(expr: &Expression) -> Val {
    Evaluator::new(&NoEnv, 0).eval(expr, &Frame::default())
}

/// The names of a plain traversal: `data.aws_iam_policy_document.x.json` → its four names.
/// Index and splat operators make it `None`.
#[must_use]
pub fn traversal_names(traversal: &Traversal) -> Option<Vec<String>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::symbolic::PartRef;

    /// Locals for the tests: evaluated in the no-name environment, bound in a frame.
    struct Locals<'b> {
        exprs: BTreeMap<String, &'b Expression>,
    }

    impl Env for Locals<'_> {
        fn variable(&self, name: &str, at: Location) -> Val {
            NoEnv.variable(name, at)
        }
        fn local(&self, name: &str, at: Location) -> Val {
            match self.exprs.get(name) {
                Some(expr) => Evaluator::new(self, 0).eval(expr, &Frame::default()),
                None => Val::new(Kind::Invalid(format!("no local `{name}`")), Some(at)),
            }
        }
        fn resource(&self, kind: &str, name: &str, at: Location) -> Val {
            NoEnv.resource(kind, name, at)
        }
        fn data(&self, kind: &str, name: &str, at: Location) -> Val {
            NoEnv.data(kind, name, at)
        }
        fn module(&self, name: &str, at: Location) -> Val {
            NoEnv.module(name, at)
        }
        fn path(&self, _: &str) -> Option<String> {
            Some(".".into())
        }
        fn read_file(&self, _: &str) -> Option<(String, Location)> {
            None
        }
    }

    fn value(text: &str) -> Val {
        let body = hcl_edit::parser::parse_body(text).unwrap();
        let mut exprs = BTreeMap::new();
        let mut target = None;
        for attribute in body.attributes() {
            if attribute.key.as_str() == "x" {
                target = Some(&attribute.value);
            } else {
                exprs.insert(attribute.key.as_str().to_string(), &attribute.value);
            }
        }
        let env = Locals { exprs };
        Evaluator::new(&env, 0).eval(target.unwrap(), &Frame::default())
    }

    fn text(value: &str) -> Val {
        Val::str(value, None)
    }

    #[test]
    fn scalar_functions_templates_and_conditionals() {
        assert_eq!(value("env = \"Prod\"\nx = lower(local.env)"), text("prod"));
        assert_eq!(value("x = format(\"%s-%d\", \"q\", 3)"), text("q-3"));
        assert_eq!(
            value("a = null\nx = coalesce(local.a, \"\", \"k\")"),
            text("k")
        );
        assert_eq!(value("on = true\nx = local.on ? \"a\" : \"b\""), text("a"));
        assert_eq!(
            value("p = \"orders\"\nx = \"${local.p}-dlq\""),
            text("orders-dlq")
        );
        assert!(value("x = coalesce(var.unset, \"k\")").is_unknown());
        assert!(value("x = md5(\"a\")").is_unknown());
        assert_eq!(
            value("k = null\nx = local.k != null ? \"kms\" : \"sse\""),
            text("sse")
        );
        assert_eq!(value("x = !false && (1 == 1)").as_bool(), Some(true));
        assert_eq!(value("x = var.unset || true").as_bool(), Some(true));
        assert!(value("x = var.unset == \"a\"").is_unknown());
        assert_eq!(value("x = 2 * 3 > 5").as_bool(), Some(true));
    }

    #[test]
    fn collections_for_expressions_and_splats() {
        let queues = "queues = { a = { sse = false }, b = { sse = true } }\n";
        assert_eq!(
            value(&format!("{queues}x = local.queues[\"a\"].sse")).as_bool(),
            Some(false)
        );
        assert_eq!(
            value(&format!(
                "{queues}x = [for k, q in local.queues : k if !q.sse]"
            )),
            Val::list(vec![text("a")], None)
        );
        assert_eq!(
            value(&format!("{queues}x = length(keys(local.queues))")).as_number(),
            Some(2.0)
        );
        assert_eq!(
            value("l = [{ n = \"a\" }, { n = \"b\" }]\nx = join(\",\", local.l[*].n)"),
            text("a,b")
        );
        assert_eq!(
            value("x = merge({ a = 1 }, { a = 2, b = 3 })[\"a\"]").as_number(),
            Some(2.0)
        );
        assert_eq!(
            value("x = flatten([[\"a\"], [\"b\", [\"c\"]]])"),
            Val::list(vec![text("a"), text("b"), text("c")], None)
        );
        assert_eq!(value("x = lookup({ a = \"1\" }, \"b\", \"d\")"), text("d"));
        assert_eq!(
            value("m = { a = 1 }\nx = try(local.m.b, \"fallback\")"),
            text("fallback")
        );
        assert_eq!(
            value("m = { a = 1 }\nx = can(local.m.b)").as_bool(),
            Some(false)
        );
        assert!(value("x = try(var.unset, false)").is_unknown());
        assert_eq!(
            value("x = jsondecode(jsonencode({ a = \"b\" })).a"),
            text("b")
        );
        assert_eq!(value("x = element(split(\",\", \"a,b\"), 3)"), text("b"));
        assert_eq!(
            value("x = contains(toset([\"a\", \"b\"]), \"b\")").as_bool(),
            Some(true)
        );
    }

    #[test]
    fn inputs_are_converted_to_the_declared_type() {
        let body = hcl_edit::parser::parse_body(
            "t = map(object({ sid = optional(string), effect = optional(string, \"Allow\"), n = number }))\nv = { a = { n = \"2\", extra = true } }\n",
        )
        .unwrap();
        let mut attributes = body.attributes();
        let (type_expr, value) = (attributes.next().unwrap(), attributes.next().unwrap());
        let converted = convert(evaluate(&value.value), &type_expr.value);
        let Kind::Map(entries) = converted.kind else {
            panic!("a map: {converted:?}");
        };
        let Kind::Map(fields) = &entries["a"].kind else {
            panic!("an object");
        };
        assert!(fields["sid"].is_null());
        assert_eq!(fields["effect"], text("Allow"));
        assert_eq!(fields["n"].kind, Kind::Number(2.0));
        assert!(!fields.contains_key("extra"));
    }

    #[test]
    fn references_stay_symbolic_and_values_keep_their_place() {
        let arn = value("x = \"${aws_sqs_queue.q.arn}/*\"");
        assert_eq!(
            arn.symbolic().parts().collect::<Vec<_>>(),
            vec![
                PartRef::Ref {
                    address: "aws_sqs_queue.q",
                    attribute: "arn"
                },
                PartRef::Text("/*")
            ]
        );
        // The value of a local is located where the local is written, not where it is used.
        let located = value("a = false\nx = local.a");
        assert_eq!(located.at.map(|at| at.span.start), Some(4));
    }
}
