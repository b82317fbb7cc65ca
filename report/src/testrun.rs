//! Test runs of the policies' `test` blocks (`phasegate test`): checking a
//! test's expectations against a decision, and the report as cargo-style
//! text or JSON.

mod coverage;

pub use coverage::render_coverage;

use phasegate_engine::{CoverageReport, Decision, Location, Status, TestCase};
use serde::Serialize;
use std::fmt::Write;

/// An `expect` that did not hold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExpectationFailure {
    /// Rule id.
    pub rule: String,
    /// The expected status.
    pub expected: Status,
    /// The text one of the rule's messages had to contain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The status the rule had (`None` when no rule has this id).
    pub got: Option<Status>,
    /// The rule's messages.
    pub messages: Vec<String>,
    /// Where the `expect` is written.
    pub location: Location,
    /// What went wrong, in words.
    pub reason: String,
}

/// The outcome of one test block.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TestOutcome {
    /// `<file>::<test name>`.
    pub name: String,
    /// Where the test is written.
    pub location: Location,
    /// `true` when every expectation held.
    pub passed: bool,
    /// Why the test could not be evaluated (its params or context are unusable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The expectations that did not hold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<ExpectationFailure>,
}

impl TestOutcome {
    /// The outcome of `test` given the decision its input produced.
    pub fn of(test: &TestCase, decision: &Decision) -> TestOutcome {
        let failures = check(test, decision);
        TestOutcome {
            name: test_name(test),
            location: test.location.clone(),
            passed: failures.is_empty(),
            error: None,
            failures,
        }
    }

    /// A test that could not be evaluated: it fails with `error`.
    pub fn errored(test: &TestCase, error: String) -> TestOutcome {
        TestOutcome {
            name: test_name(test),
            location: test.location.clone(),
            passed: false,
            error: Some(error),
            failures: Vec::new(),
        }
    }
}

/// A whole run: the tests run, in order, and optionally coverage. See
/// [`to_json`] for its JSON form.
#[derive(Clone, Debug, PartialEq)]
pub struct TestRun {
    /// Every test that ran.
    pub tests: Vec<TestOutcome>,
    /// Tests not run because their name did not match the filter.
    pub filtered_out: usize,
    /// Coverage of the policies by the tests that ran, when asked for.
    pub coverage: Option<CoverageReport>,
}

impl TestRun {
    /// Number of tests that passed.
    pub fn passed(&self) -> usize {
        self.tests.iter().filter(|t| t.passed).count()
    }

    /// Number of tests that failed.
    pub fn failed(&self) -> usize {
        self.tests.len() - self.passed()
    }

    /// `true` when at least one test ran and none failed.
    pub fn success(&self) -> bool {
        !self.tests.is_empty() && self.failed() == 0
    }
}

/// `<file>::<test name>`.
pub fn test_name(t: &TestCase) -> String {
    format!("{}::{}", t.location.file, t.name)
}

/// The expectations of `test` that `decision` does not meet.
pub fn check(test: &TestCase, decision: &Decision) -> Vec<ExpectationFailure> {
    let mut out = Vec::new();
    for e in &test.expects {
        let result = decision.result(&e.rule);
        let got = result.map(|r| r.status);
        let messages = result.map(|r| r.messages.clone()).unwrap_or_default();
        let reason = match (got, &e.message) {
            (None, _) => format!("no rule `{}` was evaluated", e.rule),
            (Some(s), _) if s != e.status => format!("expected {}, got {s}", e.status),
            (Some(_), Some(text)) if !messages.iter().any(|m| m.contains(text.as_str())) => {
                format!("no message contains {text:?}")
            }
            _ => continue,
        };
        out.push(ExpectationFailure {
            rule: e.rule.clone(),
            expected: e.status,
            message: e.message.clone(),
            got,
            messages,
            location: e.location.clone(),
            reason,
        });
    }
    out
}

const RESET: &str = "\x1b[0m";
pub(crate) const GREEN: &str = "\x1b[32m";
pub(crate) const RED: &str = "\x1b[31m";
pub(crate) const YELLOW: &str = "\x1b[33m";
pub(crate) const DIM: &str = "\x1b[2m";

/// Wraps text in ANSI colours when enabled.
#[derive(Clone, Copy)]
pub(crate) struct Paint(pub bool);

impl Paint {
    pub(crate) fn paint(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// The run as text in the style of `cargo test`: `running N tests`, one
/// `test <name> ... ok|FAILED` line per test, the failures, coverage when
/// present, then `test result: …` and a plain `N passed, M failed` line.
pub fn render_text(run: &TestRun, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let n = run.tests.len();
    let _ = writeln!(out, "\nrunning {n} test{}", if n == 1 { "" } else { "s" });
    for t in &run.tests {
        let verdict = if t.passed {
            p.paint(GREEN, "ok")
        } else {
            p.paint(RED, "FAILED")
        };
        let _ = writeln!(out, "test {} ... {verdict}", t.name);
    }
    let failed: Vec<&TestOutcome> = run.tests.iter().filter(|t| !t.passed).collect();
    if !failed.is_empty() {
        out.push_str("\nfailures:\n");
        for t in &failed {
            render_failure(&mut out, t, p);
        }
        out.push_str("\nfailures:\n");
        for t in &failed {
            let _ = writeln!(out, "    {}", t.name);
        }
    }
    if let Some(c) = &run.coverage {
        out.push('\n');
        out.push_str(&render_coverage(c, color));
    }
    let verdict = if run.success() {
        p.paint(GREEN, "ok")
    } else {
        p.paint(RED, "FAILED")
    };
    let _ = writeln!(
        out,
        "\ntest result: {verdict}. {} passed; {} failed; {} filtered out",
        run.passed(),
        run.failed(),
        run.filtered_out
    );
    let _ = writeln!(out, "{} passed, {} failed", run.passed(), run.failed());
    out
}

fn render_failure(out: &mut String, t: &TestOutcome, p: Paint) {
    let _ = writeln!(
        out,
        "\n---- {} ({}:{}) ----",
        t.name, t.location.file, t.location.line
    );
    if let Some(e) = &t.error {
        let _ = writeln!(out, "  {} {e}", p.paint(RED, "error:"));
    }
    for f in &t.failures {
        let with = match &f.message {
            Some(m) => format!(" with {m:?}"),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "  expect {} {}{with}  {}",
            f.rule,
            f.expected,
            p.paint(DIM, &format!("({}:{})", f.location.file, f.location.line))
        );
        let _ = writeln!(out, "    {} {}", p.paint(RED, "✗"), f.reason);
        if !f.messages.is_empty() {
            let _ = writeln!(out, "    messages:");
            for m in &f.messages {
                let _ = writeln!(out, "      - {m}");
            }
        }
    }
}

/// The run as one pretty-printed JSON document: `tests` (name, location,
/// passed, failures), `passed`, `failed`, `filtered_out`, and `coverage`
/// when present.
pub fn to_json(run: &TestRun) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        passed: usize,
        failed: usize,
        filtered_out: usize,
        tests: &'a [TestOutcome],
        #[serde(skip_serializing_if = "Option::is_none")]
        coverage: Option<&'a CoverageReport>,
    }
    let doc = Doc {
        passed: run.passed(),
        failed: run.failed(),
        filtered_out: run.filtered_out,
        tests: &run.tests,
        coverage: run.coverage.as_ref(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests;
