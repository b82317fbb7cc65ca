//! End-to-end tests of bulk evaluation: `phasegate check --evidence-glob`
//! and `--evidence-list` over many generated bundles.

use std::path::Path;
use std::process::{Command, Output};

const NOW: &str = "2026-11-23T00:00:00Z";
const DIRS: usize = 16;
const DOCS: usize = 8;

const POLICY: &str = r#"
rule build.sast-clean {
  title "No error-level finding"
  phase build
  severity high
  require no f in default(input.findings, []): f.level == "error"
    else "{f.rule_id} at {f.file}:{f.line}"
}

rule build.few-findings {
  title "At most one finding"
  phase build
  severity low
  when input.findings != null else "no scan"
  require count(input.findings) < 2
}
"#;

/// A SARIF report with one result of the given level.
fn sarif(level: &str, n: usize) -> String {
    format!(
        r#"{{"version":"2.1.0","runs":[{{"tool":{{"driver":{{"name":"demo"}}}},"results":[{{"ruleId":"R{n}","level":"{level}","message":{{"text":"m"}},"locations":[{{"physicalLocation":{{"artifactLocation":{{"uri":"src/f{n}.py"}},"region":{{"startLine":{n}}}}}}}]}}]}}]}}"#
    )
}

/// Whether bundle `i` has an error-level finding (and so is blocked).
fn blocked(i: usize) -> bool {
    matches!(i % 4, 0)
}

/// `bundles/repo-NN/` (SARIF, adapters) and `bundles/doc-NN.json` (plain documents).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(root.join("policy.gate"), POLICY).expect("write policy");
    for i in 0..DIRS {
        let b = root.join(format!("bundles/repo-{i:02}"));
        std::fs::create_dir_all(&b).expect("bundle dir");
        let level = if blocked(i) { "error" } else { "note" };
        std::fs::write(b.join("scan.sarif"), sarif(level, i)).expect("write sarif");
    }
    for i in 0..DOCS {
        let level = if blocked(i) { "error" } else { "warning" };
        let doc = format!(
            r#"{{"findings": [{{"rule_id": "D{i}", "level": "{level}", "file": "d.py", "line": {i}}}, {{"rule_id": "X", "level": "note"}}]}}"#
        );
        std::fs::write(root.join(format!("bundles/doc-{i:02}.json")), doc).expect("write doc");
    }
    dir
}

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .args(["check", "--policy", "policy.gate", "--now", NOW])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("the phasegate binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn records(out: &Output) -> Vec<serde_json::Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("a JSON line ({e}): {l}")))
        .collect()
}

#[test]
fn jsonl_has_one_sorted_record_per_bundle() {
    let ws = workspace();
    let out = check(
        ws.path(),
        &["--evidence-glob", "bundles/*", "--format", "jsonl"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let recs = records(&out);
    assert_eq!(recs.len(), DIRS + DOCS);
    let names: Vec<&str> = recs.iter().filter_map(|r| r["bundle"].as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "records are in bundle path order");
    for r in &recs {
        let name = r["bundle"].as_str().expect("bundle");
        let digits: String = name.chars().filter(char::is_ascii_digit).collect();
        let i: usize = digits.parse().expect("bundle number");
        let results = r["decision"]["results"].as_array().expect("results");
        let sast = &results[0];
        assert_eq!(sast["id"], "build.sast-clean");
        let want = if blocked(i) { "fail" } else { "pass" };
        assert_eq!(sast["status"], want, "{name}");
        assert_eq!(r["verdict"], want, "{name}");
        let few = &results[1]["status"];
        let want_few = if name.ends_with(".json") {
            "fail"
        } else {
            "pass"
        };
        assert_eq!(few, want_few, "{name}: low-severity rule");
    }
    let first = &recs[0];
    assert_eq!(first["bundle"], "bundles/doc-00.json");
    assert_eq!(
        first["decision"]["results"][0]["messages"][0],
        "D0 at d.py:0"
    );
    let repo = recs
        .iter()
        .find(|r| r["bundle"] == "bundles/repo-04")
        .expect("repo-04");
    assert_eq!(
        repo["decision"]["results"][0]["messages"][0], "R4 at src/f4.py:4",
        "a directory goes through the evidence adapters"
    );
    // The summary table goes to standard error, leaving stdout pure JSON lines.
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("24 bundle(s): 18 pass the gate, 6 blocked, 0 not loaded"),
        "{stderr}"
    );
}

#[test]
fn human_output_is_a_summary_table() {
    let ws = workspace();
    let out = check(ws.path(), &["--evidence-glob", "bundles/*"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), DIRS + DOCS + 2, "{stdout}");
    assert_eq!(
        lines[0],
        "bundle                pass   fail   skip  error  verdict"
    );
    assert_eq!(
        lines[1],
        "bundles/doc-00.json      0      2      0      0  FAIL: build.sast-clean"
    );
    assert_eq!(
        lines[2],
        "bundles/doc-01.json      1      1      0      0  pass"
    );
    assert!(stdout.contains("\nbundles/repo-15          2      0      0      0  pass\n"));
    assert_eq!(
        lines[lines.len() - 1],
        "24 bundle(s): 18 pass the gate, 6 blocked, 0 not loaded"
    );
    assert!(
        out.stderr.is_empty(),
        "no progress bar off a terminal: {}",
        text(&out.stderr)
    );
    let again = check(ws.path(), &["--evidence-glob", "bundles/*"]);
    assert_eq!(
        again.stdout, out.stdout,
        "the output does not depend on scheduling"
    );
}

#[test]
fn the_gate_decides_the_exit_code() {
    let ws = workspace();
    let out = check(
        ws.path(),
        &["--evidence-glob", "bundles/*", "--fail-on", "critical"],
    );
    assert_eq!(out.status.code(), Some(0), "no critical rule fails");
    // These documents fail only the low-severity rule.
    let docs = "bundles/doc-0[1-3].json";
    let out = check(ws.path(), &["--evidence-glob", docs]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = check(ws.path(), &["--evidence-glob", docs, "--fail-on", "low"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("FAIL: build.few-findings"));
}

#[test]
fn a_list_file_names_bundles_and_unloadable_ones_exit_2() {
    let ws = workspace();
    let root = ws.path();
    std::fs::create_dir_all(root.join("broken")).expect("dir");
    std::fs::write(root.join("broken/scan.json"), "{not json").expect("write");
    std::fs::write(
        root.join("list.txt"),
        "# bundles to check\nbundles/repo-01\n\nbundles/doc-03.json\nmissing/evidence\nbroken\nbundles/repo-01\n",
    )
    .expect("write list");
    let out = check(root, &["--evidence-list", "list.txt", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let recs = records(&out);
    let names: Vec<&str> = recs.iter().filter_map(|r| r["bundle"].as_str()).collect();
    assert_eq!(
        names,
        [
            "broken",
            "bundles/doc-03.json",
            "bundles/repo-01",
            "missing/evidence"
        ]
    );
    assert!(recs[0]["error"]
        .as_str()
        .expect("error")
        .contains("not valid JSON"));
    assert!(recs[0].get("decision").is_none());
    assert_eq!(recs[1]["verdict"], "pass");
    assert_eq!(recs[2]["verdict"], "pass");
    assert!(recs[3]["error"]
        .as_str()
        .expect("error")
        .contains("cannot read input missing/evidence"));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("4 bundle(s): 2 pass the gate, 0 blocked, 2 not loaded"),
        "{stderr}"
    );

    let human = check(root, &["--evidence-list", "list.txt"]);
    assert_eq!(human.status.code(), Some(2));
    assert!(text(&human.stdout).contains(
        "\nbroken                   -      -      -      -  NOT LOADED: scan.json: not valid JSON"
    ));
}

#[test]
fn glob_and_list_together_are_one_sorted_set() {
    let ws = workspace();
    std::fs::write(ws.path().join("list.txt"), "bundles/doc-01.json\n").expect("write");
    let out = check(
        ws.path(),
        &[
            "--evidence-glob",
            "bundles/repo-0[1-3]",
            "--evidence-list",
            "list.txt",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let names: Vec<String> = records(&out)
        .iter()
        .filter_map(|r| r["bundle"].as_str().map(String::from))
        .collect();
    assert_eq!(
        names,
        [
            "bundles/doc-01.json",
            "bundles/repo-01",
            "bundles/repo-02",
            "bundles/repo-03"
        ]
    );
}

#[test]
fn usage_errors_exit_2() {
    let ws = workspace();
    let cases: [(&[&str], &str); 5] = [
        (&["--evidence-glob", "nothing/*"], "matches nothing"),
        (
            &["--evidence-glob", "bundles/[", "--format", "jsonl"],
            "not a valid pattern",
        ),
        (
            &[
                "--evidence-glob",
                "bundles/*",
                "--explain",
                "build.sast-clean",
            ],
            "--explain evaluates one input",
        ),
        (
            &["--evidence-glob", "bundles/*", "--format", "json"],
            "--format jsonl",
        ),
        (
            &["--evidence-list", "no-such-list.txt"],
            "cannot read --evidence-list",
        ),
    ];
    for (args, msg) in cases {
        let out = check(ws.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains(msg),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = check(
        ws.path(),
        &["--evidence-glob", "bundles/*", "--input", "x.json"],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "--input and --evidence-glob conflict"
    );
}

#[test]
fn jsonl_for_one_input_is_the_decision_on_one_line() {
    let ws = workspace();
    let out = check(
        ws.path(),
        &["--input", "bundles/doc-01.json", "--format", "jsonl"],
    );
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["results"][0]["status"], "pass");
}
