//! Detection of every real fixture's format, the errors for unknown and
//! broken files, and the SOURCES.md bookkeeping of the copied fixtures.

#[path = "adapters_support.rs"]
mod support;

use phasegate_stdlib::adapters::{detect, Kind};
use support::*;

const EXPECTED: &[(&str, &str)] = &[
    ("config/dependabot.scorecard-action.yml", "dependabot"),
    ("config/dependabot.scorecard.yml", "dependabot"),
    (
        "config/github-workflow.codeql.scorecard-action.yml",
        "github-workflow",
    ),
    (
        "config/github-workflow.codeql.scorecard.yml",
        "github-workflow",
    ),
    (
        "config/github-workflow.deploy-ecs.starter-template.yml",
        "github-workflow",
    ),
    (
        "config/github-workflow.release-slsa.scorecard.yaml",
        "github-workflow",
    ),
    (
        "config/github-workflow.scorecards.scorecard-action.yml",
        "github-workflow",
    ),
    (
        "config/github-workflow.sonarcloud.starter-template.yml",
        "github-workflow",
    ),
    ("config/k8s.deployment.nginx.k8s-website.yaml", "kubernetes"),
    ("config/k8s.deployment.vllm.yaml", "kubernetes"),
    ("config/k8s.guestbook-all-in-one.yaml", "kubernetes"),
    ("config/renovate.opentelemetry-collector.json", "renovate"),
    (
        "config/scorecard.result.scorecard-OIDC-test.json",
        "scorecard",
    ),
    (
        "config/sonarqube.qualitygate.project_status.error-coverage.wiremock-recording.json",
        "sonar-quality-gate",
    ),
    (
        "config/sonarqube.qualitygate.project_status.error.json",
        "sonar-quality-gate",
    ),
    (
        "config/sonarqube.qualitygate.project_status.ok.wiremock-recording.json",
        "sonar-quality-gate",
    ),
    ("config/trivy.misconfig.dockerfile.json", "trivy"),
    ("dast/nuclei.log4shell-critical.jsonl", "nuclei"),
    ("dast/nuclei.medium-low.jsonl", "nuclei"),
    ("dast/zap-2.12.0.medium-and-info.json", "zap"),
    ("dast/zap-2.14.0.baseline.low-and-info-only.json", "zap"),
    ("github-events/check_run.completed.json", "github.check_run"),
    (
        "github-events/code_scanning_alert.created.json",
        "github.code_scanning_alert",
    ),
    (
        "github-events/dependabot_alert.created.json",
        "github.dependabot_alert",
    ),
    ("github-events/deployment.created.json", "github.deployment"),
    (
        "github-events/deployment_status.success.json",
        "github.deployment_status",
    ),
    (
        "github-events/graphql.pr-checks.all-passing.json",
        "github.graphql-pr",
    ),
    (
        "github-events/graphql.pr-checks.some-failing.json",
        "github.graphql-pr",
    ),
    (
        "github-events/graphql.pr-reviews.approved-changes_requested.json",
        "github.graphql-pr",
    ),
    (
        "github-events/pull_request.closed.json",
        "github.pull_request",
    ),
    (
        "github-events/pull_request.opened.json",
        "github.pull_request",
    ),
    (
        "github-events/pull_request_review.submitted.approved.2024-shape.json",
        "github.pull_request_review",
    ),
    (
        "github-events/pull_request_review.submitted.approved.json",
        "github.pull_request_review",
    ),
    (
        "github-events/pull_request_review.submitted.changes_requested.json",
        "github.pull_request_review",
    ),
    (
        "github-events/pull_request_review.submitted.commented.json",
        "github.pull_request_review",
    ),
    (
        "github-events/push.main.real-scorecard-action-test.json",
        "github.push",
    ),
    ("github-events/push.new-branch.json", "github.push"),
    ("github-events/push.tag-deleted.json", "github.push"),
    ("github-events/release.published.json", "github.release"),
    (
        "github-events/secret_scanning_alert.reopened.json",
        "github.secret_scanning_alert",
    ),
    (
        "github-events/workflow_job.completed.failure.json",
        "github.workflow_job",
    ),
    (
        "github-events/workflow_run.completed.json",
        "github.workflow_run",
    ),
    ("sarif/codeql-2.11.0.python.sarif", "sarif"),
    ("sarif/codescanner.with-suppressions.sarif", "sarif"),
    ("sarif/dockle-0.3.15.image.sarif", "sarif"),
    ("sarif/gitleaks-7.x.8-results.sarif", "sarif"),
    ("sarif/gitleaks.simple.sarif", "sarif"),
    ("sarif/shiftleft-scan.python-taint.sarif", "sarif"),
    ("sarif/trivy.alpine-310.image.sarif", "sarif"),
    ("sast/bandit.no-findings.json", "bandit"),
    ("sast/bandit.one-finding.json", "bandit"),
    ("sast/checkov.terraform.with-severity.json", "checkov"),
    ("sast/eslint.juice-shop.json", "eslint"),
    ("sast/hadolint.many-findings.json", "hadolint"),
    ("sast/semgrep.native.many-findings.json", "semgrep"),
    ("sast/sonarqube.api-issues-search.json", "sonar-issues"),
    ("sast/sonarqube.api-issues.json", "sonar-issues"),
    ("sbom/cyclonedx-1.2.cern-vdm-editor.json", "cyclonedx"),
    ("sbom/spdx-2.3.spec-example.json", "spdx"),
    ("sbom/trivy.conda.spdx-2.3.json", "spdx"),
    (
        "sbom/trivy.maven-pom.cyclonedx-1.5.with-vulns.json",
        "cyclonedx",
    ),
    ("sbom/trivy.npm.cyclonedx-1.6.json", "cyclonedx"),
    ("secrets/gitleaks-8.report.many.json", "gitleaks"),
    ("secrets/gitleaks.report.empty.json", "gitleaks"),
    (
        "secrets/gitleaks.report.redacted-2-findings.json",
        "gitleaks",
    ),
    ("secrets/gitleaks.report.simple.json", "gitleaks"),
    ("secrets/trivy.secrets.json", "trivy-secrets"),
    ("secrets/trufflehog-v3.git.verified.jsonl", "trufflehog"),
    ("secrets/trufflehog-v3.github.verified.jsonl", "trufflehog"),
    ("vulns/cyclonedx-1.4.vex.cisa-case2.json", "vex"),
    ("vulns/grype.fix-available.json", "grype"),
    ("vulns/npm-audit-v2.many.json", "npm-audit"),
    ("vulns/npm-audit-v2.none.json", "npm-audit"),
    ("vulns/osv-scanner.some-findings.json", "osv"),
    ("vulns/pip-audit.many.json", "pip-audit"),
    ("vulns/trivy.alpine-310.image.json", "trivy"),
    ("vulns/trivy.npm-lockfile.json", "trivy"),
];

#[test]
fn every_real_fixture_is_detected_and_loads() {
    for (file, kind) in EXPECTED {
        load_real(file, kind);
    }
}

#[test]
fn detection_does_not_depend_on_the_file_name_when_the_content_is_clear() {
    for (file, kind) in EXPECTED {
        if file.ends_with(".yml")
            || file.ends_with(".yaml")
            || file.contains("empty")
            || file.contains("renovate")
        {
            continue;
        }
        let got = detect("evidence.json", &real(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(got.as_str(), *kind, "{file}");
    }
}

#[test]
fn unknown_formats_say_what_they_looked_like() {
    let err = detect(
        "config/security-insights.scorecard.yml",
        &real("config/security-insights.scorecard.yml"),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "config/security-insights.scorecard.yml: unknown evidence format (YAML with keys header, project, repository); \
         name its kind explicitly, e.g. sarif=config/security-insights.scorecard.yml"
    );
    let err = detect("r.xml", &real("secrets/gitleaks.report.junit.xml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("(text that is neither JSON nor YAML)"),
        "{err}"
    );
    let err = detect("x.json", br#"{"a":1,"b":2,"c":3}"#)
        .unwrap_err()
        .to_string();
    assert_eq!(err, "x.json: unknown evidence format (JSON with keys a, b, c); name its kind explicitly, e.g. sarif=x.json");
    let err = detect("x.json", b"[]").unwrap_err().to_string();
    assert!(err.contains("(an empty JSON list)"), "{err}");
    let err = detect("x.json", b"[{\"q\":1}]").unwrap_err().to_string();
    assert!(
        err.contains("a list of 1 item, the first with keys q"),
        "{err}"
    );
}

#[test]
fn a_webhook_payload_of_an_unsupported_event_asks_for_its_kind() {
    let text = br#"{"action":"created","issue":{"number":1},"comment":{"id":2},"repository":{},"sender":{}}"#;
    let err = detect("hook.json", text).unwrap_err().to_string();
    assert!(
        err.contains(
            "a GitHub webhook payload with keys action, issue, comment, repository, sender"
        ),
        "{err}"
    );
    assert!(err.ends_with("e.g. github.pull_request=hook.json"), "{err}");
}

#[test]
fn broken_json_names_the_file_and_position() {
    let err = detect("reports/x.json", b"{\n  \"runs\": [\n    oops\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("reports/x.json: not valid JSON at line 3 column 5: expected value"),
        "{err}"
    );
    let err = detect(
        "t.jsonl",
        b"{\"SourceMetadata\":{},\"DetectorName\":\"x\"}\n{\"a\":\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("t.jsonl: not valid JSON at line 2"),
        "{err}"
    );
}

#[test]
fn kind_names_round_trip_and_typos_get_a_suggestion() {
    for name in Kind::names() {
        assert_eq!(Kind::parse(name).unwrap().as_str(), name);
    }
    assert_eq!(
        Kind::parse("github.pull_request").unwrap(),
        Kind::GithubEvent("pull_request".into())
    );
    let err = Kind::parse("github.pull_reqest").unwrap_err().to_string();
    assert!(err.starts_with("unknown evidence kind `github.pull_reqest` (did you mean `github.pull_request`?); known kinds: sarif, "), "{err}");
    let err = Kind::parse("cyclone").unwrap_err().to_string();
    assert!(err.contains("did you mean `cyclonedx`?"), "{err}");
}

#[test]
fn every_copied_fixture_has_a_sources_row() {
    let sources = std::fs::read_to_string(real_dir().join("SOURCES.md")).expect("SOURCES.md");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(real_dir()).expect("fixtures dir") {
        let dir = dir.expect("entry").path();
        if dir.is_dir() {
            for f in std::fs::read_dir(&dir).expect("subdir") {
                let f = f.expect("entry").path();
                let rel = f
                    .strip_prefix(real_dir())
                    .expect("prefix")
                    .display()
                    .to_string();
                files.push(rel);
            }
        }
    }
    assert!(files.len() > 60, "{} fixtures", files.len());
    for rel in &files {
        assert!(
            sources.contains(&format!("| `{rel}` |")),
            "{rel} has no row in SOURCES.md"
        );
    }
    // And no row for a file that is not here.
    for line in sources.lines().filter(|l| l.starts_with("| `")) {
        let rel = line.split('`').nth(1).unwrap_or("");
        assert!(
            files.iter().any(|f| f == rel),
            "SOURCES.md row for missing {rel}"
        );
    }
}
