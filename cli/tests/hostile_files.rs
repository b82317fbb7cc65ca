//! Hostile files on the command line: huge inputs, evidence and policies
//! (sparse files, so no disk is used), endless devices, invalid UTF-8. Each
//! ends in a clear error naming the file, exit code 2, and nothing larger
//! than the limit is ever read into memory.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Output};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/check");
const BIG: u64 = 500 * 1024 * 1024;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .args(args)
        .current_dir(FIX)
        .env("NO_COLOR", "1")
        .output()
        .expect("the phasegate binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output and error together (`lint` prints its report on standard output).
fn both(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(out)
}

/// A file of `len` bytes that takes no disk space.
fn sparse(path: &Path, len: u64) {
    File::create(path)
        .and_then(|f| f.set_len(len))
        .expect("a sparse file");
}

fn check(input_flag: &str, path: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--policy", "review.gate", input_flag, path];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn a_500_mb_input_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.json");
    sparse(&big, BIG);
    let p = big.display().to_string();
    let out = check("--input", &p, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        format!("error: input {p}: 524288000 bytes, more than the limit of 268435456 bytes; raise the limit with --max-input-bytes")
    );
    // The limit is configurable, both ways.
    let out = check("--input", &p, &["--max-input-bytes", "1000"]);
    assert!(
        stderr(&out).contains("more than the limit of 1000 bytes"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_500_mb_evidence_file_is_refused_alone_or_in_a_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("scan.sarif");
    sparse(&big, BIG);
    let p = big.display().to_string();
    let out = check("--evidence", &p, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        format!("error: evidence {p}: 524288000 bytes, more than the limit of 268435456 bytes; raise the limit with --max-input-bytes")
    );
    let d = dir.path().display().to_string();
    let out = check("--evidence", &d, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        format!("error: evidence {p}: 524288000 bytes, more than the limit of 268435456 bytes; raise the limit with --max-input-bytes")
    );
}

#[cfg(unix)]
#[test]
fn an_endless_device_is_cut_at_the_limit_while_reading() {
    for flag in ["--input", "--evidence"] {
        let out = check(flag, "/dev/zero", &["--max-input-bytes", "4096"]);
        assert_eq!(out.status.code(), Some(2), "{flag}");
        let what = if flag == "--input" {
            "input"
        } else {
            "evidence"
        };
        assert_eq!(
            stderr(&out).trim(),
            format!("error: {what} /dev/zero: more than the limit of 4096 bytes; raise the limit with --max-input-bytes")
        );
    }
}

#[test]
fn a_500_mb_policy_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.gate");
    sparse(&big, BIG);
    let p = big.display().to_string();
    let msg = "file is 524288000 bytes; the limit is 16777216 bytes";
    // `lint` reports it like any policy problem (exit 1) …
    let out = run(&["lint", &p]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(both(&out).contains(msg), "{}", both(&out));
    // … and the commands that evaluate refuse to start (exit 2).
    let out = run(&["check", "--policy", &p, "--input", "pass.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("phasegate::parse::file_too_large"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(msg), "{}", stderr(&out));
}

#[test]
fn invalid_utf8_is_a_clear_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("bad.json");
    std::fs::write(&input, b"{\"a\": \"\xff\"}").expect("written");
    let p = input.display().to_string();
    let out = check("--input", &p, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        format!(
            "error: input {p} is not valid UTF-8: invalid utf-8 sequence of 1 bytes from index 7"
        )
    );
    let out = check("--evidence", &format!("sarif={p}"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(&format!(
            "error: evidence {p}: not valid JSON at line 1 column "
        )),
        "{}",
        stderr(&out)
    );
    let policy = dir.path().join("bad.gate");
    std::fs::write(&policy, b"rule a.b {\n  title \"\xc3\x28\"\n}\n").expect("written");
    let out = run(&["lint", &policy.display().to_string()]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let err = both(&out);
    assert!(err.contains("phasegate::parse::invalid_utf8"), "{err}");
    assert!(
        err.contains(
            "file is not valid UTF-8 (first bad byte at line 2, column 10, byte offset 20)"
        ),
        "{err}"
    );
    assert!(err.contains("bad.gate:2:10"), "{err}");
}
