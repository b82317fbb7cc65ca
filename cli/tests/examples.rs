//! Every example policy lints with no error and no warning, and behaves as
//! its example inputs say: `examples/inputs/<phase>.pass.json` passes every
//! rule of `examples/policies/<phase>.gate`, `<phase>.fail.json` fails some.

use phasegate_lang::types::Catalog;
use phasegate_lang::{check, parse_bytes, Checked, Parsed};
use std::path::{Path, PathBuf};

fn example_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/policies");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/policies exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "gate"))
        .collect();
    files.sort();
    files
}

fn lint(catalog: &dyn Catalog) -> Checked {
    let parsed: Vec<Parsed> = example_files()
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("readable example");
            parse_bytes(&p.display().to_string(), &bytes)
        })
        .collect();
    check(&parsed, catalog)
}

fn assert_clean(c: &Checked) {
    let problems: Vec<String> = c
        .diagnostics
        .iter()
        .map(|d| {
            let (line, col) = d.line_col();
            format!(
                "{}:{line}:{col}: {}: {}",
                d.file.name,
                d.code.as_str(),
                d.message
            )
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn there_is_one_example_per_phase() {
    let c = lint(phasegate_stdlib::registry());
    let names: Vec<String> = example_files()
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    let phases: Vec<&str> = phasegate_lang::model::Phase::ALL
        .iter()
        .map(|p| p.as_str())
        .collect();
    let mut sorted = phases.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    for phase in phasegate_lang::model::Phase::ALL {
        let rules: Vec<_> = c.rules.iter().filter(|r| r.phase == phase).collect();
        assert!(
            (1..=3).contains(&rules.len()),
            "{phase}: {} rules",
            rules.len()
        );
        assert!(rules
            .iter()
            .all(|r| r.remediation.is_some() && !r.references.is_empty()));
    }
}

#[test]
fn examples_lint_cleanly_with_the_stdlib_registry() {
    assert_clean(&lint(phasegate_stdlib::registry()));
}

/// The time the example inputs are written for (their tests use the same).
const NOW: &str = "2026-11-23T00:00:00Z";

fn check_json(policy: &Path, input: &Path) -> (Option<i32>, serde_json::Value) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "info",
            "--now",
            NOW,
            "--policy",
        ])
        .arg(policy)
        .arg("--input")
        .arg(input)
        .output()
        .expect("phasegate runs");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: JSON output ({e}): {}",
            input.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), doc)
}

fn statuses(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["results"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .map(|r| {
                    (
                        r["id"].as_str().unwrap_or("").to_string(),
                        r["status"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_example_policy_has_a_passing_and_a_failing_input() {
    let inputs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/inputs");
    for policy in example_files() {
        let stem = policy
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (code, doc) = check_json(&policy, &inputs.join(format!("{stem}.pass.json")));
        let st = statuses(&doc);
        assert!(!st.is_empty(), "{stem}: no results");
        assert!(
            st.iter().all(|(_, s)| s == "pass"),
            "{stem}.pass.json: {st:?}"
        );
        assert_eq!(code, Some(0), "{stem}.pass.json exits 0");
        let (code, doc) = check_json(&policy, &inputs.join(format!("{stem}.fail.json")));
        let st = statuses(&doc);
        assert!(
            st.iter().any(|(_, s)| s == "fail"),
            "{stem}.fail.json: {st:?}"
        );
        assert!(
            st.iter().all(|(_, s)| s != "error"),
            "{stem}.fail.json has no errors: {st:?}"
        );
        assert_eq!(code, Some(1), "{stem}.fail.json exits 1");
    }
}
