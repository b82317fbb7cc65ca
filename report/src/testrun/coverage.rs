//! Coverage as text: per rule the outcomes the tests produced and the
//! statements and sub-conditions that never ran.

use super::{Paint, DIM, GREEN, RED, YELLOW};
use phasegate_engine::{CoveragePoint, CoverageReport, RuleCoverage, Status};
use std::fmt::Write;

/// Coverage as text. Each rule gets a line with its outcomes — `✓` produced
/// and expected by some test, `○` produced but never expected, `✗` never
/// produced, `-` impossible (skip of a rule without `when`) — and how many
/// of its points ran, then the points that never ran with `file:line:col`
/// and source text. Functions follow, then a totals line.
pub fn render_coverage(c: &CoverageReport, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "coverage over {} evaluation(s) ({} produced and expected, {} produced only, {} never produced):",
        c.evaluations,
        p.paint(GREEN, "✓"),
        p.paint(YELLOW, "○"),
        p.paint(RED, "✗"),
    );
    let width = c.rules.iter().map(|r| r.rule.len()).max().unwrap_or(0);
    for r in &c.rules {
        let ran = r.points.iter().filter(|x| x.hits > 0).count();
        let _ = writeln!(
            out,
            "  {:<width$}  {}  {ran}/{} points ran",
            r.rule,
            outcomes(r, p),
            r.points.len()
        );
        never_ran(&mut out, r.never_ran(), p);
    }
    for f in &c.functions {
        let ran = f.points.iter().filter(|x| x.hits > 0).count();
        let head = format!("fn {} ({}:{})", f.name, f.location.file, f.location.line);
        if f.calls == 0 {
            let _ = writeln!(out, "  {head}  {}", p.paint(RED, "never called"));
            continue;
        }
        let _ = writeln!(
            out,
            "  {head}  called {} time(s), {ran}/{} points ran",
            f.calls,
            f.points.len()
        );
        never_ran(&mut out, f.points.iter().filter(|x| x.hits == 0), p);
    }
    let t = c.totals;
    let _ = writeln!(
        out,
        "coverage: {}/{} outcomes, {}/{} points",
        t.outcomes_covered, t.outcomes, t.points_covered, t.points
    );
    out
}

fn outcomes(r: &RuleCoverage, p: Paint) -> String {
    let count = |s: Status| match s {
        Status::Pass => r.outcomes.pass,
        Status::Fail => r.outcomes.fail,
        Status::Skip => r.outcomes.skip,
        Status::Error => r.outcomes.error,
    };
    let mut parts = Vec::new();
    for s in Status::ALL {
        let produced = count(s) > 0;
        let expected = r.expected.contains(&s);
        let mark = match s {
            Status::Skip if !r.can_skip => p.paint(DIM, "-"),
            Status::Error if !produced && !expected => continue,
            _ if produced && expected => p.paint(GREEN, "✓"),
            _ if produced => p.paint(YELLOW, "○"),
            _ => p.paint(RED, "✗"),
        };
        parts.push(format!("{s} {mark}"));
    }
    parts.join("  ")
}

fn never_ran<'a>(out: &mut String, points: impl Iterator<Item = &'a CoveragePoint>, p: Paint) {
    let points: Vec<&CoveragePoint> = points.collect();
    if points.is_empty() {
        return;
    }
    let width = points
        .iter()
        .map(|x| x.location().chars().count())
        .max()
        .unwrap_or(0);
    let _ = writeln!(out, "    never ran:");
    for x in points {
        let _ = writeln!(
            out,
            "      {:<width$}  {}  {}",
            x.location(),
            x.text,
            p.paint(DIM, &format!("({})", x.kind.describe()))
        );
    }
}
