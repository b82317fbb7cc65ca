//! Vulnerability reports → vulnerabilities: Trivy, Grype, OSV-Scanner,
//! npm audit v2, pip-audit.

#[path = "adapters_support.rs"]
mod support;

use phasegate_lang::Value;
use phasegate_stdlib::adapters::{load, Kind};
use support::*;

#[test]
fn trivy_image_report() {
    let doc = load_real("vulns/trivy.alpine-310.image.json", "trivy");
    let vulns = list(&doc, "vulnerabilities");
    assert_eq!(vulns.len(), 4);
    let v = &vulns[1];
    assert_eq!(st(v, "id"), "CVE-2019-1551");
    assert_eq!(
        (st(v, "package"), st(v, "installed_version")),
        ("libcrypto1.1", "1.1.1c-r0")
    );
    assert_eq!(
        (st(v, "fixed_version"), v.get("fix_available")),
        ("1.1.1d-r2", &Value::Bool(true))
    );
    assert_eq!(st(v, "severity"), "medium");
    assert_eq!(
        st(v, "purl"),
        "pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2"
    );
    assert_eq!(
        st(v.get("location"), "uri"),
        "testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2)"
    );
    assert_eq!(st(v, "tool"), "trivy");
    // An image scan is not a secret scan.
    assert!(doc.get("secrets").is_null());
}

#[test]
fn trivy_lockfile_report_has_a_cvss_score() {
    let doc = load_real("vulns/trivy.npm-lockfile.json", "trivy");
    let v = &list(&doc, "vulnerabilities")[0];
    assert_eq!(
        (st(v, "id"), st(v, "package"), st(v, "fixed_version")),
        ("CVE-2019-11358", "jquery", "3.4.0")
    );
    assert_eq!(v.get("score"), &Value::Float(6.1));
}

#[test]
fn trivy_misconfigurations_are_iac_findings() {
    let doc = load_real("config/trivy.misconfig.dockerfile.json", "trivy");
    let f = &list(&doc, "findings")[0];
    assert_eq!(
        (st(f, "rule_id"), st(f, "severity"), st(f, "level")),
        ("DS-0002", "high", "error")
    );
    assert_eq!((st(f, "category"), st(f, "file")), ("iac", "Dockerfile"));
    assert!(doc.get("vulnerabilities").is_null());
}

#[test]
fn grype_fix_available() {
    let doc = load_real("vulns/grype.fix-available.json", "grype");
    let vulns = list(&doc, "vulnerabilities");
    assert_eq!(vulns.len(), 1);
    let v = &vulns[0];
    assert_eq!((st(v, "id"), st(v, "severity")), ("CVE-2009-3882", "high"));
    assert_eq!(st(v, "package"), "java");
    assert_eq!(
        (st(v, "fixed_version"), v.get("fix_available")),
        ("1.2.3", &Value::Bool(true))
    );
    assert_eq!(v.get("score"), &Value::Float(7.5));
    assert_eq!(st(v.get("location"), "uri"), "/opt/java/openjdk/bin/java");
}

#[test]
fn osv_scanner_malicious_package() {
    let doc = load_real("vulns/osv-scanner.some-findings.json", "osv");
    let vulns = list(&doc, "vulnerabilities");
    assert_eq!(vulns.len(), 1);
    let v = &vulns[0];
    assert_eq!(
        (st(v, "id"), st(v, "package"), st(v, "installed_version")),
        ("MAL-2023-1035", "flot-axis", "0.0.0")
    );
    assert_eq!(
        v.get("aliases"),
        &Value::array(vec![sv("GHSA-8348-2q94-ffjx")])
    );
    // Malware has no fix and the report gives no severity.
    assert_eq!(
        (v.get("fix_available"), st(v, "severity")),
        (&Value::Bool(false), "unknown")
    );
    assert_eq!(st(v.get("location"), "uri"), "/tmp/components/yarn.lock");
}

#[test]
fn npm_audit_v2_one_item_per_vulnerable_package() {
    let doc = load_real("vulns/npm-audit-v2.many.json", "npm-audit");
    let vulns = list(&doc, "vulnerabilities");
    assert_eq!(vulns.len(), 6);
    let debug = filter(vulns, "package", &sv("debug"))[0];
    assert_eq!(
        (st(debug, "id"), st(debug, "severity")),
        ("GHSA-gxpj-cx7g-858c", "medium")
    );
    // The fix is an upgrade of another package (vercel): available, but no fixed version of debug.
    assert_eq!(
        (debug.get("fix_available"), debug.get("fixed_version")),
        (&Value::Bool(true), &Value::Null)
    );
    let vercel = filter(vulns, "package", &sv("vercel"))[0];
    assert!(vercel.get("id").is_null());
    assert_eq!(
        vercel.get("via"),
        &Value::array(vec![sv("@vercel/fun"), sv("@vercel/node")])
    );
    assert_eq!(
        (st(vercel, "fixed_version"), vercel.get("direct")),
        ("32.3.0", &Value::Bool(true))
    );
    let none = load_real("vulns/npm-audit-v2.none.json", "npm-audit");
    assert_eq!(list(&none, "vulnerabilities").len(), 0);
}

#[test]
fn pip_audit_picks_the_nearest_fix() {
    let doc = load_real("vulns/pip-audit.many.json", "pip-audit");
    let vulns = list(&doc, "vulnerabilities");
    assert_eq!(vulns.len(), 7);
    let django = filter(vulns, "package", &sv("django"))[0];
    assert_eq!(
        (st(django, "id"), st(django, "installed_version")),
        ("PYSEC-2021-439", "3.2.9")
    );
    // Fixes 2.2.25, 3.1.14 and 3.2.10: the one above the installed 3.2.9.
    assert_eq!(st(django, "fixed_version"), "3.2.10");
    let lxml = filter(vulns, "package", &sv("lxml"))[0];
    assert_eq!(
        (lxml.get("fix_available"), lxml.get("fixed_version")),
        (&Value::Bool(false), &Value::Null)
    );
}

#[test]
fn vulnerability_reports_of_the_wrong_shape() {
    let cases: &[(Kind, &[u8], &str)] = &[
        (
            Kind::Trivy,
            b"[]",
            "not a valid Trivy JSON report document: the document is a list",
        ),
        (Kind::Grype, b"{\"matches\":[null]}", "`matches[0]` is null"),
        (Kind::Osv, b"{\"results\":\"x\"}", "`results` is a string"),
        (
            Kind::NpmAudit,
            b"{\"vulnerabilities\":[]}",
            "`vulnerabilities` is a list, expected an object",
        ),
        (
            Kind::PipAudit,
            b"{\"dependencies\":{}}",
            "`dependencies` is an object",
        ),
    ];
    for (kind, text, want) in cases {
        let err = load(kind, "v.json", text).unwrap_err().to_string();
        assert!(err.contains(want), "{err} should contain {want}");
    }
}
