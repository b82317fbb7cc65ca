//! Secret scans → secrets: gitleaks, trufflehog, Trivy.

#[path = "adapters_support.rs"]
mod support;

use phasegate_lang::Value;
use phasegate_stdlib::adapters::{load, Kind};
use support::*;

/// The secret values of the fixtures (public test values) must not be copied
/// into the normalised items.
fn assert_no_secret_values(items: &[Value], values: &[&str]) {
    for item in items {
        let text = item.to_string();
        for v in values {
            assert!(!text.contains(v), "normalised item leaks {v}: {text}");
        }
    }
}

#[test]
fn gitleaks_v8_report() {
    let doc = load_real("secrets/gitleaks-8.report.many.json", "gitleaks");
    let secrets = list(&doc, "secrets");
    assert_eq!(secrets.len(), 4);
    let rules: Vec<&str> = secrets.iter().map(|s| st(s, "rule_id")).collect();
    assert_eq!(
        rules,
        [
            "aws-access-token",
            "aws-access-token",
            "RSA-PK",
            "generic-api-key"
        ]
    );
    assert_eq!(st(&secrets[2], "file"), "conf/rsa.pk");
    assert_eq!(secrets[2].get("line"), &Value::Int(57));
    assert_eq!(st(secrets[2].get("location"), "uri"), "conf/rsa.pk");
    // An empty commit is absent, not "".
    assert!(secrets[2].get("commit").is_null());
    assert_eq!(st(&secrets[0], "tool"), "gitleaks");
    assert_eq!(st(&secrets[0], "severity"), "high");
    assert_no_secret_values(secrets, &["secretAWSsecret"]);
}

#[test]
fn gitleaks_redacted_simple_and_empty_reports() {
    let doc = load_real(
        "secrets/gitleaks.report.redacted-2-findings.json",
        "gitleaks",
    );
    let secrets = list(&doc, "secrets");
    assert_eq!(secrets.len(), 2);
    assert_eq!(st(&secrets[1], "rule_id"), "pypi-upload-token");
    assert_eq!(secrets[1].get("line"), &Value::Int(33));
    assert_eq!(
        st(&secrets[0], "fingerprint"),
        "9326f35380636bcbe61e94b0584d1618c4b5c2c2:detect/detect_test.go:pypi-upload-token:32"
    );
    let simple = load_real("secrets/gitleaks.report.simple.json", "gitleaks");
    assert_no_secret_values(
        list(&simple, "secrets"),
        &["a secret", "line containing secret"],
    );
    // `[]`: told apart from other empty reports only by the file name.
    let empty = load_real("secrets/gitleaks.report.empty.json", "gitleaks");
    assert_eq!(list(&empty, "secrets").len(), 0);
}

#[test]
fn trufflehog_json_lines_from_git_and_github() {
    for (file, repo) in [
        (
            "secrets/trufflehog-v3.git.verified.jsonl",
            "https://github.com/trufflesecurity/test_keys",
        ),
        (
            "secrets/trufflehog-v3.github.verified.jsonl",
            "https://github.com/trufflesecurity/test_keys.git",
        ),
    ] {
        let doc = load_real(file, "trufflehog");
        let secrets = list(&doc, "secrets");
        assert_eq!(secrets.len(), 4, "{file}");
        let detectors: Vec<&str> = secrets.iter().map(|s| st(s, "rule_id")).collect();
        assert_eq!(detectors, ["AWS", "URI", "PrivateKey", "URI"]);
        assert!(secrets.iter().all(|s| s.get("verified").is_true()));
        // Verified live credentials are critical.
        assert_eq!(st(&secrets[0], "severity"), "critical");
        assert_eq!(
            (st(&secrets[0], "file"), secrets[0].get("line")),
            ("keys", &Value::Int(4))
        );
        assert_eq!(st(&secrets[0], "repository"), repo);
        assert_eq!(
            st(&secrets[0], "commit"),
            "fbc14303ffbf8fb1c2c1914e8dda7d0121633aca"
        );
        assert_no_secret_values(secrets, &["QUtJQVlWUDRDSVBQRVJVVklGWEc="]);
        // The raw document keeps every line.
        assert_eq!(
            doc.get("raw").get(file).as_array().map(|a| a.len()),
            Some(4)
        );
    }
}

#[test]
fn a_single_trufflehog_line_is_one_secret() {
    let text = br#"{"SourceMetadata":{"Data":{"Filesystem":{"file":"a.env","line":2}}},"DetectorName":"Github","Verified":false}"#;
    let doc = load(&Kind::Trufflehog, "one.json", text).unwrap();
    let s = &list(&doc, "secrets")[0];
    assert_eq!(
        (st(s, "rule_id"), st(s, "file"), st(s, "severity")),
        ("Github", "a.env", "high")
    );
    assert_eq!(s.get("verified"), &Value::Bool(false));
}

#[test]
fn trivy_secret_scan() {
    let doc = load_real("secrets/trivy.secrets.json", "trivy-secrets");
    let secrets = list(&doc, "secrets");
    assert_eq!(secrets.len(), 2);
    assert_eq!(st(&secrets[0], "rule_id"), "aws-access-key-id");
    assert_eq!(st(&secrets[0], "severity"), "critical");
    assert_eq!(
        (st(&secrets[0], "file"), secrets[0].get("line")),
        ("deploy.sh", &Value::Int(3))
    );
    assert_eq!(
        (st(&secrets[1], "rule_id"), st(&secrets[1], "severity")),
        ("mysecret", "high")
    );
    // A secret scan says nothing about vulnerabilities.
    assert!(doc.get("vulnerabilities").is_null());
}

#[test]
fn secret_reports_of_the_wrong_shape() {
    let cases: &[(Kind, &[u8], &str)] = &[
        (
            Kind::Gitleaks,
            b"{\"a\":1}",
            "`(report)` is an object, expected a list",
        ),
        (Kind::Gitleaks, b"[1]", "`(report)[0]` is an int"),
        (
            Kind::Trufflehog,
            b"{\"a\":1}\n[2]\n",
            "`(lines)[1]` is a list",
        ),
        (Kind::Trufflehog, b"{\"a\":1}\n{\"b\":\n", "line 2"),
        (
            Kind::TrivySecrets,
            b"{\"Results\":7}",
            "`Results` is an int",
        ),
    ];
    for (kind, text, want) in cases {
        let err = load(kind, "s.json", text).unwrap_err().to_string();
        assert!(err.starts_with("s.json: "), "{err}");
        assert!(err.contains(want), "{err} should contain {want}");
    }
}
