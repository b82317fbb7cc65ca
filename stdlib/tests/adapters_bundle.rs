//! Merging files into one evidence document: the example bundle, key
//! order, sources and raw documents, conflicts, load_dir.

#[path = "adapters_support.rs"]
mod support;

use phasegate_lang::Value;
use phasegate_stdlib::adapters::{load, load_bundle, load_dir, AdapterError, Kind};
use std::path::PathBuf;
use support::*;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/evidence")
}

#[test]
fn the_example_bundle_merges_into_one_document() {
    let doc = load_dir(&examples()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        keys(&doc),
        "findings,secrets,vulnerabilities,components,pull_request,reviews,checks,deployment,\
         deployment_statuses,release,workflows,dependency_updates,manifests,scorecard,sources,raw"
    );
    // Every file but the README, in sorted path order, with its detected kind.
    let sources: Vec<(&str, &str)> = list(&doc, "sources")
        .iter()
        .map(|s| (st(s, "file"), st(s, "kind")))
        .collect();
    assert_eq!(
        sources,
        [
            ("check_run.completed.json", "github.check_run"),
            ("codeql.sarif", "sarif"),
            ("dependabot.yml", "dependabot"),
            ("deployment.created.json", "github.deployment"),
            ("deployment_status.success.json", "github.deployment_status"),
            ("gitleaks-report.json", "gitleaks"),
            ("k8s/guestbook-all-in-one.yaml", "kubernetes"),
            ("pull_request.opened.json", "github.pull_request"),
            ("release.published.json", "github.release"),
            ("reviews.graphql.json", "github.graphql-pr"),
            ("sbom.cdx.json", "cyclonedx"),
            ("scorecard.json", "scorecard"),
            ("workflow_job.completed.failure.json", "github.workflow_job"),
            ("workflows/codeql-analysis.yml", "github-workflow"),
            ("workflows/deploy.yml", "github-workflow"),
        ]
    );
    let count = |k: &str| list(&doc, k).len();
    assert_eq!(
        (
            count("findings"),
            count("secrets"),
            count("vulnerabilities"),
            count("components")
        ),
        (1, 2, 1, 13)
    );
    assert_eq!(
        (
            count("reviews"),
            count("checks"),
            count("deployment_statuses")
        ),
        (5, 2, 1)
    );
    assert_eq!(
        (
            count("workflows"),
            count("dependency_updates"),
            count("manifests")
        ),
        (2, 1, 6)
    );
    let pr = doc.get("pull_request");
    assert_eq!(
        (pr.get("number"), st(pr, "author")),
        (&Value::Int(2), "Codertocat")
    );
    let approvers: Vec<&str> = list(&doc, "reviews")
        .iter()
        .filter(|r| st(r, "state") == "approved" && st(r, "user") != st(pr, "author"))
        .map(|r| st(r, "user"))
        .collect();
    assert_eq!(approvers, ["leah"]);
    let failed: Vec<&str> = list(&doc, "checks")
        .iter()
        .filter(|c| st(c, "conclusion") != "success")
        .map(|c| st(c, "name"))
        .collect();
    assert_eq!(failed, ["linters"]);
    assert!(doc.get("deployment").get("production").is_true());
    assert_eq!(st(doc.get("release"), "tag_name"), "0.0.1");
    assert_eq!(doc.get("scorecard").get("score"), &Value::Float(5.8));
    let unpinned_third_party: Vec<&str> = list(&doc, "workflows")
        .iter()
        .flat_map(|w| w.get("uses").as_array().unwrap().iter())
        .filter(|u| u.get("third_party").is_true() && !u.get("pinned_sha").is_true())
        .map(|u| st(u, "action"))
        .collect();
    assert_eq!(unpinned_third_party.len(), 4);
    // Each raw document is reachable by its file name.
    assert_eq!(st(doc.get("raw").get("codeql.sarif"), "version"), "2.1.0");
    assert!(doc
        .get("raw")
        .get("k8s/guestbook-all-in-one.yaml")
        .as_array()
        .is_some_and(|d| d.len() == 6));
    assert!(doc.get("raw").get("README.md").is_null());
    // Items say where they came from.
    assert_eq!(
        st(&list(&doc, "manifests")[0], "source"),
        "k8s/guestbook-all-in-one.yaml"
    );
}

#[test]
fn the_example_readme_names_every_file() {
    let readme = std::fs::read_to_string(examples().join("README.md")).unwrap();
    let doc = load_dir(&examples()).unwrap();
    for s in list(&doc, "sources") {
        assert!(
            readme.contains(&format!("| `{}` |", st(s, "file"))),
            "README lacks {}",
            st(s, "file")
        );
    }
    // Each file is an unmodified copy of the real fixture its row names.
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `")).collect();
    assert_eq!(rows.len(), list(&doc, "sources").len());
    for row in rows {
        let cells: Vec<&str> = row.split('|').map(|c| c.trim().trim_matches('`')).collect();
        let (here, copy_of) = (cells[1], cells[3]);
        let bytes = std::fs::read(examples().join(here)).unwrap();
        assert!(bytes == real(copy_of), "{here} differs from {copy_of}");
    }
}

#[test]
fn load_is_a_bundle_of_one_file() {
    let bytes = real("sarif/dockle-0.3.15.image.sarif");
    let one = load(&Kind::Sarif, "d.sarif", &bytes).unwrap();
    let bundle = load_bundle(&[("d.sarif".to_string(), Some(Kind::Sarif), bytes)]).unwrap();
    assert_eq!(one, bundle);
    assert_eq!(keys(&one), "findings,sources,raw");
    assert_eq!(
        one.get("sources"),
        &Value::array(vec![Value::object(
            [("file".into(), sv("d.sarif")), ("kind".into(), sv("sarif"))]
                .into_iter()
                .collect()
        )])
    );
}

#[test]
fn an_explicit_kind_overrides_detection() {
    // A pull_request_review payload read as a plain pull_request event: no review.
    let bytes = real("github-events/pull_request_review.submitted.commented.json");
    let files = vec![(
        "p.json".to_string(),
        Some(Kind::GithubEvent("pull_request".into())),
        bytes,
    )];
    let doc = load_bundle(&files).unwrap();
    assert!(doc.get("reviews").is_null());
    assert_eq!(doc.get("pull_request").get("number"), &Value::Int(2));
}

#[test]
fn lists_from_several_files_are_concatenated_in_order() {
    let doc = bundle_real(&[
        "sast/bandit.one-finding.json",
        "sarif/dockle-0.3.15.image.sarif",
        "sast/eslint.juice-shop.json",
    ]);
    let tools: Vec<&str> = list(&doc, "findings")
        .iter()
        .map(|f| st(f, "tool"))
        .collect();
    assert_eq!(
        tools,
        ["bandit", "Dockle", "Dockle", "Dockle", "Dockle", "eslint", "eslint"]
    );
}

#[test]
fn conflicts_and_duplicates_are_errors() {
    let twice = bundle_conflict(
        &[
            "config/scorecard.result.scorecard-OIDC-test.json",
            "config/scorecard.result.scorecard-OIDC-test.json",
        ],
        &["a.json", "b.json"],
    );
    assert_eq!(
        twice,
        "scorecard in b.json differs from the one in a.json (given twice); an evidence bundle describes one change"
    );
    let same_name = bundle_conflict(
        &[
            "sast/bandit.one-finding.json",
            "sast/bandit.no-findings.json",
        ],
        &["x.json", "x.json"],
    );
    assert!(
        same_name.contains("two files of the bundle have the same name"),
        "{same_name}"
    );
    let releases = bundle_conflict(
        &[
            "github-events/release.published.json",
            "github-events/release.published.json",
        ],
        &["r1.json", "r2.json"],
    );
    // The same release twice merges.
    assert_eq!(releases, "ok");
}

fn bundle_conflict(rels: &[&str], names: &[&str]) -> String {
    let files: Vec<(String, Option<Kind>, Vec<u8>)> = rels
        .iter()
        .zip(names)
        .map(|(r, n)| (n.to_string(), None, real(r)))
        .collect();
    match load_bundle(&files) {
        Ok(_) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn load_dir_of_a_missing_directory_names_it() {
    let err = load_dir(&examples().join("nope")).unwrap_err();
    assert!(matches!(err, AdapterError::Io { .. }));
    assert!(
        err.to_string()
            .contains("examples/evidence/nope: cannot read: "),
        "{err}"
    );
}
