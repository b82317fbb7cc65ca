//! What the secure-devops pack needs from the library: every pack file is
//! embedded, and the evidence fields its rules read (release notes and author
//! type, who triggered a deployment, deployment review history, one-line
//! JSON-lines reports).

#[path = "adapters_support.rs"]
mod support;

use phasegate_lang::Value;
use phasegate_stdlib::adapters::{detect, load, load_bundle, Kind};
use phasegate_stdlib::packs;
use support::*;

#[test]
fn every_file_of_the_pack_directory_is_embedded_in_order() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("packs");
    for pack in packs::all() {
        let mut on_disk: Vec<String> = std::fs::read_dir(dir.join(pack.name))
            .unwrap_or_else(|e| panic!("{}: {e}", pack.name))
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e}"));
        on_disk.sort();
        let mut embedded: Vec<String> = pack
            .files
            .iter()
            .map(|(p, _)| p.trim_start_matches(&format!("{}/", pack.name)).to_string())
            .collect();
        embedded.sort();
        assert_eq!(embedded, on_disk, "pack {}", pack.name);
        for (path, text) in pack.files {
            let disk = std::fs::read_to_string(dir.join(path)).unwrap_or_default();
            assert_eq!(*text, disk, "{path} differs from its file");
        }
    }
    assert!(packs::get("secure-devops").is_some());
    assert!(packs::get("Secure-DevOps").is_none());
    assert_eq!(packs::names(), ["secure-devops"]);
}

#[test]
fn the_pack_files_are_in_the_canonical_format() {
    for pack in packs::all() {
        for (path, text) in pack.files {
            let source = phasegate_lang::SourceFile::new(*path, *text);
            let formatted = phasegate_lang::fmt::format_source(&source)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            assert!(
                formatted == *text,
                "{path} is not formatted: run `phasegate fmt` on it"
            );
        }
    }
}

#[test]
fn releases_carry_their_notes_and_author_type() {
    let doc = load_real("github-events/release.published.json", "github.release");
    let r = doc.get("release");
    assert_eq!(st(r, "author"), "Codertocat");
    assert_eq!(st(r, "author_type"), "User");
    assert_eq!(st(r, "body"), "");
}

#[test]
fn a_deployment_made_by_a_workflow_names_who_triggered_it() {
    let doc = load_real("github-events/deployment.created.json", "github.deployment");
    assert_eq!(doc.get("deployment").get("triggered_by"), &Value::Null);
    let mut payload: serde_json::Value =
        serde_json::from_slice(&real("github-events/deployment.created.json")).unwrap_or_default();
    payload["workflow_run"] = serde_json::json!({
        "actor": {"login": "octocat"},
        "triggering_actor": {"login": "hubot"}
    });
    let bytes = serde_json::to_vec(&payload).unwrap_or_default();
    let doc = load(&Kind::parse("github.deployment").unwrap(), "d.json", &bytes).unwrap();
    assert_eq!(st(doc.get("deployment"), "triggered_by"), "hubot");
    assert_eq!(st(doc.get("deployment"), "creator"), "Codertocat");
    payload["workflow_run"] = serde_json::json!({"actor": {"login": "octocat"}});
    let bytes = serde_json::to_vec(&payload).unwrap_or_default();
    let doc = load(&Kind::parse("github.deployment").unwrap(), "d.json", &bytes).unwrap();
    assert_eq!(st(doc.get("deployment"), "triggered_by"), "octocat");
}

/// The shape of GitHub's documented response of
/// `GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals`.
const APPROVALS: &str = r#"[
  {
    "state": "approved",
    "comment": "Ship it!",
    "environments": [
      {
        "id": 161088068,
        "node_id": "MDExOkVudmlyb25tZW50MTYxMDg4MDY4",
        "name": "staging",
        "url": "https://api.github.com/repos/github/hello-world/environments/staging",
        "html_url": "https://github.com/github/hello-world/deployments/activity_log?environments_filter=staging",
        "created_at": "2020-11-23T22:00:40Z",
        "updated_at": "2020-11-23T22:00:40Z"
      }
    ],
    "user": {"login": "octocat", "id": 1, "type": "User", "site_admin": false}
  },
  {"state": "rejected", "comment": "", "environments": [{"name": "production"}], "user": {"login": "hubot"}}
]"#;

#[test]
fn deployment_review_history_is_detected_and_normalised() {
    let kind = detect("approvals.json", APPROVALS.as_bytes()).unwrap();
    assert_eq!(kind.as_str(), "github.deployment-reviews");
    assert_eq!(Kind::parse("github.deployment-reviews").unwrap(), kind);
    let doc = load(&kind, "approvals.json", APPROVALS.as_bytes()).unwrap();
    let reviews = list(&doc, "deployment_reviews");
    assert_eq!(reviews.len(), 2);
    assert_eq!(st(&reviews[0], "user"), "octocat");
    assert_eq!(st(&reviews[0], "state"), "approved");
    assert_eq!(
        reviews[0].get("environments"),
        &Value::array(vec![sv("staging")])
    );
    assert_eq!(st(&reviews[0], "comment"), "Ship it!");
    assert_eq!(st(&reviews[0], "source"), "approvals.json");
    assert_eq!(st(&reviews[1], "state"), "rejected");
    assert_eq!(reviews[1].get("comment"), &Value::Null);
    // An empty history is evidence too (given with its kind: `[]` alone says nothing).
    let doc = load(&kind, "approvals.json", b"[]").unwrap();
    assert_eq!(list(&doc, "deployment_reviews").len(), 0);
    // Merged with the deployment it belongs to.
    let files = vec![
        (
            "deployment.json".to_string(),
            None,
            real("github-events/deployment.created.json"),
        ),
        (
            "approvals.json".to_string(),
            None,
            APPROVALS.as_bytes().to_vec(),
        ),
    ];
    let doc = load_bundle(&files).unwrap();
    assert_eq!(keys(&doc), "deployment,deployment_reviews,sources,raw");
}

#[test]
fn a_wrong_review_history_names_the_problem() {
    let kind = Kind::parse("github.deployment-reviews").unwrap();
    let err = load(&kind, "a.json", b"{\"state\": \"approved\"}")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "a.json: not a valid GitHub deployment review history document: the document is an object, expected a list of reviews"
    );
    let err = load(&kind, "a.json", b"[1]").unwrap_err().to_string();
    assert!(
        err.contains("`reviews[0]` is an int, expected an object"),
        "{err}"
    );
}

#[test]
fn a_json_lines_report_of_one_line_is_read_when_detected() {
    let doc = bundle_real(&["dast/nuclei.log4shell-critical.jsonl"]);
    let f = list(&doc, "findings");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (st(&f[0], "rule_id"), st(&f[0], "severity")),
        ("CVE-2021-44228", "critical")
    );
}
