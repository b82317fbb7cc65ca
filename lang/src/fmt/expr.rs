//! Expressions → [`Doc`], with the fewest parentheses that keep the tree.
//!
//! Parentheses the author wrote are kept (the AST has [`ExprKind::Paren`]);
//! others are added only where printing a node bare would make the parser
//! build a different tree. The rules mirror the Pratt parser of
//! `parse/expr.rs`:
//!
//! * binding power, loosest first: `or` 1, `and` 2, `not` 3, comparisons and
//!   `in` 4, `+ -` 5, `* / %` 6, unary `-` 7, `.field`/`[index]` 8;
//!   binary operators are left-associative;
//! * a prefix operator takes as its operand everything that binds tighter
//!   than itself, so `not a == b` is `not (a == b)`: a prefix expression
//!   must not be followed by an operator that binds tighter than it;
//! * `if … else x` and quantifiers extend as far right as possible, so
//!   nothing may follow them.

use super::doc::{bracketed, concat, group, indent, text, Doc};
use crate::ast::{Access, BinOp, Expr, ExprKind, Template, TemplatePart, UnOp, ACCESS_PRECEDENCE};
use crate::parse::strings::escape;

// The binding powers the parser uses (`ast.rs`).
const NOT: u8 = UnOp::Not.precedence();
const CMP: u8 = BinOp::Eq.precedence();
const NEG: u8 = UnOp::Neg.precedence();
const POSTFIX: u8 = ACCESS_PRECEDENCE;

/// An expression as a document.
pub(crate) fn expr(e: &Expr) -> Doc {
    expr_in(e, 0)
}

/// An expression on one line, whatever its length.
pub(crate) fn expr_flat(e: &Expr) -> String {
    super::doc::render(&expr(e), usize::MAX / 2)
}

/// A message template, quoted and escaped, with `{expr}` holes on one line.
pub(crate) fn template(t: &Template) -> String {
    let mut s = String::from("\"");
    for part in &t.parts {
        match part {
            TemplatePart::Text(x) => s.push_str(&escape(x, true)),
            TemplatePart::Expr(e) => {
                s.push('{');
                s.push_str(&expr_flat(e));
                s.push('}');
            }
        }
    }
    s.push('"');
    s
}

/// A plain string literal, quoted and escaped.
pub(crate) fn string(s: &str) -> String {
    format!("\"{}\"", escape(s, false))
}

/// An object key: bare when it is a valid field name, else quoted.
pub(crate) fn object_key(k: &str) -> String {
    let mut chars = k.chars();
    let bare = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if bare {
        k.to_string()
    } else {
        string(k)
    }
}

/// Binding power of a binary operator.
fn prec(op: BinOp) -> u8 {
    op.precedence()
}

/// Whether `e`, printed bare, would swallow an operator of binding power
/// `follow` written right after it (0: a delimiter follows).
fn absorbs(e: &Expr, follow: u8) -> bool {
    match &e.kind {
        ExprKind::Unary(UnOp::Not, _) => follow > NOT,
        ExprKind::Unary(UnOp::Neg, _) => follow > NEG,
        ExprKind::If(..) | ExprKind::Quantified { .. } => follow > 0,
        _ => false,
    }
}

/// Whether `e` needs parentheses left of an operator of binding power `p`.
fn left_needs_parens(e: &Expr, p: u8) -> bool {
    let regroups = matches!(&e.kind, ExprKind::Binary(op, ..) if prec(*op) < p);
    regroups || absorbs(e, p)
}

/// `e` written left of an operator of binding power `p`.
fn left(e: &Expr, p: u8) -> Doc {
    wrap_if(left_needs_parens(e, p), e, p)
}

/// Whether `e`, written right after another expression, would continue it:
/// it starts with `-` (a subtraction) or with a one-element list `[x]` (an
/// index). Used for the result of a block function, which follows a `let`.
pub(crate) fn continues_previous(e: &Expr) -> bool {
    let mut cur = e;
    loop {
        match &cur.kind {
            ExprKind::Unary(UnOp::Neg, _) => return true,
            ExprKind::Array(xs) => return xs.len() == 1,
            ExprKind::Binary(op, l, _) if !matches!(op, BinOp::And | BinOp::Or) => {
                if left_needs_parens(l, prec(*op)) {
                    return false;
                }
                cur = l;
            }
            ExprKind::Binary(op, l, _) => {
                // A logic chain prints its leftmost operand first.
                let mut first = &**l;
                while let ExprKind::Binary(o, ll, _) = &first.kind {
                    if o != op {
                        break;
                    }
                    first = ll;
                }
                if left_needs_parens(first, prec(*op)) {
                    return false;
                }
                cur = first;
            }
            ExprKind::Access(b, _) => {
                if left_needs_parens(b, POSTFIX) {
                    return false;
                }
                cur = b;
            }
            _ => return false,
        }
    }
}

/// `e` written right of an operator of binding power `p` (a binary operator
/// or a prefix operator), and followed by an operator of power `follow`.
fn right(e: &Expr, p: u8, follow: u8) -> Doc {
    let regroups = matches!(&e.kind, ExprKind::Binary(op, ..) if prec(*op) <= p);
    wrap_if(regroups || absorbs(e, follow), e, follow)
}

fn wrap_if(paren: bool, e: &Expr, follow: u8) -> Doc {
    if paren {
        concat(vec![text("("), expr_in(e, 0), text(")")])
    } else {
        expr_in(e, follow)
    }
}

/// `e` followed by an operator of power `follow`; callers make sure that
/// `e` does not absorb it.
fn expr_in(e: &Expr, follow: u8) -> Doc {
    match &e.kind {
        ExprKind::Null => text("null"),
        ExprKind::Bool(b) => text(if *b { "true" } else { "false" }),
        ExprKind::Int(i) => text(i.to_string()),
        // `{:?}` always writes a `.` or an exponent, so it reads back as a float.
        ExprKind::Float(f) => text(format!("{f:?}")),
        ExprKind::Str(s) => text(string(s)),
        ExprKind::Name(id) => text(&*id.name),
        ExprKind::Array(xs) => bracketed("[", xs.iter().map(expr).collect(), "]"),
        ExprKind::Object(kvs) => bracketed(
            "{",
            kvs.iter()
                .map(|(k, v)| concat(vec![text(object_key(&k.value)), text(": "), expr(v)]))
                .collect(),
            "}",
        ),
        ExprKind::Call(name, args) => concat(vec![
            text(name.dotted()),
            bracketed("(", args.iter().map(expr).collect(), ")"),
        ]),
        ExprKind::Access(base, access) => {
            let b = left(base, POSTFIX);
            match access {
                Access::Field(f) => concat(vec![b, text("."), text(&*f.name)]),
                Access::Index(i) => concat(vec![b, text("["), expr(i), text("]")]),
            }
        }
        ExprKind::Unary(UnOp::Not, x) => concat(vec![text("not "), right(x, NOT, follow)]),
        // `- -x`, not `--x`.
        ExprKind::Unary(UnOp::Neg, x) => match &x.kind {
            ExprKind::Unary(UnOp::Neg, _) => concat(vec![text("- "), right(x, NEG, follow)]),
            _ => concat(vec![text("-"), right(x, NEG, follow)]),
        },
        ExprKind::Binary(op @ (BinOp::And | BinOp::Or), _, _) => logic_chain(e, *op, follow),
        ExprKind::Binary(op, l, r) => concat(vec![
            left(l, prec(*op)),
            text(format!(" {} ", op.symbol())),
            right(r, prec(*op), follow),
        ]),
        ExprKind::Paren(x) => concat(vec![text("("), expr(x), text(")")]),
        ExprKind::If(c, a, b) => group(concat(vec![
            text("if "),
            expr(c),
            indent(concat(vec![
                Doc::Line,
                text("then "),
                expr(a),
                Doc::Line,
                text("else "),
                expr_in(b, follow),
            ])),
        ])),
        ExprKind::Quantified { q, var, coll, cond } => group(concat(vec![
            text(format!("{} {} in ", q.keyword(), var.name)),
            expr(coll),
            text(":"),
            indent(concat(vec![Doc::Line, expr_in(cond, follow)])),
        ])),
        ExprKind::Filter { var, coll, cond } => comprehension(group(concat(vec![
            text(format!("{} in ", var.name)),
            right(coll, CMP, 0),
            Doc::Line,
            text("| "),
            expr(cond),
        ]))),
        ExprKind::Map {
            expr: x,
            var,
            coll,
            cond,
        } => {
            let mut parts = vec![
                expr(x),
                Doc::Line,
                text(format!("for {} in ", var.name)),
                expr(coll),
            ];
            if let Some(c) = cond {
                parts.extend([Doc::Line, text("if "), expr(c)]);
            }
            comprehension(group(concat(parts)))
        }
    }
}

/// `[ … ]` around a filter or map body, broken onto its own line if long.
fn comprehension(body: Doc) -> Doc {
    group(concat(vec![
        text("["),
        indent(concat(vec![Doc::SoftLine, body])),
        Doc::SoftLine,
        text("]"),
    ]))
}

/// A chain of one logical operator, `a and b and c`, as one group that puts
/// each further operand on its own indented line when too long.
fn logic_chain(e: &Expr, op: BinOp, follow: u8) -> Doc {
    let p = prec(op);
    // Walk down the left spine: ((a op b) op c) op d → [a, b, c, d].
    let mut rights: Vec<&Expr> = Vec::new();
    let mut cur = e;
    while let ExprKind::Binary(o, l, r) = &cur.kind {
        if *o != op {
            break;
        }
        rights.push(r);
        cur = l;
    }
    // A nested chain of the other operator (`a and b or c`, also in
    // parentheses) as the first operand breaks one level deeper, so the
    // layout shows the grouping.
    let chain = |e: &Expr| matches!(&e.kind, ExprKind::Binary(BinOp::And | BinOp::Or, ..));
    let nested = chain(cur) || matches!(&cur.kind, ExprKind::Paren(x) if chain(x));
    let first = if nested && !left_needs_parens(cur, p) {
        indent(left(cur, p))
    } else {
        left(cur, p)
    };
    let mut tail = Vec::with_capacity(rights.len() * 3);
    let n = rights.len();
    for (i, r) in rights.into_iter().rev().enumerate() {
        // Every operand but the last is followed by `op`.
        let f = if i + 1 == n { follow } else { p };
        tail.push(Doc::Line);
        tail.push(text(format!("{} ", op.symbol())));
        tail.push(right(r, p, f));
    }
    group(concat(vec![first, indent(concat(tail))]))
}
