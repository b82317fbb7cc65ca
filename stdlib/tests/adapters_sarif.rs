//! SARIF 2.1.0 → findings, on real tool output and on spec edge cases.

#[path = "adapters_support.rs"]
mod support;

use phasegate_lang::Value;
use phasegate_stdlib::adapters::{load, Kind};
use support::*;

#[test]
fn codeql_level_is_inherited_from_the_rule_default_configuration() {
    let doc = load_real("sarif/codeql-2.11.0.python.sarif", "sarif");
    let findings = list(&doc, "findings");
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(st(f, "tool"), "CodeQL");
    assert_eq!(st(f, "tool_version"), "2.11.0");
    assert_eq!(st(f, "rule_id"), "py/code-injection");
    // CodeQL's rule name is its id: the short description is used instead.
    assert_eq!(st(f, "rule_name"), "Code injection");
    // The result has no level; rule 45 (found by ruleIndex) has defaultConfiguration.level error.
    assert_eq!(st(f, "level"), "error");
    assert_eq!(st(f, "level_source"), "rule");
    // security-severity 10.0 on the rule → critical.
    assert_eq!(f.get("security_severity"), &Value::Float(10.0));
    assert_eq!(st(f, "severity"), "critical");
    assert_eq!(st(f, "file"), "main.py");
    assert_eq!(f.get("line"), &Value::Int(21));
    assert_eq!(st(f.get("location"), "uri"), "main.py");
    assert_eq!(f.get("suppressed"), &Value::Bool(false));
    assert!(f
        .get("tags")
        .as_array()
        .is_some_and(|t| t.contains(&sv("external/cwe/cwe-094"))));
    assert_eq!(st(f, "source"), "sarif/codeql-2.11.0.python.sarif");
}

#[test]
fn suppressed_results_are_not_open() {
    let doc = load_real("sarif/codescanner.with-suppressions.sarif", "sarif");
    let findings = list(&doc, "findings");
    assert_eq!(findings.len(), 5);
    let suppressed: Vec<&str> = findings
        .iter()
        .filter(|f| f.get("suppressed").is_true())
        .map(|f| st(f, "rule_id"))
        .collect();
    // external, external, inSource; TST0004 has none and TST0005 an empty list.
    assert_eq!(suppressed, ["TST0001", "TST0002", "TST0003"]);
    assert_eq!(st(&findings[2], "suppression_status"), "accepted");
    assert!(findings[4].get("suppression_status").is_null());
    // No level anywhere: the SARIF default applies.
    assert!(findings
        .iter()
        .all(|f| st(f, "level") == "warning" && st(f, "level_source") == "default"));
}

#[test]
fn shiftleft_mixes_result_levels_and_rule_defaults() {
    let doc = load_real("sarif/shiftleft-scan.python-taint.sarif", "sarif");
    let findings = list(&doc, "findings");
    assert_eq!(findings.len(), 11);
    let count = |level: &str| findings.iter().filter(|f| st(f, "level") == level).count();
    assert_eq!((count("error"), count("warning"), count("note")), (8, 1, 2));
    let xss = filter(findings, "rule_id", &sv("taint-basic-xss"));
    assert_eq!(xss.len(), 1);
    assert_eq!(st(xss[0], "level"), "warning");
    assert_eq!(st(xss[0], "level_source"), "rule");
    assert_eq!(st(xss[0], "severity"), "medium");
    assert_eq!(xss[0].get("line"), &Value::Int(72));
}

#[test]
fn trivy_sarif_uses_rule_index_and_security_severity() {
    let doc = load_real("sarif/trivy.alpine-310.image.sarif", "sarif");
    let findings = list(&doc, "findings");
    assert_eq!(findings.len(), 4);
    assert_eq!(st(&findings[0], "rule_id"), "CVE-2019-1549");
    assert_eq!(st(&findings[0], "rule_name"), "OsPackageVulnerability");
    assert_eq!(findings[0].get("security_severity"), &Value::Float(5.3));
    assert_eq!(st(&findings[0], "severity"), "medium");
    assert_eq!(st(&findings[0], "tool"), "Trivy");
}

#[test]
fn dockle_results_without_locations_have_no_location() {
    let doc = load_real("sarif/dockle-0.3.15.image.sarif", "sarif");
    let findings = list(&doc, "findings");
    assert_eq!(findings.len(), 4);
    assert_eq!(st(&findings[0], "rule_id"), "CIS-DI-0010");
    assert_eq!(st(&findings[0], "level"), "error");
    assert!(findings[0].get("location").is_null());
    assert_eq!(filter(findings, "level", &sv("note")).len(), 3);
}

#[test]
fn gitleaks_sarif_results_without_rule_ids_keep_their_location() {
    let doc = load_real("sarif/gitleaks-7.x.8-results.sarif", "sarif");
    let findings = list(&doc, "findings");
    assert_eq!(findings.len(), 8);
    assert!(findings.iter().all(|f| f.get("rule_id").is_null()));
    assert_eq!(
        st(&findings[0], "message"),
        "AWS Access Key secret detected"
    );
    assert_eq!(findings[0].get("line"), &Value::Int(13));
    let simple = load_real("sarif/gitleaks.simple.sarif", "sarif");
    let f = &list(&simple, "findings")[0];
    assert_eq!(st(f, "rule_id"), "test-rule");
    assert_eq!(st(f, "file"), "auth.py");
    assert_eq!(st(f, "tool_version"), "v8.0.0");
}

fn sarif(results: &str, extra_run: &str) -> Value {
    let text = format!(
        r#"{{"version":"2.1.0","runs":[{{"tool":{{"driver":{{"name":"t","rules":[{{"id":"D1","defaultConfiguration":{{"level":"note"}},"messageStrings":{{"m":{{"text":"{{0}} flows to {{1}}"}}}}}}]}},
        "extensions":[{{"name":"pack","rules":[{{"id":"E1","defaultConfiguration":{{"level":"error"}},"properties":{{"security-severity":"7.5"}}}}]}}]}},
        "artifacts":[{{"location":{{"uri":"src/a.c"}}}}],"results":[{results}]{extra_run}}}]}}"#
    );
    let doc =
        load(&Kind::Sarif, "x.sarif", text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"));
    doc.get("findings").clone()
}

#[test]
fn rules_are_found_in_extensions_by_reference_and_by_id() {
    let by_ref = sarif(
        r#"{"rule":{"id":"E1","index":0,"toolComponent":{"index":0}},"message":{"text":"x"}}"#,
        "",
    );
    let f = &by_ref.as_array().unwrap()[0];
    assert_eq!(
        (st(f, "level"), st(f, "level_source"), st(f, "severity")),
        ("error", "rule", "high")
    );
    let by_id = sarif(r#"{"ruleId":"E1","message":{"text":"x"}}"#, "");
    assert_eq!(st(&by_id.as_array().unwrap()[0], "level"), "error");
    // A ruleIndex that points at a rule with another id is not trusted.
    let wrong_index = sarif(
        r#"{"ruleId":"E1","ruleIndex":0,"message":{"text":"x"}}"#,
        "",
    );
    assert_eq!(st(&wrong_index.as_array().unwrap()[0], "level"), "error");
}

#[test]
fn message_strings_artifact_indexes_and_kinds() {
    let out = sarif(
        r#"{"ruleId":"D1","message":{"id":"m","arguments":["input","eval"]},
            "locations":[{"physicalLocation":{"artifactLocation":{"index":0},"region":{"startLine":4}}}]},
           {"ruleId":"X","kind":"pass","message":{"text":"ok"}}"#,
        "",
    );
    let items = out.as_array().unwrap();
    assert_eq!(st(&items[0], "message"), "input flows to eval");
    assert_eq!(st(&items[0], "level"), "note");
    assert_eq!(st(&items[0], "file"), "src/a.c");
    assert_eq!(items[0].get("line"), &Value::Int(4));
    assert_eq!(
        (st(&items[1], "level"), st(&items[1], "kind")),
        ("none", "pass")
    );
}

#[test]
fn suppression_statuses_follow_the_spec() {
    let out = sarif(
        r#"{"ruleId":"D1","message":{"text":"a"},"suppressions":[{"kind":"external","status":"underReview"}]},
           {"ruleId":"D1","message":{"text":"b"},"suppressions":[{"kind":"inSource","status":"rejected"}]},
           {"ruleId":"D1","message":{"text":"c"},"suppressions":[{"kind":"inSource","status":"accepted"},{"kind":"external","status":"underReview"}]}"#,
        "",
    );
    let items = out.as_array().unwrap();
    let states: Vec<(bool, String)> = items
        .iter()
        .map(|f| {
            (
                f.get("suppressed").is_true(),
                f.get("suppression_status").render(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            (true, "underReview".into()),
            (false, "rejected".into()),
            (true, "accepted".into())
        ]
    );
}

#[test]
fn several_runs_are_all_read() {
    let text = r#"{"version":"2.1.0","runs":[
        {"tool":{"driver":{"name":"a"}},"results":[{"ruleId":"r","level":"error","message":{"text":"x"}}]},
        {"tool":{"driver":{"name":"b","semanticVersion":"1.2.3"}},"results":[{"ruleId":"r","message":{"text":"y"}}]},
        {"tool":{"driver":{"name":"c"}}}]}"#;
    let doc = load(&Kind::Sarif, "multi.sarif", text.as_bytes()).unwrap();
    let f = list(&doc, "findings");
    assert_eq!(f.len(), 2);
    assert_eq!((st(&f[0], "tool"), st(&f[1], "tool")), ("a", "b"));
    assert_eq!(st(&f[1], "tool_version"), "1.2.3");
}

#[test]
fn sarif_of_the_wrong_shape_is_an_error_naming_the_file() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"version":"2.1.0"}"#,
            "x.sarif: not a valid SARIF 2.1.0 document: no `runs` list",
        ),
        (
            r#"{"version":"2.1.0","runs":{}}"#,
            "`runs` is an object, expected a list",
        ),
        (
            r#"{"version":"2.1.0","runs":[{"results":[1]}]}"#,
            "`results[0]` is an int, expected an object",
        ),
        (r#"[]"#, "the document is a list, expected an object"),
    ];
    for (text, want) in cases {
        let err = load(&Kind::Sarif, "x.sarif", text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains(want), "{err} should contain {want}");
    }
}
