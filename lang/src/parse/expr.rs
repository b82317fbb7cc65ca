//! pest pairs → expressions, with precedence climbing for the operators.

use super::build::{kids, Builder, P};
use super::Rule;
use super::MAX_EXPR_DEPTH;
use crate::ast::*;
use crate::diag::{Code, Diagnostic};

/// Longest run of prefix operators (`not not not …`) accepted.
const MAX_PREFIX_RUN: usize = 32;

/// The pairs of one `expr`, read left to right.
type Ops<'i> = std::iter::Peekable<pest::iterators::Pairs<'i, Rule>>;

/// The binary operator a pair stands for, if it is one.
fn infix(r: Rule) -> Option<BinOp> {
    Some(match r {
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
        Rule::op_rem => BinOp::Rem,
        _ => return None,
    })
}

/// How tightly what follows an operand binds (the precedences of `ast.rs`,
/// which the formatter uses too); 0 when it is not an operator or access.
fn binding(r: Rule) -> u8 {
    match r {
        Rule::field_access | Rule::index_access => ACCESS_PRECEDENCE,
        _ => infix(r).map_or(0, BinOp::precedence),
    }
}

impl Builder<'_> {
    /// Build an expression from an `expr` pair (or any primary pair).
    pub fn expr(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> Expr {
        if p.as_rule() != Rule::expr {
            return self.primary(p, diags);
        }
        // Most expressions are one operand (a name, a literal, a call): no
        // operator to order.
        let span = self.span(&p);
        let inner = p.into_inner();
        let mut probe = inner.clone();
        if let (Some(only), None) = (probe.next(), probe.next()) {
            if !matches!(only.as_rule(), Rule::op_not | Rule::op_neg) {
                return self.primary(only, diags);
            }
        }
        // Bound runs of prefix operators: `climb` recurses on each.
        let mut run = 0;
        for c in inner.clone() {
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
        let mut pairs = inner.peekable();
        self.climb(&mut pairs, 0, span, 0, diags)
    }

    /// Precedence climbing over an expression's flat pairs (operands,
    /// prefix and infix operators, accesses): an operand with the operators
    /// that bind tighter than `floor` after it. Equal levels associate left
    /// in the loop; each recursion (`level`) adds a node to the tree, and
    /// `not` between comparisons (`a == not b == not c …`) recurses once per
    /// operator. Past [`MAX_EXPR_DEPTH`] levels the tree is too deep to be
    /// accepted anyway: the rest of the expression is skipped, and the depth
    /// check (`depth.rs`) reports it, instead of the stack overflowing.
    fn climb(
        &self,
        pairs: &mut Ops<'_>,
        floor: u8,
        span: Span,
        level: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> Expr {
        if level > MAX_EXPR_DEPTH {
            pairs.for_each(drop);
            return Expr {
                kind: ExprKind::Null,
                span,
            };
        }
        let Some(first) = pairs.next() else {
            return Expr {
                kind: ExprKind::Null,
                span,
            };
        };
        let mut lhs = match first.as_rule() {
            Rule::op_not | Rule::op_neg => {
                let op = if first.as_rule() == Rule::op_not {
                    UnOp::Not
                } else {
                    UnOp::Neg
                };
                let rhs = self.climb(pairs, op.precedence() - 1, span, level + 1, diags);
                Expr {
                    span: self.span(&first).to(rhs.span),
                    kind: ExprKind::Unary(op, Box::new(rhs)),
                }
            }
            _ => self.primary(first, diags),
        };
        while let Some(binds) = pairs.peek().map(|op| binding(op.as_rule())) {
            if binds <= floor {
                break;
            }
            let Some(op) = pairs.next() else { break };
            lhs = match op.as_rule() {
                Rule::field_access | Rule::index_access => self.access(lhs, op, diags),
                rule => {
                    let Some(bin) = infix(rule) else { break };
                    let rhs = self.climb(pairs, binds, span, level + 1, diags);
                    Expr {
                        span: lhs.span.to(rhs.span),
                        kind: ExprKind::Binary(bin, Box::new(lhs), Box::new(rhs)),
                    }
                }
            };
        }
        lhs
    }

    /// `lhs.field` or `lhs[index]`.
    fn access(&self, lhs: Expr, op: P<'_>, diags: &mut Vec<Diagnostic>) -> Expr {
        let span = lhs.span.to(self.span(&op));
        let rule = op.as_rule();
        let Some(inner) = op.into_inner().next() else {
            return lhs;
        };
        let access = if rule == Rule::field_access {
            Access::Field(self.ident(inner))
        } else {
            Access::Index(Box::new(self.expr(inner, diags)))
        };
        Expr {
            kind: ExprKind::Access(Box::new(lhs), access),
            span,
        }
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
