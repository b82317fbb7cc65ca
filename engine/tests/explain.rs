//! Explanations: the traced tree of a rule's statements.

use phasegate_engine::{EvalContext, PolicySet, Status, Value};

const POLICY: &str = r#"package examples.build

fn is_bot(login) = login == "ci-bot"

rule build.peer-review {
  title    "Pull requests are approved by another team member"
  phase    build
  severity high
  param min_approvals: int = 1
  when input.pull_request != null else "no pull request in the evidence"
  let author    = input.pull_request.user.login
  let approvals = [r in input.reviews | r.state == "approved" and r.user != author]
  require count(approvals) >= min_approvals
    else "PR #{input.pull_request.number} has {count(approvals)} approval(s) from others, needs {min_approvals}"
  require not is_bot(author) and input.pull_request.base == "main"
  require no f in input.findings: f.level == "error"
    else "{f.rule_id} at {f.file}"
}
"#;

const INPUT: &str = r#"{
  "pull_request": {"number": 7, "user": {"login": "alice"}, "base": "dev"},
  "reviews": [{"user": "alice", "state": "approved"}, {"user": "bob", "state": "commented"}],
  "findings": [
    {"rule_id": "R1", "level": "note", "file": "a.rs"},
    {"rule_id": "R2", "level": "error", "file": "b.rs"}
  ]
}"#;

fn explain(input: &str) -> phasegate_engine::Explanation {
    let set = PolicySet::builder()
        .source("build.gate", POLICY)
        .build()
        .unwrap();
    let input: Value = serde_json::from_str(input).unwrap();
    set.explain("build.peer-review", &input, &EvalContext::new())
        .unwrap()
}

#[test]
fn explain_renders_the_condition_tree() {
    let e = explain(INPUT);
    assert_eq!(e.status, Status::Fail);
    insta::assert_snapshot!(e.render_text());
}

#[test]
fn explain_serialises_values_and_locations() {
    let e = explain(INPUT);
    let json = serde_json::to_value(&e).unwrap();
    let require = &json["steps"][3];
    assert_eq!(require["kind"], "require");
    assert_eq!(require["text"], "count(approvals) >= min_approvals");
    assert_eq!(require["value"], false);
    assert_eq!(require["location"], "build.gate:13:3");
    assert_eq!(require["children"][0]["text"], "count(approvals)");
    assert_eq!(require["children"][0]["value"], 0);
    assert_eq!(require["children"][1]["kind"], "param");
    assert_eq!(require["children"][1]["value"], 1);
}

#[test]
fn explain_stops_at_a_skip() {
    let e = explain("{}");
    assert_eq!(e.status, Status::Skip);
    assert_eq!(e.steps.len(), 1);
    assert_eq!(e.messages, ["no pull request in the evidence"]);
    insta::assert_snapshot!(e.render_text());
}

#[test]
fn explain_shows_errors() {
    let e = explain(r#"{"pull_request": {"user": {"login": "a"}}, "reviews": null}"#);
    assert_eq!(e.status, Status::Error);
    let last = e.steps.last().unwrap();
    assert_eq!(last.kind, "let");
    assert!(last
        .error
        .as_deref()
        .unwrap()
        .contains("needs a list, got null"));
}
