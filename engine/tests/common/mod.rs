//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]

use phasegate_engine::{Decision, EvalContext, PolicySet, RuleResult, Status};

/// A rule header with the required metadata.
pub fn rule(id: &str, body: &str) -> String {
    format!("rule {id} {{\n  title \"t\"\n  phase build\n  severity high\n{body}\n}}\n")
}

/// Compile one policy text or panic with the error (test helper).
pub fn set(src: &str) -> PolicySet {
    match PolicySet::builder().source("t.gate", src).build() {
        Ok(s) => s,
        Err(e) => panic!("compile error: {e}\n{:?}", e.diagnostics()),
    }
}

/// Evaluate a JSON input.
pub fn decide(set: &PolicySet, input: &str) -> Decision {
    set.evaluate_json(input, &EvalContext::new())
        .expect("valid JSON input")
}

/// The result of rule `id`.
pub fn result<'a>(d: &'a Decision, id: &str) -> &'a RuleResult {
    d.result(id).unwrap_or_else(|| panic!("no result for {id}"))
}

/// Evaluate `expr` against `input` (JSON): `Ok(compact JSON of the value)`
/// or `Err(run-time error message)`.
pub fn eval(expr: &str, input: &str) -> Result<String, String> {
    eval_with(expr, input, "")
}

/// Like [`eval`] with extra top-level declarations (functions, params).
pub fn eval_with(expr: &str, input: &str, decls: &str) -> Result<String, String> {
    let src = format!(
        "{decls}\n{}",
        rule("t.expr", &format!("  require false else \"{{[{expr}]}}\""))
    );
    let s = set(&src);
    let d = decide(&s, input);
    let r = result(&d, "t.expr");
    match r.status {
        Status::Fail => {
            let m = &r.messages[0];
            // Strip the wrapping list.
            Ok(m[1..m.len() - 1].to_string())
        }
        Status::Error => Err(r.messages[0].clone()),
        other => panic!("unexpected status {other}: {:?}", r.messages),
    }
}

/// The compile error text of a policy (panics if it compiles).
pub fn compile_error(src: &str) -> String {
    match PolicySet::builder().source("t.gate", src).build() {
        Ok(_) => panic!("expected a compile error"),
        Err(e) => {
            let mut s = e.to_string();
            for d in e.diagnostics() {
                s.push('\n');
                s.push_str(&d.message);
                if let Some(h) = &d.help {
                    s.push_str(" | help: ");
                    s.push_str(h);
                }
            }
            s
        }
    }
}
