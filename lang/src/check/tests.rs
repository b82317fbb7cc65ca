//! Unit tests of the checker: scopes, inference, packages, recovery.

use super::*;
use crate::ast::{Expr, ExprKind, Ident, Import, Item, QualName, Rule, RuleStmt};
use crate::diag::Code;
use crate::parse::parse;
use crate::types::{Signature, StaticCatalog, Ty};
use std::sync::Arc;

static SIGS: &[Signature] = &[
    Signature {
        name: "count",
        params: &[Ty::Any],
        required: 1,
        variadic: None,
        ret: Ty::Int,
        literal_pattern: None,
    },
    Signature {
        name: "lower",
        params: &[Ty::String],
        required: 1,
        variadic: None,
        ret: Ty::String,
        literal_pattern: None,
    },
    Signature {
        name: "default",
        params: &[Ty::Any, Ty::Any],
        required: 2,
        variadic: None,
        ret: Ty::Any,
        literal_pattern: None,
    },
];

fn run_files(files: &[(&str, &str)]) -> Checked {
    let parsed: Vec<Parsed> = files
        .iter()
        .map(|(n, t)| parse(&SourceFile::new(*n, *t)))
        .collect();
    check(&parsed, &StaticCatalog(SIGS))
}

/// `(code, message)` of every diagnostic of one file.
fn diags(src: &str) -> Vec<(Code, String)> {
    run_files(&[("t.gate", src)])
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect()
}

fn codes(src: &str) -> Vec<Code> {
    diags(src).into_iter().map(|(c, _)| c).collect()
}

fn rule(body: &str) -> String {
    format!("rule r.one {{\n  title \"T\"\n  phase build\n  severity low\n{body}\n}}\n")
}

#[test]
fn clean_rule_has_no_diagnostics_and_a_rule_info() {
    let c = run_files(&[(
        "t.gate",
        "package p\nparam max: int = 2\nrule r.one {\n  title \"T\"\n  phase deploy\n  severity critical\n  tags [\"a\"]\n  require count(input.xs) <= max else \"{count(input.xs)} > {max}\"\n}\n",
    )]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    let info = c.rule("r.one").expect("rule info");
    assert_eq!(
        (info.phase, info.severity),
        (Phase::Deploy, RuleSeverity::Critical)
    );
    assert_eq!(
        (info.package.as_str(), info.tags.clone()),
        ("p", vec!["a".to_string()])
    );
    assert!(!c.has_errors());
}

#[test]
fn inferred_types_flow_through_lets_params_and_builtins() {
    // `n` is an int (count), `s` a string (lower), `limit` an int param.
    let src = rule(
        "  param limit: int = 1\n  let n = count(input.xs)\n  let s = lower(input.name)\n  require n + s > limit",
    );
    let d = diags(&src);
    assert_eq!(
        d,
        [(
            Code::TypeMismatch,
            "cannot add an int and a string".to_string()
        )]
    );
    // Through `if` and parentheses; unknown input stays unchecked.
    let src = rule("  let x = if input.a then 1 else 2.5\n  require (x) < \"z\" and input.b < 3");
    assert_eq!(codes(&src), [Code::TypeMismatch]);
}

#[test]
fn conditions_and_iteration_need_the_right_kinds() {
    assert_eq!(
        codes(&rule("  require count(input.xs)")),
        [Code::TypeMismatch]
    );
    assert_eq!(
        codes(&rule("  require not \"x\" or true")),
        [Code::TypeMismatch]
    );
    assert_eq!(
        codes(&rule("  require all x in 3: x > 1")),
        [Code::TypeMismatch]
    );
    assert_eq!(
        codes(&rule("  require count([x in {a: 1} | true]) > 0")),
        [Code::TypeMismatch]
    );
    assert_eq!(
        codes(&rule("  require count([1 for x in input.xs if x]) > 0")),
        []
    );
    assert_eq!(
        codes(&rule("  require lower(1) == \"a\"")),
        [Code::TypeMismatch]
    );
    assert_eq!(codes(&rule("  require count(1, 2) > 0")), [Code::Arity]);
}

#[test]
fn scopes_of_lets_loop_variables_and_messages() {
    // A let is visible after it, not before; loop variables only in their body.
    let d = codes(&rule("  require a > 0\n  let a = 1"));
    assert_eq!(d, [Code::UnknownName, Code::UnusedLet]);
    let d = codes(&rule("  require (any x in input.xs: x > 0) and x > 0"));
    assert_eq!(d, [Code::UnknownName]);
    // `require all/no x in xs` messages see `x`; other messages do not.
    assert_eq!(
        codes(&rule("  require no f in input.fs: f.bad else \"{f.id}\"")),
        []
    );
    let d = codes(&rule(
        "  when any f in input.fs: f.bad else \"{f.id}\"\n  require true",
    ));
    assert_eq!(d, [Code::UnknownName]);
    // Rule params are visible in the whole rule.
    assert_eq!(
        codes(&rule("  require count(input.xs) > n\n  param n: int = 0")),
        []
    );
    // Shadowing a package param in a rule is allowed; twice in one rule is not.
    let src = format!(
        "param n: int = 1\n{}",
        rule("  let n = 2\n  let n = 3\n  require n > 0")
    );
    assert_eq!(codes(&src), [Code::UnusedParam, Code::DuplicateName]);
}

#[test]
fn unused_names_are_warnings_and_underscore_silences_them() {
    let d = codes(&rule(
        "  param p: int = 1\n  let x = 1\n  let _y = 2\n  require true",
    ));
    assert_eq!(d, [Code::UnusedParam, Code::UnusedLet]);
    let c = run_files(&[("t.gate", &rule("  let x = 1\n  require true"))]);
    assert!(!c.has_errors());
    assert_eq!(c.warning_count(), 1);
}

#[test]
fn package_params_are_shared_by_the_files_of_a_package() {
    let c = run_files(&[
        (
            "a.gate",
            "package p\nparam limit: int = 3\nparam spare: int = 0\nfn f() = 1\n",
        ),
        (
            "b.gate",
            &format!(
                "package p\n{}",
                rule("  require count(input.xs) < limit and f() == 1")
            ),
        ),
        (
            "c.gate",
            &format!(
                "package q\n{}",
                rule("  require spare > 0").replace("r.one", "r.two")
            ),
        ),
    ]);
    let d: Vec<(Code, &str)> = c
        .diagnostics
        .iter()
        .map(|d| (d.code, &*d.file.name))
        .collect();
    // `spare` in package q is unknown there, and unused in p.
    assert_eq!(
        d,
        [(Code::UnusedParam, "a.gate"), (Code::UnknownName, "c.gate")]
    );
}

#[test]
fn functions_arity_shadowing_and_imports() {
    let c = run_files(&[
        ("a.gate", "package lib\nfn count(x) = 1\nfn two(a, b) = a\n"),
        (
            "b.gate",
            &format!(
                "package app\nimport lib\n{}",
                rule("  require lib.two(1) == 1 and lib.nope() and lib.count(1) == 1")
            ),
        ),
    ]);
    let d: Vec<Code> = c.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(d, [Code::Arity, Code::UnknownFunction]);
    // A user function shadows the builtin of the same name (no arity error).
    assert_eq!(
        codes(&format!(
            "fn count(a, b) = a\n{}",
            rule("  require count(1, 2) == 1")
        )),
        []
    );
}

#[test]
fn names_lost_to_a_syntax_error_are_not_reported_again() {
    let src = format!("fn helper(x) = x +\n{}", rule("  require helper(1) > 0"));
    assert_eq!(codes(&src), [Code::Syntax]);
    let src = format!(
        "{}\ntest \"t\" {{\n  expect r.gone pass\n}}\nrule r.gone {{ require 1 + }}\n",
        rule("  require true")
    );
    assert_eq!(codes(&src), [Code::Syntax]);
}

#[test]
fn test_blocks_check_overrides_against_declared_params() {
    let src = format!(
        "param limit: int = 1\n{}\ntest \"t\" {{\n  params {{ limit: 2, \"r.one.n\": \"x\", nope: 1 }}\n  expect r.one pass\n}}\n",
        rule("  param n: int = 0\n  require count(input.xs) > limit + n")
    );
    assert_eq!(codes(&src), [Code::ParamType, Code::UnknownName]);
}

#[test]
fn hand_built_partial_asts_do_not_panic() {
    let src = SourceFile::new("t.gate", "");
    let id = |s: &str| Ident {
        name: Arc::from(s),
        span: Span::new(5, 1),
    };
    let empty = QualName {
        parts: Vec::new(),
        span: Span::new(100, 200),
    };
    let call = Expr {
        kind: ExprKind::Call(empty.clone(), vec![]),
        span: Span::new(0, 0),
    };
    let file = ast::File {
        package: Some(empty.clone()),
        imports: vec![Import {
            path: empty,
            alias: None,
            span: Span::default(),
        }],
        plugins: vec![],
        items: vec![Item::Rule(Rule {
            id: id(""),
            body: vec![RuleStmt::Require(ast::Condition {
                cond: call,
                message: None,
                span: Span::new(9, 3),
            })],
            span: Span::default(),
        })],
        comments: Vec::new(),
    };
    let parsed = Parsed {
        source: src,
        file,
        diagnostics: Vec::new(),
    };
    let copy = Parsed {
        source: parsed.source.clone(),
        file: parsed.file.clone(),
        diagnostics: Vec::new(),
    };
    let owned = check_owned(vec![copy], &StaticCatalog(SIGS));
    let c = check(&[parsed], &StaticCatalog(SIGS));
    assert!(c.has_errors());
    // Both entry points drop the import of an empty path.
    assert!(c.files[0].imports.is_empty());
    assert_eq!(owned.files, c.files);
    assert_eq!(owned.diagnostics.len(), c.diagnostics.len());
}

#[test]
fn checking_owned_files_moves_the_same_result_out() {
    let files = [
        (
            "a.gate",
            format!("package p\nfn f() = 1\n{}", rule("  require f() == 1")),
        ),
        (
            "b.gate",
            format!("package p\n{}", rule("  require nope > 1")),
        ),
        ("c.gate", "rule broken {".to_string()),
    ];
    let parsed: Vec<Parsed> = files
        .iter()
        .map(|(n, t)| parse(&SourceFile::new(*n, t.as_str())))
        .collect();
    let by_ref = check(&parsed, &StaticCatalog(SIGS));
    let owned = check_owned(parsed, &StaticCatalog(SIGS));
    assert_eq!(owned.files, by_ref.files);
    assert_eq!(owned.rules, by_ref.rules);
    let shown = |c: &Checked| -> Vec<(Code, String)> {
        c.diagnostics
            .iter()
            .map(|d| (d.code, d.message.clone()))
            .collect()
    };
    assert_eq!(shown(&owned), shown(&by_ref));
    assert!(shown(&owned).iter().any(|(c, _)| *c == Code::UnknownName));
    assert_eq!(
        owned.files[0].items.len(),
        2,
        "the AST moved, not an empty one"
    );
}

#[test]
fn duplicates_across_files_point_at_the_other_file() {
    let c = run_files(&[
        ("a.gate", &format!("fn f() = 1\n{}", rule("  require true"))),
        (
            "b.gate",
            &format!("\nfn f() = 2\n{}", rule("  require true")),
        ),
    ]);
    let found: Vec<(Code, &str, Option<&str>)> = c
        .diagnostics
        .iter()
        .map(|d| (d.code, &*d.file.name, d.help.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Code::DuplicateName,
                "b.gate",
                Some("the first definition is at a.gate:1:4; the files of a package share their functions")
            ),
            (
                Code::DuplicateRule,
                "b.gate",
                Some("the first rule with this id is at a.gate:2:6; rule ids are unique across all loaded files")
            ),
        ]
    );
    // Only the first of two rules with one id gets a rule info.
    assert_eq!(c.rules.len(), 1);
    assert_eq!(c.rules[0].item.file, 0);
}
