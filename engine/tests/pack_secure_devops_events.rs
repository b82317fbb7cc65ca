//! The `secure-devops` pack on real evidence: webhook payloads, GitHub data
//! and configuration files from `tests/fixtures/real/`.

mod pack_support;

use pack_support::*;
use phasegate_engine::{Status, Value};

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
