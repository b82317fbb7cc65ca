//! `phasegate check --pack … --evidence …`: the README's main job, pack and
//! evidence arguments, and their errors (exit 2, never a false green).

use std::path::PathBuf;
use std::process::{Command, Output};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const NOW: &str = "2026-11-23T00:00:00Z";
/// The run command of the README, after `cargo run --release -p phasegate --`.
const README_ARGS: &[&str] = &[
    "check",
    "--pack",
    "secure-devops",
    "--evidence",
    "examples/evidence",
];

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .args(args)
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .output()
        .expect("the phasegate binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Standard error with the line wrapping of miette's reports undone.
fn flat_err(out: &Output) -> String {
    text(&out.stderr)
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Run `check` with a fixed time; returns the output.
fn check(args: &[&str]) -> Output {
    let mut all = vec!["check", "--now", NOW];
    all.extend_from_slice(args);
    run(&all)
}

/// `rule id → status` of a JSON decision.
fn statuses(out: &Output) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}): {}{}", text(&out.stdout), text(&out.stderr)));
    v["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results: {v}"))
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_string(),
                r["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn status_of(out: &Output, id: &str) -> String {
    statuses(out)
        .into_iter()
        .find(|(r, _)| r == id)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn tmp(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("pack-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn the_readme_command_is_the_one_tested_here() {
    let readme = std::fs::read_to_string(format!("{ROOT}/README.md")).expect("README.md");
    let command = format!(
        "cargo run --release -p phasegate -- {}",
        README_ARGS.join(" ")
    );
    assert!(
        readme.contains(&format!("\n{command}\n")),
        "README runs `{command}`"
    );
}

#[test]
fn the_readme_command_prints_the_phase_report_and_fails_the_gate() {
    let mut args = README_ARGS.to_vec();
    args.extend_from_slice(&["--now", NOW]);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    let stdout = text(&out.stdout);
    for phase in [
        "plan", "code", "build", "test", "release", "deploy", "operate", "monitor",
    ] {
        assert!(
            stdout.contains(&format!("\n{phase}  ")) || stdout.starts_with(&format!("{phase}  ")),
            "phase {phase}: {stdout}"
        );
    }
    insta::assert_snapshot!("readme_main_job", stdout);
}

#[test]
fn an_unknown_pack_is_a_usage_error_with_a_suggestion() {
    let out = check(&["--pack", "secure-devop", "--evidence", "examples/evidence"]);
    assert_eq!(out.status.code(), Some(2));
    let err = flat_err(&out);
    assert!(err.contains("phasegate::compile::unknown_pack"), "{err}");
    assert!(err.contains("unknown pack `secure-devop` (did you mean `secure-devops`?); known packs: secure-devops"), "{err}");
    let out = check(&["--pack", "nope", "--evidence", "examples/evidence"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(flat_err(&out).contains("unknown pack `nope`; known packs: secure-devops"));
    assert!(out.stdout.is_empty(), "nothing is evaluated");
}

#[test]
fn policies_and_evidence_are_both_required() {
    let out = check(&["--evidence", "examples/evidence"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no policies: give --policy <FILE|DIR> or --pack <NAME>"));
    let out = check(&["--pack", "secure-devops"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no input: give --evidence"));
}

#[test]
fn evidence_errors_name_the_file() {
    let dir = tmp("broken");
    std::fs::write(dir.join("scan.json"), "{\"runs\": ").expect("write");
    let d = dir.display().to_string();
    let out = check(&["--pack", "secure-devops", "--evidence", &d]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}: not valid JSON",
            dir.join("scan.json").display()
        )),
        "{err}"
    );
    let out = check(&[
        "--pack",
        "secure-devops",
        "--evidence",
        "sarf=examples/evidence/codeql.sarif",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown evidence kind `sarf` (did you mean `sarif`?)"));
    let out = check(&["--pack", "secure-devops", "--evidence", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read evidence no/such/dir"));
    let out = check(&[
        "--pack",
        "secure-devops",
        "--evidence",
        "github.pull_request=examples/evidence/codeql.sarif",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(
            "examples/evidence/codeql.sarif: not a valid GitHub `pull_request` webhook payload"
        ),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn evidence_files_kinds_and_raw_inputs_combine() {
    // A single file, detected; an explicit kind; the same through --input KIND=FILE.
    let sarif = "tests/fixtures/real/sarif/codeql-2.11.0.python.sarif";
    let out = check(&[
        "--pack",
        "secure-devops",
        "--evidence",
        sarif,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(status_of(&out, "build.sast-clean"), "fail");
    assert_eq!(status_of(&out, "build.secret-scan-clean"), "skip");
    let pr = "tests/fixtures/real/github-events/pull_request.opened.json";
    let explicit = format!("github.pull_request={pr}");
    for flag in ["--evidence", "--input"] {
        let out = check(&[
            "--pack",
            "secure-devops",
            flag,
            &explicit,
            "--format",
            "json",
        ]);
        assert_eq!(status_of(&out, "code.security-checklist"), "fail", "{flag}");
    }
    // A plain --input stays a raw document: its keys are the input as they are.
    let dir = tmp("raw");
    let raw = dir.join("extra.json");
    std::fs::write(
        &raw,
        r#"{"quality_gate": {"status": "OK", "conditions": []}}"#,
    )
    .expect("write");
    let raw = raw.display().to_string();
    let out = check(&[
        "--pack",
        "secure-devops",
        "--evidence",
        sarif,
        "--input",
        &raw,
        "--format",
        "json",
    ]);
    assert_eq!(status_of(&out, "build.quality-gate"), "pass");
    assert_eq!(status_of(&out, "build.sast-clean"), "fail");
    // The same top-level key from both is an error, not a silent override.
    std::fs::write(dir.join("extra.json"), r#"{"findings": []}"#).expect("write");
    let out = check(&[
        "--pack",
        "secure-devops",
        "--evidence",
        sarif,
        "--input",
        &raw,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("both define the top-level key `findings`"),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn packs_combine_with_policies_and_params() {
    let dir = tmp("own");
    let own = dir.join("own.gate");
    std::fs::write(&own, "rule own.sbom {\n  title \"An SBOM is attached\"\n  phase release\n  severity high\n  require input.components != null else \"no SBOM\"\n}\n").expect("write");
    let own = own.display().to_string();
    let out = check(&[
        "--pack",
        "secure-devops",
        "--policy",
        &own,
        "--evidence",
        "examples/evidence",
        "--format",
        "json",
        "--param",
        "min_score=5",
        "--param",
        "secure_devops.nothing=1",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown override is an error"
    );
    let out = check(&[
        "--pack",
        "secure-devops",
        "--policy",
        &own,
        "--evidence",
        "examples/evidence",
        "--format",
        "json",
        "--param",
        "min_score=5",
    ]);
    assert_eq!(status_of(&out, "own.sbom"), "pass");
    assert_eq!(status_of(&out, "operate.scorecard"), "pass");
    assert_eq!(statuses(&out).len(), 20);
    let _ = std::fs::remove_dir_all(&dir);
}
