//! End-to-end tests of `phasegate explain`: the evaluation tree of one rule.

use std::process::{Command, Output};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/check");
const NOW: &str = "2026-11-23T00:00:00Z";

fn explain(args: &[&str]) -> Output {
    let mut all = vec!["--now", NOW];
    all.extend_from_slice(args);
    explain_raw(&all)
}

fn explain_raw(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .args(["explain", "--policy", "review.gate"])
        .args(args)
        .current_dir(FIX)
        .env("NO_COLOR", "1")
        .output()
        .expect("the phasegate binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn human_tree_shows_which_sub_condition_failed_on_which_value() {
    let out = explain(&["--input", "fail.json", "build.peer-review"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains('\x1b'), "no colour off a terminal");
    // The filter dropped alice's own approval because `r.user != author` was false.
    assert!(stdout.contains(
        "  ✗ r = {\"user\":\"alice\",\"state\":\"approved\"}  → dropped  (input.reviews[0])\n"
    ));
    assert!(stdout.contains("      ✗ r.user != author  → false\n"));
    insta::assert_snapshot!("explain_human_peer_review", stdout);
}

#[test]
fn a_quantified_require_shows_the_offending_item() {
    let out = explain(&["--input", "fail.json", "build.sast-clean"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("rule build.sast-clean: fail\n"),
        "{stdout}"
    );
    assert!(stdout.contains(
        "  ✓ f = {\"rule_id\":\"py/sql-injection\",\"level\":\"error\",\"file\":\"app.py\",\"line\":42}  → true  (input.findings[0])\n"
    ));
    assert!(stdout.ends_with("messages:\n  - py/sql-injection at app.py:42\n"));
}

#[test]
fn json_is_the_explanation_document() {
    let out = explain(&[
        "--input",
        "fail.json",
        "build.peer-review",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["rule"], "build.peer-review");
    assert_eq!(doc["status"], "fail");
    let steps = doc["steps"].as_array().expect("steps");
    let kinds: Vec<&str> = steps.iter().filter_map(|s| s["kind"].as_str()).collect();
    assert_eq!(kinds, ["when", "let", "let", "require"]);
    assert_eq!(steps[3]["location"], "review.gate:13:3");
    let item = &steps[2]["children"][1];
    assert_eq!(item["kind"], "filter-item");
    assert_eq!(item["value"], false);
    assert_eq!(item["path"], "input.reviews[0]");
}

#[test]
fn a_skipped_rule_stops_at_its_when() {
    let out = explain(&["--input", "pass.json", "monitor.labels"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("rule monitor.labels: skip\n✗ when input.issue != null  → false"));
    assert!(
        stdout.ends_with("messages:\n  - no issue in the evidence\n"),
        "{stdout}"
    );
}

#[test]
fn several_inputs_are_merged_like_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pr = dir.path().join("pr.json");
    let reviews = dir.path().join("reviews.yaml");
    std::fs::write(
        &pr,
        r#"{"pull_request": {"number": 3, "user": {"login": "alice"}}}"#,
    )
    .expect("write");
    std::fs::write(&reviews, "reviews:\n  - {user: bob, state: approved}\n").expect("write");
    let out = explain(&[
        "--input",
        pr.to_str().expect("utf-8 path"),
        "--input",
        reviews.to_str().expect("utf-8 path"),
        "build.peer-review",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("rule build.peer-review: pass\n"),
        "{stdout}"
    );
    assert!(stdout.contains("✓ r = {\"user\":\"bob\",\"state\":\"approved\"}  → kept"));
}

#[test]
fn usage_errors_exit_2() {
    let out = explain(&["--input", "fail.json", "build.peer-reveiw"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `build.peer-review`"));
    let out = explain(&["--input", "missing.json", "build.peer-review"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read input missing.json"));
    let out = explain_raw(&[
        "--input",
        "fail.json",
        "build.peer-review",
        "--now",
        "yesterday",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not an RFC 3339 timestamp"));
    let out = explain(&["build.peer-review"]);
    assert_eq!(out.status.code(), Some(2), "--input is required");
}
