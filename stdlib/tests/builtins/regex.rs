//! matches find_all glob_match, precompiled patterns and limits

use crate::{call_ctx, err, j, ok, s, same, small};
use phasegate_lang::Value;
use phasegate_stdlib::{registry, CallCtx, Pattern};

#[test]
fn matches_searches_unanchored() {
    same(
        ok("matches", &[s("v1.24.3"), s(r"^v\d+\.\d+\.\d+$")]),
        Value::Bool(true),
    );
    same(
        ok("matches", &[s("xv1.2.3"), s(r"^v\d")]),
        Value::Bool(false),
    );
    same(
        ok("matches", &[s("feature/ABC-12"), s("[A-Z]+-[0-9]+")]),
        Value::Bool(true),
    );
    same(ok("matches", &[s(""), s("")]), Value::Bool(true));
    same(ok("matches", &[s(""), s("a")]), Value::Bool(false));
    same(
        ok("matches", &[s("Ünïcode"), s(r"^\w+$")]),
        Value::Bool(true),
    );
    same(
        ok("matches", &[s("SECRET"), s("(?i)secret")]),
        Value::Bool(true),
    );
}

#[test]
fn matches_errors() {
    let e = err("matches", &[s("a"), s("(unclosed")]);
    assert!(
        e.starts_with("matches() got an invalid regular expression \"(unclosed\""),
        "{e}"
    );
    assert_eq!(
        err("matches", &[Value::Null, s("a")]),
        "matches() expects a string for `s` (argument 1), got null"
    );
    assert_eq!(
        err("matches", &[s("a"), Value::Int(1)]),
        "matches() expects a string for `re` (argument 2), got int"
    );
}

#[test]
fn regexes_too_large_for_the_size_limit_are_rejected() {
    let e = err("matches", &[s("a"), s("(?:a{1000}){1000}")]);
    assert!(e.contains("invalid regular expression"), "{e}");
    assert!(registry()
        .prepare_pattern("matches", "(?:\\w{100}){100}")
        .is_err());
}

#[test]
fn catastrophic_backtracking_patterns_run_in_linear_time() {
    let mut text = "a".repeat(100_000);
    text.push('b');
    let t = s(&text);
    same(ok("matches", &[t.clone(), s("(a+)+$")]), Value::Bool(false));
    same(ok("matches", &[t.clone(), s("(a+)+b$")]), Value::Bool(true));
    same(
        ok("matches", &[t.clone(), s("^(a|aa)+$")]),
        Value::Bool(false),
    );
    let found = ok("find_all", &[t, s("(a|a)+b")]);
    assert_eq!(found.as_array().map(|a| a.len()), Some(1));
}

#[test]
fn find_all_returns_every_match() {
    same(
        ok(
            "find_all",
            &[s("CVE-2024-1 and CVE-2025-22"), s(r"CVE-\d+-\d+")],
        ),
        j!(["CVE-2024-1", "CVE-2025-22"]),
    );
    same(ok("find_all", &[s("no digits"), s("[0-9]+")]), j!([]));
    same(ok("find_all", &[s("aaaa"), s("aa")]), j!(["aa", "aa"]));
    same(ok("find_all", &[s("é1ü2"), s(r"\p{L}")]), j!(["é", "ü"]));
    same(ok("find_all", &[s(""), s("x*")]), j!([""]));
    let e = err("find_all", &[s("a"), s("[")]);
    assert!(
        e.starts_with("find_all() got an invalid regular expression"),
        "{e}"
    );
    assert_eq!(
        err("find_all", &[j!({}), s("a")]),
        "find_all() expects a string for `s` (argument 1), got object"
    );
}

#[test]
fn find_all_respects_the_item_limit() {
    let ctx = small(3);
    same(
        call_ctx("find_all", &[s("a1b2c3"), s("[0-9]")], &ctx).unwrap(),
        j!(["1", "2", "3"]),
    );
    let e = call_ctx("find_all", &[s("a1b2c3d4"), s("[0-9]")], &ctx).unwrap_err();
    assert!(e.message.contains("over the limit of 3"), "{e}");
    // An empty pattern matches at every position: still bounded.
    let long = "x".repeat(10_000);
    assert!(call_ctx("find_all", &[s(&long), s("")], &ctx).is_err());
}

#[test]
fn glob_match_paths() {
    let yes = [
        ("src/api/v1/handler.rs", "src/**/*.rs"),
        ("src/main.rs", "src/**/*.rs"),
        ("Dockerfile", "Dockerfile"),
        (".github/workflows/ci.yml", ".github/workflows/*.{yml,yaml}"),
        ("a/b", "a/?"),
        ("café.txt", "caf*.txt"),
        ("docs/ünïcode.md", "docs/ünï*.md"),
        ("", ""),
    ];
    for (path, glob) in yes {
        assert_eq!(
            ok("glob_match", &[s(path), s(glob)]),
            Value::Bool(true),
            "{path} {glob}"
        );
    }
    let no = [
        ("src/api/handler.rs", "src/*.rs"),
        ("a/b", "a?b"),
        ("main.rs", "src/**/*.rs"),
        ("ci.json", "*.{yml,yaml}"),
        // globset matches bytes: `?` is one byte, so not a whole "é".
        ("café.txt", "caf?.txt"),
    ];
    for (path, glob) in no {
        same(ok("glob_match", &[s(path), s(glob)]), Value::Bool(false));
    }
}

#[test]
fn glob_match_errors() {
    let e = err("glob_match", &[s("a"), s("a[")]);
    assert!(
        e.starts_with("glob_match() got an invalid glob \"a[\""),
        "{e}"
    );
    assert_eq!(
        err("glob_match", &[Value::Int(1), s("*")]),
        "glob_match() expects a string for `s` (argument 1), got int"
    );
}

#[test]
fn precompiled_patterns_are_used() {
    // The context's pattern wins over the text argument: this proves the
    // precompiled one is the one used.
    let re = registry().prepare_pattern("matches", "^b").unwrap();
    let ctx = CallCtx {
        pattern: Some(&re),
        ..CallCtx::basic()
    };
    same(
        call_ctx("matches", &[s("bcd"), s("^a")], &ctx).unwrap(),
        Value::Bool(true),
    );
    same(
        call_ctx("find_all", &[s("bb"), s("^a")], &ctx).unwrap(),
        j!(["b"]),
    );
    let glob = registry().prepare_pattern("glob_match", "*.rs").unwrap();
    assert!(matches!(glob, Pattern::Glob(_)));
    let ctx = CallCtx {
        pattern: Some(&glob),
        ..CallCtx::basic()
    };
    same(
        call_ctx("glob_match", &[s("x.rs"), s("*.md")], &ctx).unwrap(),
        Value::Bool(true),
    );
    // A pattern of the wrong kind is ignored and the text compiled instead.
    same(
        call_ctx("matches", &[s("x.rs"), s("rs$")], &ctx).unwrap(),
        Value::Bool(true),
    );
}
