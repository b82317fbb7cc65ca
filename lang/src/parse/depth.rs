//! Bounding the depth of expression trees, so that nothing downstream
//! recurses too deep.

use super::MAX_EXPR_DEPTH;
use crate::ast::*;
use crate::diag::{Code, Diagnostic};
use crate::source::SourceFile;

/// Reject expression trees deeper than [`MAX_EXPR_DEPTH`] (iteratively, so
/// the check itself cannot overflow the stack). A tree that is too deep is
/// replaced by `null` and taken apart iteratively, so that nothing
/// downstream (the checker, the compiler, `Drop`, `Debug`) recurses into it.
pub(crate) fn check_depth(source: &SourceFile, file: &mut File, diags: &mut Vec<Diagnostic>) {
    for item in &mut file.items {
        match item {
            Item::Param(p) => {
                if let Some(d) = &mut p.default {
                    check_expr_depth(source, d, diags);
                }
            }
            Item::Function(f) => {
                for l in &mut f.lets {
                    check_expr_depth(source, &mut l.value, diags);
                }
                check_expr_depth(source, &mut f.body, diags);
            }
            Item::Rule(r) => {
                for s in &mut r.body {
                    match s {
                        RuleStmt::Param(p) => {
                            if let Some(d) = &mut p.default {
                                check_expr_depth(source, d, diags);
                            }
                        }
                        RuleStmt::Let(l) => check_expr_depth(source, &mut l.value, diags),
                        RuleStmt::When(c) | RuleStmt::Require(c) => {
                            check_expr_depth(source, &mut c.cond, diags);
                            if let Some(m) = &mut c.message {
                                for part in &mut m.parts {
                                    if let TemplatePart::Expr(e) = part {
                                        check_expr_depth(source, e, diags);
                                    }
                                }
                            }
                        }
                        RuleStmt::Meta(_) => {}
                    }
                }
            }
            Item::Test(t) => {
                for e in [&mut t.input, &mut t.params, &mut t.context]
                    .into_iter()
                    .flatten()
                {
                    check_expr_depth(source, e, diags);
                }
            }
        }
    }
}

/// Check one expression tree; see [`check_depth`].
pub(crate) fn check_expr_depth(source: &SourceFile, root: &mut Expr, diags: &mut Vec<Diagnostic>) {
    // Every node's span is at least one byte longer than each child's that
    // is not a leaf (an operator, a dot, a bracket or a keyword lies between),
    // so a tree is never deeper than its span is long: short expressions (all
    // but a few) need no walk.
    if root.span.end.saturating_sub(root.span.start) <= MAX_EXPR_DEPTH {
        return;
    }
    let mut deep = false;
    let mut stack = vec![(&*root, 1usize)];
    while let Some((e, d)) = stack.pop() {
        if d > MAX_EXPR_DEPTH {
            deep = true;
            break;
        }
        e.for_each_child(|c| stack.push((c, d + 1)));
    }
    if !deep {
        return;
    }
    // Show the start of the expression: at most the rest of its first line.
    let span = root.span;
    let text = source.slice(Span::new(span.start, span.end));
    let line_len = text.find('\n').unwrap_or(text.len());
    let mut end = span.start + line_len.min(40);
    while end > span.start && !source.text.is_char_boundary(end) {
        end -= 1;
    }
    diags.push(
        Diagnostic::new(
            Code::TooDeep,
            source,
            Span::new(span.start, end),
            format!("expression nests more than {MAX_EXPR_DEPTH} levels deep"),
        )
        .label("this expression is too deep")
        .help("split it with `let` bindings or functions"),
    );
    let whole = root.span;
    let old = std::mem::replace(
        root,
        Expr {
            kind: ExprKind::Null,
            span: whole,
        },
    );
    dismantle(old);
}

/// Drop an expression tree without recursion.
fn dismantle(root: Expr) {
    let mut stack = vec![root];
    while let Some(mut e) = stack.pop() {
        let null = |span| Expr {
            kind: ExprKind::Null,
            span,
        };
        let mut take = |b: &mut Expr| stack.push(std::mem::replace(b, null(b.span)));
        match &mut e.kind {
            ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Name(_) => {}
            ExprKind::Array(xs) => xs.iter_mut().for_each(take),
            ExprKind::Call(_, xs) => xs.iter_mut().for_each(take),
            ExprKind::Object(kvs) => kvs.iter_mut().for_each(|(_, v)| take(v)),
            ExprKind::Access(b, access) => {
                take(b);
                if let Access::Index(i) = access {
                    take(i);
                }
            }
            ExprKind::Unary(_, x) | ExprKind::Paren(x) => take(x),
            ExprKind::Binary(_, a, b) => {
                take(a);
                take(b);
            }
            ExprKind::If(c, a, b) => {
                take(c);
                take(a);
                take(b);
            }
            ExprKind::Quantified { coll, cond, .. } | ExprKind::Filter { coll, cond, .. } => {
                take(coll);
                take(cond);
            }
            ExprKind::Map {
                expr, coll, cond, ..
            } => {
                take(expr);
                take(coll);
                if let Some(c) = cond {
                    take(c);
                }
            }
        }
    }
}
