//! `plugin` declarations through the CLI. Without the `plugins` feature a
//! policy that declares one is refused with a clear diagnostic; with it
//! (scripts/test-wasm.sh runs `cargo test -p phasegate --features plugins
//! --test plugins`), the example WebAssembly plugin decides rules in
//! `check` and `test`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn phasegate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run phasegate")
}

/// Both streams, with miette's line wrapping undone (words joined by one
/// space, the `│` of continuation lines dropped): the width of the
/// rendering depends on the terminal.
fn text(out: &Output) -> String {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    all.split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

/// The example policies with the plugin file copied next to them (absent
/// when `plugin` is `None`).
fn example(plugin: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    let src = root().join("examples/plugins/licences/policies/licences.gate");
    std::fs::copy(src, dir.path().join("licences.gate")).expect("copy");
    if let Some(p) = plugin {
        std::fs::copy(p, dir.path().join("licences.wasm")).expect("copy plugin");
    }
    dir
}

#[cfg(not(feature = "plugins"))]
#[test]
fn without_plugin_support_the_declaration_is_a_located_error() {
    let dir = example(None);
    let policy = dir.path().to_string_lossy().to_string();
    let out = phasegate(&[
        "check",
        "--policy",
        &policy,
        "--input",
        "examples/plugins/licences/inputs/pass.json",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("phasegate::check::plugin"), "{t}");
    assert!(
        t.contains("this build of phasegate cannot run WebAssembly plugins"),
        "{t}"
    );
    assert!(t.contains("licences.gate:6:19"), "{t}");
    assert!(t.contains("`plugins` cargo feature"), "{t}");
}

#[cfg(feature = "plugins")]
fn plugin() -> PathBuf {
    let p = std::env::var_os("PHASEGATE_PLUGIN_LICENCES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/wasm/phasegate_plugin_licences.wasm"));
    assert!(
        p.is_file(),
        "{} is missing: build it with `bash scripts/build-wasm.sh`",
        p.display()
    );
    p
}

#[cfg(feature = "plugins")]
#[test]
fn check_runs_the_plugin_and_reports_its_verdicts() {
    let dir = example(Some(&plugin()));
    let policy = dir.path().to_string_lossy().to_string();
    let pass = phasegate(&[
        "check",
        "--policy",
        &policy,
        "--input",
        "examples/plugins/licences/inputs/pass.json",
    ]);
    assert_eq!(pass.status.code(), Some(0), "{}", text(&pass));
    let fail = phasegate(&[
        "check",
        "--policy",
        &policy,
        "--input",
        "examples/plugins/licences/inputs/fail.json",
        "--format",
        "json",
    ]);
    assert_eq!(fail.status.code(), Some(1), "{}", text(&fail));
    let doc: serde_json::Value = serde_json::from_slice(&fail.stdout).expect("json");
    let rule = doc["results"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["id"] == "code.licences-allowed"))
        .expect("rule");
    assert_eq!(rule["status"], "fail");
    assert_eq!(
        rule["messages"],
        serde_json::json!([
            "readline@8.2 is copyleft (GPL-3.0-or-later)",
            "mongo-driver@1.2.0 is network-copyleft (SSPL-1.0)",
            "internal-lib@0.1.0 is unknown (LicenseRef-acme-proprietary)"
        ])
    );
}

#[cfg(feature = "plugins")]
#[test]
fn test_blocks_run_against_the_plugin() {
    let dir = example(Some(&plugin()));
    let policy = dir.path().to_string_lossy().to_string();
    let out = phasegate(&["test", &policy]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("4 passed"), "{}", text(&out));
}

#[cfg(feature = "plugins")]
#[test]
fn a_missing_plugin_file_is_a_located_error() {
    let dir = example(None);
    let policy = dir.path().to_string_lossy().to_string();
    let out = phasegate(&["test", &policy]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("phasegate::check::plugin"), "{t}");
    assert!(t.contains("licences.wasm"), "{t}");
}
