//! Hostile computations in policies: pathological regexes, integer and float
//! overflow, division by zero, NaN, exponential comprehensions, unbounded and
//! mutual recursion. Each ends in a named run-time error or a correct result.
//! (`limits.rs` holds the tests of each evaluation limit on its own.)

mod common;
use common::{compile_error, decide, eval, eval_with, result, rule, set};
use phasegate_engine::Status;

#[test]
fn catastrophic_backtracking_patterns_run_in_linear_time() {
    // With a backtracking engine each of these takes 2^n steps on n = 100 000
    // characters; the regex crate's automata take one pass.
    let s = "a".repeat(100_000) + "!";
    let input = format!("{{\"s\": \"{s}\"}}");
    for re in ["(a+)+$", "^(a|aa)+$", "(a|a)*b", "(.*)*b", "^(a*)*$"] {
        assert_eq!(
            eval(&format!("matches(input.s, \"{re}\")"), &input),
            Ok("false".into()),
            "{re}"
        );
    }
    assert_eq!(
        eval("matches(input.s, \"^a+!$\")", &input),
        Ok("true".into())
    );
}

#[test]
fn patterns_that_need_backtracking_are_refused_at_compile_time() {
    let err = compile_error(&rule("t.x", "  require matches(input.s, \"(a)\\\\1\")"));
    assert!(err.contains("backreferences are not supported"), "{err}");
    let err = compile_error(&rule("t.x", "  require matches(input.s, \"a(?=b)\")"));
    assert!(
        err.contains("look-around, including look-ahead and look-behind, is not supported"),
        "{err}"
    );
    // A pattern whose automaton would be huge is refused, not built.
    let err = compile_error(&rule(
        "t.x",
        "  require matches(input.s, \"(a{1000}){1000}\")",
    ));
    assert!(err.contains("exceeds size limit"), "{err}");
}

#[test]
fn integer_overflow_and_division_by_zero_are_errors() {
    let input = r#"{"max": 9223372036854775807, "min": -9223372036854775808}"#;
    for (expr, msg) in [
        (
            "input.max + 1",
            "integer overflow in 9223372036854775807 + 1",
        ),
        (
            "input.min - 1",
            "integer overflow in -9223372036854775808 - 1",
        ),
        (
            "input.max * 2",
            "integer overflow in 9223372036854775807 * 2",
        ),
        ("-input.min", "integer overflow in -(-9223372036854775808)"),
        (
            "input.min / -1",
            "integer overflow in -9223372036854775808 / -1",
        ),
        (
            "input.min % -1",
            "integer overflow in -9223372036854775808 % -1",
        ),
        (
            "sum([input.max, 1])",
            "sum() overflows: the sum does not fit in a 64-bit integer",
        ),
        ("1 / 0", "division by zero in 1 / 0"),
        ("1 % 0", "division by zero in 1 % 0"),
        ("1.5 / 0.0", "division by zero in 1.5 / 0.0"),
        ("0.0 / 0.0", "division by zero in 0.0 / 0.0"),
        ("1.0 % 0.0", "division by zero in 1.0 % 0.0"),
    ] {
        let got = eval(expr, input);
        assert!(
            got.as_ref()
                .is_err_and(|e| e.starts_with(&format!("{msg} at t.gate:"))),
            "{expr}: {got:?}"
        );
    }
    // Literals out of range are compile errors.
    let err = compile_error(&rule("t.x", "  require 99999999999999999999 > 1"));
    assert!(err.contains("integer literal is too large"), "{err}");
}

#[test]
fn no_operation_produces_nan_or_infinity() {
    let input = r#"{"f": 1.7976931348623157e308}"#;
    for (expr, msg) in [
        (
            "input.f * 10.0",
            "float overflow in 1.7976931348623157e+308 * 10.0",
        ),
        (
            "input.f + input.f",
            "float overflow in 1.7976931348623157e+308 + 1.7976931348623157e+308",
        ),
        (
            "input.f / 1e-308",
            "float overflow in 1.7976931348623157e+308 / 1e-308",
        ),
        (
            "sum([input.f, input.f])",
            "sum() overflows: the sum is not a finite number",
        ),
    ] {
        let got = eval(expr, input);
        assert!(
            got.as_ref()
                .is_err_and(|e| e.starts_with(&format!("{msg} at t.gate:"))),
            "{expr}: {got:?}"
        );
    }
    for text in ["NaN", "nan", "inf", "-infinity", "1e999"] {
        let got = eval(&format!("to_number(\"{text}\")"), "{}");
        assert!(
            got.as_ref().is_err_and(
                |e| e.starts_with(&format!("to_number() cannot read a number from \"{text}\""))
            ),
            "{text}: {got:?}"
        );
    }
    let err = compile_error(&rule("t.x", "  require 1e999 > 1.0"));
    assert!(err.contains("float literal is out of range"), "{err}");
}

#[test]
fn exponential_comprehensions_and_recursion_stop_at_their_limits() {
    let decls = "fn pow(xs, n) = if n == 0 then xs else pow([xs, xs], n - 1)\n\
                 fn ping(n) = pong(n + 1)\nfn pong(n) = ping(n + 1)";
    let got = eval_with("count(pow([1], 64))", "{}", decls);
    assert!(
        got.as_ref().is_err_and(
            |e| e.starts_with("evaluation limit exceeded: max_call_depth = 64 nested calls")
        ),
        "{got:?}"
    );
    let got = eval_with("ping(0)", "{}", decls);
    assert!(
        got.as_ref().is_err_and(
            |e| e.starts_with("evaluation limit exceeded: max_call_depth = 64 nested calls")
        ),
        "{got:?}"
    );
    let src = rule(
        "t.blowup",
        "  let xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n  require count([[[[[[a for a in xs] for b in xs] for c in xs] for d in xs] for e in xs] for f in xs]) > 0",
    );
    let d = decide(&set(&src), "{}");
    let r = result(&d, "t.blowup");
    assert_eq!(r.status, Status::Error);
    assert!(
        r.messages[0].starts_with("evaluation limit exceeded: fuel_per_rule = 1000000 steps"),
        "{}",
        r.messages[0]
    );
}
