//! Walking expressions: local scopes, name resolution and type inference.

use super::ctx::Ctx;
use super::ops::{self, a, Mismatch, Side};
use crate::ast::{
    Access, BinOp, Expr, ExprKind, Ident, Quantifier, Span, Template, TemplatePart, UnOp,
};
use crate::diag::Code;
use crate::model::{FileId, Scopes};
use crate::parse::MAX_EXPR_DEPTH;
use crate::types::Ty;
use foldhash::{HashMap, HashMapExt};

/// Deepest expression walked (the parser already rejects deeper trees).
const MAX_DEPTH: usize = MAX_EXPR_DEPTH + 8;

/// What kind of local a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LocalKind {
    /// `let`
    Let,
    /// A rule param.
    Param,
    /// A function argument.
    Arg,
    /// A quantifier, filter or map variable.
    LoopVar,
}

/// A local binding.
#[derive(Clone, Debug)]
pub(crate) struct Local {
    pub ty: Ty,
    pub kind: LocalKind,
    pub span: Span,
    pub used: bool,
}

/// Checks the expressions of one rule or function.
pub(crate) struct Walker<'c, 'a> {
    pub cx: &'c mut Ctx<'a>,
    pub file: FileId,
    pub scopes: Scopes<Local>,
    depth: usize,
}

impl<'c, 'a> Walker<'c, 'a> {
    pub fn new(cx: &'c mut Ctx<'a>, file: FileId) -> Self {
        Walker {
            cx,
            file,
            scopes: Scopes::default(),
            depth: 0,
        }
    }

    pub fn push(&mut self) {
        self.scopes.push();
    }

    /// Close a scope, warning about `let`s and params never used.
    pub fn pop(&mut self) {
        for (name, l) in self.scopes.pop() {
            if l.used || name.starts_with('_') {
                continue;
            }
            let (code, what) = match l.kind {
                LocalKind::Let => (Code::UnusedLet, "let"),
                LocalKind::Param => (Code::UnusedParam, "param"),
                _ => continue,
            };
            let d = self
                .cx
                .diag(
                    code,
                    self.file,
                    l.span,
                    format!("{what} `{name}` is never used"),
                )
                .label("defined here, never used")
                .help(format!(
                    "remove it, or name it `_{name}` to keep it unused on purpose"
                ));
            self.cx.push(self.file, d);
        }
    }

    /// Bind a name in the innermost scope; a second definition in the same
    /// scope is an error (and the first one stays in effect).
    pub fn bind(&mut self, id: &Ident, ty: Ty, kind: LocalKind) {
        if self.scopes.in_current(&id.name) {
            let first = self.scopes.lookup(&id.name).map(|l| l.span);
            let mut d = self
                .cx
                .diag(
                    Code::DuplicateName,
                    self.file,
                    id.span,
                    format!("`{}` is defined twice", id.name),
                )
                .label("defined again here")
                .help("rename one of them: a name is defined once per rule or function");
            if let Some(first) = first {
                d = d.also(first, "first defined here");
            }
            self.cx.push(self.file, d);
            return;
        }
        let used = kind == LocalKind::LoopVar || kind == LocalKind::Arg;
        self.scopes.bind(
            id.name.clone(),
            Local {
                ty,
                kind,
                span: id.span,
                used,
            },
        );
    }

    /// Check a template's interpolated expressions.
    pub fn template(&mut self, t: &Template) {
        for part in &t.parts {
            if let TemplatePart::Expr(e) = part {
                self.expr(e);
            }
        }
    }

    /// Check an expression used as a condition: it must be a bool.
    pub fn cond(&mut self, e: &Expr, what: &str) {
        let t = self.expr(e);
        if t == Ty::Any || t == Ty::Bool {
            return;
        }
        let help = match t {
            Ty::String => "compare it to get a bool, e.g. `x == \"…\"`",
            Ty::Int | Ty::Float | Ty::Number => "compare it to get a bool, e.g. `x > 0`",
            Ty::List | Ty::Object => "test it with `count(x) > 0`, `exists(x)` or a quantifier",
            _ => "conditions need `true` or `false`; test presence with `x != null`",
        };
        let d = self
            .cx
            .diag(
                Code::TypeMismatch,
                self.file,
                e.span,
                format!("{what} needs a bool, found {}", a(t)),
            )
            .label(format!("this is {}", a(t)))
            .help(help);
        self.cx.push(self.file, d);
    }

    /// Infer the type of an expression, reporting what is wrong inside it.
    pub fn expr(&mut self, e: &Expr) -> Ty {
        if self.depth > MAX_DEPTH {
            return Ty::Any;
        }
        self.depth += 1;
        let t = self.expr_inner(e);
        self.depth -= 1;
        t
    }

    fn expr_inner(&mut self, e: &Expr) -> Ty {
        match &e.kind {
            ExprKind::Null => Ty::Null,
            ExprKind::Bool(_) => Ty::Bool,
            ExprKind::Int(_) => Ty::Int,
            ExprKind::Float(_) => Ty::Float,
            ExprKind::Str(_) => Ty::String,
            ExprKind::Array(xs) => {
                for x in xs {
                    self.expr(x);
                }
                Ty::List
            }
            ExprKind::Object(kvs) => {
                self.object_keys(kvs.iter().map(|(k, _)| (k.value.as_str(), k.span)));
                for (_, v) in kvs {
                    self.expr(v);
                }
                Ty::Object
            }
            ExprKind::Name(id) => self.name(id),
            ExprKind::Access(base, access) => {
                self.expr(base);
                if let Access::Index(i) = access {
                    self.expr(i);
                }
                Ty::Any
            }
            ExprKind::Call(callee, args) => self.call(e.span, callee, args),
            ExprKind::Unary(UnOp::Not, x) => {
                self.cond(x, "`not`");
                Ty::Bool
            }
            ExprKind::Unary(UnOp::Neg, x) => {
                let t = self.expr(x);
                self.checked(ops::negate(t), None, (x, t), (x, t))
            }
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), l, r) => {
                let what = if *op == BinOp::And { "`and`" } else { "`or`" };
                self.cond(l, what);
                self.cond(r, what);
                Ty::Bool
            }
            ExprKind::Binary(op, l, r) => {
                let (lt, rt) = (self.expr(l), self.expr(r));
                self.checked(ops::binary(*op, lt, rt), Some(*op), (l, lt), (r, rt))
            }
            ExprKind::If(c, x, y) => {
                self.cond(c, "`if`");
                let (xt, yt) = (self.expr(x), self.expr(y));
                ops::join(xt, yt)
            }
            ExprKind::Quantified { q, var, coll, cond } => {
                self.iterate(coll);
                self.push();
                self.bind(var, Ty::Any, LocalKind::LoopVar);
                let what = match q {
                    Quantifier::Any => "the body of `any`",
                    Quantifier::All => "the body of `all`",
                    Quantifier::No => "the body of `no`",
                };
                self.cond(cond, what);
                self.pop();
                Ty::Bool
            }
            ExprKind::Filter { var, coll, cond } => {
                self.iterate(coll);
                self.push();
                self.bind(var, Ty::Any, LocalKind::LoopVar);
                self.cond(cond, "a filter");
                self.pop();
                Ty::List
            }
            ExprKind::Map {
                expr,
                var,
                coll,
                cond,
            } => {
                self.iterate(coll);
                self.push();
                self.bind(var, Ty::Any, LocalKind::LoopVar);
                self.expr(expr);
                if let Some(c) = cond {
                    self.cond(c, "the `if` of a map");
                }
                self.pop();
                Ty::List
            }
            ExprKind::Paren(x) => self.expr(x),
        }
    }

    /// The result of an operator, or `any` after reporting why it fails.
    fn checked(
        &mut self,
        res: Result<Ty, Mismatch>,
        op: Option<BinOp>,
        (l, lt): (&Expr, Ty),
        (r, rt): (&Expr, Ty),
    ) -> Ty {
        let m = match res {
            Ok(t) => return t,
            Err(m) => m,
        };
        let d = match m.side {
            Side::Left | Side::Right => {
                let (at, t) = if m.side == Side::Left {
                    (l, lt)
                } else {
                    (r, rt)
                };
                self.cx
                    .diag(Code::TypeMismatch, self.file, at.span, &m.message)
                    .label(format!("this is {}", a(t)))
            }
            Side::Both => {
                let src = &self.cx.sources[self.file];
                let op_span = op
                    .and_then(|op| operator_span(src, l.span, r.span, op.symbol()))
                    .unwrap_or(l.span.to(r.span));
                self.cx
                    .diag(Code::TypeMismatch, self.file, op_span, &m.message)
                    .label("these never match")
                    .also(l.span, a(lt))
                    .also(r.span, a(rt))
            }
        };
        self.cx.push(self.file, d.help(m.help));
        Ty::Any
    }

    /// Check the collection of a quantifier, filter or map.
    fn iterate(&mut self, coll: &Expr) {
        let t = self.expr(coll);
        if t == Ty::Any || t == Ty::List {
            return;
        }
        let help = match t {
            Ty::Object => "iterate over `keys(o)` or `values(o)`",
            Ty::String => "split it into a list first with `split(s, sep)`",
            Ty::Null => {
                "iterating `null` is an error; use `default(xs, [])` for a list that may be missing"
            }
            _ => "quantifiers, filters and maps need a list",
        };
        let d = self
            .cx
            .diag(
                Code::TypeMismatch,
                self.file,
                coll.span,
                format!("cannot iterate over {}", a(t)),
            )
            .label(format!("this is {}", a(t)))
            .help(help);
        self.cx.push(self.file, d);
    }

    /// Report keys given twice in an object literal.
    pub fn object_keys<'k>(&mut self, keys: impl Iterator<Item = (&'k str, Span)>) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for (k, span) in keys {
            if let Some(first) = seen.get(k) {
                let d = self
                    .cx
                    .diag(
                        Code::DuplicateName,
                        self.file,
                        span,
                        format!("key `{k}` appears twice in this object"),
                    )
                    .label("given again here")
                    .also(*first, "first given here")
                    .help("remove one of them");
                self.cx.push(self.file, d);
            } else {
                seen.insert(k, span);
            }
        }
    }
}

/// The span of the operator `op` between two operands, if it can be found.
fn operator_span(src: &crate::source::SourceFile, l: Span, r: Span, op: &str) -> Option<Span> {
    if op.is_empty() || l.end > r.start {
        return None;
    }
    let between = src.text.get(l.end..r.start)?;
    let at = between.find(op.split(' ').next().unwrap_or(op))?;
    let rest = between[at..].trim_end();
    let len = if op.contains(' ') {
        rest.len()
    } else {
        op.len()
    };
    Some(Span::new(l.end + at, l.end + at + len))
}
