//! End-to-end tests of `phasegate check`: outputs, exit codes, no false green.

use std::path::Path;
use std::process::{Command, Output};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/check");
const NOW: &str = "2026-11-23T00:00:00Z";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .args(args)
        .current_dir(FIX)
        .env("NO_COLOR", "1")
        .output()
        .expect("the phasegate binary runs")
}

fn check(input: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "--policy",
        "review.gate",
        "--input",
        input,
        "--now",
        NOW,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}): {}", text(&out.stdout)))
}

#[test]
fn passing_input_exits_0_with_human_report() {
    let out = check("pass.json", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains('\x1b'),
        "NO_COLOR output has no escape codes"
    );
    insta::assert_snapshot!("human_pass", stdout);
}

#[test]
fn failing_input_exits_1_and_names_the_failures() {
    let out = check("fail.json", &[]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("human_fail", text(&out.stdout));
}

#[test]
fn json_output_is_the_documented_document() {
    let out = check("fail.json", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let results = doc["results"].as_array().expect("results is a list");
    assert_eq!(results.len(), 3);
    for r in results {
        for key in [
            "id", "title", "phase", "severity", "status", "messages", "evidence",
        ] {
            assert!(r.get(key).is_some(), "result has `{key}`: {r}");
        }
    }
    let sast = results
        .iter()
        .find(|r| r["id"] == "build.sast-clean")
        .expect("sast rule");
    assert_eq!(sast["status"], "fail");
    assert_eq!(
        sast["messages"],
        serde_json::json!(["py/sql-injection at app.py:42"])
    );
    assert_eq!(sast["evidence"][0]["path"], "input.findings[0]");
    // The reviews the filter looked at are evidence too: which were considered.
    let review = results
        .iter()
        .find(|r| r["id"] == "build.peer-review")
        .expect("review rule");
    let considered = review["evidence"]
        .as_array()
        .and_then(|ev| ev.iter().find(|e| e["path"] == "input.reviews"))
        .expect("the considered reviews are evidence");
    assert_eq!(considered["value"][0]["user"], "alice");
    assert_eq!(doc["summary"]["total"], 3);
    assert_eq!(doc["summary"]["fail"], 2);
    assert_eq!(doc["summary"]["skip"], 1);
    assert_eq!(doc["summary"]["by_phase"]["build"]["fail"], 2);
    insta::assert_snapshot!("json_fail", text(&out.stdout));
}

#[test]
fn fail_on_threshold_decides_the_exit_code() {
    // Only a low-severity rule fails.
    let out = check("low-only.yaml", &["--format", "json"]);
    assert_eq!(json(&out)["summary"]["fail"], 1);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a low failure does not block at the default --fail-on high"
    );
    assert_eq!(
        check("low-only.yaml", &["--fail-on", "low"]).status.code(),
        Some(1)
    );
    assert_eq!(
        check("low-only.yaml", &["--fail-on", "LOW"]).status.code(),
        Some(1)
    );
    let bad = check("low-only.yaml", &["--fail-on", "severe"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("not a severity"));
}

#[test]
fn skips_can_be_made_to_fail() {
    // pass.json has no issue: monitor.labels is skipped.
    let out = check("pass.json", &["--format", "json"]);
    let doc = json(&out);
    let labels = doc["results"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == "monitor.labels").cloned());
    let labels = labels.expect("monitor.labels result");
    assert_eq!(labels["status"], "skip");
    assert_eq!(
        labels["messages"],
        serde_json::json!(["no issue in the evidence"])
    );
    assert_eq!(
        check("pass.json", &["--fail-on-skip", "--fail-on", "low"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        check("pass.json", &["--fail-on-skip"]).status.code(),
        Some(0),
        "the skipped rule is below high"
    );
}

#[test]
fn wrong_typed_input_is_an_error_status_not_a_pass() {
    let out = check("error.json", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "errors always block");
    let doc = json(&out);
    let review = &doc["results"][0];
    assert_eq!(review["status"], "error");
    let msg = review["messages"][0].as_str().unwrap_or_default();
    assert!(
        msg.contains("review.gate:12:"),
        "the error names its location: {msg}"
    );
}

#[test]
fn params_override_defaults() {
    let out = check(
        "pass.json",
        &["--param", "min_approvals=2", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(
        doc["results"][0]["messages"][0],
        "PR #7 has 1 approval(s) from others, needs 2"
    );
    let unknown = check("pass.json", &["--param", "min_aprovals=2"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown.stderr).contains("min_approvals"),
        "suggests the right name: {}",
        text(&unknown.stderr)
    );
}

#[test]
fn explain_prints_the_evaluation_tree() {
    let out = check("fail.json", &["--explain", "build.peer-review"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("explain_peer_review", text(&out.stdout));
    let unknown = check("fail.json", &["--explain", "build.peer-reveiw"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("did you mean `build.peer-review`"));
}

#[test]
fn stdin_input_and_multiple_inputs() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .args([
            "check",
            "--policy",
            "review.gate",
            "--input",
            "-",
            "--format",
            "json",
            "--now",
            NOW,
        ])
        .current_dir(FIX)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let body = std::fs::read(Path::new(FIX).join("pass.json")).expect("fixture");
        stdin.write_all(&body).expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    // Two inputs defining the same top-level key cannot be combined.
    let clash = run(&[
        "check",
        "--policy",
        "review.gate",
        "--input",
        "pass.json",
        "--input",
        "fail.json",
    ]);
    assert_eq!(clash.status.code(), Some(2));
    assert!(text(&clash.stderr).contains("both define"));
}

#[test]
fn no_false_green() {
    let dir = std::env::temp_dir().join(format!("phasegate-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "--policy".into(),
                "missing.gate".into(),
                "--input".into(),
                "pass.json".into(),
            ],
            "missing.gate",
        ),
        (
            vec![
                "--policy".into(),
                dir.display().to_string(),
                "--input".into(),
                "pass.json".into(),
            ],
            "no `.gate` file",
        ),
        (
            vec![
                "--policy".into(),
                "review.gate".into(),
                "--input".into(),
                "missing.json".into(),
            ],
            "missing.json",
        ),
        (
            vec![
                "--policy".into(),
                "review.gate".into(),
                "--input".into(),
                "empty.json".into(),
            ],
            "empty",
        ),
    ];
    std::fs::write(Path::new(FIX).join("empty.json"), "").ok();
    for (args, needle) in cases {
        let mut all = vec!["check".to_string()];
        all.extend(args);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let out = run(&refs);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{refs:?} must exit 2, stderr: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(needle),
            "{refs:?}: stderr names `{needle}`: {}",
            text(&out.stderr)
        );
    }
    let _ = std::fs::remove_file(Path::new(FIX).join("empty.json"));
    let _ = std::fs::remove_dir_all(&dir);
    // Missing required arguments are usage errors.
    assert_eq!(
        run(&["check", "--policy", "review.gate"]).status.code(),
        Some(2)
    );
}

#[test]
fn policy_errors_exit_2_with_a_diagnostic() {
    let dir = std::env::temp_dir().join(format!("phasegate-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.gate");
    std::fs::write(&bad, "rule a.b {\n  title \"t\"\n  phase build\n  severity high\n  require cout(input.x) > 0\n}\n")
        .expect("write");
    let out = run(&[
        "check",
        "--policy",
        &bad.display().to_string(),
        "--input",
        "pass.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("phasegate::check::unknown_function"), "{err}");
    assert!(err.contains("count"), "suggests count: {err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn limits_are_configurable_from_the_command_line() {
    // One fuel step is not enough to evaluate any rule: every applicable rule errors, naming the limit.
    let out = check("fail.json", &["--fuel-per-rule", "1", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let msg = doc["results"][0]["messages"][0]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(doc["results"][0]["status"], "error");
    assert!(msg.contains("fuel_per_rule = 1"), "{msg}");
    assert!(msg.contains("review.gate:"), "names the location: {msg}");
    // Messages are cut at the configured length.
    let out = check(
        "fail.json",
        &["--max-message-len", "10", "--format", "json"],
    );
    let doc = json(&out);
    let first = doc["results"][0]["messages"][0]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        first.len() <= 10 + "…".len() && first.ends_with('…'),
        "{first}"
    );
}
