//! GitHub webhook payloads and GraphQL pull request data.

#[path = "adapters_support.rs"]
mod support;

use phasegate_lang::Value;
use phasegate_stdlib::adapters::{load, load_bundle, Kind};
use support::*;

const EV: &str = "github-events";

fn ev(name: &str) -> String {
    format!("{EV}/{name}")
}

#[test]
fn pull_request_opened_and_closed() {
    let doc = load_real(&ev("pull_request.opened.json"), "github.pull_request");
    let pr = doc.get("pull_request");
    assert_eq!(pr.get("number"), &Value::Int(2));
    assert_eq!(
        (st(pr, "author"), st(pr, "action")),
        ("Codertocat", "opened")
    );
    // The webhook's own fields stay: rules can use user.login, base.ref, head.sha …
    assert_eq!(st(pr.get("user"), "login"), "Codertocat");
    assert_eq!(st(pr.get("base"), "ref"), "master");
    assert_eq!(st(pr, "repository"), "Codertocat/Hello-World");
    let closed = load_real(&ev("pull_request.closed.json"), "github.pull_request");
    let pr = closed.get("pull_request");
    assert_eq!(
        (st(pr, "state"), pr.get("merged")),
        ("closed", &Value::Bool(false))
    );
}

#[test]
fn webhook_reviews_are_normalised() {
    let cases = [
        (
            "pull_request_review.submitted.approved.json",
            "donttrustthisbot",
            "approved",
            "2017-03-13T20:53:57Z",
            17,
        ),
        (
            "pull_request_review.submitted.changes_requested.json",
            "donttrustthisbot",
            "changes_requested",
            "2017-03-13T20:52:15Z",
            17,
        ),
        (
            "pull_request_review.submitted.commented.json",
            "Codertocat",
            "commented",
            "2019-05-15T15:20:38Z",
            2,
        ),
        (
            "pull_request_review.submitted.approved.2024-shape.json",
            "ab77",
            "approved",
            "2024-12-05T21:07:03Z",
            12,
        ),
    ];
    for (file, user, state, at, pr) in cases {
        let doc = load_real(&ev(file), "github.pull_request_review");
        let reviews = list(&doc, "reviews");
        assert_eq!(reviews.len(), 1, "{file}");
        let r = &reviews[0];
        assert_eq!(
            (st(r, "user"), st(r, "state"), st(r, "submitted_at")),
            (user, state, at),
            "{file}"
        );
        assert_eq!(
            doc.get("pull_request").get("number"),
            &Value::Int(pr),
            "{file}"
        );
    }
    let doc = load_real(
        &ev("pull_request_review.submitted.approved.2024-shape.json"),
        "github.pull_request_review",
    );
    assert_eq!(
        st(&list(&doc, "reviews")[0], "author_association"),
        "member"
    );
}

#[test]
fn graphql_reviews_keep_every_state_lowercased() {
    let doc = load_real(
        &ev("graphql.pr-reviews.approved-changes_requested.json"),
        "github.graphql-pr",
    );
    let reviews = list(&doc, "reviews");
    let got: Vec<(&str, &str)> = reviews
        .iter()
        .map(|r| (st(r, "user"), st(r, "state")))
        .collect();
    assert_eq!(
        got,
        [
            ("sam", "commented"),
            ("matt", "changes_requested"),
            ("leah", "approved"),
            ("louise", "dismissed"),
            ("david", "pending")
        ]
    );
    assert_eq!(st(&reviews[2], "submitted_at"), "2020-01-06T12:00:00Z");
    // No pull request fields were fetched: no pull_request.
    assert!(doc.get("pull_request").is_null());
}

#[test]
fn graphql_status_checks() {
    let passing = load_real(
        &ev("graphql.pr-checks.all-passing.json"),
        "github.graphql-pr",
    );
    let checks = list(&passing, "checks");
    assert_eq!(checks.len(), 3);
    assert!(checks
        .iter()
        .all(|c| st(c, "status") == "completed" && st(c, "conclusion") == "success"));
    let pr = passing.get("pull_request");
    assert_eq!(
        (
            pr.get("number"),
            st(pr, "author"),
            st(pr.get("user"), "login")
        ),
        (&Value::Int(12), "nobody", "nobody")
    );
    let failing = load_real(
        &ev("graphql.pr-checks.some-failing.json"),
        "github.graphql-pr",
    );
    let got: Vec<(&str, &str)> = list(&failing, "checks")
        .iter()
        .map(|c| (st(c, "name"), st(c, "conclusion")))
        .collect();
    assert_eq!(got, [("cool tests", "success"), ("sad tests", "failure")]);
}

#[test]
fn gh_cli_json_and_status_contexts() {
    let text = br#"{"number":5,"author":{"login":"a"},"reviews":[{"author":{"login":"b"},"state":"APPROVED","submittedAt":"2024-01-01T00:00:00Z"}],
        "statusCheckRollup":[{"__typename":"StatusContext","context":"ci/jenkins","state":"PENDING"},{"__typename":"StatusContext","context":"lint","state":"ERROR"},
                             {"__typename":"CheckRun","name":"build","status":"IN_PROGRESS","conclusion":""}]}"#;
    let doc = load(&Kind::GithubGraphqlPr, "pr.json", text).unwrap();
    assert_eq!(st(&list(&doc, "reviews")[0], "state"), "approved");
    let got: Vec<(String, String)> = list(&doc, "checks")
        .iter()
        .map(|c| (c.get("status").render(), c.get("conclusion").render()))
        .collect();
    assert_eq!(
        got,
        [
            ("pending".into(), "null".into()),
            ("completed".into(), "error".into()),
            ("in_progress".into(), "null".into())
        ]
    );
}

#[test]
fn check_run_workflow_run_and_workflow_job_are_checks() {
    let c = load_real(&ev("check_run.completed.json"), "github.check_run");
    let c = &list(&c, "checks")[0];
    assert_eq!(
        (
            st(c, "name"),
            st(c, "status"),
            st(c, "conclusion"),
            st(c, "kind")
        ),
        ("Octocoders-linter", "completed", "success", "check_run")
    );
    let r = load_real(&ev("workflow_run.completed.json"), "github.workflow_run");
    let r = &list(&r, "checks")[0];
    assert_eq!(
        (st(r, "conclusion"), st(r, "kind"), st(r, "workflow_path")),
        ("success", "workflow_run", ".github/workflows/test.yml")
    );
    let j = load_real(
        &ev("workflow_job.completed.failure.json"),
        "github.workflow_job",
    );
    let j = &list(&j, "checks")[0];
    assert_eq!(
        (st(j, "name"), st(j, "conclusion"), st(j, "workflow_name")),
        ("linters", "failure", "CodeQL")
    );
}

#[test]
fn deployment_and_its_status() {
    let d = load_real(&ev("deployment.created.json"), "github.deployment");
    let dep = d.get("deployment");
    assert_eq!(
        (dep.get("id"), st(dep, "environment"), st(dep, "creator")),
        (&Value::Int(145988746), "production", "Codertocat")
    );
    // production_environment is absent from this payload: the environment name decides.
    assert_eq!(dep.get("production"), &Value::Bool(true));
    let s = load_real(
        &ev("deployment_status.success.json"),
        "github.deployment_status",
    );
    let status = &list(&s, "deployment_statuses")[0];
    assert_eq!(
        (st(status, "state"), status.get("deployment_id")),
        ("success", &Value::Int(145988746))
    );
    // Both describe deployment 145988746: they merge.
    let both = bundle_real(&[
        &ev("deployment.created.json"),
        &ev("deployment_status.success.json"),
    ]);
    assert_eq!(both.get("deployment").get("id"), &Value::Int(145988746));
    assert_eq!(list(&both, "deployment_statuses").len(), 1);
}

#[test]
fn release_and_push() {
    let r = load_real(&ev("release.published.json"), "github.release");
    let rel = r.get("release");
    assert_eq!(
        (
            st(rel, "tag_name"),
            rel.get("prerelease"),
            st(rel, "author")
        ),
        ("0.0.1", &Value::Bool(false), "Codertocat")
    );
    assert_eq!(
        (st(rel, "published_at"), st(rel, "action")),
        ("2019-05-15T15:20:53Z", "published")
    );
    let p = load_real(
        &ev("push.main.real-scorecard-action-test.json"),
        "github.push",
    );
    let push = p.get("push");
    assert_eq!(
        (st(push, "ref"), st(push, "pusher")),
        ("refs/heads/main", "laurentsimon")
    );
    assert_eq!(
        st(&push.get("commits").as_array().unwrap()[0], "message"),
        "Update dummy"
    );
    let t = load_real(&ev("push.tag-deleted.json"), "github.push");
    assert_eq!(
        (t.get("push").get("deleted"), t.get("push").get("commits")),
        (&Value::Bool(true), &Value::array(vec![]))
    );
    load_real(&ev("push.new-branch.json"), "github.push");
}

#[test]
fn security_alerts() {
    let code = load_real(
        &ev("code_scanning_alert.created.json"),
        "github.code_scanning_alert",
    );
    let a = &list(&code, "alerts")[0];
    assert_eq!(
        (st(a, "kind"), a.get("number"), st(a, "state")),
        ("code_scanning", &Value::Int(10), "open")
    );
    assert_eq!(
        (st(a, "severity"), st(a, "rule_id"), st(a, "created_at")),
        ("high", "java/sql-injection", "2021-02-11T03:10:43Z")
    );
    let secret = load_real(
        &ev("secret_scanning_alert.reopened.json"),
        "github.secret_scanning_alert",
    );
    let a = &list(&secret, "alerts")[0];
    assert_eq!(
        (st(a, "kind"), st(a, "state"), st(a, "rule_id")),
        ("secret_scanning", "open", "adafruit_io_key")
    );
    let dep = load_real(
        &ev("dependabot_alert.created.json"),
        "github.dependabot_alert",
    );
    let a = &list(&dep, "alerts")[0];
    assert_eq!(
        (st(a, "kind"), st(a, "severity"), st(a, "package")),
        ("dependabot", "medium", "semver")
    );
    assert_eq!(
        (
            st(a, "fixed_version"),
            st(a, "created_at"),
            st(a, "rule_id")
        ),
        ("7.5.2", "2023-06-24T13:57:12Z", "GHSA-c2qf-rxjj-qqgw")
    );
}

#[test]
fn a_pull_request_and_its_review_merge_but_different_pull_requests_conflict() {
    let same = bundle_real(&[
        &ev("pull_request.opened.json"),
        &ev("pull_request_review.submitted.commented.json"),
    ]);
    assert_eq!(same.get("pull_request").get("number"), &Value::Int(2));
    assert_eq!(st(same.get("pull_request"), "action"), "opened");
    assert_eq!(list(&same, "reviews").len(), 1);
    let files: Vec<(String, Option<Kind>, Vec<u8>)> = [
        ev("pull_request.opened.json"),
        ev("pull_request_review.submitted.approved.json"),
    ]
    .into_iter()
    .map(|f| {
        let b = real(&f);
        (f, None, b)
    })
    .collect();
    let err = load_bundle(&files).unwrap_err().to_string();
    assert_eq!(
        err,
        "pull_request in github-events/pull_request_review.submitted.approved.json differs from the one in \
         github-events/pull_request.opened.json (number 2 vs 17); an evidence bundle describes one change"
    );
}

#[test]
fn payloads_missing_their_event_object_are_errors() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "github.pull_request",
            b"{\"action\":\"opened\"}",
            "not a valid GitHub `pull_request` webhook payload document: no `pull_request` object",
        ),
        (
            "github.deployment_status",
            b"{\"deployment\":{}}",
            "no `deployment_status` object",
        ),
        ("github.push", b"{\"commits\":5}", "`commits` is an int"),
        (
            "github.graphql-pr",
            b"{\"data\":{\"repository\":null}}",
            "no `data.repository.pullRequest` object",
        ),
        ("github.release", b"[]", "the document is a list"),
    ];
    let err = load(&Kind::GithubEvent("issues".into()), "i.json", b"{}")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("unknown evidence kind `github.issues`"),
        "{err}"
    );
    for (kind, text, want) in cases {
        let kind = Kind::parse(kind).unwrap();
        let err = load(&kind, "p.json", text).unwrap_err().to_string();
        assert!(err.contains(want), "{err} should contain {want}");
    }
}
