//! `phasegate lint`: exit codes, output formats, file discovery.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint")
}

/// Run `phasegate lint <args>` in the fixtures directory, without colors.
fn lint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .arg("lint")
        .args(args)
        .current_dir(fixtures())
        .env("NO_COLOR", "1")
        .output()
        .expect("the phasegate binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh directory under the target directory.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("lint-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temp dir");
    dir
}

#[test]
fn a_clean_policy_exits_0() {
    let o = lint(&["clean/review.gate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "0 errors, 0 warnings in 1 file\n");
}

#[test]
fn warnings_alone_exit_0() {
    let o = lint(&["warn"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.ends_with("0 errors, 2 warnings in 1 file\n"), "{out}");
    assert!(out.contains("phasegate::check::unused_let"), "{out}");
    assert!(out.contains("phasegate::check::unused_param"), "{out}");
}

#[test]
fn errors_exit_1_with_reports_and_a_summary() {
    let o = lint(&["errors/findings.gate"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("errors_human", stdout(&o));
}

#[test]
fn json_output_is_one_object_per_line() {
    let o = lint(&["--format", "json", "errors", "warn"]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 8);
    for v in &lines {
        let obj = v.as_object().expect("an object");
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["code", "column", "file", "help", "line", "message", "severity"]
        );
        assert!(v["code"]
            .as_str()
            .is_some_and(|c| c.starts_with("phasegate::")));
        assert!(matches!(v["severity"].as_str(), Some("error" | "warning")));
        assert!(v["line"].as_u64().is_some_and(|n| n >= 1));
        assert!(v["column"].as_u64().is_some_and(|n| n >= 1));
    }
    // The phase typo: line 7, column 12 (1-based), with a suggestion.
    let phase = lines
        .iter()
        .find(|v| v["code"] == "phasegate::check::invalid_phase")
        .expect("the invalid phase is reported");
    assert_eq!(phase["file"], "errors/findings.gate");
    assert_eq!(
        (phase["line"].as_u64(), phase["column"].as_u64()),
        (Some(7), Some(12))
    );
    assert!(phase["help"]
        .as_str()
        .is_some_and(|h| h.contains("did you mean `build`?")));
    let files: Vec<&str> = lines.iter().filter_map(|v| v["file"].as_str()).collect();
    assert_eq!(files.last(), Some(&"warn/unused.gate"));
}

#[test]
fn directories_are_searched_recursively() {
    let o = lint(&["."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).ends_with("5 errors, 3 warnings in 3 files\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn no_gate_files_is_a_usage_error() {
    let empty = temp_dir("empty");
    std::fs::write(empty.join("notes.txt"), "not a policy").expect("write");
    let o = lint(&[empty.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no .gate files in directory"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());

    let o = lint(&["does/not/exist.gate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such file or directory: does/not/exist.gate"));

    let o = lint(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("required"), "{}", stderr(&o));

    let o = lint(&["--format", "xml", "clean"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn invalid_utf8_is_a_diagnostic() {
    let dir = temp_dir("utf8");
    std::fs::write(
        dir.join("latin1.gate"),
        b"rule a.b {\n  title \"caf\xe9\"\n}\n",
    )
    .expect("write");
    let o = lint(&["--format", "json", dir.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON line");
    assert_eq!(v["code"], "phasegate::parse::invalid_utf8");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(2), Some(13))
    );
}

#[test]
fn very_long_lines_are_reported_without_a_snippet() {
    let dir = temp_dir("long");
    let src = format!("fn f() = {}\n", vec!["1"; 60_000].join("+"));
    std::fs::write(dir.join("long.gate"), src).expect("write");
    let o = lint(&[dir.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.starts_with(
            "error[phasegate::parse::too_deep]: expression nests more than 256 levels deep\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("long.gate:1:10: this expression is too deep"),
        "{out}"
    );
}
