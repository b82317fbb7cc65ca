//! lower upper trim starts_with ends_with contains split join replace to_string to_number

use crate::{call_ctx, err, j, ok, s, same, small};
use phasegate_lang::Value;

#[test]
fn lower_and_upper() {
    same(ok("lower", &[s("ABC def")]), s("abc def"));
    same(ok("lower", &[s("ÀÉÎ ΣΑΣ")]), s("àéî σας"));
    same(ok("lower", &[s("")]), s(""));
    same(ok("upper", &[s("straße")]), s("STRASSE"));
    same(ok("upper", &[s("abc-1")]), s("ABC-1"));
    same(ok("upper", &[s("")]), s(""));
    assert_eq!(
        err("lower", &[Value::Int(1)]),
        "lower() expects a string, got int"
    );
    assert_eq!(
        err("upper", &[Value::Null]),
        "upper() expects a string, got null"
    );
    assert_eq!(err("lower", &[]), "lower() needs argument 1 (`s`)");
}

#[test]
fn case_mapping_respects_the_size_limit_of_the_result() {
    // "ß" is 2 bytes and becomes "SS" (2 bytes); "ﬃ" is 3 bytes and becomes "FFI" (3).
    // "ΐ" (2 bytes) upper-cases to 3 chars, 6 bytes.
    same(
        call_ctx("upper", &[s("ΐ")], &small(6)).unwrap(),
        s("\u{399}\u{308}\u{301}"),
    );
    let e = call_ctx("upper", &[s("ΐ")], &small(5)).unwrap_err();
    assert!(
        e.message
            .contains("upper() would build a string of 6 bytes"),
        "{e}"
    );
    assert!(call_ctx("lower", &[s("abcdef")], &small(5)).is_err());
    assert!(call_ctx("lower", &[s("abcde")], &small(5)).is_ok());
}

#[test]
fn trim_whitespace() {
    same(ok("trim", &[s("  main \n\t")]), s("main"));
    same(ok("trim", &[s("\u{3000}全角\u{3000}")]), s("全角"));
    same(ok("trim", &[s("   ")]), s(""));
    same(ok("trim", &[s("a b")]), s("a b"));
    assert_eq!(err("trim", &[j!([])]), "trim() expects a string, got list");
}

#[test]
fn prefixes_suffixes_and_substrings() {
    same(
        ok("starts_with", &[s("refs/heads/main"), s("refs/")]),
        Value::Bool(true),
    );
    same(
        ok("starts_with", &[s("main"), s("refs/")]),
        Value::Bool(false),
    );
    same(ok("starts_with", &[s("x"), s("")]), Value::Bool(true));
    same(ok("starts_with", &[s(""), s("x")]), Value::Bool(false));
    same(
        ok("ends_with", &[s("renovate[bot]"), s("[bot]")]),
        Value::Bool(true),
    );
    same(ok("ends_with", &[s("bot"), s("[bot]")]), Value::Bool(false));
    same(ok("ends_with", &[s("café"), s("é")]), Value::Bool(true));
    same(
        ok("contains", &[s("release/v1.2"), s("/v1")]),
        Value::Bool(true),
    );
    same(ok("contains", &[s("release"), s("R")]), Value::Bool(false));
    same(ok("contains", &[s(""), s("")]), Value::Bool(true));
    assert_eq!(
        err("starts_with", &[s("a"), Value::Int(1)]),
        "starts_with() expects a string for `prefix` (argument 2), got int"
    );
    assert_eq!(
        err("ends_with", &[Value::Null, s("a")]),
        "ends_with() expects a string for `s` (argument 1), got null"
    );
    assert_eq!(
        err("contains", &[j!(["a"]), s("a")]),
        "contains() expects a string for `s` (argument 1), got list"
    );
}

#[test]
fn split_pieces() {
    same(ok("split", &[s("a,b,,c"), s(",")]), j!(["a", "b", "", "c"]));
    same(ok("split", &[s(""), s(",")]), j!([""]));
    same(ok("split", &[s("a::b"), s("::")]), j!(["a", "b"]));
    same(ok("split", &[s("né!"), s("")]), j!(["n", "é", "!"]));
    same(ok("split", &[s(""), s("")]), j!([]));
    assert_eq!(
        err("split", &[s("a"), Value::Float(1.0)]),
        "split() expects a string for `sep` (argument 2), got float"
    );
}

#[test]
fn split_checks_the_item_count_first() {
    let ctx = small(3);
    same(
        call_ctx("split", &[s("a,b,c"), s(",")], &ctx).unwrap(),
        j!(["a", "b", "c"]),
    );
    let e = call_ctx("split", &[s("a,b,c,d"), s(",")], &ctx).unwrap_err();
    assert_eq!(
        e.message,
        "split() would build a list or object of 4 items, over the limit of 3"
    );
    assert!(call_ctx("split", &[s("abcd"), s("")], &ctx).is_err());
}

#[test]
fn join_strings() {
    same(
        ok("join", &[j!(["read", "write"]), s(", ")]),
        s("read, write"),
    );
    same(ok("join", &[j!([]), s(",")]), s(""));
    same(ok("join", &[j!(["solo"]), s(",")]), s("solo"));
    same(ok("join", &[j!(["é", "ü"]), s("·")]), s("é·ü"));
    assert_eq!(
        err("join", &[j!(["a", 1]), s(",")]),
        "join() expects a list of strings, got int at xs[1]"
    );
    assert_eq!(
        err("join", &[s("a"), s(",")]),
        "join() expects a list for `xs` (argument 1), got string"
    );
}

#[test]
fn join_checks_the_size_first() {
    let xs = j!(["ab", "cd", "ef"]);
    same(
        call_ctx("join", &[xs.clone(), s("-")], &small(8)).unwrap(),
        s("ab-cd-ef"),
    );
    let e = call_ctx("join", &[xs, s("--")], &small(8)).unwrap_err();
    assert_eq!(
        e.message,
        "join() would build a string of 10 bytes, over the limit of 8"
    );
}

#[test]
fn replace_all_occurrences() {
    same(ok("replace", &[s("a-b-c"), s("-"), s("/")]), s("a/b/c"));
    same(ok("replace", &[s("aaa"), s("aa"), s("b")]), s("ba"));
    same(ok("replace", &[s("none"), s("x"), s("y")]), s("none"));
    same(ok("replace", &[s("ab"), s(""), s("-")]), s("-a-b-"));
    same(ok("replace", &[s("héhé"), s("é"), s("")]), s("hh"));
    same(ok("replace", &[s(""), s("a"), s("b")]), s(""));
    assert_eq!(
        err("replace", &[s("a"), s("a"), Value::Null]),
        "replace() expects a string for `to` (argument 3), got null"
    );
}

#[test]
fn replace_checks_the_size_first() {
    // 4 occurrences of "a" become "xyz": 4 * 3 = 12 bytes.
    let args = [s("aaaa"), s("a"), s("xyz")];
    same(
        call_ctx("replace", &args, &small(12)).unwrap(),
        s("xyzxyzxyzxyz"),
    );
    let e = call_ctx("replace", &args, &small(11)).unwrap_err();
    assert_eq!(
        e.message,
        "replace() would build a string of 12 bytes, over the limit of 11"
    );
}

#[test]
fn to_string_renders_like_messages() {
    same(ok("to_string", &[s("as is")]), s("as is"));
    same(ok("to_string", &[Value::Int(-3)]), s("-3"));
    same(ok("to_string", &[Value::Float(2.5)]), s("2.5"));
    same(ok("to_string", &[Value::Float(1.0)]), s("1.0"));
    same(ok("to_string", &[Value::Null]), s("null"));
    same(ok("to_string", &[Value::Bool(true)]), s("true"));
    same(
        ok("to_string", &[j!({"a": [1, "é"]})]),
        s(r#"{"a":[1,"é"]}"#),
    );
    let big = j!({"k": "0123456789"});
    assert_eq!(
        ok("to_string", std::slice::from_ref(&big)).as_str(),
        Some(big.render().as_str())
    );
    let e = call_ctx("to_string", &[big], &small(10)).unwrap_err();
    assert_eq!(
        e.message,
        "to_string() would build a string over the limit of 10 bytes"
    );
    assert_eq!(err("to_string", &[]), "to_string() needs argument 1 (`x`)");
}

#[test]
fn to_number_parses_ints_and_floats() {
    same(ok("to_number", &[s("42")]), Value::Int(42));
    same(ok("to_number", &[s(" -7 ")]), Value::Int(-7));
    same(ok("to_number", &[s("+7")]), Value::Int(7));
    same(ok("to_number", &[s("2.5")]), Value::Float(2.5));
    same(ok("to_number", &[s("1e3")]), Value::Float(1000.0));
    same(ok("to_number", &[s("3.0")]), Value::Float(3.0));
    same(
        ok("to_number", &[s("9223372036854775807")]),
        Value::Int(i64::MAX),
    );
    same(
        ok("to_number", &[s("9223372036854775808")]),
        Value::Float(9_223_372_036_854_775_808.0),
    );
    same(ok("to_number", &[Value::Int(5)]), Value::Int(5));
    same(ok("to_number", &[Value::Float(0.5)]), Value::Float(0.5));
}

#[test]
fn to_number_rejects_non_numbers() {
    for bad in [
        "", " ", "abc", "1.2.3", "inf", "NaN", "infinity", "1e999", "0x10", "１２", "4 2",
    ] {
        let e = err("to_number", &[s(bad)]);
        assert!(
            e.starts_with("to_number() cannot read a number from"),
            "{bad}: {e}"
        );
    }
    assert_eq!(
        err("to_number", &[Value::Bool(true)]),
        "to_number() expects a string or a number, got bool"
    );
    assert_eq!(
        err("to_number", &[Value::Null]),
        "to_number() expects a string or a number, got null"
    );
}
