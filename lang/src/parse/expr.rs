//! pest pairs → expressions, with a Pratt parser for operator precedence.

use super::build::{kids, Builder, P};
use super::Rule;
use crate::ast::*;
use crate::diag::{Code, Diagnostic};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::cell::RefCell;
use std::sync::OnceLock;

/// Longest run of prefix operators (`not not not …`) accepted.
const MAX_PREFIX_RUN: usize = 32;

fn pratt() -> &'static PrattParser<Rule> {
    static P: OnceLock<PrattParser<Rule>> = OnceLock::new();
    P.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::op_or, Assoc::Left))
            .op(Op::infix(Rule::op_and, Assoc::Left))
            .op(Op::prefix(Rule::op_not))
            .op(Op::infix(Rule::op_eq, Assoc::Left)
                | Op::infix(Rule::op_ne, Assoc::Left)
                | Op::infix(Rule::op_lt, Assoc::Left)
                | Op::infix(Rule::op_le, Assoc::Left)
                | Op::infix(Rule::op_gt, Assoc::Left)
                | Op::infix(Rule::op_ge, Assoc::Left)
                | Op::infix(Rule::op_in, Assoc::Left)
                | Op::infix(Rule::op_not_in, Assoc::Left))
            .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
            .op(Op::infix(Rule::op_mul, Assoc::Left)
                | Op::infix(Rule::op_div, Assoc::Left)
                | Op::infix(Rule::op_rem, Assoc::Left))
            .op(Op::prefix(Rule::op_neg))
            .op(Op::postfix(Rule::field_access) | Op::postfix(Rule::index_access))
    })
}

fn binop(r: Rule) -> BinOp {
    match r {
        Rule::op_or => BinOp::Or,
        Rule::op_and => BinOp::And,
        Rule::op_eq => BinOp::Eq,
        Rule::op_ne => BinOp::Ne,
        Rule::op_lt => BinOp::Lt,
        Rule::op_le => BinOp::Le,
        Rule::op_gt => BinOp::Gt,
        Rule::op_ge => BinOp::Ge,
        Rule::op_in => BinOp::In,
        Rule::op_not_in => BinOp::NotIn,
        Rule::op_add => BinOp::Add,
        Rule::op_sub => BinOp::Sub,
        Rule::op_mul => BinOp::Mul,
        Rule::op_div => BinOp::Div,
        _ => BinOp::Rem,
    }
}

impl Builder<'_> {
    /// Build an expression from an `expr` pair (or any primary pair).
    pub fn expr(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> Expr {
        if p.as_rule() != Rule::expr {
            return self.primary(p, diags);
        }
        // Most expressions are one operand (a name, a literal, a call): no
        // operator to order, so no Pratt parser.
        let mut inner = p.clone().into_inner();
        if let (Some(only), None) = (inner.next(), inner.next()) {
            if !matches!(only.as_rule(), Rule::op_not | Rule::op_neg) {
                return self.primary(only, diags);
            }
        }
        let span = self.span(&p);
        // Bound runs of prefix operators: the Pratt parser recurses on each.
        let mut run = 0;
        for c in p.clone().into_inner() {
            if matches!(c.as_rule(), Rule::op_not | Rule::op_neg) {
                run += 1;
                if run > MAX_PREFIX_RUN {
                    diags.push(
                        self.err(
                            Code::TooDeep,
                            span,
                            format!("more than {MAX_PREFIX_RUN} prefix operators in a row"),
                        )
                        .label("too many `not`/`-`")
                        .help("simplify: `not not x` is `x`"),
                    );
                    return Expr {
                        kind: ExprKind::Null,
                        span,
                    };
                }
            } else {
                run = 0;
            }
        }
        let cell = RefCell::new(std::mem::take(diags));
        let out = pratt()
            .map_primary(|prim| self.primary(prim, &mut cell.borrow_mut()))
            .map_prefix(|op, rhs| {
                let span = self.span(&op).to(rhs.span);
                let u = if op.as_rule() == Rule::op_not {
                    UnOp::Not
                } else {
                    UnOp::Neg
                };
                Expr {
                    kind: ExprKind::Unary(u, Box::new(rhs)),
                    span,
                }
            })
            .map_postfix(|lhs, op| {
                let span = lhs.span.to(self.span(&op));
                let access = match op.as_rule() {
                    Rule::field_access => match op.into_inner().next() {
                        Some(f) => Access::Field(self.ident(f)),
                        None => return lhs,
                    },
                    _ => match op.into_inner().next() {
                        Some(i) => Access::Index(Box::new(self.expr(i, &mut cell.borrow_mut()))),
                        None => return lhs,
                    },
                };
                Expr {
                    kind: ExprKind::Access(Box::new(lhs), access),
                    span,
                }
            })
            .map_infix(|lhs, op, rhs| {
                let span = lhs.span.to(rhs.span);
                Expr {
                    kind: ExprKind::Binary(binop(op.as_rule()), Box::new(lhs), Box::new(rhs)),
                    span,
                }
            })
            .parse(p.into_inner());
        *diags = cell.into_inner();
        out
    }

    fn primary(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> Expr {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::null_lit => ExprKind::Null,
            Rule::bool_lit => ExprKind::Bool(p.as_str() == "true"),
            Rule::int => match p.as_str().parse::<i64>() {
                Ok(i) => ExprKind::Int(i),
                Err(_) => {
                    diags.push(
                        self.err(Code::BadNumber, span, "integer literal is too large")
                            .label("does not fit in 64 bits")
                            .help(format!(
                                "integers range from {} to {}; use a float for larger numbers",
                                i64::MIN,
                                i64::MAX
                            )),
                    );
                    ExprKind::Int(0)
                }
            },
            Rule::float => match p.as_str().parse::<f64>() {
                Ok(f) if f.is_finite() => ExprKind::Float(f),
                _ => {
                    diags.push(
                        self.err(Code::BadNumber, span, "float literal is out of range")
                            .label("not a finite number")
                            .help("floats must be finite 64-bit numbers"),
                    );
                    ExprKind::Float(0.0)
                }
            },
            Rule::string => ExprKind::Str(self.str_lit(p, diags).value),
            Rule::paren => match p.into_inner().next() {
                Some(e) => ExprKind::Paren(Box::new(self.expr(e, diags))),
                None => ExprKind::Null,
            },
            Rule::name => self.name_or_call(p, diags),
            Rule::if_expr => {
                let mut it = kids(p).map(|e| Box::new(self.expr(e, diags)));
                match (it.next(), it.next(), it.next()) {
                    (Some(c), Some(a), Some(b)) => ExprKind::If(c, a, b),
                    _ => ExprKind::Null,
                }
            }
            Rule::quantified => {
                let mut it = kids(p);
                let q = match it.next().map(|q| q.as_str().to_string()).as_deref() {
                    Some("any") => Quantifier::Any,
                    Some("all") => Quantifier::All,
                    _ => Quantifier::No,
                };
                let (Some(var), Some(coll), Some(cond)) = (it.next(), it.next(), it.next()) else {
                    return Expr {
                        kind: ExprKind::Null,
                        span,
                    };
                };
                ExprKind::Quantified {
                    q,
                    var: self.ident(var),
                    coll: Box::new(self.expr(coll, diags)),
                    cond: Box::new(self.expr(cond, diags)),
                }
            }
            Rule::bracket => self.bracket(p, span, diags),
            Rule::object => {
                let mut entries = Vec::new();
                for e in p.into_inner() {
                    let mut it = e.into_inner();
                    let (Some(k), Some(v)) = (it.next(), it.next()) else {
                        continue;
                    };
                    let key = match k.as_rule() {
                        Rule::string => self.str_lit(k, diags),
                        _ => StrLit {
                            value: k.as_str().to_string(),
                            span: self.span(&k),
                        },
                    };
                    entries.push((key, self.expr(v, diags)));
                }
                ExprKind::Object(entries)
            }
            Rule::expr => return self.expr(p, diags),
            _ => ExprKind::Null,
        };
        Expr { kind, span }
    }

    /// A `name` pair: one name, or the names of a callee and its `args`.
    fn name_or_call(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> ExprKind {
        let mut it = p.into_inner();
        let Some(first) = it.next() else {
            return ExprKind::Null;
        };
        let first = self.ident(first);
        let Some(mut next) = it.next() else {
            return ExprKind::Name(first);
        };
        let start = first.span.start;
        let mut parts = vec![first];
        while next.as_rule() != Rule::args {
            parts.push(self.ident(next));
            match it.next() {
                Some(n) => next = n,
                // The grammar only reads dotted segments before `args`.
                None => return ExprKind::Null,
            }
        }
        let end = parts.last().map_or(start, |l| l.span.end);
        let args = next.into_inner().map(|a| self.expr(a, diags)).collect();
        ExprKind::Call(
            QualName {
                parts,
                span: Span::new(start, end),
            },
            args,
        )
    }

    fn bracket(&self, p: P<'_>, span: Span, diags: &mut Vec<Diagnostic>) -> ExprKind {
        let mut it = kids(p);
        let Some(first) = it.next() else {
            return ExprKind::Array(Vec::new());
        };
        let first = self.expr(first, diags);
        let Some(tail) = it.next() else {
            return ExprKind::Array(vec![first]);
        };
        match tail.as_rule() {
            Rule::filter_tail => {
                let cond = tail.into_inner().next().map(|c| self.expr(c, diags));
                let cond = cond.unwrap_or(Expr {
                    kind: ExprKind::Bool(true),
                    span,
                });
                let first = match first.kind {
                    ExprKind::Paren(inner) => *inner,
                    _ => first,
                };
                let bad = |span: Span| {
                    self.err(Code::BadFilter, span, "a filter is written `[x in collection | condition]`")
                        .label("expected `name in collection` before `|`")
                        .help("for example: [r in input.reviews | r.state == \"APPROVED\"]; wrap a complex collection in parentheses")
                };
                let fspan = first.span;
                match first.kind {
                    ExprKind::Binary(BinOp::In, var, coll) => match var.kind {
                        ExprKind::Name(var) => ExprKind::Filter {
                            var,
                            coll,
                            cond: Box::new(cond),
                        },
                        _ => {
                            diags.push(bad(fspan));
                            ExprKind::Array(Vec::new())
                        }
                    },
                    _ => {
                        diags.push(bad(fspan));
                        ExprKind::Array(Vec::new())
                    }
                }
            }
            Rule::map_tail => {
                let mut t = kids(tail);
                let (Some(var), Some(coll)) = (t.next(), t.next()) else {
                    return ExprKind::Array(Vec::new());
                };
                let var = self.ident(var);
                let coll = Box::new(self.expr(coll, diags));
                let cond = t.next().map(|c| Box::new(self.expr(c, diags)));
                ExprKind::Map {
                    expr: Box::new(first),
                    var,
                    coll,
                    cond,
                }
            }
            _ => {
                let mut items = vec![first];
                items.extend(tail.into_inner().map(|e| self.expr(e, diags)));
                ExprKind::Array(items)
            }
        }
    }
}
