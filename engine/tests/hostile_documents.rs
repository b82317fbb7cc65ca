//! Hostile input documents through the Rust API: deep nesting, alias bombs,
//! duplicate keys, non-finite numbers, huge strings. Each ends in a clear
//! error with a location, or in a correct decision within the limits.

mod common;
use common::{result, rule, set};
use phasegate_engine::{EvalContext, Limits, PolicySet, Status};

fn policy() -> PolicySet {
    set(&rule("t.ok", "  require true"))
}

fn json_err(doc: &str) -> String {
    match policy().evaluate_json(doc, &EvalContext::new()) {
        Ok(_) => panic!("expected an input error"),
        Err(e) => e.to_string(),
    }
}

fn yaml_err(doc: &str) -> String {
    match policy().evaluate_yaml(doc, &EvalContext::new()) {
        Ok(_) => panic!("expected an input error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn json_nested_100k_levels_is_an_error_with_a_location() {
    let lists = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_eq!(
        json_err(&lists),
        "invalid JSON input: recursion limit exceeded at line 1 column 128"
    );
    let objects = "{\"a\":".repeat(100_000) + "1" + &"}".repeat(100_000);
    assert_eq!(
        json_err(&objects),
        "invalid JSON input: recursion limit exceeded at line 1 column 636"
    );
}

#[test]
fn yaml_nested_100k_levels_is_an_error_with_a_location() {
    let flow = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_eq!(
        yaml_err(&flow),
        "invalid YAML input: recursion limit exceeded at line 1 column 129"
    );
    let block = "- ".repeat(100_000) + "x\n";
    assert_eq!(
        yaml_err(&block),
        "invalid YAML input: recursion limit exceeded at line 1 column 257"
    );
}

#[test]
fn yaml_billion_laughs_is_refused() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = "a";
    for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{n}: &{n} [{refs}]\n"));
        prev = n;
    }
    assert_eq!(
        yaml_err(&bomb),
        "invalid YAML input: repetition limit exceeded"
    );
}

#[test]
fn duplicate_keys_are_an_error_not_a_silent_choice() {
    assert_eq!(
        json_err(r#"{"state": "approved", "state": "changes_requested"}"#),
        "invalid JSON input: duplicate key `state` at line 1 column 51"
    );
    assert_eq!(
        json_err(r#"{"a": {"b": 1, "b": 1}}"#),
        "invalid JSON input: duplicate key `b` at line 1 column 22"
    );
    assert_eq!(
        yaml_err("state: approved\nstate: changes_requested\n"),
        "invalid YAML input: duplicate key `state`"
    );
}

#[test]
fn non_finite_numbers_cannot_enter() {
    assert_eq!(
        json_err(r#"{"a": NaN}"#),
        "invalid JSON input: expected value at line 1 column 7"
    );
    assert_eq!(
        json_err(r#"{"a": Infinity}"#),
        "invalid JSON input: expected value at line 1 column 7"
    );
    assert_eq!(
        json_err(r#"{"a": 1e999}"#),
        "invalid JSON input: number out of range at line 1 column 11"
    );
    for doc in ["a: .nan\n", "a: .inf\n", "a: -.inf\n"] {
        assert_eq!(
            yaml_err(doc),
            "invalid YAML input: a: non-finite numbers (NaN, infinity) are not allowed at line 1 column 4",
            "{doc}"
        );
    }
}

#[test]
fn a_100_mb_string_is_evaluated_within_the_limits() {
    let big = "a".repeat(100 * 1024 * 1024);
    let doc = format!("{{\"s\": \"{big}\"}}");
    let src = [
        rule("t.len", "  require count(input.s) == 104857600"),
        rule(
            "t.cmp",
            "  require input.s == input.s and starts_with(input.s, \"aaa\")",
        ),
        rule("t.copy", "  require count(lower(input.s)) > 0"),
        rule("t.concat", "  require count(input.s + \"b\") > 0"),
        rule("t.msg", "  require false else \"{input.s}\""),
    ]
    .concat();
    let ids = ["t.len", "t.cmp", "t.copy", "t.concat"];
    // With the default limits, every operation on the string is charged
    // per byte, so each rule stops at `fuel_per_rule`.
    let d = set(&src)
        .evaluate_json(&doc, &EvalContext::new())
        .expect("valid JSON");
    for id in ids {
        let r = result(&d, id);
        assert_eq!(r.status, Status::Error, "{id}");
        assert!(
            r.messages[0].starts_with("evaluation limit exceeded: fuel_per_rule = 1000000 steps"),
            "{id}: {}",
            r.messages[0]
        );
    }
    // Messages are cut at `max_message_len` (4096 bytes, ending with `…`).
    let msg = &result(&d, "t.msg").messages[0];
    assert_eq!(msg.len(), 4096);
    assert!(msg.ends_with('…'));
    // With unlimited fuel, reading the string gives correct results, and
    // building a new string of that size is over `max_value_size`.
    let unlimited = Limits {
        fuel_per_rule: u64::MAX,
        fuel_total: u64::MAX,
        ..Limits::default()
    };
    let d = PolicySet::builder()
        .source("t.gate", src.as_str())
        .limits(unlimited)
        .build()
        .expect("compiles")
        .evaluate_json(&doc, &EvalContext::new())
        .expect("valid JSON");
    for id in ["t.len", "t.cmp"] {
        assert_eq!(
            result(&d, id).status,
            Status::Pass,
            "{id}: {:?}",
            result(&d, id).messages
        );
    }
    let copy = &result(&d, "t.copy").messages[0];
    assert!(
        copy.starts_with(
            "lower() would build a string of 104857600 bytes, over the limit of 1000000 at"
        ),
        "{copy}"
    );
    let concat = &result(&d, "t.concat").messages[0];
    assert!(
        concat.starts_with("evaluation limit exceeded: max_value_size = 1000000 items or bytes"),
        "{concat}"
    );
}
