//! Human-readable text: results grouped by phase, coloured by status.

use crate::gate::Gate;
use phasegate_engine::{Decision, RuleResult, Status};
use std::fmt::Write;

/// Options of the human reporter.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Use ANSI colours (the CLI turns them off for NO_COLOR and non-TTY output).
    pub color: bool,
    /// Also list passing rules' details (they are always counted).
    pub verbose: bool,
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";

fn status_color(s: Status) -> &'static str {
    match s {
        Status::Pass => "\x1b[32m",
        Status::Fail => "\x1b[31m",
        Status::Skip => "\x1b[33m",
        Status::Error => "\x1b[35m",
    }
}

fn status_mark(s: Status) -> &'static str {
    match s {
        Status::Pass => "✓ pass ",
        Status::Fail => "✗ FAIL ",
        Status::Skip => "- skip ",
        Status::Error => "! ERROR",
    }
}

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// Render a decision as text, grouped by phase in delivery order.
pub fn render(decision: &Decision, gate: &Gate, style: Style) -> String {
    let p = Painter { color: style.color };
    let mut out = String::new();
    let width = decision
        .results
        .iter()
        .map(|r| r.id.len())
        .max()
        .unwrap_or(0);
    for (phase, rules, c) in decision.phases() {
        let _ = writeln!(
            out,
            "{}  {}",
            p.paint(BOLD, phase.as_str()),
            p.paint(
                DIM,
                &format!(
                    "{} pass, {} fail, {} skip, {} error",
                    c.pass, c.fail, c.skip, c.error
                )
            )
        );
        for r in rules {
            render_rule(&mut out, r, width, &p, style);
        }
        out.push('\n');
    }
    let c = decision.summary.counts;
    let _ = writeln!(
        out,
        "{} rules: {} passed, {} failed, {} skipped, {} errors",
        c.total,
        p.paint(status_color(Status::Pass), &c.pass.to_string()),
        p.paint(status_color(Status::Fail), &c.fail.to_string()),
        p.paint(status_color(Status::Skip), &c.skip.to_string()),
        p.paint(status_color(Status::Error), &c.error.to_string()),
    );
    let blocking = gate.blocking(decision);
    if blocking.is_empty() {
        let _ = writeln!(
            out,
            "{} no failing rule at or above severity {}",
            p.paint(status_color(Status::Pass), "PASSED:"),
            gate.fail_on
        );
    } else {
        let ids: Vec<&str> = blocking.iter().map(|r| &*r.id).collect();
        let _ = writeln!(
            out,
            "{} {} blocking rule(s) at or above severity {} (errors always block): {}",
            p.paint(status_color(Status::Fail), "FAILED:"),
            blocking.len(),
            gate.fail_on,
            ids.join(", ")
        );
    }
    out
}

fn render_rule(out: &mut String, r: &RuleResult, width: usize, p: &Painter, style: Style) {
    let _ = writeln!(
        out,
        "  {} {:<8} {:<width$}  {}",
        p.paint(status_color(r.status), status_mark(r.status)),
        r.severity.as_str(),
        r.id,
        r.title,
    );
    if r.status == Status::Pass && !style.verbose {
        return;
    }
    let indent = "             ";
    for m in &r.messages {
        let _ = writeln!(out, "{indent}- {m}");
    }
    if r.status == Status::Fail {
        for e in r.evidence.iter().take(10) {
            let what = e.path.as_deref().or(e.expr.as_deref()).unwrap_or("value");
            let mut shown = e.value.to_string();
            if shown.len() > 200 {
                let cut = (0..=200)
                    .rev()
                    .find(|&i| shown.is_char_boundary(i))
                    .unwrap_or(0);
                shown.truncate(cut);
                shown.push('…');
            }
            let _ = writeln!(
                out,
                "{indent}  {} {what} = {shown}",
                p.paint(DIM, "evidence:")
            );
        }
        if let Some(fix) = &r.remediation {
            let _ = writeln!(out, "{indent}  {} {fix}", p.paint(DIM, "fix:"));
        }
    }
}
