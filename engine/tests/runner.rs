//! The rule runner: statuses, messages, evidence, summary.

mod common;
use common::{decide, result, rule, set};
use phasegate_engine::{Status, Value};

#[test]
fn skip_with_default_and_explicit_message() {
    let src = format!(
        "{}{}",
        rule("t.default", "  when input.pr != null\n  require true"),
        rule(
            "t.explicit",
            "  when input.pr != null else \"no PR in {input.kind}\"\n  require true"
        ),
    );
    let s = set(&src);
    let d = decide(&s, r#"{"kind": "push"}"#);
    let r = result(&d, "t.default");
    assert_eq!(r.status, Status::Skip);
    assert_eq!(r.messages, ["not applicable: input.pr != null"]);
    let r = result(&d, "t.explicit");
    assert_eq!(r.status, Status::Skip);
    assert_eq!(r.messages, ["no PR in push"]);
    let d = decide(&s, r#"{"pr": {}}"#);
    assert_eq!(result(&d, "t.default").status, Status::Pass);
    assert!(result(&d, "t.default").messages.is_empty());
}

#[test]
fn a_false_when_stops_before_later_errors() {
    let s = set(&rule(
        "t.a",
        "  when input.pr != null\n  require input.pr.n > 1",
    ));
    let d = decide(&s, "{}");
    assert_eq!(result(&d, "t.a").status, Status::Skip);
}

#[test]
fn every_failed_require_is_reported() {
    let s = set(&rule(
        "t.multi",
        "  require input.a == 1 else \"a is {input.a}\"\n  require input.b == 1\n  require input.c == 1 else \"c is {input.c}\"",
    ));
    let d = decide(&s, r#"{"a": 2, "b": 2, "c": 1}"#);
    let r = result(&d, "t.multi");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(r.messages, ["a is 2", "requirement not met: input.b == 1"]);
}

#[test]
fn per_item_messages_for_all_and_no() {
    let src = format!(
        "{}{}",
        rule(
            "t.no",
            "  require no f in input.findings: f.level == \"error\"\n    else \"{f.rule} at {f.file}:{f.line}\""
        ),
        rule(
            "t.all",
            "  require (all f in input.findings: f.fixed) else \"unfixed: {f.rule}\""
        ),
    );
    let s = set(&src);
    let input = r#"{"findings": [
        {"rule": "R1", "level": "error", "file": "a.rs", "line": 3, "fixed": true},
        {"rule": "R2", "level": "note", "file": "b.rs", "line": 4, "fixed": false},
        {"rule": "R3", "level": "error", "file": "c.rs", "line": 5, "fixed": false}
    ]}"#;
    let d = decide(&s, input);
    let r = result(&d, "t.no");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(r.messages, ["R1 at a.rs:3", "R3 at c.rs:5"]);
    assert_eq!(r.evidence.len(), 2);
    assert_eq!(r.evidence[0].path.as_deref(), Some("input.findings[0]"));
    assert_eq!(r.evidence[1].path.as_deref(), Some("input.findings[2]"));
    assert_eq!(r.evidence[1].value.get("rule"), &Value::str("R3"));
    let r = result(&d, "t.all");
    assert_eq!(r.messages, ["unfixed: R2", "unfixed: R3"]);
}

#[test]
fn per_item_default_message_names_the_item() {
    let s = set(&rule("t.a", "  require all x in input.xs: x > 0"));
    let d = decide(&s, r#"{"xs": [1, -2]}"#);
    assert_eq!(
        result(&d, "t.a").messages,
        ["requirement not met: all x in input.xs: x > 0 (item 1: -2)"]
    );
}

#[test]
fn any_quantifier_gets_a_single_message() {
    let s = set(&rule(
        "t.a",
        "  require any x in input.xs: x > 5 else \"none > 5\"",
    ));
    let d = decide(&s, r#"{"xs": [1, 2]}"#);
    assert_eq!(result(&d, "t.a").messages, ["none > 5"]);
}

#[test]
fn errors_name_the_location() {
    let s = set(&rule("t.err", "  let n = input.n\n  require n + 1 > 0"));
    let d = decide(&s, r#"{"n": "x"}"#);
    let r = result(&d, "t.err");
    assert_eq!(r.status, Status::Error);
    assert_eq!(r.messages.len(), 1);
    assert!(
        r.messages[0].starts_with("cannot compute string \"x\" + int 1"),
        "{}",
        r.messages[0]
    );
    assert!(
        r.messages[0].ends_with(" at t.gate:6:11"),
        "{}",
        r.messages[0]
    );
}

#[test]
fn an_error_in_one_rule_does_not_stop_others() {
    let src = format!(
        "{}{}",
        rule("t.bad", "  require input.x > 1"),
        rule("t.good", "  require true"),
    );
    let s = set(&src);
    let d = decide(&s, "{}");
    assert_eq!(result(&d, "t.bad").status, Status::Error);
    assert_eq!(result(&d, "t.good").status, Status::Pass);
}

#[test]
fn missing_null_and_wrong_types_never_panic() {
    let s = set(&format!(
        "{}{}{}",
        rule("t.cmp", "  require input.pr.approvals >= 1"),
        rule("t.cond", "  require input.pr.merged"),
        rule("t.iter", "  require all r in input.reviews: r.ok"),
    ));
    for input in [
        "{}",
        r#"{"pr": null, "reviews": null}"#,
        r#"{"pr": "text", "reviews": "text"}"#,
        r#"{"pr": {"approvals": "2", "merged": 1}, "reviews": [1, null]}"#,
        "[]",
        "null",
        "3",
    ] {
        let d = decide(&s, input);
        for r in &d.results {
            assert_eq!(r.status, Status::Error, "{input}: {}", r.id);
            assert_eq!(r.messages.len(), 1);
            assert!(r.messages[0].contains(" at t.gate:"), "{}", r.messages[0]);
        }
    }
    let d = decide(&s, "{}");
    assert!(result(&d, "t.cmp").messages[0].contains("cannot compare null >= int 1"));
    assert!(result(&d, "t.cond").messages[0]
        .contains("the condition of `require` must be a bool, got null"));
    assert!(result(&d, "t.iter").messages[0].contains("needs a list, got null"));
}

#[test]
fn presence_checks_turn_missing_data_into_fail_or_skip() {
    let s = set(&format!(
        "{}{}",
        rule("t.present", "  require input.pr != null else \"no PR\""),
        rule("t.when", "  when exists_pr(input)\n  require true"),
    )
    .replace("exists_pr(input)", "input.pr != null"));
    let d = decide(&s, "{}");
    assert_eq!(result(&d, "t.present").status, Status::Fail);
    assert_eq!(result(&d, "t.present").messages, ["no PR"]);
    assert_eq!(result(&d, "t.when").status, Status::Skip);
}

#[test]
fn evidence_of_a_comparison() {
    let s = set(&rule(
        "t.review",
        "  param min_approvals: int = 2\n  let approvals = [r in input.reviews | r.state == \"approved\"]\n  require count(approvals) >= min_approvals",
    ));
    let d = decide(
        &s,
        r#"{"reviews": [{"state": "approved"}, {"state": "changes"}]}"#,
    );
    let r = result(&d, "t.review");
    assert_eq!(r.status, Status::Fail);
    let json = serde_json::to_value(&r.evidence).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"expr": "count(approvals)", "value": 1},
            {"expr": "approvals", "item_paths": ["input.reviews[0]"], "value": [{"state": "approved"}]},
            {"expr": "min_approvals", "value": 2},
            {
                "expr": "input.reviews (items tested by `approvals`: r.state == \"approved\")",
                "path": "input.reviews",
                "value": [{"state": "approved"}, {"state": "changes"}]
            }
        ])
    );
}

#[test]
fn evidence_of_and_keeps_only_the_false_side() {
    let s = set(&rule(
        "t.a",
        "  require input.pr.draft == false and input.pr.base == \"main\"",
    ));
    let d = decide(&s, r#"{"pr": {"draft": false, "base": "dev"}}"#);
    let json = serde_json::to_value(&result(&d, "t.a").evidence).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{"expr": "input.pr.base", "path": "input.pr.base", "value": "dev"}])
    );
}

#[test]
fn evidence_of_a_nested_quantifier_has_the_item_path() {
    let s = set(&rule(
        "t.a",
        "  require input.ok and not (any s in input.secrets: s.verified)",
    ));
    let d = decide(
        &s,
        r#"{"ok": true, "secrets": [{"verified": false}, {"verified": true, "kind": "aws"}]}"#,
    );
    let json = serde_json::to_value(&result(&d, "t.a").evidence).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{"expr": "s", "path": "input.secrets[1]", "value": {"verified": true, "kind": "aws"}}])
    );
}

#[test]
fn large_evidence_values_are_summarised() {
    let s = set(&rule("t.a", "  require count(input.xs) == 0"));
    let xs: Vec<String> = (0..2000).map(|i| format!("\"item-{i}\"")).collect();
    let d = decide(&s, &format!("{{\"xs\": [{}]}}", xs.join(",")));
    let ev = &result(&d, "t.a").evidence;
    let big = ev
        .iter()
        .find(|e| e.expr.as_deref() == Some("input.xs"))
        .unwrap();
    assert!(big.truncated);
    assert_eq!(big.path.as_deref(), Some("input.xs"));
    assert_eq!(
        big.value,
        Value::str("<list of 2000 items, too large to show>")
    );
}

#[test]
fn summary_counts_every_phase_and_severity() {
    let src = "rule a.one {\n title \"t\"\n phase deploy\n severity low\n require false\n}\nrule a.two {\n title \"t\"\n phase deploy\n severity critical\n require true\n}\nrule a.three {\n title \"t\"\n phase plan\n severity low\n when false\n require true\n}\n";
    let s = set(src);
    let d = decide(&s, "{}");
    let json = serde_json::to_value(&d.summary).unwrap();
    assert_eq!(json["total"], 3);
    assert_eq!(json["pass"], 1);
    assert_eq!(json["fail"], 1);
    assert_eq!(json["skip"], 1);
    assert_eq!(json["error"], 0);
    let phases: Vec<&String> = json["by_phase"].as_object().unwrap().keys().collect();
    assert_eq!(
        phases,
        ["plan", "code", "build", "test", "release", "deploy", "operate", "monitor"]
    );
    assert_eq!(json["by_phase"]["deploy"]["total"], 2);
    assert_eq!(json["by_phase"]["plan"]["skip"], 1);
    assert_eq!(json["by_phase"]["build"]["total"], 0);
    let sev: Vec<&String> = json["by_severity"].as_object().unwrap().keys().collect();
    assert_eq!(sev, ["info", "low", "medium", "high", "critical"]);
    assert_eq!(json["by_severity"]["low"]["total"], 2);
    assert_eq!(json["by_severity"]["critical"]["pass"], 1);
    assert!(!d.is_clean());
}

#[test]
fn result_carries_rule_metadata() {
    let src = "package acme.build\nrule build.meta {\n  title \"Meta\"\n  description \"Longer\"\n  phase build\n  severity medium\n  tags [\"a\", \"b\"]\n  references [\"https://example.org\"]\n  remediation \"Fix it\"\n  require false\n}\n";
    let s = set(src);
    let d = decide(&s, "{}");
    let json = serde_json::to_value(result(&d, "build.meta")).unwrap();
    assert_eq!(json["package"], "acme.build");
    assert_eq!(json["tags"], serde_json::json!(["a", "b"]));
    assert_eq!(
        json["references"],
        serde_json::json!(["https://example.org"])
    );
    assert_eq!(json["remediation"], "Fix it");
    assert_eq!(
        json["location"],
        serde_json::json!({"file": "t.gate", "line": 2})
    );
    let info = s.rules().next().unwrap();
    assert_eq!(info.description.as_deref(), Some("Longer"));
    // A result shows its rule's metadata in one object, in this order,
    // without the description.
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "title",
            "phase",
            "severity",
            "status",
            "messages",
            "evidence",
            "package",
            "tags",
            "references",
            "remediation",
            "location"
        ]
    );
    // Every result of every evaluation points to the set's one copy of the
    // metadata: making a result copies no text.
    let again = decide(&s, "{}");
    let (a, b) = (result(&d, "build.meta"), result(&again, "build.meta"));
    assert!(std::sync::Arc::ptr_eq(&a.info, &b.info));
    assert_eq!(a, b);
}

#[test]
fn evidence_paths_walk_keys_and_indices_in_document_order() {
    // Items found deep in the input: the path names every key (quoted when it
    // is not a plain name) and index on the way, in the order of the document.
    let s = set(&rule(
        "t.deep",
        "  let bad = [f in input.runs[1][\"tool results\"].items | f.level == \"error\"]\n  require count(bad) == 0",
    ));
    let d = decide(
        &s,
        r#"{"z": [{"a": 1}], "runs": [{"x": {}}, {"meta": {"k": [1]}, "tool results": {"items": [
            {"level": "note"}, {"level": "error"}, {"level": "error", "extra": {"n": [2]}}]}}]}"#,
    );
    let r = result(&d, "t.deep");
    assert_eq!(r.status, Status::Fail);
    let json = serde_json::to_value(&r.evidence).unwrap();
    let bad = json
        .as_array()
        .and_then(|ev| ev.iter().find(|e| e["expr"] == "bad"))
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(
        bad["item_paths"],
        serde_json::json!([
            "input.runs[1][\"tool results\"].items[1]",
            "input.runs[1][\"tool results\"].items[2]"
        ])
    );
}
