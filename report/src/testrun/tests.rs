//! Checking expectations and rendering runs.

use super::*;
use phasegate_engine::{EvalContext, PolicySet};

const POLICY: &str = r#"
rule t.review {
  title "t"
  phase build
  severity high
  require input.ok == true else "not ok: {input.why}"
}

rule t.other {
  title "t"
  phase build
  severity low
  require input.ok == true else "other: {input.why}"
}

test "ok passes" {
  input { ok: true }
  expect t.review pass
}

test "wrong status and text" {
  input { ok: false, why: "missing review" }
  expect t.review pass
  expect t.other fail with "other text"
}
"#;

fn outcomes() -> Vec<TestOutcome> {
    let set = PolicySet::builder()
        .source("t.gate", POLICY)
        .build()
        .expect("compiles");
    set.tests()
        .iter()
        .map(|t| TestOutcome::of(t, &set.evaluate(&t.input, &EvalContext::new())))
        .collect()
}

#[test]
fn expectations_are_checked_by_status_and_message() {
    let o = outcomes();
    assert_eq!(o[0].name, "t.gate::ok passes");
    assert!(o[0].passed && o[0].failures.is_empty());
    assert!(!o[1].passed);
    let reasons: Vec<&str> = o[1].failures.iter().map(|f| f.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "expected pass, got fail",
            "no message contains \"other text\""
        ]
    );
    assert_eq!(o[1].failures[0].messages, ["not ok: missing review"]);
    assert_eq!(o[1].failures[0].location.line, 23);
    assert_eq!(o[1].failures[1].messages, ["other: missing review"]);
}

#[test]
fn an_expectation_of_a_rule_not_evaluated_fails() {
    let set = PolicySet::builder()
        .source("t.gate", POLICY)
        .build()
        .expect("compiles");
    let mut t = set.tests()[0].clone();
    t.expects[0].rule = "t.gone".into();
    let o = TestOutcome::of(&t, &set.evaluate(&t.input, &EvalContext::new()));
    assert!(!o.passed);
    assert_eq!(o.failures[0].reason, "no rule `t.gone` was evaluated");
    assert_eq!(o.failures[0].got, None);
}

#[test]
fn an_empty_run_is_not_a_success() {
    let run = TestRun {
        tests: Vec::new(),
        filtered_out: 0,
        coverage: None,
    };
    assert!(!run.success());
    let text = render_text(&run, false);
    assert!(text.ends_with(
        "test result: FAILED. 0 passed; 0 failed; 0 filtered out\n0 passed, 0 failed\n"
    ));
}

#[test]
fn text_and_json_agree_on_counts() {
    let mut tests = outcomes();
    let set = PolicySet::builder()
        .source("t.gate", POLICY)
        .build()
        .expect("compiles");
    tests.push(TestOutcome::errored(
        &set.tests()[0],
        "context: bad now".into(),
    ));
    let run = TestRun {
        tests,
        filtered_out: 4,
        coverage: None,
    };
    let text = render_text(&run, false);
    assert!(text.contains("test t.gate::ok passes ... ok\n"));
    assert!(text.contains("test t.gate::wrong status and text ... FAILED\n"));
    assert!(text.contains("  error: context: bad now\n"));
    assert!(text.ends_with("1 passed; 2 failed; 4 filtered out\n1 passed, 2 failed\n"));
    assert!(render_text(&run, true).contains("\x1b[31mFAILED\x1b[0m"));
    let doc: serde_json::Value = serde_json::from_str(&to_json(&run)).expect("JSON");
    assert_eq!(
        (doc["passed"].as_u64(), doc["failed"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(doc["filtered_out"], 4);
    assert_eq!(doc["tests"][2]["error"], "context: bad now");
}
