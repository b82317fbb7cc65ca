//! Native SAST/lint reports and SonarQube issues → findings.

#[path = "adapters_support.rs"]
mod support;

use phasegate_lang::Value;
use phasegate_stdlib::adapters::{load, Kind};
use support::*;

fn count_by(items: &[Value], key: &str, value: &str) -> usize {
    filter(items, key, &sv(value)).len()
}

#[test]
fn semgrep_native() {
    let doc = load_real("sast/semgrep.native.many-findings.json", "semgrep");
    let f = list(&doc, "findings");
    assert_eq!(f.len(), 48);
    // ERROR → error/high, WARNING → warning/medium.
    assert_eq!(
        (
            count_by(f, "level", "error"),
            count_by(f, "level", "warning")
        ),
        (13, 35)
    );
    assert_eq!(
        st(&f[0], "rule_id"),
        "python.lang.correctness.tempfile.flush.tempfile-without-flush"
    );
    assert_eq!(
        (st(&f[0], "file"), f[0].get("line"), st(&f[0], "severity")),
        ("tasks.py", &Value::Int(186), "high")
    );
    assert_eq!(st(&f[0], "tool"), "semgrep");
}

#[test]
fn bandit_one_finding_and_none() {
    let doc = load_real("sast/bandit.one-finding.json", "bandit");
    let f = &list(&doc, "findings")[0];
    assert_eq!(
        (st(f, "rule_id"), st(f, "rule_name")),
        ("B101", "assert_used")
    );
    assert_eq!(
        (st(f, "severity"), st(f, "level"), st(f, "confidence")),
        ("low", "note", "high")
    );
    assert_eq!(
        (st(f, "file"), f.get("line")),
        ("one/one.py", &Value::Int(2))
    );
    let none = load_real("sast/bandit.no-findings.json", "bandit");
    assert_eq!(list(&none, "findings").len(), 0);
}

#[test]
fn checkov_failed_checks() {
    let doc = load_real("sast/checkov.terraform.with-severity.json", "checkov");
    let f = list(&doc, "findings");
    assert_eq!(f.len(), 4);
    let high = filter(f, "severity", &sv("high"));
    assert_eq!(high.len(), 1);
    assert_eq!(st(high[0], "rule_id"), "CKV_GCP_28");
    assert_eq!(
        st(high[0], "resource"),
        "google_storage_bucket_iam_binding.allow_public_read"
    );
    assert_eq!(
        (st(high[0], "file"), high[0].get("line")),
        ("/gcs.tf", &Value::Int(17))
    );
    assert_eq!(
        (st(high[0], "category"), st(high[0], "framework")),
        ("iac", "terraform")
    );
}

#[test]
fn checkov_skipped_checks_are_suppressed_and_missing_severity_is_unknown() {
    let text = br#"[{"check_type":"kubernetes","results":{"failed_checks":[{"check_id":"CKV_K8S_1","severity":null,"file_path":"/a.yaml","file_line_range":[3,9]}],
        "skipped_checks":[{"check_id":"CKV_K8S_2","file_path":"/a.yaml"}]}}]"#;
    let doc = load(&Kind::Checkov, "c.json", text).unwrap();
    let f = list(&doc, "findings");
    assert_eq!(
        (st(&f[0], "severity"), st(&f[0], "level")),
        ("unknown", "error")
    );
    assert_eq!(
        (f[0].get("suppressed"), f[1].get("suppressed")),
        (&Value::Bool(false), &Value::Bool(true))
    );
}

#[test]
fn hadolint_levels() {
    let doc = load_real("sast/hadolint.many-findings.json", "hadolint");
    let f = list(&doc, "findings");
    assert_eq!(f.len(), 12);
    assert_eq!(
        (
            count_by(f, "level", "warning"),
            count_by(f, "level", "note")
        ),
        (9, 3)
    );
    assert_eq!(
        (st(&f[0], "rule_id"), f[0].get("line")),
        ("DL3008", &Value::Int(9))
    );
    assert_eq!(st(&f[0], "file"), "django-DefectDojo\\Dockerfile.django");
}

#[test]
fn eslint_messages_and_suppressed_messages() {
    let doc = load_real("sast/eslint.juice-shop.json", "eslint");
    let f = list(&doc, "findings");
    assert_eq!(f.len(), 2);
    assert_eq!(st(&f[0], "rule_id"), "security/detect-object-injection");
    assert_eq!(
        (st(&f[0], "level"), st(&f[1], "level")),
        ("error", "warning")
    );
    assert_eq!(
        st(&f[0], "file"),
        "/Users/omerlh/dev/juice-shop/routes/basketItems.js"
    );
    let text = br#"[{"filePath":"a.js","messages":[],"suppressedMessages":[{"ruleId":"no-eval","severity":2,"line":1,"suppressions":[{"kind":"directive"}]}]}]"#;
    let doc = load(&Kind::Eslint, "e.json", text).unwrap();
    assert!(list(&doc, "findings")[0].get("suppressed").is_true());
}

#[test]
fn sonarqube_issues_search_and_bare_list() {
    let doc = load_real("sast/sonarqube.api-issues-search.json", "sonar-issues");
    let f = list(&doc, "findings");
    assert_eq!(f.len(), 5);
    assert_eq!(
        st(&f[0], "rule_id"),
        "OWASP:UsingComponentWithKnownVulnerability"
    );
    assert_eq!(
        (st(&f[0], "type"), st(&f[0], "severity")),
        ("VULNERABILITY", "medium")
    );
    let bare = load_real("sast/sonarqube.api-issues.json", "sonar-issues");
    let f = list(&bare, "findings");
    assert_eq!(f.len(), 3);
    // RESOLVED as FALSE-POSITIVE does not count as open.
    let open: Vec<bool> = f.iter().map(|x| !x.get("suppressed").is_true()).collect();
    assert_eq!(open, [true, false, true]);
    assert_eq!(st(&f[1], "resolution"), "false-positive");
    // SonarQube CRITICAL is high; the component's project key prefix is dropped.
    assert_eq!(st(&f[2], "severity"), "high");
    assert_eq!(
        st(&f[2], "file"),
        "src/main/javascript/ui/PrimaryAccordionComponent.scss"
    );
    assert_eq!(f[2].get("line"), &Value::Int(1));
}

#[test]
fn sast_reports_of_the_wrong_shape() {
    let cases: &[(Kind, &[u8], &str)] = &[
        (
            Kind::Semgrep,
            b"{\"results\":[[]]}",
            "`results[0]` is a list",
        ),
        (Kind::Bandit, b"\"x\"", "the document is a string"),
        (
            Kind::Checkov,
            b"{\"results\":{\"failed_checks\":3}}",
            "`failed_checks` is an int",
        ),
        (Kind::Hadolint, b"{}", "`(report)` is an object"),
        (Kind::Eslint, b"[true]", "`(report)[0]` is a bool"),
        (Kind::SonarIssues, b"{\"paging\":{}}", "no `issues` list"),
    ];
    for (kind, text, want) in cases {
        let err = load(kind, "r.json", text).unwrap_err().to_string();
        assert!(err.contains(want), "{err} should contain {want}");
    }
}
