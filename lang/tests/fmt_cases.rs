//! Exact outputs of the formatter on small inputs: parentheses, escapes,
//! numbers, comments, refusals.

use phasegate_lang::ast::*;
use phasegate_lang::fmt::{expr_to_string, format_file, format_source, FormatError, MAX_WIDTH};
use phasegate_lang::SourceFile;
use std::sync::Arc;

fn fmt(src: &str) -> Result<String, FormatError> {
    format_source(&SourceFile::new("case.gate", src))
}

fn fmt_ok(src: &str) -> String {
    match fmt(src) {
        Ok(s) => s,
        Err(e) => panic!("{e}\n{src}"),
    }
}

#[test]
fn parentheses_are_kept_as_written_and_none_are_added() {
    for e in [
        "a == not b",
        "x in not y",
        "-x.y",
        "not a == b",
        "(not a) == b",
        "a + not b and c",
        "(-a).b",
        "-a * b",
        "a - (b - c)",
        "a - b - c",
        "(a or b) and c",
        "a or b and c",
        "((a))",
        "if a then b else c",
        "(if a then b else c) + 1",
        "1 + if a then b else c",
        "not any x in xs: x and y",
        "(all x in xs: x) and y",
        "a not in b",
        "[x in not y | z]",
        "[x in (a or b) | c]",
        "- -a",
        "not not a",
        "[x.f for x in xs if x.g]",
    ] {
        let src = format!("fn f(a, b, c, x, y, z, xs) = {e}\n");
        let expected = format!("fn f(a, b, c, x, y, z, xs) = {e}\n");
        assert_eq!(fmt_ok(&src), expected, "{e}");
    }
}

fn ex(kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: Span::default(),
    }
}

fn name(n: &str) -> Expr {
    ex(ExprKind::Name(Ident {
        name: Arc::from(n),
        span: Span::default(),
    }))
}

fn bin(op: BinOp, l: Expr, r: Expr) -> Expr {
    ex(ExprKind::Binary(op, Box::new(l), Box::new(r)))
}

fn un(op: UnOp, x: Expr) -> Expr {
    ex(ExprKind::Unary(op, Box::new(x)))
}

fn if_(c: Expr, a: Expr, b: Expr) -> Expr {
    ex(ExprKind::If(Box::new(c), Box::new(a), Box::new(b)))
}

#[test]
fn built_trees_get_exactly_the_parentheses_they_need() {
    let (a, b, c) = (name("a"), name("b"), name("c"));
    let cases = [
        (
            bin(BinOp::Mul, bin(BinOp::Add, a.clone(), b.clone()), c.clone()),
            "(a + b) * c",
        ),
        (
            bin(BinOp::Sub, a.clone(), bin(BinOp::Sub, b.clone(), c.clone())),
            "a - (b - c)",
        ),
        (
            bin(BinOp::Sub, bin(BinOp::Sub, a.clone(), b.clone()), c.clone()),
            "a - b - c",
        ),
        (
            bin(BinOp::Eq, un(UnOp::Not, a.clone()), b.clone()),
            "(not a) == b",
        ),
        (
            bin(BinOp::Eq, a.clone(), un(UnOp::Not, b.clone())),
            "a == not b",
        ),
        (
            bin(
                BinOp::Eq,
                bin(BinOp::Add, a.clone(), un(UnOp::Not, b.clone())),
                c.clone(),
            ),
            "a + (not b) == c",
        ),
        (
            un(UnOp::Not, bin(BinOp::And, a.clone(), b.clone())),
            "not (a and b)",
        ),
        (
            ex(ExprKind::Access(
                Box::new(un(UnOp::Neg, a.clone())),
                Access::Index(Box::new(b.clone())),
            )),
            "(-a)[b]",
        ),
        (
            bin(
                BinOp::Add,
                if_(a.clone(), b.clone(), c.clone()),
                ex(ExprKind::Int(1)),
            ),
            "(if a then b else c) + 1",
        ),
        (
            bin(
                BinOp::Add,
                ex(ExprKind::Int(1)),
                if_(a.clone(), b.clone(), c.clone()),
            ),
            "1 + if a then b else c",
        ),
        (
            bin(
                BinOp::And,
                un(UnOp::Not, if_(a.clone(), b.clone(), c.clone())),
                c.clone(),
            ),
            "not (if a then b else c) and c",
        ),
        (
            ex(ExprKind::Filter {
                var: Ident {
                    name: Arc::from("x"),
                    span: Span::default(),
                },
                coll: Box::new(bin(BinOp::In, a.clone(), b.clone())),
                cond: Box::new(c.clone()),
            }),
            "[x in (a in b) | c]",
        ),
        (ex(ExprKind::Float(1.0)), "1.0"),
        (ex(ExprKind::Float(1e300)), "1e300"),
        (
            ex(ExprKind::Str("a\"b\\c{d}\n".into())),
            r#""a\"b\\c{d}\n""#,
        ),
    ];
    for (e, expected) in cases {
        assert_eq!(expr_to_string(&e), expected);
    }
}

#[test]
fn a_block_function_result_that_would_continue_the_let_is_parenthesized() {
    let list = ex(ExprKind::Array(vec![ex(ExprKind::Int(1))]));
    let neg = un(UnOp::Neg, name("x"));
    let two = ex(ExprKind::Array(vec![
        ex(ExprKind::Int(1)),
        ex(ExprKind::Int(2)),
    ]));
    for (body, last_line) in [(list, "  ([1])"), (neg, "  (-x)"), (two, "  [1, 2]")] {
        let file = File {
            package: None,
            imports: vec![],
            plugins: vec![],
            items: vec![Item::Function(Function {
                name: Ident {
                    name: Arc::from("f"),
                    span: Span::default(),
                },
                params: vec![],
                lets: vec![Let {
                    name: Ident {
                        name: Arc::from("x"),
                        span: Span::default(),
                    },
                    value: name("y"),
                    span: Span::default(),
                }],
                body,
                span: Span::default(),
            })],
            comments: vec![],
        };
        let out = format_file(&file);
        assert_eq!(out, format!("fn f() {{\n  let x = y\n{last_line}\n}}\n"));
        assert_eq!(fmt_ok(&out), out, "stable once parsed");
    }
}

#[test]
fn strings_numbers_and_keys_are_canonical() {
    let out =
        fmt_ok("fn f() = [\"\\u{41}\\{\", 1.50, 1E3, 007, {\"a\": 1, \"b-c\": 2, \"\": 3}]\n");
    assert_eq!(
        out,
        "fn f() = [\"A{\", 1.5, 1000.0, 7, {a: 1, \"b-c\": 2, \"\": 3}]\n"
    );
    // In templates, literal braces stay escaped.
    let out = fmt_ok("rule a.b {\n  require x else \"\\{lit\\} {x}\"\n}\n");
    assert!(out.contains(r#"require x else "\{lit\} {x}""#), "{out}");
}

#[test]
fn comments_are_placed_predictably() {
    let src = "# head\nrule a.b { # header\n  # lead\n  require x # trail\n    and y # inner\n    else \"m\"\n\n\n  # end\n} # after\n# eof\n";
    assert_eq!(
        fmt_ok(src),
        "# head\nrule a.b { # header\n  # lead\n  # trail\n  # inner\n  require x and y else \"m\"\n\n  # end\n} # after\n# eof\n"
    );
}

#[test]
fn top_level_layout_has_one_blank_line_between_declarations() {
    let src = "package   p.q\n\n\nimport a.b\nimport c.d as e\nparam x: int = 1\nfn f() = 1\n\n\n\nrule r.s { require true }\n";
    assert_eq!(
        fmt_ok(src),
        "package p.q\n\nimport a.b\nimport c.d as e\n\nparam x: int = 1\n\nfn f() = 1\n\nrule r.s {\n  require true\n}\n"
    );
}

#[test]
fn crlf_input_gives_lf_output_and_keeps_comment_text() {
    let out = fmt_ok("rule a.b {\r\n  require x # c \r\n}\r\n");
    assert_eq!(out, "rule a.b {\n  require x # c\n}\n");
}

#[test]
fn long_else_messages_move_to_a_continuation_line() {
    let msg = "m".repeat(90);
    let out = fmt_ok(&format!("rule a.b {{ require x else \"{msg}\" }}"));
    assert_eq!(
        out,
        format!("rule a.b {{\n  require x\n    else \"{msg}\"\n}}\n")
    );
    let short = fmt_ok("rule a.b { require x else \"short\" }");
    assert_eq!(short, "rule a.b {\n  require x else \"short\"\n}\n");
}

#[test]
fn lines_stay_within_the_width_when_they_can() {
    let terms: Vec<String> = (0..12).map(|i| format!("input.field_{i} == {i}")).collect();
    let out = fmt_ok(&format!("rule a.b {{ require {} }}", terms.join(" and ")));
    assert!(out.lines().all(|l| l.chars().count() <= MAX_WIDTH), "{out}");
    assert!(out.contains("\n    and input.field_1 == 1\n"), "{out}");
}

#[test]
fn expressions_print_on_one_line_for_messages() {
    let terms: Vec<Expr> = (0..40).map(|i| name(&format!("name_{i}"))).collect();
    let long = ex(ExprKind::Array(terms));
    let s = expr_to_string(&long);
    assert!(!s.contains('\n') && s.len() > MAX_WIDTH, "{s}");
}

#[test]
fn files_with_syntax_errors_are_refused() {
    for src in [
        "rule a.b { require }",
        "fn f( = 1",
        "# only a comment\n",
        "rule a.b { require \"\\q\" }",
    ] {
        match fmt(src) {
            Err(FormatError::Syntax { file, diagnostics }) => {
                assert_eq!(file, "case.gate");
                assert!(!diagnostics.is_empty(), "{src}");
                assert!(diagnostics.iter().all(|d| d.is_error()));
            }
            other => panic!("{src}: expected a syntax refusal, got {other:?}"),
        }
    }
}

#[test]
fn the_deepest_accepted_expressions_format_without_exhausting_the_stack() {
    // Run on a thread with a small stack, like the test harness's default.
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let sum = vec!["a"; 250].join(" + ");
            let logic = vec!["not a"; 250].join(" and ");
            let nested = format!("{}a{}", "[(".repeat(31), ")]".repeat(31));
            let minus = format!("{}a", "- ".repeat(30));
            for e in [sum, logic, nested, minus] {
                let src = format!("fn f(a) = {e}\n");
                let out = fmt_ok(&src);
                assert_eq!(fmt_ok(&out), out);
            }
        })
        .expect("spawn");
    assert!(
        handle.join().is_ok(),
        "formatting deep expressions panicked"
    );
}

#[test]
fn unbalanced_braces_in_plain_strings_do_not_confuse_comments() {
    let src = "rule a.b {\n  tags [\"{\"] # one\n  require \"# not a comment\" == x # two\n}\n";
    assert_eq!(fmt_ok(src), src);
}
