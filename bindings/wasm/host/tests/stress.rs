//! Policies and inputs at the language's depth limits run in the module
//! without overflowing its stack, and decide exactly as natively (the
//! native engine grows its stack with `stacker`; the module relies on the
//! explicit depth limits: `max_call_depth` capped at 256 in the module, and
//! nested evaluation stopped at 4,096 levels with a rule error).
#![cfg(feature = "runtime")]

mod common;

use phasegate_engine::{EvalContext, Limits, PolicySet, Value};
use phasegate_wasm_host::{CompileRequest, EvalOptions, HostError};

fn rule(id: &str, body: &str) -> String {
    format!("rule {id} {{\n  title \"t\"\n  phase build\n  severity low\n{body}\n}}\n")
}

fn assert_same(name: &str, policy: &str, input: &str) {
    assert_same_with(name, policy, input, Limits::default());
}

fn assert_same_with(name: &str, policy: &str, input: &str, limits: Limits) {
    let Some(engine) = common::engine() else {
        return;
    };
    let native = PolicySet::builder()
        .source(name, policy)
        .limits(limits)
        .build();
    let mut s = engine.session().expect("session");
    let request = CompileRequest::new()
        .source(name, policy)
        .limits(serde_json::to_value(limits).unwrap());
    let wasm = s.compile(&request);
    let (native, c) = match (native, wasm) {
        (Ok(n), Ok(c)) => (n, c),
        (Err(n), Err(w)) => {
            let codes: Vec<&str> = n.diagnostics().iter().map(|d| d.code.as_str()).collect();
            let HostError::Engine(w) = w else {
                panic!("{name}: {w}")
            };
            let wcodes: Vec<&str> = w.diagnostics.iter().map(|d| d.code.as_str()).collect();
            assert_eq!(codes, wcodes, "{name}");
            return;
        }
        (n, w) => panic!("{name}: native {:?} vs wasm {:?}", n.err(), w.err()),
    };
    // An input nested past serde_json's recursion limit is refused by both.
    let expected = match serde_json::from_str::<Value>(input) {
        Ok(v) => Ok(phasegate_report::json::to_json(
            &native.evaluate(&v, &EvalContext::new()),
        )),
        Err(_) => Err("phasegate::input".to_string()),
    };
    let got = match s.evaluate(c.handle, input, &EvalOptions::default()) {
        Ok(json) => Ok(json),
        Err(HostError::Engine(e)) => Err(e.code),
        Err(e) => panic!("{name}: {e}"),
    };
    assert_eq!(got, expected, "{name}");
}

#[test]
fn recursion_to_the_call_depth_limit_and_past_it() {
    let body = "  require rec(input.n) == input.n";
    let policy = format!(
        "fn rec(n) = if n <= 0 then 0 else 1 + rec(n - 1)\n{}",
        rule("t.rec", body)
    );
    for n in [10, 63, 64, 65, 500] {
        assert_same("rec.gate", &policy, &format!("{{\"n\": {n}}}"));
    }
}

#[test]
fn deepest_brackets_and_longest_chains() {
    for depth in [60, 64, 65] {
        let expr = format!("{}1{}", "(".repeat(depth), ")".repeat(depth));
        assert_same(
            "paren.gate",
            &rule("t.p", &format!("  require {expr} == 1")),
            "{}",
        );
        let list = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        assert_same(
            "list.gate",
            &rule("t.l", &format!("  require {list} != null")),
            "{}",
        );
    }
    for terms in [200, 254, 255, 400] {
        let chain = vec!["input.a"; terms].join(" + ");
        assert_same(
            "chain.gate",
            &rule("t.c", &format!("  require {chain} > 0")),
            "{\"a\": 1}",
        );
        let ands = vec!["input.t"; terms].join(" and ");
        assert_same(
            "and.gate",
            &rule("t.a", &format!("  require {ands}")),
            "{\"t\": true}",
        );
    }
}

#[test]
fn deeply_nested_inputs() {
    let policy = rule("t.deep", "  require input.x == input.y else \"{input.x}\"");
    for depth in [10, 100, 126, 127, 128] {
        let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        assert_same(
            "deep.gate",
            &policy,
            &format!("{{\"x\": {nested}, \"y\": 2}}"),
        );
    }
}

#[test]
fn recursion_through_deep_expressions() {
    // Every level of recursion evaluates the longest chain the parser
    // allows (depth 254 + 2): call depth × expression depth.
    let chain = vec!["n"; 246].join(" + ");
    let policy = format!(
        "fn rec(n) = if n <= 0 then 0 else ({chain}) * 0 + 1 + rec(n - 1)\n{}",
        rule("t.rec", "  require rec(input.n) == input.n")
    );
    assert_same("rec-chain.gate", &policy, "{\"n\": 63}");
}

#[test]
fn recursion_at_the_module_call_depth_cap() {
    let limits = Limits {
        max_call_depth: 256,
        ..Limits::default()
    };
    let chain = vec!["n"; 246].join(" + ");
    let policy = format!(
        "fn rec(n) = if n <= 0 then 0 else ({chain}) * 0 + 1 + rec(n - 1)\n{}",
        rule("t.rec", "  require rec(input.n) == input.n")
    );
    for n in [255, 256, 1000] {
        assert_same_with("rec-cap.gate", &policy, &format!("{{\"n\": {n}}}"), limits);
    }
}

/// 256 calls, each nesting 16 sub-expressions on the way to the next call:
/// natively this passes; the module stops at its 4,096 levels of nested
/// evaluation with a rule error at the innermost expression (not a trap),
/// and the session stays usable.
#[test]
fn recursion_through_nesting_past_the_module_cap_is_a_rule_error() {
    let Some(engine) = common::engine() else {
        return;
    };
    let wrap = format!("{}rec(n - 1){}", "(0 + ".repeat(16), ")".repeat(16));
    let policy = format!(
        "fn rec(n) = if n <= 0 then 0 else 1 + {wrap}\n{}",
        rule("t.rec", "  require rec(input.n) == input.n")
    );
    let limits = Limits {
        max_call_depth: 256,
        ..Limits::default()
    };
    let native = PolicySet::builder()
        .source("nest.gate", policy.as_str())
        .limits(limits)
        .build()
        .expect("compiles");
    let mut s = engine.session().expect("session");
    let request = CompileRequest::new()
        .source("nest.gate", policy.as_str())
        .limits(serde_json::to_value(limits).unwrap());
    let c = s.compile(&request).expect("compiles in the module");
    let status = |json: &str| -> (String, String) {
        let doc: serde_json::Value = serde_json::from_str(json).expect("decision JSON");
        let r = &doc["results"][0];
        (
            r["status"].as_str().unwrap_or_default().to_string(),
            r["messages"].to_string(),
        )
    };
    for n in [128, 200] {
        let input = format!("{{\"n\": {n}}}");
        let v: Value = serde_json::from_str(&input).unwrap();
        let want = phasegate_report::json::to_json(&native.evaluate(&v, &EvalContext::new()));
        assert_eq!(status(&want).0, "pass", "native, n = {n}");
        let got = s
            .evaluate(c.handle, &input, &EvalOptions::default())
            .unwrap_or_else(|e| panic!("n = {n}: {e}"));
        let (st, messages) = status(&got);
        assert_eq!(st, "error", "module, n = {n}: {got}");
        assert!(
            messages.contains("sub-expressions nested 4096 levels deep")
                && messages.contains("nest.gate:1:"),
            "module, n = {n}: {messages}"
        );
    }
    // Under the cap both decide alike, in the same session.
    let got = s
        .evaluate(c.handle, "{\"n\": 50}", &EvalOptions::default())
        .expect("the session is still usable");
    assert_eq!(status(&got).0, "pass");
}
