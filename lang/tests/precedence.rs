//! How operators group: each expression is parsed and printed back fully
//! parenthesised, so a change in binding or associativity shows as text.

use phasegate_lang::ast::{Access, Expr, ExprKind, Item, UnOp};
use phasegate_lang::{parse, SourceFile};

fn grouped(expr: &str) -> String {
    let src = format!("fn g(a, b, c, d) = {expr}\n");
    let parsed = parse(&SourceFile::new("p.gate", src.as_str()));
    assert!(parsed.is_ok(), "{expr}: {:?}", parsed.diagnostics);
    match parsed.file.items.first() {
        Some(Item::Function(f)) => show(&f.body),
        other => panic!("{expr}: no function: {other:?}"),
    }
}

fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Name(n) => n.name.to_string(),
        ExprKind::Int(i) => i.to_string(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Unary(UnOp::Not, x) => format!("(not {})", show(x)),
        ExprKind::Unary(UnOp::Neg, x) => format!("(-{})", show(x)),
        ExprKind::Binary(op, a, b) => format!("({} {} {})", show(a), op.symbol(), show(b)),
        ExprKind::Access(x, Access::Field(f)) => format!("{}.{}", show(x), f.name),
        ExprKind::Access(x, Access::Index(i)) => format!("{}[{}]", show(x), show(i)),
        ExprKind::Paren(x) => format!("[{}]", show(x)),
        ExprKind::Call(name, args) => {
            let args: Vec<String> = args.iter().map(show).collect();
            format!("{}({})", name.dotted(), args.join(", "))
        }
        other => format!("{other:?}"),
    }
}

#[test]
fn logic_binds_looser_than_comparison_and_not_sits_between() {
    assert_eq!(grouped("a or b and c"), "(a or (b and c))");
    assert_eq!(grouped("a and b or c and d"), "((a and b) or (c and d))");
    assert_eq!(grouped("not a == b"), "(not (a == b))");
    assert_eq!(grouped("not a and b"), "((not a) and b)");
    assert_eq!(grouped("a == not b and c"), "((a == (not b)) and c)");
    assert_eq!(grouped("not not a or b"), "((not (not a)) or b)");
}

#[test]
fn arithmetic_groups_by_level_and_to_the_left() {
    assert_eq!(grouped("a + b * c"), "(a + (b * c))");
    assert_eq!(grouped("a * b + c % d"), "((a * b) + (c % d))");
    assert_eq!(grouped("a - b - c"), "((a - b) - c)");
    assert_eq!(grouped("a / b / c"), "((a / b) / c)");
    assert_eq!(grouped("a + b < c * d"), "((a + b) < (c * d))");
    assert_eq!(grouped("a in b == c"), "((a in b) == c)");
    assert_eq!(grouped("a not in b or c"), "((a not in b) or c)");
}

#[test]
fn accesses_bind_tightest_and_prefix_minus_binds_tighter_than_products() {
    assert_eq!(grouped("-a.b"), "(-a.b)");
    assert_eq!(grouped("-a * b"), "((-a) * b)");
    assert_eq!(grouped("a.b[c + 1].d"), "a.b[(c + 1)].d");
    assert_eq!(grouped("not a.b[0]"), "(not a.b[0])");
    assert_eq!(
        grouped("count(a).x + -(b - c)"),
        "(count(a).x + (-[(b - c)]))"
    );
    assert_eq!(grouped("(a or b) and c"), "([(a or b)] and c)");
}

#[test]
fn operator_spans_cover_both_operands() {
    let src = "fn g(a, b) = not a.x + b\n";
    let parsed = parse(&SourceFile::new("p.gate", src));
    let Some(Item::Function(f)) = parsed.file.items.first() else {
        panic!("no function");
    };
    let text = |e: &Expr| &src[e.span.start..e.span.end];
    assert_eq!(text(&f.body), "not a.x + b");
    let ExprKind::Unary(_, sum) = &f.body.kind else {
        panic!("not a `not`: {:?}", f.body.kind);
    };
    assert_eq!(text(sum), "a.x + b");
    let ExprKind::Binary(_, lhs, _) = &sum.kind else {
        panic!("not a sum: {:?}", sum.kind);
    };
    assert_eq!(text(lhs), "a.x");
}
