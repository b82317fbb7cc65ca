//! The `secure-devops` pack on real evidence: the example bundle of the
//! README and bundles built from the third-party files of `tests/fixtures/real/`.

use phasegate_engine::{Decision, EvalContext, PolicySet, Status, Value};
use phasegate_stdlib::adapters::{load_bundle, load_dir};
use std::path::PathBuf;

const NOW: &str = "2026-11-23T00:00:00Z";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One evidence bundle of real fixtures (`sarif/x.sarif` …), plus extra
/// `(name, text)` documents; kinds detected.
fn bundle(rels: &[&str], extra: &[(&str, &str)]) -> Value {
    let mut files: Vec<(String, Option<_>, Vec<u8>)> = rels
        .iter()
        .map(|r| {
            let p = root().join("tests/fixtures/real").join(r);
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (r.rsplit('/').next().unwrap_or(r).to_string(), None, bytes)
        })
        .collect();
    for (name, text) in extra {
        files.push((name.to_string(), None, text.as_bytes().to_vec()));
    }
    load_bundle(&files).unwrap_or_else(|e| panic!("{e}"))
}

/// Evaluate the pack with param overrides at [`NOW`].
fn decide(input: &Value, params: &[(&str, Value)]) -> Decision {
    let mut b = PolicySet::builder().pack("secure-devops");
    for (k, v) in params {
        b = b.param(*k, v.clone());
    }
    let set = b.build().unwrap_or_else(|e| panic!("{e}"));
    let ctx = EvalContext::from_value(
        serde_json::from_str(&format!("{{\"now\": \"{NOW}\"}}")).unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    set.evaluate(input, &ctx)
}

/// Status and messages of one rule.
fn outcome(d: &Decision, id: &str) -> (Status, Vec<String>) {
    let r = d.result(id).unwrap_or_else(|| panic!("no rule {id}"));
    (r.status, r.messages.clone())
}

fn msgs(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

#[test]
fn the_example_bundle_gives_the_documented_report() {
    let input = load_dir(&root().join("examples/evidence")).unwrap_or_else(|e| panic!("{e}"));
    let d = decide(&input, &[]);
    let statuses: Vec<(&str, Status)> = d
        .results
        .iter()
        .map(|r| (r.id.as_str(), r.status))
        .collect();
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
fn deployments_need_an_independent_approval() {
    let events = [
        "github-events/deployment.created.json",
        "github-events/deployment_status.success.json",
    ];
    let review = |user: &str, env: &str| {
        format!(
            r#"[{{"state": "approved", "comment": "", "environments": [{{"name": "{env}"}}], "user": {{"login": "{user}"}}}}]"#
        )
    };
    let ok = review("octocat", "production");
    let d = decide(&bundle(&events, &[("approvals.json", &ok)]), &[]);
    assert_eq!(outcome(&d, "deploy.approved").0, Status::Pass);
    let own = review("Codertocat", "production");
    let d = decide(&bundle(&events, &[("approvals.json", &own)]), &[]);
    assert_eq!(
        outcome(&d, "deploy.approved"),
        (Status::Fail, msgs(&["deployment 145988746 to production has 0 approval(s) from someone other than Codertocat, needs 1"]))
    );
    let staging = review("octocat", "staging");
    let d = decide(&bundle(&events, &[("approvals.json", &staging)]), &[]);
    assert_eq!(outcome(&d, "deploy.approved").0, Status::Fail);
    let d = decide(&bundle(&events, &[]), &[]);
    assert_eq!(outcome(&d, "deploy.approved").0, Status::Skip);
    let d = decide(
        &bundle(&events, &[]),
        &[("protected_environments", json(r#"["staging"]"#))],
    );
    // GitHub marks the environment as production: it stays protected.
    assert_eq!(outcome(&d, "deploy.approved").0, Status::Skip);
    assert!(outcome(&d, "deploy.approved").1[0].starts_with("no evidence of approvals"));
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

#[test]
fn quality_gates_scorecards_and_update_configs() {
    let d = decide(
        &bundle(
            &["config/sonarqube.qualitygate.project_status.error.json"],
            &[],
        ),
        &[],
    );
    assert_eq!(
        outcome(&d, "build.quality-gate"),
        (
            Status::Fail,
            msgs(&[
                "the SonarQube quality gate status is ERROR",
                "condition new_coverage failed: actual 82.50562381034781, error when LT 85",
                "condition new_blocker_violations failed: actual 14, error when GT 0",
                "condition new_critical_violations failed: actual 1, error when GT 0",
                "condition open_issues failed: actual 17, error when GT null",
            ])
        )
    );
    let ok = bundle(
        &["config/sonarqube.qualitygate.project_status.ok.wiremock-recording.json"],
        &[],
    );
    assert_eq!(
        outcome(&decide(&ok, &[]), "build.quality-gate").0,
        Status::Pass
    );
    let sc = bundle(&["config/scorecard.result.scorecard-OIDC-test.json"], &[]);
    let (status, m) = outcome(&decide(&sc, &[]), "operate.scorecard");
    assert_eq!(status, Status::Fail);
    assert_eq!(m, ["Scorecard score of github.com/ossf-tests/scorecard-action is 5.8, needs 7.0 (checks below it: Branch-Protection 0, CII-Best-Practices 0, Code-Review 0, Fuzzing 0, License 0, Security-Policy 0, Token-Permissions 0)"]);
    let d = decide(
        &sc,
        &[
            ("min_score", Value::Float(5.0)),
            (
                "min_check_scores",
                json(r#"{"SAST": 10, "Packaging": 10, "Code-Review": 5}"#),
            ),
        ],
    );
    assert_eq!(
        outcome(&d, "operate.scorecard"),
        (
            Status::Fail,
            msgs(&["Scorecard check Code-Review scored 0, needs 5"])
        )
    );
    let renovate = bundle(&["config/renovate.opentelemetry-collector.json"], &[]);
    assert_eq!(
        outcome(&decide(&renovate, &[]), "monitor.dependency-updates").0,
        Status::Pass
    );
    let dependabot = bundle(&["config/dependabot.scorecard.yml"], &[]);
    let d = decide(
        &dependabot,
        &[("required_ecosystems", json(r#"["github-actions", "npm"]"#))],
    );
    assert_eq!(
        outcome(&d, "monitor.dependency-updates"),
        (
            Status::Fail,
            msgs(&["no enabled dependency update configuration covers npm"])
        )
    );
}

#[test]
fn workflows() {
    let d = decide(
        &bundle(&["config/github-workflow.codeql.scorecard.yml"], &[]),
        &[],
    );
    assert_eq!(outcome(&d, "build.codeql-enabled").0, Status::Pass);
    assert_eq!(outcome(&d, "build.actions-pinned").0, Status::Pass);
    let d = decide(
        &bundle(
            &["config/github-workflow.scorecards.scorecard-action.yml"],
            &[],
        ),
        &[],
    );
    assert_eq!(
        outcome(&d, "build.actions-pinned"),
        (Status::Fail, msgs(&["github-workflow.scorecards.scorecard-action.yml: ossf/scorecard-action@main (job analysis) is not pinned to a full commit SHA"]))
    );
    assert_eq!(
        outcome(&d, "build.codeql-enabled"),
        (
            Status::Fail,
            msgs(&["no workflow uses github/codeql-action/analyze (1 workflow(s) checked)"])
        )
    );
}

#[test]
fn pull_requests_reviews_and_checks() {
    let d = decide(
        &bundle(
            &["github-events/pull_request_review.submitted.changes_requested.json"],
            &[],
        ),
        &[],
    );
    assert_eq!(
        outcome(&d, "build.peer-review"),
        (Status::Fail, msgs(&["PR #17 has 0 approval(s) from reviewers other than its author erwinmombay (latest review of each reviewer), needs 1"]))
    );
    let d = decide(
        &bundle(
            &["github-events/pull_request_review.submitted.approved.json"],
            &[],
        ),
        &[],
    );
    assert_eq!(outcome(&d, "build.peer-review").0, Status::Pass);
    // The webhook PR (#2) and the gh CLI's reviews of it: leah's approval is her latest review.
    let d = decide(
        &bundle(
            &[
                "github-events/pull_request.opened.json",
                "github-events/graphql.pr-reviews.approved-changes_requested.json",
            ],
            &[],
        ),
        &[("min_approvals", Value::Int(2))],
    );
    assert_eq!(
        outcome(&d, "build.peer-review"),
        (Status::Fail, msgs(&["PR #2 has 1 approval(s) from reviewers other than its author Codertocat (latest review of each reviewer), needs 2"]))
    );
    assert_eq!(
        outcome(&d, "code.security-checklist"),
        (Status::Fail, msgs(&["PR #2 has 0 security checklist item(s), needs 1: add the checklist (a task list under a heading containing \"security\")"]))
    );
    assert_eq!(
        outcome(&d, "plan.security-threat-model"),
        (Status::Skip, msgs(&["PR #2 is not labelled kind/security"]))
    );
    let d = decide(
        &bundle(&["github-events/pull_request.opened.json"], &[]),
        &[("security_labels", json(r#"["bug"]"#))],
    );
    assert_eq!(
        outcome(&d, "plan.security-threat-model"),
        (
            Status::Fail,
            msgs(&["PR #2 is security work but has no threat-model decision: add tm/yes or tm/no"])
        )
    );
    let d = decide(
        &bundle(&["github-events/graphql.pr-checks.some-failing.json"], &[]),
        &[],
    );
    assert_eq!(
        outcome(&d, "build.checks-passed"),
        (
            Status::Fail,
            msgs(&["check sad tests concluded failure (sweet link)"])
        )
    );
    let d = decide(
        &bundle(
            &[
                "github-events/graphql.pr-checks.all-passing.json",
                "github-events/workflow_run.completed.json",
            ],
            &[],
        ),
        &[],
    );
    assert_eq!(outcome(&d, "build.checks-passed").0, Status::Pass);
}

#[test]
fn releases_and_alerts() {
    let d = decide(&bundle(&["github-events/release.published.json"], &[]), &[]);
    assert_eq!(
        outcome(&d, "release.automated"),
        (
            Status::Fail,
            msgs(&["release 0.0.1 was published by Codertocat (User), not by the pipeline"])
        )
    );
    assert_eq!(
        outcome(&d, "release.automated"),
        outcome(
            &decide(
                &bundle(&["github-events/release.published.json"], &[]),
                &[("automation_accounts", json(r#"["someone-else"]"#))]
            ),
            "release.automated"
        )
    );
    let d2 = decide(
        &bundle(&["github-events/release.published.json"], &[]),
        &[("automation_accounts", json(r#"["Codertocat"]"#))],
    );
    assert_eq!(outcome(&d2, "release.automated").0, Status::Pass);
    assert_eq!(outcome(&d, "release.notes-present").0, Status::Fail);
    assert_eq!(
        outcome(&d, "release.signed"),
        (Status::Skip, msgs(&["release 0.0.1 has no assets to sign"]))
    );
    let alerts = bundle(
        &[
            "github-events/code_scanning_alert.created.json",
            "github-events/dependabot_alert.created.json",
        ],
        &[],
    );
    let d = decide(&alerts, &[]);
    assert_eq!(
        outcome(&d, "monitor.alert-sla"),
        (
            Status::Fail,
            msgs(&[
                "code_scanning alert #10 (high, java/sql-injection) has been open for 2110 days since 2021-02-11T03:10:43Z; the SLA for high is 30 days",
                "dependabot alert #20 (medium, GHSA-c2qf-rxjj-qqgw) has been open for 1247 days since 2023-06-24T13:57:12Z; the SLA for medium is 90 days",
            ])
        )
    );
    let d = decide(&alerts, &[("sla_days", json(r#"{"high": 3000}"#))]);
    assert_eq!(outcome(&d, "monitor.alert-sla").0, Status::Pass);
}
