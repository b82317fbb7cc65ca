//! Expressions → IR nodes: name resolution, calls, loops.

use super::fold;
use super::ir::{BuiltinCall, ConstOrigin, Loop, Node, NodeKind, PluginCall, QuantLoop};
use super::{Compiler, Ctx};
use crate::builtins::AsCatalog;
use phasegate_lang::ast::{Access, BinOp, Expr, ExprKind, Ident, QualName, UnOp};
use phasegate_lang::diag::did_you_mean;
use phasegate_lang::model::{Callee, Global};
use phasegate_lang::{Code, Value};
use std::sync::Arc;
use thin_vec::ThinVec;

impl Compiler<'_> {
    /// Compile an expression. Errors become diagnostics and a `null` node.
    pub(crate) fn expr(&mut self, cx: &mut Ctx, e: &Expr) -> Node {
        let loc = cx.loc(e.span);
        let lit = ConstOrigin::Literal;
        let kind = match &e.kind {
            ExprKind::Null => self.constant(Value::Null, lit),
            ExprKind::Bool(b) => self.constant(Value::Bool(*b), lit),
            ExprKind::Int(i) => self.constant(Value::Int(*i), lit),
            ExprKind::Float(f) if f.is_finite() => self.constant(Value::Float(*f), lit),
            ExprKind::Float(_) => {
                self.error(
                    cx.file,
                    Code::BadNumber,
                    e.span,
                    "number literal out of range",
                    "not a finite number",
                    None,
                );
                self.constant(Value::Null, lit)
            }
            ExprKind::Str(s) => {
                let s = self.intern(s);
                self.constant(Value::Str(s), lit)
            }
            ExprKind::Array(xs) => {
                let nodes: ThinVec<Node> = xs.iter().map(|x| self.expr(cx, x)).collect();
                fold::array(nodes)
            }
            ExprKind::Object(kvs) => {
                let entries: ThinVec<(Arc<str>, Node)> = kvs
                    .iter()
                    .map(|(k, v)| (self.intern(&k.value), self.expr(cx, v)))
                    .collect();
                fold::object(entries)
            }
            ExprKind::Name(id) => self.name(cx, id),
            ExprKind::Access(base, access) => {
                let b = self.expr(cx, base);
                match access {
                    Access::Field(f) => fold::field(b, self.key(&f.name)),
                    Access::Index(i) => {
                        let i = self.expr(cx, i);
                        match &i.kind {
                            // `x["k-1"]` is the field `k-1`.
                            NodeKind::Const(v, _) if matches!(**v, Value::Str(_)) => {
                                let key = self.key(v.as_str().unwrap_or_default());
                                fold::field(b, key)
                            }
                            _ => fold::index(b, i),
                        }
                    }
                }
            }
            ExprKind::Call(callee, args) => self.call(cx, callee, args),
            ExprKind::Unary(UnOp::Not, x) => fold::not(self.expr(cx, x)),
            ExprKind::Unary(UnOp::Neg, x) => fold::neg(self.expr(cx, x)),
            ExprKind::Binary(op, a, b) => {
                let (a, b) = (self.expr(cx, a), self.expr(cx, b));
                match op {
                    BinOp::And => fold::logic(true, a, b),
                    BinOp::Or => fold::logic(false, a, b),
                    _ => fold::binary(*op, a, b),
                }
            }
            ExprKind::If(c, a, b) => {
                let (c, a, b) = (self.expr(cx, c), self.expr(cx, a), self.expr(cx, b));
                fold::if_(c, a, b)
            }
            ExprKind::Quantified { q, var, coll, cond } => {
                let lp = self.lp(cx, var, coll, Some(cond));
                NodeKind::Quant(Arc::new(QuantLoop { q: *q, lp }))
            }
            ExprKind::Filter { var, coll, cond } => {
                NodeKind::Filter(Box::new(self.lp(cx, var, coll, Some(cond))))
            }
            ExprKind::Map {
                expr,
                var,
                coll,
                cond,
            } => {
                let coll = self.expr(cx, coll);
                cx.scopes.push();
                let slot = cx.alloc();
                cx.scopes.bind(var.name.clone(), slot);
                let cond = cond.as_ref().map(|c| self.expr(cx, c));
                let value = self.expr(cx, expr);
                cx.scopes.pop();
                let lp = Loop {
                    slot,
                    var: self.key(&var.name),
                    coll,
                    cond,
                };
                NodeKind::Map(Box::new((lp, value)))
            }
            ExprKind::Paren(x) => fold::paren(self.expr(cx, x)),
        };
        Node { kind, loc }
    }

    /// A loop variable bound over `cond`.
    pub(super) fn lp(
        &mut self,
        cx: &mut Ctx,
        var: &Ident,
        coll: &Expr,
        cond: Option<&Expr>,
    ) -> Loop {
        let coll = self.expr(cx, coll);
        cx.scopes.push();
        let slot = cx.alloc();
        cx.scopes.bind(var.name.clone(), slot);
        let cond = cond.map(|c| self.expr(cx, c));
        cx.scopes.pop();
        Loop {
            slot,
            var: self.key(&var.name),
            coll,
            cond,
        }
    }

    fn name(&mut self, cx: &mut Ctx, id: &Ident) -> NodeKind {
        let name: &str = &id.name;
        if cx.const_only {
            self.error(
                cx.file,
                Code::NotConstant,
                id.span,
                format!("`{name}` is not a constant"),
                "names are not allowed here",
                Some("use literal values only: numbers, strings, lists and objects".into()),
            );
            return self.constant(Value::Null, ConstOrigin::Literal);
        }
        if let Some(slot) = cx.scopes.lookup(name) {
            return NodeKind::Local(*slot);
        }
        if let Some(v) = cx.rule_params.and_then(|p| p.get(name)) {
            return self.constant(v.clone(), ConstOrigin::Param);
        }
        match self.globals.resolve_name(cx.file, name) {
            Some(Global::Input) => NodeKind::Input,
            Some(Global::Context) => NodeKind::Context,
            Some(Global::Param(r)) => {
                let v = self.package_params.get(&r).cloned().unwrap_or_default();
                self.constant(v, ConstOrigin::Param)
            }
            None => {
                let mut candidates: Vec<String> = cx.scopes.names().map(String::from).collect();
                if let Some(p) = cx.rule_params {
                    candidates.extend(p.keys().map(|k| k.to_string()));
                }
                if let Some(pkg) = self.globals.package_of(cx.file) {
                    candidates.extend(pkg.params.keys().map(|k| k.to_string()));
                }
                candidates.extend(["input".to_string(), "context".to_string()]);
                let help = did_you_mean(name, candidates.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"));
                self.error(
                    cx.file,
                    Code::UnknownName,
                    id.span,
                    format!("unknown name `{name}`"),
                    "not defined",
                    help,
                );
                self.constant(Value::Null, ConstOrigin::Literal)
            }
        }
    }

    fn call(&mut self, cx: &mut Ctx, callee: &QualName, args: &[Expr]) -> NodeKind {
        // The dotted name is only for messages: made when one is written.
        let dotted = || callee.dotted();
        let nodes: ThinVec<Node> = args.iter().map(|a| self.expr(cx, a)).collect();
        let null = self.constant(Value::Null, ConstOrigin::Literal);
        if cx.const_only {
            self.error(
                cx.file,
                Code::NotConstant,
                callee.span,
                format!("a call of `{}` is not a constant", dotted()),
                "calls are not allowed here",
                Some("use literal values only: numbers, strings, lists and objects".into()),
            );
            return null;
        }
        let builtins = self.builtins;
        let resolved = self
            .globals
            .resolve_call(cx.file, callee, &AsCatalog(builtins));
        match resolved {
            Some(Callee::User(r)) => {
                let arity = match self.files.get(r.file).and_then(|f| f.items.get(r.item)) {
                    Some(phasegate_lang::ast::Item::Function(f)) => f.params.len(),
                    _ => 0,
                };
                let Some(idx) = self.fn_index.get(&r).copied() else {
                    return null;
                };
                if arity != args.len() {
                    self.arity_error(cx, callee, &dotted(), &arity.to_string(), args.len());
                    return null;
                }
                NodeKind::Call(idx, nodes)
            }
            Some(Callee::Builtin(name)) => {
                let Some(b) = builtins.get(name) else {
                    return null;
                };
                if !b.sig.accepts_arity(args.len()) {
                    let want = b.sig.arity_text();
                    self.arity_error(cx, callee, &dotted(), &want, args.len());
                    return null;
                }
                let mut pattern = None;
                if let Some(i) = b.sig.literal_pattern {
                    let text = |n: &Node| match &n.kind {
                        NodeKind::Const(v, _) => match &**v {
                            Value::Str(p) => Some(p.clone()),
                            _ => None,
                        },
                        _ => None,
                    };
                    match nodes.get(i).map(|n| (text(n), n.loc.span())) {
                        Some((Some(p), span)) => {
                            match builtins.prepare_pattern(name, &p) {
                                Ok(p) => pattern = Some(Arc::new(p)),
                                Err(msg) => self.error(
                                    cx.file,
                                    Code::BadPattern,
                                    span,
                                    format!("invalid pattern for `{name}`: {msg}"),
                                    "does not compile",
                                    None,
                                ),
                            }
                        }
                        Some((_, span)) => self.error(
                            cx.file,
                            Code::NotConstant,
                            span,
                            format!("the pattern argument of `{name}` must be a literal string"),
                            "not a literal string",
                            Some("patterns are compiled once, ahead of time; write the pattern as a string literal".into()),
                        ),
                        None => {}
                    }
                }
                NodeKind::Builtin(Box::new(BuiltinCall {
                    name: b.sig.name,
                    func: b.func,
                    args: nodes.into_iter().collect(),
                    pattern,
                }))
            }
            Some(Callee::Plugin { file, plugin }) => {
                // The checker reported a plugin that did not load.
                let Some(slot) = self.plugins.slot(file, plugin) else {
                    return null;
                };
                let (Some(alias), Some(function)) = (callee.parts.first(), callee.parts.last())
                else {
                    return null;
                };
                NodeKind::Plugin(Box::new(PluginCall {
                    plugin: u32::try_from(slot).unwrap_or(u32::MAX),
                    alias: self.intern(&alias.name),
                    function: self.intern(&function.name),
                    args: nodes,
                }))
            }
            None => {
                let visible = self
                    .globals
                    .visible_functions(cx.file, &AsCatalog(builtins));
                let help = did_you_mean(&dotted(), visible.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"));
                self.error(
                    cx.file,
                    Code::UnknownFunction,
                    callee.span,
                    format!("unknown function `{}`", dotted()),
                    "not defined",
                    help,
                );
                null
            }
        }
    }

    fn arity_error(&mut self, cx: &Ctx, callee: &QualName, name: &str, want: &str, got: usize) {
        self.error(
            cx.file,
            Code::Arity,
            callee.span,
            format!("`{name}` takes {want} argument(s), {got} given"),
            "wrong number of arguments",
            None,
        );
    }
}
