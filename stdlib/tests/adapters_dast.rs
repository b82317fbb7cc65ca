//! DAST reports → findings with category "dast": OWASP ZAP and Nuclei.

#[path = "adapters_support.rs"]
mod support;

use phasegate_lang::Value;
use phasegate_stdlib::adapters::{load, Kind};
use support::*;

#[test]
fn zap_2_12_one_medium_alert() {
    let doc = load_real("dast/zap-2.12.0.medium-and-info.json", "zap");
    let f = list(&doc, "findings");
    assert_eq!(f.len(), 5);
    let medium = filter(f, "severity", &sv("medium"));
    assert_eq!(medium.len(), 1);
    let m = medium[0];
    assert_eq!(
        (st(m, "rule_id"), st(m, "rule_name")),
        ("10098", "Cross-Domain Misconfiguration")
    );
    assert_eq!(
        (st(m, "category"), st(m, "level"), st(m, "tool_version")),
        ("dast", "warning", "2.12.0")
    );
    assert_eq!(m.get("instances"), &Value::Int(5));
    assert_eq!(
        st(m, "file"),
        "https://example-backend.example.com/django-static/admin/css/base.css"
    );
    assert_eq!(filter(f, "severity", &sv("info")).len(), 4);
}

#[test]
fn zap_2_14_baseline_has_nothing_above_low() {
    let doc = load_real("dast/zap-2.14.0.baseline.low-and-info-only.json", "zap");
    let f = list(&doc, "findings");
    assert_eq!(f.len(), 8);
    assert_eq!(filter(f, "severity", &sv("low")).len(), 2);
    assert!(f
        .iter()
        .all(|x| matches!(st(x, "severity"), "low" | "info")));
}

#[test]
fn zap_confidence_zero_is_a_false_positive() {
    let text = br#"{"@version":"2.15.0","site":{"@name":"http://t","alerts":[{"pluginid":"1","name":"X","riskcode":"3","confidence":"0","instances":[]}]}}"#;
    let doc = load(&Kind::Zap, "z.json", text).unwrap();
    let f = &list(&doc, "findings")[0];
    assert_eq!(
        (st(f, "severity"), f.get("suppressed")),
        ("high", &Value::Bool(true))
    );
    assert_eq!(f.get("instances"), &Value::Int(0));
}

#[test]
fn nuclei_json_lines() {
    let doc = load_real("dast/nuclei.medium-low.jsonl", "nuclei");
    let f = list(&doc, "findings");
    let got: Vec<(&str, &str)> = f
        .iter()
        .map(|x| (st(x, "rule_id"), st(x, "severity")))
        .collect();
    assert_eq!(
        got,
        [("CVE-2018-15473", "medium"), ("prometheus-metrics", "low")]
    );
    assert_eq!(f[0].get("security_severity"), &Value::Float(5.3));
    assert_eq!(st(&f[0], "file"), "nuclei-example.com:22");
    let log4shell = load_real("dast/nuclei.log4shell-critical.jsonl", "nuclei");
    let f = &list(&log4shell, "findings")[0];
    assert_eq!(
        (st(f, "rule_id"), st(f, "severity"), st(f, "level")),
        ("CVE-2021-44228", "critical", "error")
    );
}

#[test]
fn dast_reports_of_the_wrong_shape() {
    let cases: &[(Kind, &[u8], &str)] = &[
        (Kind::Zap, b"{\"@version\":\"x\"}", "no `site` list"),
        (
            Kind::Zap,
            b"{\"site\":[{\"alerts\":[7]}]}",
            "`alerts[0]` is an int",
        ),
        (Kind::Nuclei, b"[1]", "`(lines)[0]` is an int"),
    ];
    for (kind, text, want) in cases {
        let err = load(kind, "d.json", text).unwrap_err().to_string();
        assert!(err.contains(want), "{err} should contain {want}");
    }
}
