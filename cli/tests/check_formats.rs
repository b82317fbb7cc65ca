//! `phasegate check --format … --output …`: every format, several in one run,
//! and the pairing rules of `--format` and `--output`.

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const POLICIES: &str = "tests/browser/fixtures/policies";
const INPUT: &str = "tests/browser/fixtures/input.json";

/// A fresh directory for one test's files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("check_formats")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Run `phasegate check` on the demo fixture with extra arguments, from the workspace root.
fn check(extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .current_dir(ROOT)
        .args(["check", "--policy", POLICIES, "--input", INPUT])
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .expect("run phasegate")
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sarif_errors(log: &Json) -> Vec<String> {
    let schema: Json =
        serde_json::from_str(include_str!("../../tests/schemas/sarif-schema-2.1.0.json")).unwrap();
    let v = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    v.iter_errors(log).map(|e| e.to_string()).collect()
}

/// Names of the elements of an XML document, in document order (checks well-formedness).
fn xml_elements(xml: &str) -> Vec<String> {
    let mut r = Reader::from_str(xml);
    let mut names = Vec::new();
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                names.push(String::from_utf8_lossy(e.name().as_ref()).into_owned())
            }
            Event::Eof => return names,
            _ => {}
        }
    }
}

#[test]
fn several_formats_in_one_run() {
    let dir = temp_dir("several");
    let (json, sarif, junit, html) = (
        dir.join("a.json"),
        dir.join("b.sarif"),
        dir.join("c.xml"),
        dir.join("d.html"),
    );
    let o = check(&[
        "--format",
        "json",
        "--output",
        p(&json),
        "--format",
        "sarif",
        "--output",
        p(&sarif),
        "--format",
        "junit",
        "-o",
        p(&junit),
        "--format",
        "html",
        "-o",
        p(&html),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "failing rules exit 1: {}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());

    let decision: Json = serde_json::from_str(&read(&json)).unwrap();
    let summary = &decision["summary"];
    assert_eq!(
        (summary["total"].as_u64(), summary["fail"].as_u64()),
        (Some(11), Some(4))
    );

    let log: Json = serde_json::from_str(&read(&sarif)).unwrap();
    assert_eq!(sarif_errors(&log), Vec::<String>::new());
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let sast = results
        .iter()
        .find(|r| r["ruleId"] == "code.sast-clean")
        .unwrap();
    assert_eq!(
        sast["locations"][1]["physicalLocation"]["artifactLocation"]["uri"],
        "src/files/download.py"
    );

    let xml = read(&junit);
    let names = xml_elements(&xml);
    assert_eq!(names.iter().filter(|n| *n == "testcase").count(), 11);
    assert_eq!(names.iter().filter(|n| *n == "testsuite").count(), 7);
    assert_eq!(names.iter().filter(|n| *n == "failure").count(), 4);

    let page = read(&html);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains(r#"data-testid="count-fail">4<"#));
}

#[test]
fn one_report_on_stdout_and_the_others_in_files() {
    let dir = temp_dir("stdout");
    let sarif = dir.join("r.sarif");
    let o = check(&[
        "--format",
        "sarif",
        "--output",
        p(&sarif),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let decision: Json = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    assert_eq!(decision["summary"]["error"], 1);
    let log: Json = serde_json::from_str(&read(&sarif)).unwrap();
    assert_eq!(log["version"], "2.1.0");
}

#[test]
fn each_format_alone_goes_to_stdout() {
    let human = check(&[]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("11 rules: 5 passed, 4 failed, 1 skipped, 1 errors"),
        "{text}"
    );
    for (format, start) in [
        ("json", "{\n"),
        ("jsonl", "{\"results\":["),
        ("sarif", "{\n  \"$schema\""),
        ("junit", "<?xml"),
        ("html", "<!DOCTYPE html>"),
    ] {
        let o = check(&["--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        assert!(
            String::from_utf8_lossy(&o.stdout).starts_with(start),
            "{format}"
        );
    }
}

#[test]
fn an_output_without_format_is_the_human_report_without_colour() {
    let dir = temp_dir("human");
    let out = dir.join("report.txt");
    let o = check(&["--output", p(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let text = read(&out);
    assert!(text.contains("FAILED: 4 blocking rule(s)"), "{text}");
    assert!(!text.contains('\x1b'));
}

#[test]
fn a_lone_output_may_come_before_its_format() {
    let dir = temp_dir("lone");
    let out = dir.join("r.xml");
    let o = check(&["--output", p(&out), "--format", "junit"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(read(&out).starts_with("<?xml"));
}

#[test]
fn ambiguous_pairings_are_usage_errors() {
    let dir = temp_dir("ambiguous");
    let (a, b) = (dir.join("a"), dir.join("b"));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--format", "json", "--format", "sarif"],
            "only one report can go to standard output",
        ),
        (
            vec!["--format", "json", "-o", p(&a), "-o", p(&b)],
            "has two outputs",
        ),
        (
            vec![
                "-o",
                p(&a),
                "--format",
                "json",
                "--format",
                "sarif",
                "-o",
                p(&b),
            ],
            "comes before any --format",
        ),
        (
            vec![
                "--format",
                "json",
                "-o",
                p(&a),
                "--format",
                "sarif",
                "-o",
                p(&a),
            ],
            "two reports would be written to",
        ),
        (vec!["--format", "pdf"], "invalid value 'pdf'"),
    ];
    for (args, msg) in cases {
        let o = check(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(msg), "{args:?}: {}", stderr(&o));
    }
    assert!(
        !a.exists() && !b.exists(),
        "nothing is written on a usage error"
    );
}

#[test]
fn an_unwritable_output_is_an_error_and_the_other_reports_are_still_written() {
    let dir = temp_dir("unwritable");
    let ok = dir.join("ok.json");
    let bad = dir.join("missing-dir").join("r.sarif");
    let o = check(&[
        "--format",
        "sarif",
        "-o",
        p(&bad),
        "--format",
        "json",
        "-o",
        p(&ok),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot write the sarif report to"),
        "{}",
        stderr(&o)
    );
    assert!(read(&ok).contains("\"summary\""));
}

#[test]
fn a_clean_decision_exits_0_with_an_empty_sarif_run() {
    let dir = temp_dir("clean");
    let policy = dir.join("ok.gate");
    std::fs::write(
        &policy,
        "rule build.ok {\n  title \"ok\"\n  phase build\n  severity high\n  require input.ok == true\n}\n",
    )
    .unwrap();
    let input = dir.join("in.json");
    std::fs::write(&input, r#"{"ok": true}"#).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .args([
            "check",
            "-p",
            p(&policy),
            "-i",
            p(&input),
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let log: Json = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(sarif_errors(&log), Vec::<String>::new());
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"][0]["id"],
        "build.ok"
    );
}

#[test]
fn explain_writes_text_or_json_to_its_output() {
    let dir = temp_dir("explain");
    let out = dir.join("x.json");
    let o = check(&[
        "--explain",
        "build.peer-review",
        "--format",
        "json",
        "-o",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let x: Json = serde_json::from_str(&read(&out)).unwrap();
    assert!(x.is_object());
    let o = check(&["--explain", "build.peer-review", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--explain writes text or JSON"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_real_scanners_sarif_findings_are_located_in_the_output() {
    // Evidence items that are raw SARIF results (from a real scan) keep their file and line.
    let dir = temp_dir("real-sarif");
    let policy = dir.join("sast.gate");
    std::fs::write(
        &policy,
        r#"rule code.no-taint {
  title "No error-level taint finding"
  phase code
  severity high
  require no r in input.runs[0].results: r.level == "error" else "{r.ruleId}"
}
"#,
    )
    .unwrap();
    let scan = "tests/fixtures/real/sarif/shiftleft-scan.python-taint.sarif";
    let o = Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .current_dir(ROOT)
        .args(["check", "-p", p(&policy), "-i", scan, "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let log: Json = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(sarif_errors(&log), Vec::<String>::new());

    let source: Json = serde_json::from_str(&read(&Path::new(ROOT).join(scan))).unwrap();
    let mut want: Vec<(Json, Json)> = Vec::new();
    for r in source["runs"][0]["results"].as_array().unwrap() {
        if r["level"] != "error" {
            continue;
        }
        let loc = &r["locations"][0]["physicalLocation"];
        let pair = (
            loc["artifactLocation"]["uri"].clone(),
            loc["region"]["startLine"].clone(),
        );
        if !want.contains(&pair) {
            want.push(pair);
        }
    }
    assert!(want.len() > 1);
    let result = &log["runs"][0]["results"][0];
    let got: Vec<(Json, Json)> = result["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let p = &l["physicalLocation"];
            (
                p["artifactLocation"]["uri"].clone(),
                p["region"]["startLine"].clone(),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        format!("file://{}", p(&policy))
    );
}
