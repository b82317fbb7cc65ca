//! End-to-end tests of `phasegate test`: cargo-style output, exit codes,
//! JSON, coverage, and no false green.

use std::path::Path;
use std::process::{Command, Output};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/test");

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasegate"))
        .arg("test")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the phasegate binary runs")
}

fn run(args: &[&str]) -> Output {
    run_in(Path::new(FIX), args)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}): {}", text(&out.stdout)))
}

/// The plain `N passed, M failed` line, which must be the last line.
fn closing_counts(stdout: &str) -> (usize, usize) {
    let last = stdout.lines().last().expect("some output");
    let (p, f) = last
        .split_once(" passed, ")
        .unwrap_or_else(|| panic!("closing line: {last:?}"));
    let f = f.strip_suffix(" failed").expect("ends with `failed`");
    (
        p.parse().expect("a count of passed tests"),
        f.parse().expect("a count of failed tests"),
    )
}

#[test]
fn passing_tests_exit_0_like_cargo() {
    let out = run(&["pass"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\nrunning 3 tests\n"), "{stdout}");
    assert!(stdout.contains("test pass/review.gate::two approvals can be required ... ok\n"));
    assert!(stdout.contains("\ntest result: ok. 3 passed; 0 failed; 0 filtered out\n"));
    assert_eq!(closing_counts(&stdout), (3, 0));
    assert!(!stdout.contains('\x1b'));
}

#[test]
fn failing_tests_exit_1_with_details() {
    let out = run(&["fail"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    insta::assert_snapshot!("failing_human", stdout);
    assert_eq!(closing_counts(&stdout), (1, 2));
}

#[test]
fn json_lists_every_test_and_failure() {
    let out = run(&["fail", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(
        (doc["passed"].as_u64(), doc["failed"].as_u64()),
        (Some(1), Some(2))
    );
    let tests = doc["tests"].as_array().expect("tests");
    assert_eq!(tests.len(), 3);
    assert_eq!(
        tests[0]["name"],
        "fail/review.gate::a self-approval is not enough"
    );
    assert_eq!(tests[0]["passed"], false);
    let f = &tests[0]["failures"][0];
    assert_eq!(f["rule"], "build.peer-review");
    assert_eq!(
        (f["expected"].as_str(), f["got"].as_str()),
        (Some("pass"), Some("fail"))
    );
    assert_eq!(f["messages"][0], "PR #9 has 0 approval(s) from others");
    assert_eq!(f["location"]["line"], 25);
    let m = &tests[1]["failures"][0];
    assert_eq!(m["message"], "js/xss");
    assert_eq!(m["reason"], "no message contains \"js/xss\"");
    assert_eq!(tests[2]["passed"], true);
    assert!(tests[2].get("failures").is_none());
    assert!(doc.get("coverage").is_none(), "no coverage unless asked");
}

#[test]
fn coverage_reports_outcomes_and_code_that_never_ran() {
    let out = run(&["pass", "--coverage"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    insta::assert_snapshot!("coverage_human", stdout);
    assert_eq!(closing_counts(&stdout), (3, 0));

    let doc = json(&run(&["pass", "--coverage", "--format", "json"]));
    let cov = &doc["coverage"];
    assert_eq!(cov["evaluations"], 3);
    assert_eq!(cov["totals"]["outcomes"], 5);
    assert_eq!(cov["totals"]["outcomes_covered"], 5);
    let sast = &cov["rules"][1];
    assert_eq!(sast["rule"], "build.sast-clean");
    assert_eq!(sast["can_skip"], false);
    assert_eq!(sast["outcomes"]["fail"], 1);
    let never: Vec<&serde_json::Value> = sast["points"]
        .as_array()
        .expect("points")
        .iter()
        .filter(|p| p["hits"] == 0)
        .collect();
    assert_eq!(never.len(), 1);
    assert_eq!(never[0]["kind"], "or-right");
    assert_eq!(never[0]["text"], "f.level == \"critical\"");
    assert_eq!(
        (never[0]["line"].as_u64(), never[0]["column"].as_u64()),
        (Some(23), Some(70))
    );
    assert_eq!(cov["functions"][0]["name"], "is_bot");
    assert_eq!(cov["functions"][0]["calls"], 2);
}

#[test]
fn coverage_of_a_filtered_run_shows_missing_outcomes() {
    let out = run(&["pass", "--coverage", "--filter", "is skipped"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("running 1 test\n"), "{stdout}");
    assert!(
        stdout.contains("build.peer-review  pass ✗  fail ✗  skip ✓  1/9 points ran"),
        "{stdout}"
    );
    assert!(stdout.contains("fn is_bot (pass/review.gate:6)  never called"));
    assert!(stdout.contains("; 2 filtered out\n"));
}

#[test]
fn no_tests_is_an_error_not_a_pass() {
    let out = run(&["none"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no test blocks found in none"));
    let out = run(&["pass", "--filter", "no such test"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no test matches --filter \"no such test\" (3 test(s) found)")
    );
}

#[test]
fn policy_errors_exit_2_with_a_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("bad.gate"),
        "rule a.b {\n  title \"t\"\n  phase build\n  severity low\n  require input.x >\n}\n",
    )
    .expect("write policy");
    let out = run_in(dir.path(), &["bad.gate"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bad.gate"), "{stderr}");
    assert!(out.stdout.is_empty());
    let out = run(&["does-not-exist"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_test_params_override_wins_over_the_command_line() {
    // `--param min_approvals=3` applies to every test: the first (one
    // approval, no params of its own) now fails; the second sets
    // `min_approvals: 2` itself, which wins, and still passes.
    let out = run(&["pass", "--param", "min_approvals=3", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let names: Vec<(&str, bool)> = doc["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .map(|t| (t["name"].as_str().unwrap_or(""), t["passed"] == true))
        .collect();
    assert_eq!(
        names,
        [
            (
                "pass/review.gate::an approval from someone else passes",
                false
            ),
            ("pass/review.gate::two approvals can be required", true),
            ("pass/review.gate::no pull request is skipped", true),
        ]
    );
}

#[test]
fn the_example_policies_pass_their_own_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = run_in(&root, &["examples/policies"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    let (passed, failed) = closing_counts(&stdout);
    assert!(passed >= 20, "{stdout}");
    assert_eq!(failed, 0);
    let out = run_in(
        &root,
        &["examples/policies", "--coverage", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let cov = &json(&out)["coverage"];
    assert_eq!(cov["totals"]["outcomes"], cov["totals"]["outcomes_covered"]);
}

#[test]
fn the_built_in_pack_passes_its_own_tests() {
    let out = run(&["--pack", "secure-devops", "--coverage"]);
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    let (passed, failed) = closing_counts(&stdout);
    assert_eq!(failed, 0);
    // The pack has 19 rules, each with several test blocks.
    assert!(passed >= 19, "{passed} tests");
    assert!(
        stdout.contains("build.peer-review"),
        "coverage names the rules"
    );
    assert_eq!(
        run(&["test", "--pack", "secure-devop"]).status.code(),
        Some(2)
    );
}
