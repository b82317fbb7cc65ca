//! The abstract syntax tree of a `.gate` file. Every node carries a [`Span`].

use serde::Serialize;
use std::sync::Arc;

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    /// `true` when the span is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        miette::SourceSpan::new(s.start.into(), s.len())
    }
}

/// A name with its location.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Ident {
    /// The name.
    pub name: Arc<str>,
    /// Where it is written.
    pub span: Span,
}

/// One parsed `.gate` file.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct File {
    /// `package a.b`; `None` when the file declares none.
    pub package: Option<QualName>,
    /// `import` declarations.
    pub imports: Vec<Import>,
    /// `plugin` declarations (WebAssembly modules whose functions the file calls).
    pub plugins: Vec<PluginDecl>,
    /// Parameters, functions, rules and tests, in source order.
    pub items: Vec<Item>,
    /// Comments, in source order (used by the formatter).
    pub comments: Vec<Comment>,
}

/// A `# comment` (text without the leading `#`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// Text after `#`, without the line break.
    pub text: String,
    /// The span of the whole comment including `#`.
    pub span: Span,
}

/// A dotted name such as `secure_devops.common`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QualName {
    /// The segments.
    pub parts: Vec<Ident>,
    /// The span of the whole name.
    pub span: Span,
}

impl QualName {
    /// `a.b.c`.
    pub fn dotted(&self) -> String {
        self.parts
            .iter()
            .map(|p| &*p.name)
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// `import a.b [as c]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Import {
    /// The package imported.
    pub path: QualName,
    /// `as` alias.
    pub alias: Option<Ident>,
    /// Whole declaration.
    pub span: Span,
}

impl Import {
    /// The name the package is known by in this file: the alias, else the last segment.
    pub fn local_name(&self) -> &Ident {
        match &self.alias {
            Some(a) => a,
            None => self.path.parts.last().unwrap_or(&self.path.parts[0]),
        }
    }
}

/// `plugin licences = "plugins/licences.wasm"`: a WebAssembly module whose
/// exported functions this file calls as `licences.classify(…)`. The path
/// is resolved relative to the file by the engine's plugin loader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PluginDecl {
    /// The name calls use.
    pub name: Ident,
    /// The module's path as written.
    pub path: StrLit,
    /// Whole declaration.
    pub span: Span,
}

/// A top-level item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Item {
    /// `param name: type = default`
    Param(Param),
    /// `fn name(args) = expr`
    Function(Function),
    /// `rule id { … }`
    Rule(Rule),
    /// `test "name" { … }`
    Test(Test),
}

impl Item {
    /// The span of the item.
    pub fn span(&self) -> Span {
        match self {
            Item::Param(p) => p.span,
            Item::Function(f) => f.span,
            Item::Rule(r) => r.span,
            Item::Test(t) => t.span,
        }
    }
}

/// A parameter's declared type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum TypeExpr {
    /// `any`
    Any,
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `float`
    Float,
    /// `number` (int or float)
    Number,
    /// `string`
    String,
    /// `list` or `list<T>`
    List(Option<Box<TypeExpr>>),
    /// `object`
    Object,
}

impl std::fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeExpr::Any => f.write_str("any"),
            TypeExpr::Bool => f.write_str("bool"),
            TypeExpr::Int => f.write_str("int"),
            TypeExpr::Float => f.write_str("float"),
            TypeExpr::Number => f.write_str("number"),
            TypeExpr::String => f.write_str("string"),
            TypeExpr::List(None) => f.write_str("list"),
            TypeExpr::List(Some(t)) => write!(f, "list<{t}>"),
            TypeExpr::Object => f.write_str("object"),
        }
    }
}

/// `param name: type [= default]`, at package level or inside a rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Param {
    /// Name.
    pub name: Ident,
    /// Declared type.
    pub ty: TypeExpr,
    /// Span of the type.
    pub ty_span: Span,
    /// Default value; a param without one must be given from outside.
    pub default: Option<Expr>,
    /// Whole declaration.
    pub span: Span,
}

/// `fn name(a, b) = expr` or `fn name(a, b) { let … ; expr }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Function {
    /// Name.
    pub name: Ident,
    /// Parameter names.
    pub params: Vec<Ident>,
    /// `let` bindings of a block body, in order.
    pub lets: Vec<Let>,
    /// The result expression.
    pub body: Expr,
    /// Whole declaration.
    pub span: Span,
}

/// `let name = expr`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Let {
    /// Name.
    pub name: Ident,
    /// Value.
    pub value: Expr,
    /// Whole statement.
    pub span: Span,
}

/// A rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rule {
    /// Dotted id such as `build.peer-review`.
    pub id: Ident,
    /// Statements in source order.
    pub body: Vec<RuleStmt>,
    /// Whole rule.
    pub span: Span,
}

impl Rule {
    /// The first metadata statement of a given key.
    pub fn meta(&self, key: MetaKey) -> Option<&Meta> {
        self.body.iter().find_map(|s| match s {
            RuleStmt::Meta(m) if m.key == key => Some(m),
            _ => None,
        })
    }
}

/// Metadata keys of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MetaKey {
    /// `title "…"`
    Title,
    /// `description "…"`
    Description,
    /// `phase build`
    Phase,
    /// `severity high`
    Severity,
    /// `tags ["…"]`
    Tags,
    /// `references ["https://…"]`
    References,
    /// `remediation "…"`
    Remediation,
}

impl MetaKey {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            MetaKey::Title => "title",
            MetaKey::Description => "description",
            MetaKey::Phase => "phase",
            MetaKey::Severity => "severity",
            MetaKey::Tags => "tags",
            MetaKey::References => "references",
            MetaKey::Remediation => "remediation",
        }
    }
}

/// The value of a metadata statement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum MetaValue {
    /// A word: `phase build`, `severity high`.
    Word(Ident),
    /// A string.
    Str(StrLit),
    /// A list of strings.
    List(Vec<StrLit>),
}

/// A metadata statement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Meta {
    /// Which key.
    pub key: MetaKey,
    /// Its value.
    pub value: MetaValue,
    /// Whole statement.
    pub span: Span,
}

/// A string literal with its span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StrLit {
    /// Unescaped text.
    pub value: String,
    /// Span including quotes.
    pub span: Span,
}

/// A statement inside a rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum RuleStmt {
    /// Metadata.
    Meta(Meta),
    /// A rule-scoped parameter.
    Param(Param),
    /// A `let` binding.
    Let(Let),
    /// `when cond [else "why skipped"]`.
    When(Condition),
    /// `require cond [else "failure message"]`.
    Require(Condition),
}

/// A `when` or `require` statement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    /// The condition.
    pub cond: Expr,
    /// The message after `else`.
    pub message: Option<Template>,
    /// Whole statement.
    pub span: Span,
}

/// A message string with `{expr}` interpolations.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Template {
    /// Literal text and interpolated expressions, in order.
    pub parts: Vec<TemplatePart>,
    /// Span including quotes.
    pub span: Span,
}

/// A piece of a [`Template`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TemplatePart {
    /// Literal (unescaped) text.
    Text(String),
    /// `{expr}`.
    Expr(Expr),
}

/// `test "name" { input …  expect … }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Test {
    /// The test's name.
    pub name: StrLit,
    /// The input document (a constant expression).
    pub input: Option<Expr>,
    /// Parameter overrides: `params { min_approvals: 2 }`.
    pub params: Option<Expr>,
    /// Context: `context { now: "2026-01-01T00:00:00Z" }`.
    pub context: Option<Expr>,
    /// Expectations.
    pub expects: Vec<Expect>,
    /// Whole block.
    pub span: Span,
}

/// `expect rule.id pass [with "substring"]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Expect {
    /// Rule id.
    pub rule: Ident,
    /// Expected status word (`pass`, `fail`, `skip`, `error`).
    pub status: Ident,
    /// A substring that one of the messages must contain.
    pub message: Option<StrLit>,
    /// Whole statement.
    pub span: Span,
}

/// An expression.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// Where it is written.
    pub span: Span,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::NotIn => "not in",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }

    /// Binding power: higher binds tighter.
    pub const fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
            | BinOp::In
            | BinOp::NotIn => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Mul | BinOp::Div | BinOp::Rem => 6,
        }
    }
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum UnOp {
    /// `not` (precedence 3: between `and` and comparisons)
    Not,
    /// `-` (binds tighter than any binary operator)
    Neg,
}

impl UnOp {
    /// Binding power, on the scale of [`BinOp::precedence`]: `not a == b` is
    /// `not (a == b)`, `-a * b` is `(-a) * b`.
    pub const fn precedence(self) -> u8 {
        match self {
            UnOp::Not => 3,
            UnOp::Neg => 7,
        }
    }
}

/// Binding power of `.field` and `[index]`: tighter than every operator
/// (`-a.b` is `-(a.b)`).
pub const ACCESS_PRECEDENCE: u8 = 8;

/// Quantifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Quantifier {
    /// `any x in xs: cond`
    Any,
    /// `all x in xs: cond`
    All,
    /// `no x in xs: cond`
    No,
}

impl Quantifier {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Quantifier::Any => "any",
            Quantifier::All => "all",
            Quantifier::No => "no",
        }
    }
}

/// One step of a path: `.field` or `[index]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Access {
    /// `.name`
    Field(Ident),
    /// `[expr]`
    Index(Box<Expr>),
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ExprKind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A string literal.
    Str(String),
    /// `[a, b, c]`
    Array(Vec<Expr>),
    /// `{key: value, "k-2": value}`
    Object(Vec<(StrLit, Expr)>),
    /// A name: `input`, `context`, a `let`, a param, a function argument, a loop variable.
    Name(Ident),
    /// `base.field` or `base[index]`.
    Access(Box<Expr>, Access),
    /// `f(args)` or `pkg.f(args)`: the callee is a dotted name.
    Call(QualName, Vec<Expr>),
    /// `not x`, `-x`.
    Unary(UnOp, Box<Expr>),
    /// `a op b`.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `if c then a else b`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `any|all|no x in xs: cond`.
    Quantified {
        /// Which quantifier.
        q: Quantifier,
        /// The loop variable.
        var: Ident,
        /// The collection.
        coll: Box<Expr>,
        /// The condition tested on each item.
        cond: Box<Expr>,
    },
    /// `[x in xs | cond]`.
    Filter {
        /// The loop variable.
        var: Ident,
        /// The collection.
        coll: Box<Expr>,
        /// Items for which this is true are kept.
        cond: Box<Expr>,
    },
    /// `[expr for x in xs]` or `[expr for x in xs if cond]`.
    Map {
        /// The value computed for each item.
        expr: Box<Expr>,
        /// The loop variable.
        var: Ident,
        /// The collection.
        coll: Box<Expr>,
        /// Optional filter.
        cond: Option<Box<Expr>>,
    },
    /// `(expr)`: kept so the formatter and explanations show what the author wrote.
    Paren(Box<Expr>),
}

impl Expr {
    /// Call `f` on each direct child, in source order (no allocation).
    pub fn for_each_child<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        match &self.kind {
            ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Name(_) => {}
            ExprKind::Array(xs) | ExprKind::Call(_, xs) => xs.iter().for_each(f),
            ExprKind::Object(kvs) => kvs.iter().for_each(|(_, v)| f(v)),
            ExprKind::Access(b, Access::Field(_)) => f(b),
            ExprKind::Access(b, Access::Index(i)) => {
                f(b);
                f(i);
            }
            ExprKind::Unary(_, x) | ExprKind::Paren(x) => f(x),
            ExprKind::Binary(_, a, b) => {
                f(a);
                f(b);
            }
            ExprKind::If(c, a, b) => {
                f(c);
                f(a);
                f(b);
            }
            ExprKind::Quantified { coll, cond, .. } | ExprKind::Filter { coll, cond, .. } => {
                f(coll);
                f(cond);
            }
            ExprKind::Map {
                expr, coll, cond, ..
            } => {
                f(coll);
                f(expr);
                if let Some(c) = cond {
                    f(c);
                }
            }
        }
    }
}
