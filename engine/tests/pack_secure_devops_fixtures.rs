//! The `secure-devops` pack on real evidence: the example bundle of the
//! README, and scanner reports from `tests/fixtures/real/`.

mod pack_support;

use pack_support::*;
use phasegate_engine::{Status, Value};
use phasegate_stdlib::adapters::load_dir;

#[test]
fn the_example_bundle_gives_the_documented_report() {
    let input = load_dir(&root().join("examples/evidence")).unwrap_or_else(|e| panic!("{e}"));
    let d = decide(&input, &[]);
    let statuses: Vec<(&str, Status)> = d.results.iter().map(|r| (&*r.id, r.status)).collect();
    use Status::*;
    assert_eq!(
        statuses,
        [
            ("plan.security-threat-model", Skip),
            ("code.security-checklist", Fail),
            ("build.peer-review", Pass),
            ("build.checks-passed", Fail),
            ("build.quality-gate", Skip),
            ("build.codeql-enabled", Pass),
            ("build.actions-pinned", Fail),
            ("build.sast-clean", Fail),
            ("build.secret-scan-clean", Fail),
            ("test.dast-clean", Skip),
            ("release.automated", Fail),
            ("release.notes-present", Fail),
            ("release.signed", Skip),
            ("deploy.approved", Skip),
            ("deploy.container-hardening", Fail),
            ("operate.scorecard", Fail),
            ("monitor.dependency-updates", Pass),
            ("monitor.sca-clean", Pass),
            ("monitor.alert-sla", Skip),
        ]
    );
    assert_eq!(
        outcome(&d, "build.sast-clean").1,
        ["CodeQL py/code-injection (critical) at main.py:21"]
    );
    assert_eq!(
        outcome(&d, "deploy.approved").1,
        ["no evidence of approvals of deployment 145988746 to production (no deployment review history)"]
    );
    insta::assert_snapshot!(serde_json::to_string_pretty(&d).unwrap_or_default());
}

#[test]
fn sast_reports() {
    let d = decide(&bundle(&["sarif/codeql-2.11.0.python.sarif"], &[]), &[]);
    assert_eq!(
        outcome(&d, "build.sast-clean"),
        (
            Status::Fail,
            msgs(&["CodeQL py/code-injection (critical) at main.py:21"])
        )
    );
    // Results with accepted suppressions do not count; a finding without a location says so.
    let d = decide(
        &bundle(&["sarif/codescanner.with-suppressions.sarif"], &[]),
        &[],
    );
    assert_eq!(outcome(&d, "build.sast-clean").0, Status::Pass);
    let d = decide(&bundle(&["sarif/dockle-0.3.15.image.sarif"], &[]), &[]);
    assert_eq!(
        outcome(&d, "build.sast-clean"),
        (Status::Fail, msgs(&["Dockle CIS-DI-0010 (high)"]))
    );
    let d = decide(
        &bundle(&["sast/bandit.one-finding.json"], &[]),
        &[("fail_at", Value::str("low"))],
    );
    let (status, m) = outcome(&d, "build.sast-clean");
    assert_eq!(status, Status::Fail);
    assert!(m[0].starts_with("bandit "), "{m:?}");
    // IaC findings count only when asked for.
    let trivy = bundle(&["config/trivy.misconfig.dockerfile.json"], &[]);
    assert_eq!(
        outcome(&decide(&trivy, &[]), "build.sast-clean").0,
        Status::Skip
    );
    let d = decide(
        &trivy,
        &[
            ("categories", json(r#"["iac"]"#)),
            ("sast_reports", json(r#"["trivy"]"#)),
            ("fail_at", Value::str("low")),
        ],
    );
    assert_eq!(outcome(&d, "build.sast-clean").0, Status::Fail);
}

#[test]
fn secret_scans() {
    let d = decide(
        &bundle(&["secrets/gitleaks.report.redacted-2-findings.json"], &[]),
        &[],
    );
    assert_eq!(
        outcome(&d, "build.secret-scan-clean"),
        (
            Status::Fail,
            msgs(&[
                "gitleaks found pypi-upload-token (PyPI upload token) at detect/detect_test.go:32, commit 9326f35380636bcbe61e94b0584d1618c4b5c2c2",
                "gitleaks found pypi-upload-token (PyPI upload token) at detect/detect_test.go:33, commit 9326f35380636bcbe61e94b0584d1618c4b5c2c2",
            ])
        )
    );
    let ignored = json(
        r#"["9326f35380636bcbe61e94b0584d1618c4b5c2c2:detect/detect_test.go:pypi-upload-token:32"]"#,
    );
    let d = decide(
        &bundle(&["secrets/gitleaks.report.redacted-2-findings.json"], &[]),
        &[("ignored_fingerprints", ignored)],
    );
    assert_eq!(outcome(&d, "build.secret-scan-clean").1.len(), 1);
    let d = decide(
        &bundle(&["secrets/gitleaks.report.redacted-2-findings.json"], &[]),
        &[("ignored_paths", json(r#"["detect/"]"#))],
    );
    assert_eq!(outcome(&d, "build.secret-scan-clean").0, Status::Pass);
    let d = decide(&bundle(&["secrets/gitleaks.report.empty.json"], &[]), &[]);
    assert_eq!(outcome(&d, "build.secret-scan-clean").0, Status::Pass);
    let d = decide(
        &bundle(&["secrets/trufflehog-v3.git.verified.jsonl"], &[]),
        &[],
    );
    let (status, m) = outcome(&d, "build.secret-scan-clean");
    assert_eq!(status, Status::Fail);
    assert_eq!(
        m[0],
        "trufflehog found AWS (secret) at keys:4, commit fbc14303ffbf8fb1c2c1914e8dda7d0121633aca"
    );
    let d = decide(
        &bundle(&["github-events/secret_scanning_alert.reopened.json"], &[]),
        &[],
    );
    assert_eq!(
        outcome(&d, "build.secret-scan-clean"),
        (
            Status::Fail,
            msgs(&["open secret scanning alert #191 (adafruit_io_key)"])
        )
    );
}

#[test]
fn vulnerabilities_respect_fixes_thresholds_and_vex() {
    let sbom = "sbom/trivy.maven-pom.cyclonedx-1.5.with-vulns.json";
    // Neither vulnerability of the SBOM has a known fix.
    assert_eq!(
        outcome(&decide(&bundle(&[sbom], &[]), &[]), "monitor.sca-clean").0,
        Status::Pass
    );
    let all = [("only_fixable", Value::Bool(false))];
    assert_eq!(
        outcome(&decide(&bundle(&[sbom], &[]), &all), "monitor.sca-clean"),
        (
            Status::Fail,
            msgs(&[
                "CVE-2020-9548 (critical) in jackson-databind 2.9.1: no fix known",
                "CVE-2021-20190 (high) in jackson-databind 2.9.1: no fix known",
            ])
        )
    );
    // A VEX statement that the product is not affected suppresses its vulnerability.
    let vex = r#"{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
      "vulnerabilities": [{"id": "CVE-2020-9548",
        "analysis": {"state": "not_affected", "justification": "code_not_reachable"},
        "affects": [{"ref": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1"}]}]}"#;
    assert_eq!(
        outcome(
            &decide(&bundle(&[sbom], &[("vex.json", vex)]), &all),
            "monitor.sca-clean"
        )
        .1,
        ["CVE-2021-20190 (high) in jackson-databind 2.9.1: no fix known"]
    );
    // The CISA VEX example is about other vulnerabilities: it changes nothing.
    let with_cisa = bundle(&[sbom, "vulns/cyclonedx-1.4.vex.cisa-case2.json"], &[]);
    assert_eq!(
        outcome(&decide(&with_cisa, &all), "monitor.sca-clean")
            .1
            .len(),
        2
    );
    let d = decide(&bundle(&["vulns/grype.fix-available.json"], &[]), &[]);
    let (status, m) = outcome(&d, "monitor.sca-clean");
    assert_eq!(status, Status::Fail);
    assert!(
        m[0].starts_with("CVE-2009-3882 (high) in java ") && m[0].ends_with(": fixed in 1.2.3"),
        "{m:?}"
    );
    let d = decide(
        &bundle(&["vulns/trivy.npm-lockfile.json"], &[]),
        &[("monitor.sca-clean.fail_at", Value::str("medium"))],
    );
    assert_eq!(
        outcome(&d, "monitor.sca-clean").1,
        ["CVE-2019-11358 (medium) in jquery 3.3.9: fixed in 3.4.0"]
    );
    assert_eq!(
        outcome(
            &decide(&bundle(&["vulns/npm-audit-v2.none.json"], &[]), &[]),
            "monitor.sca-clean"
        )
        .0,
        Status::Pass
    );
    assert_eq!(
        outcome(
            &decide(
                &bundle(&["sbom/cyclonedx-1.2.cern-vdm-editor.json"], &[]),
                &[]
            ),
            "monitor.sca-clean"
        )
        .0,
        Status::Skip
    );
}

#[test]
fn kubernetes_manifests() {
    let d = decide(
        &bundle(&["config/k8s.deployment.nginx.k8s-website.yaml"], &[]),
        &[],
    );
    assert_eq!(
        outcome(&d, "deploy.container-hardening"),
        (
            Status::Fail,
            msgs(&[
                "Deployment/nginx-deployment container nginx may run as root (set runAsNonRoot: true or a non-zero runAsUser)",
                "Deployment/nginx-deployment container nginx has a writable root filesystem (set readOnlyRootFilesystem: true)",
                "Deployment/nginx-deployment container nginx has no cpu/memory limit",
            ])
        )
    );
    let d = decide(
        &bundle(&["config/k8s.deployment.vllm.yaml"], &[]),
        &[
            ("require_digest", Value::Bool(true)),
            ("allowed_registries", json(r#"["ghcr.io/acme/"]"#)),
        ],
    );
    let (status, m) = outcome(&d, "deploy.container-hardening");
    assert_eq!(status, Status::Fail);
    assert!(
        m.iter().any(|x| x.ends_with("not pinned by digest")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|x| x.ends_with("not from an allowed registry (ghcr.io/acme/)")),
        "{m:?}"
    );
}

#[test]
fn dynamic_scans() {
    let zap = bundle(&["dast/zap-2.12.0.medium-and-info.json"], &[]);
    assert_eq!(
        outcome(&decide(&zap, &[]), "test.dast-clean").0,
        Status::Pass
    );
    let d = decide(&zap, &[("test.dast-clean.fail_at", Value::str("medium"))]);
    assert_eq!(
        outcome(&d, "test.dast-clean"),
        (Status::Fail, msgs(&["zap alert Cross-Domain Misconfiguration (medium) at https://example-backend.example.com/django-static/admin/css/base.css"]))
    );
    let d = decide(&bundle(&["dast/nuclei.log4shell-critical.jsonl"], &[]), &[]);
    let (status, m) = outcome(&d, "test.dast-clean");
    assert_eq!(status, Status::Fail);
    assert!(
        m[0].starts_with("nuclei alert ") && m[0].contains("(critical)"),
        "{m:?}"
    );
}
