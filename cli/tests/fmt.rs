//! `phasegate fmt` end to end: exit codes, `--check`, rewriting in place.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FORMATTED: &str =
    "rule a.b {\n  title \"t\"\n  phase build\n  severity low\n  require true # ok\n}\n";
const MESSY: &str = "rule   c.d{title \"t\" phase build severity low\n require   1==1   # fine\n}";
const MESSY_FORMATTED: &str =
    "rule c.d {\n  title \"t\"\n  phase build\n  severity low\n  require 1 == 1 # fine\n}\n";
const BROKEN: &str = "rule e.f {\n  require\n}\n";

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fmt-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("nested")).expect("create scratch dir");
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write test file");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read test file")
}

fn phasegate(args: &[&Path]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_phasegate"));
    cmd.arg("fmt").args(args);
    cmd.output().expect("run phasegate")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_lists_unformatted_files_exits_1_and_writes_nothing() {
    let dir = scratch("check-fail");
    let (good, bad) = (dir.join("good.gate"), dir.join("nested/bad.gate"));
    write(&good, FORMATTED);
    write(&bad, MESSY);
    let out = phasegate(&[Path::new("--check"), &dir]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let listed = stdout(&out);
    assert!(listed.contains("bad.gate"), "{listed}");
    assert!(!listed.contains("good.gate"), "{listed}");
    assert_eq!(read(&bad), MESSY, "--check must not write");
}

#[test]
fn check_exits_0_when_everything_is_formatted() {
    let dir = scratch("check-ok");
    write(&dir.join("good.gate"), FORMATTED);
    let out = phasegate(&[Path::new("--check"), &dir]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn rewrites_changed_files_in_place_and_leaves_formatted_ones_alone() {
    let dir = scratch("rewrite");
    let (good, bad) = (dir.join("good.gate"), dir.join("nested/bad.gate"));
    write(&good, FORMATTED);
    write(&bad, MESSY);
    let before = std::fs::metadata(&good).and_then(|m| m.modified()).ok();
    std::thread::sleep(std::time::Duration::from_millis(50));
    let out = phasegate(&[&dir]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&bad), MESSY_FORMATTED);
    assert_eq!(read(&good), FORMATTED);
    let after = std::fs::metadata(&good).and_then(|m| m.modified()).ok();
    assert_eq!(before, after, "an unchanged file must not be rewritten");
    // Now everything is formatted.
    let again = phasegate(&[Path::new("--check"), &dir]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
}

#[test]
fn a_file_with_syntax_errors_exits_2_with_its_diagnostic_and_is_not_touched() {
    let dir = scratch("syntax");
    let (broken, bad) = (dir.join("broken.gate"), dir.join("bad.gate"));
    write(&broken, BROKEN);
    write(&bad, MESSY);
    for check in [true, false] {
        let out = if check {
            phasegate(&[Path::new("--check"), &dir])
        } else {
            phasegate(&[&dir])
        };
        assert_eq!(out.status.code(), Some(2), "check={check}");
        let err = stderr(&out);
        assert!(err.contains("phasegate::parse::syntax"), "{err}");
        assert!(err.contains("broken.gate"), "{err}");
        assert_eq!(read(&broken), BROKEN);
    }
    // The other file was still formatted by the run without --check.
    assert_eq!(read(&bad), MESSY_FORMATTED);
}

#[test]
fn a_missing_path_exits_2() {
    let dir = scratch("missing");
    let out = phasegate(&[&dir.join("nope.gate")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no such file or directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_path_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .arg("fmt")
        .output()
        .expect("run phasegate");
    assert_eq!(out.status.code(), Some(2));
}
