//! One group of tests per IR node kind, through the public API.

mod common;
use common::{compile_error, eval, eval_with};

fn ok(expr: &str) -> String {
    eval(expr, "{}").unwrap_or_else(|e| panic!("{expr}: {e}"))
}

fn ok_in(expr: &str, input: &str) -> String {
    eval(expr, input).unwrap_or_else(|e| panic!("{expr}: {e}"))
}

fn err(expr: &str) -> String {
    match eval(expr, "{}") {
        Ok(v) => panic!("{expr}: expected an error, got {v}"),
        Err(e) => e,
    }
}

#[test]
fn literals() {
    assert_eq!(ok("null"), "null");
    assert_eq!(ok("true"), "true");
    assert_eq!(ok("42"), "42");
    assert_eq!(ok("-1"), "-1");
    assert_eq!(ok("3.5"), "3.5");
    assert_eq!(ok("\"text\""), "\"text\"");
    assert_eq!(ok("[1, [2, 3]]"), "[1,[2,3]]");
    assert_eq!(ok("{a: 1, \"b-c\": [true]}"), "{\"a\":1,\"b-c\":[true]}");
}

#[test]
fn literals_with_runtime_parts() {
    let input = r#"{"n": 5, "s": "x"}"#;
    assert_eq!(ok_in("[input.n, input.s]", input), "[5,\"x\"]");
    assert_eq!(ok_in("{n: input.n}", input), "{\"n\":5}");
}

#[test]
fn paths_and_missing_fields() {
    let input = r#"{"a": {"b": 1, "some-key": "k"}, "xs": [10, 20, 30], "s": "str", "z": null}"#;
    assert_eq!(ok_in("input.a.b", input), "1");
    assert_eq!(ok_in("input.a[\"some-key\"]", input), "\"k\"");
    assert_eq!(ok_in("input.xs[0]", input), "10");
    assert_eq!(ok_in("input.xs[-1]", input), "30");
    assert_eq!(ok_in("input.xs[3]", input), "null");
    assert_eq!(ok_in("input.xs[-4]", input), "null");
    assert_eq!(ok_in("input.missing", input), "null");
    assert_eq!(ok_in("input.missing.deeper.still", input), "null");
    assert_eq!(ok_in("input.z.anything", input), "null");
    assert_eq!(ok_in("input.s.field", input), "null");
    assert_eq!(ok_in("input.xs.field", input), "null");
    assert_eq!(ok_in("input.a[0]", input), "null");
    assert_eq!(ok_in("input.xs[\"0\"]", input), "null");
    assert_eq!(ok_in("input.xs[1.0]", input), "null");
    let k = r#"{"a": {"b": 1}, "k": "b"}"#;
    assert_eq!(ok_in("input.a[input.k]", k), "1");
    assert_eq!(ok_in("[1, 2][1]", "{}"), "2");
}

#[test]
fn context_is_null_without_one() {
    assert_eq!(ok("context"), "null");
    assert_eq!(ok("context.now"), "null");
}

#[test]
fn equality_is_structural() {
    assert_eq!(ok("1 == 1.0"), "true");
    assert_eq!(ok("[1, {a: 2}] == [1, {a: 2}]"), "true");
    assert_eq!(ok("{a: 1, b: 2} == {b: 2, a: 1}"), "true");
    assert_eq!(ok_in("input.one == 1", r#"{"s": "a", "x": "x", "one": "1", "t": true, "f": false}"#), "false");
    assert_eq!(ok("null != false"), "true");
    assert_eq!(ok_in("input.missing == null", "{}"), "true");
}

#[test]
fn ordering() {
    assert_eq!(ok("1 < 2"), "true");
    assert_eq!(ok("2 <= 2.0"), "true");
    assert_eq!(ok("2.5 > 3"), "false");
    assert_eq!(ok("\"abc\" < \"abd\""), "true");
    assert_eq!(ok("\"b\" >= \"a\""), "true");
    let e = eval("input.n < 1", "{}").unwrap_err();
    assert!(e.contains("cannot compare null < int 1"), "{e}");
    let e = eval("input.s > 1", r#"{"s": "a", "x": "x", "one": "1", "t": true, "f": false}"#).unwrap_err();
    assert!(e.contains("two numbers or two strings"), "{e}");
    let e = eval("input.t < input.f", r#"{"s": "a", "x": "x", "one": "1", "t": true, "f": false}"#).unwrap_err();
    assert!(e.contains("cannot compare"), "{e}");
}

#[test]
fn arithmetic() {
    assert_eq!(ok("1 + 2 * 3"), "7");
    assert_eq!(ok("7 - 10"), "-3");
    assert_eq!(ok("6 / 2"), "3");
    assert_eq!(ok("7 / 2"), "3.5");
    assert_eq!(ok("7 % 3"), "1");
    assert_eq!(ok("1.5 + 1"), "2.5");
    assert_eq!(ok("5.5 % 2"), "1.5");
    assert_eq!(ok("\"ab\" + \"cd\""), "\"abcd\"");
    assert_eq!(ok("[1] + [2, 3]"), "[1,2,3]");
    assert_eq!(ok_in("-input.n", r#"{"n": 4}"#), "-4");
    assert_eq!(ok_in("-input.f", r#"{"f": 0.5}"#), "-0.5");
}

#[test]
fn arithmetic_errors() {
    let big = r#"{"max": 9223372036854775807, "min": -9223372036854775808, "big": 1e308}"#;
    let e = eval("input.max + 1", big).unwrap_err();
    assert!(e.contains("integer overflow"), "{e}");
    let e = eval("input.min - 1", big).unwrap_err();
    assert!(e.contains("integer overflow"), "{e}");
    let e = eval("input.max * 2", big).unwrap_err();
    assert!(e.contains("integer overflow"), "{e}");
    let e = eval("-input.min", big).unwrap_err();
    assert!(e.contains("integer overflow"), "{e}");
    let e = eval("input.min / -1", big).unwrap_err();
    assert!(e.contains("integer overflow"), "{e}");
    let e = eval("input.big * 10", big).unwrap_err();
    assert!(e.contains("float overflow"), "{e}");
    let e = err("1 / 0");
    assert!(e.contains("division by zero"), "{e}");
    let e = err("1.5 / 0");
    assert!(e.contains("division by zero"), "{e}");
    let e = err("5 % 0");
    assert!(e.contains("division by zero"), "{e}");
    let e = eval("input.s + 1", r#"{"s": "a", "x": "x", "one": "1", "t": true, "f": false}"#).unwrap_err();
    assert!(e.contains("two numbers, two strings or two lists"), "{e}");
    let e = eval("input.missing * 2", "{}").unwrap_err();
    assert!(e.contains("arithmetic needs two numbers"), "{e}");
    let e = eval("-input.x", r#"{"s": "a", "x": "x", "one": "1", "t": true, "f": false}"#).unwrap_err();
    assert!(e.contains("unary `-` needs a number"), "{e}");
}

#[test]
fn membership() {
    assert_eq!(ok("2 in [1, 2]"), "true");
    assert_eq!(ok("2.0 in [1, 2]"), "true");
    assert_eq!(ok("3 not in [1, 2]"), "true");
    assert_eq!(ok("\"a\" in {a: 1}"), "true");
    assert_eq!(ok("\"b\" in {a: 1}"), "false");
    assert_eq!(ok("\"ell\" in \"hello\""), "true");
    assert_eq!(ok("\"x\" not in \"hello\""), "true");
    let e = eval("1 in input.missing", "{}").unwrap_err();
    assert!(
        e.contains("`in` needs a list, object or string on the right, got null"),
        "{e}"
    );
    let e = eval("1 in input.s", r#"{"s": "a", "x": "x", "one": "1", "t": true, "f": false}"#).unwrap_err();
    assert!(e.contains("needs a string on the left"), "{e}");
}

#[test]
fn logic_short_circuits_and_needs_bools() {
    assert_eq!(ok("true and false"), "false");
    assert_eq!(ok("false or true"), "true");
    assert_eq!(ok("not false"), "true");
    assert_eq!(ok_in("false and input.x / 0 == 1", r#"{"x": 1}"#), "false");
    assert_eq!(ok_in("true or input.x / 0 == 1", r#"{"x": 1}"#), "true");
    let e = eval("input.flag and true", "{}").unwrap_err();
    assert!(
        e.contains("the left side of `and` must be a bool, got null"),
        "{e}"
    );
    assert!(e.contains("exists(x)"), "{e}");
    // The right side is not evaluated, so its type does not matter.
    assert_eq!(ok_in("true or input.flag", "{}"), "true");
    assert_eq!(ok_in("false and input.flag", "{}"), "false");
}

#[test]
fn logic_right_operand_must_be_bool() {
    let e = eval("false or input.flag", r#"{"flag": "yes"}"#).unwrap_err();
    assert!(
        e.contains("the right side of `or` must be a bool, got string \"yes\""),
        "{e}"
    );
    let e = eval("not input.flag", "{}").unwrap_err();
    assert!(e.contains("the operand of `not` must be a bool"), "{e}");
}

#[test]
fn quantifiers() {
    let input = r#"{"xs": [1, 2, 3], "empty": []}"#;
    assert_eq!(ok_in("any x in input.xs: x > 2", input), "true");
    assert_eq!(ok_in("any x in input.xs: x > 3", input), "false");
    assert_eq!(ok_in("all x in input.xs: x > 0", input), "true");
    assert_eq!(ok_in("all x in input.xs: x > 1", input), "false");
    assert_eq!(ok_in("no x in input.xs: x > 3", input), "true");
    assert_eq!(ok_in("no x in input.xs: x == 2", input), "false");
    assert_eq!(ok_in("any x in input.empty: true", input), "false");
    assert_eq!(ok_in("all x in input.empty: false", input), "true");
    assert_eq!(ok_in("no x in input.empty: true", input), "true");
    // Nested, with the outer variable visible.
    assert_eq!(
        ok_in("all x in input.xs: any y in input.xs: y == x", input),
        "true"
    );
}

#[test]
fn quantifier_errors() {
    let e = eval("all x in input.missing: x > 0", "{}").unwrap_err();
    assert!(e.contains("`all x in …` needs a list, got null"), "{e}");
    assert!(e.contains("default(xs, [])"), "{e}");
    let e = eval("any x in input.o: true", r#"{"o": {"a": 1}}"#).unwrap_err();
    assert!(e.contains("needs a list, got object"), "{e}");
    let e = eval("any x in input.xs: x", r#"{"xs": [1]}"#).unwrap_err();
    assert!(
        e.contains("the condition of `any x in …` must be a bool, got int 1"),
        "{e}"
    );
}

#[test]
fn filter_and_map() {
    let input = r#"{"xs": [{"n": 1}, {"n": 2}, {"n": 3}]}"#;
    assert_eq!(
        ok_in("[x in input.xs | x.n >= 2]", input),
        "[{\"n\":2},{\"n\":3}]"
    );
    assert_eq!(ok_in("[x.n * 10 for x in input.xs]", input), "[10,20,30]");
    assert_eq!(ok_in("[x.n for x in input.xs if x.n != 2]", input), "[1,3]");
    assert_eq!(ok_in("[x for x in []]", input), "[]");
    let e = eval("[x in input.missing | true]", "{}").unwrap_err();
    assert!(
        e.contains("the filter `[x in … | …]` needs a list, got null"),
        "{e}"
    );
    let e = eval("[x for x in input.missing]", "{}").unwrap_err();
    assert!(e.contains("the map `[… for x in …]` needs a list"), "{e}");
    let e = eval("[x in input.xs | x.n]", input).unwrap_err();
    assert!(e.contains("must be a bool, got int 1"), "{e}");
}

#[test]
fn if_then_else() {
    assert_eq!(ok_in("if input.a then 1 else 2", r#"{"a": true}"#), "1");
    assert_eq!(ok_in("if input.a then 1 else 2", r#"{"a": false}"#), "2");
    // Only the chosen branch runs.
    assert_eq!(
        ok_in(
            "if input.a then 1 else 1 / input.z",
            r#"{"a": true, "z": 0}"#
        ),
        "1"
    );
    let e = eval("if input.a then 1 else 2", "{}").unwrap_err();
    assert!(
        e.contains("the condition of `if` must be a bool, got null"),
        "{e}"
    );
    assert_eq!(ok("if true then \"folded\" else 1 / 0"), "\"folded\"");
}

#[test]
fn user_functions_and_builtins() {
    let decls = "fn double(x) = x * 2\nfn fact(n) = if n <= 1 then 1 else n * fact(n - 1)\nfn both(a, b) {\n  let s = a + b\n  [s, count([a, b])]\n}";
    assert_eq!(eval_with("double(21)", "{}", decls).unwrap(), "42");
    assert_eq!(eval_with("fact(10)", "{}", decls).unwrap(), "3628800");
    assert_eq!(eval_with("both(1, 2)", "{}", decls).unwrap(), "[3,2]");
    assert_eq!(ok_in("count(input.xs)", r#"{"xs": [1, 2]}"#), "2");
    assert_eq!(ok("count(\"héllo\")"), "5");
    let e = eval("count(input.n)", r#"{"n": 1}"#).unwrap_err();
    assert!(
        e.contains("count() expects a list, an object or a string, got int"),
        "{e}"
    );
}

#[test]
fn user_functions_shadow_builtins() {
    let decls = "fn count(xs) = 99";
    assert_eq!(eval_with("count([1])", "{}", decls).unwrap(), "99");
}

#[test]
fn functions_see_input_and_params() {
    let decls = "param limit: int = 3\nfn over(x) = x > limit and input.on";
    assert_eq!(
        eval_with("[over(4), over(2)]", r#"{"on": true}"#, decls).unwrap(),
        "[true,false]"
    );
}

#[test]
fn call_errors_are_compile_errors() {
    let e = compile_error(&common::rule("t.a", "  require cuont([]) == 0"));
    assert!(e.contains("unknown function `cuont`"), "{e}");
    assert!(e.contains("did you mean `count`?"), "{e}");
    let e = compile_error(&common::rule("t.a", "  require count([], 1) == 0"));
    assert!(e.contains("`count` takes 1 argument, found 2"), "{e}");
    let e = compile_error(&format!(
        "fn f(a) = a\n{}",
        common::rule("t.a", "  require f() == 0")
    ));
    assert!(e.contains("`f` takes 1 argument, found 0"), "{e}");
    let e = compile_error(&common::rule("t.a", "  require nope.f() == 0"));
    assert!(e.contains("unknown function `nope.f`"), "{e}");
}

#[test]
fn unknown_names_are_compile_errors() {
    let e = compile_error(&common::rule(
        "t.a",
        "  let approvals = 1\n  require aprovals == 1",
    ));
    assert!(e.contains("unknown name `aprovals`"), "{e}");
    assert!(e.contains("did you mean `approvals`?"), "{e}");
    // A loop variable is not visible after its loop.
    let e = compile_error(&common::rule("t.a", "  require (all x in []: true) and x"));
    assert!(e.contains("unknown name `x`"), "{e}");
}

#[test]
fn templates() {
    let src = common::rule(
        "t.tpl",
        "  require false else \"s={input.s} n={input.n} o={input.o} l={input.l} nil={input.missing} \\{lit\\}\"",
    );
    let s = common::set(&src);
    let d = common::decide(&s, r#"{"s": "str", "n": 1.5, "o": {"a": [1]}, "l": ["x"]}"#);
    assert_eq!(
        common::result(&d, "t.tpl").messages,
        ["s=str n=1.5 o={\"a\":[1]} l=[\"x\"] nil=null {lit}"]
    );
}

#[test]
fn plain_strings_keep_braces() {
    assert_eq!(ok("\"{not a hole}\""), "\"{not a hole}\"");
}
