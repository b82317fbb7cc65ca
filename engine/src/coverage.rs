//! Coverage of policies by evaluations (used by `phasegate test --coverage`).
//!
//! [`PolicySet::evaluate_with_coverage`](crate::PolicySet::evaluate_with_coverage)
//! records, for one evaluation, which statements and sub-expressions ran and
//! which values conditions had, plus each rule's status, in a [`CoverageMap`].
//! Maps of many evaluations are merged, then turned into a
//! [`CoverageReport`]: per rule, the outcomes produced and the points
//! (statements and sub-conditions) that never ran, with source locations.
//! The recorder is off in ordinary evaluations (one `Option` check per node).

mod points;

use crate::compile::ir::{Loc, Program};
use crate::decision::{Counts, Decision, Location, Status};
use crate::eval::error::EvalError;
use phasegate_lang::Value;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

pub use points::PointKind;

/// What was seen at one point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Hit {
    count: u64,
    was_true: bool,
    was_false: bool,
    errored: bool,
}

impl Hit {
    fn add(&mut self, outcome: Option<bool>, errored: bool) {
        self.count = self.count.saturating_add(1);
        match outcome {
            Some(true) => self.was_true = true,
            Some(false) => self.was_false = true,
            None => {}
        }
        self.errored |= errored;
    }

    fn merge(&mut self, o: &Hit) {
        self.count = self.count.saturating_add(o.count);
        self.was_true |= o.was_true;
        self.was_false |= o.was_false;
        self.errored |= o.errored;
    }
}

/// What evaluations ran: statements, sub-expressions and rule statuses,
/// keyed by source location (so maps from the same policies compiled with
/// different params merge). Build one with
/// [`PolicySet::evaluate_with_coverage`](crate::PolicySet::evaluate_with_coverage),
/// combine them with [`CoverageMap::merge`], and read it with
/// [`PolicySet::coverage_report`](crate::PolicySet::coverage_report).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CoverageMap {
    nodes: HashMap<Loc, Hit>,
    stmts: HashMap<Loc, Hit>,
    outcomes: HashMap<Arc<str>, Counts>,
    evaluations: u64,
}

impl CoverageMap {
    /// An empty map: nothing ran.
    pub fn new() -> CoverageMap {
        CoverageMap::default()
    }

    /// Number of evaluations recorded.
    pub fn evaluations(&self) -> u64 {
        self.evaluations
    }

    /// Add everything `other` recorded to this map.
    pub fn merge(&mut self, other: &CoverageMap) {
        for (loc, h) in &other.nodes {
            self.nodes.entry(*loc).or_default().merge(h);
        }
        for (loc, h) in &other.stmts {
            self.stmts.entry(*loc).or_default().merge(h);
        }
        for (id, c) in &other.outcomes {
            let mine = self.outcomes.entry(id.clone()).or_default();
            mine.total += c.total;
            mine.pass += c.pass;
            mine.fail += c.fail;
            mine.skip += c.skip;
            mine.error += c.error;
        }
        self.evaluations = self.evaluations.saturating_add(other.evaluations);
    }

    /// Record an evaluated node (called by the evaluator).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(crate) fn node(&mut self, loc: Loc, r: &Result<Value, EvalError>) {
        let outcome = match r {
            Ok(Value::Bool(b)) => Some(*b),
            _ => None,
        };
        self.nodes.entry(loc).or_default().add(outcome, r.is_err());
    }

    /// Record a statement: a condition's value (`None` for `let`), or an error.
    pub(crate) fn stmt(&mut self, loc: Loc, outcome: Option<bool>, errored: bool) {
        self.stmts.entry(loc).or_default().add(outcome, errored);
    }

    /// Record the statuses of one evaluation's rules.
    pub(crate) fn decision(&mut self, d: &Decision) {
        self.evaluations = self.evaluations.saturating_add(1);
        for r in &d.results {
            let c = self.outcomes.entry(r.id.clone()).or_default();
            c.total += 1;
            match r.status {
                Status::Pass => c.pass += 1,
                Status::Fail => c.fail += 1,
                Status::Skip => c.skip += 1,
                Status::Error => c.error += 1,
            }
        }
    }

    fn hit(&self, kind: PointKind, loc: Loc) -> Hit {
        let map = if kind.is_statement() {
            &self.stmts
        } else {
            &self.nodes
        };
        map.get(&loc).copied().unwrap_or_default()
    }
}

/// Coverage of a policy set: see [`CoverageMap`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoverageReport {
    /// Number of evaluations merged into the report.
    pub evaluations: u64,
    /// One entry per rule, in load order.
    pub rules: Vec<RuleCoverage>,
    /// One entry per user function, in load order.
    pub functions: Vec<FunctionCoverage>,
    /// Totals over rules and functions.
    pub totals: CoverageTotals,
}

/// Coverage of one rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleCoverage {
    /// Rule id.
    pub rule: String,
    /// Where the rule is defined.
    pub location: Location,
    /// How often each status was produced.
    pub outcomes: Counts,
    /// Whether the rule can be skipped at all (it has a `when`).
    pub can_skip: bool,
    /// The statuses some test expected of this rule (see [`CoverageReport::mark_expected`]).
    pub expected: Vec<Status>,
    /// Statements and sub-conditions, in source order.
    pub points: Vec<CoveragePoint>,
}

/// Coverage of one user function.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunctionCoverage {
    /// Function name.
    pub name: String,
    /// Where the function is defined.
    pub location: Location,
    /// How often its body ran.
    pub calls: u64,
    /// Sub-conditions of its body, in source order.
    pub points: Vec<CoveragePoint>,
}

/// A statement or sub-condition and what evaluations saw there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoveragePoint {
    /// What the point is.
    pub kind: PointKind,
    /// Its source text on one line (shortened when long).
    pub text: String,
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// How often it ran.
    pub hits: u64,
    /// It was a true condition at least once.
    pub was_true: bool,
    /// It was a false condition at least once.
    pub was_false: bool,
    /// Evaluating it failed at least once.
    pub errored: bool,
}

impl CoveragePoint {
    /// `file:line:column`.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Totals of a [`CoverageReport`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CoverageTotals {
    /// Outcomes that can be produced: pass and fail of every rule, skip of
    /// rules with a `when`.
    pub outcomes: usize,
    /// Of these, the ones produced.
    pub outcomes_covered: usize,
    /// Statements and sub-conditions.
    pub points: usize,
    /// Of these, the ones that ran.
    pub points_covered: usize,
}

impl RuleCoverage {
    /// The outcomes that can be produced (pass, fail, and skip when the rule
    /// has a `when`) but were not.
    pub fn missing_outcomes(&self) -> Vec<Status> {
        let mut out = Vec::new();
        if self.outcomes.pass == 0 {
            out.push(Status::Pass);
        }
        if self.outcomes.fail == 0 {
            out.push(Status::Fail);
        }
        if self.can_skip && self.outcomes.skip == 0 {
            out.push(Status::Skip);
        }
        out
    }

    /// The statements and sub-conditions that never ran.
    pub fn never_ran(&self) -> impl Iterator<Item = &CoveragePoint> + '_ {
        self.points.iter().filter(|p| p.hits == 0)
    }
}

impl CoverageReport {
    /// Note that a test expected `status` of rule `rule` (shown by reporters
    /// next to the outcomes produced). Unknown rules are ignored.
    pub fn mark_expected(&mut self, rule: &str, status: Status) {
        if let Some(r) = self.rules.iter_mut().find(|r| r.rule == rule) {
            if !r.expected.contains(&status) {
                r.expected.push(status);
            }
        }
    }
}

/// Build the report of `map` over the rules and functions of `prog`.
pub(crate) fn report(prog: &Program, map: &CoverageMap) -> CoverageReport {
    let point = |(kind, loc, text): (PointKind, Loc, String)| {
        let h = map.hit(kind, loc);
        let (file, line, column) = match prog.sources.get(loc.file() as usize) {
            Some(src) => {
                let (line, col) = src.line_col(loc.span().start);
                (src.name.to_string(), line, col)
            }
            None => (String::new(), 0, 0),
        };
        CoveragePoint {
            kind,
            text,
            file,
            line,
            column,
            hits: h.count,
            was_true: h.was_true,
            was_false: h.was_false,
            errored: h.errored,
        }
    };
    let mut totals = CoverageTotals::default();
    let count_points = |ps: &[CoveragePoint], t: &mut CoverageTotals| {
        t.points += ps.len();
        t.points_covered += ps.iter().filter(|p| p.hits > 0).count();
    };
    let mut rules = Vec::new();
    for r in &prog.rules {
        let ps: Vec<CoveragePoint> = points::of_rule(prog, r).into_iter().map(point).collect();
        count_points(&ps, &mut totals);
        let rc = RuleCoverage {
            rule: r.info.id.to_string(),
            location: r.info.location.clone(),
            outcomes: map.outcomes.get(&r.info.id).copied().unwrap_or_default(),
            can_skip: points::can_skip(r),
            expected: Vec::new(),
            points: ps,
        };
        let possible = 2 + usize::from(rc.can_skip);
        totals.outcomes += possible;
        totals.outcomes_covered += possible - rc.missing_outcomes().len();
        rules.push(rc);
    }
    let mut functions = Vec::new();
    for f in &prog.functions {
        let ps: Vec<CoveragePoint> = points::of_function(prog, f)
            .into_iter()
            .map(point)
            .collect();
        count_points(&ps, &mut totals);
        let (file, line) = match prog.sources.get(f.loc.file() as usize) {
            Some(src) => (src.name.clone(), src.line_col(f.loc.span().start).0),
            None => (Arc::from(""), 0),
        };
        functions.push(FunctionCoverage {
            name: f.name.clone(),
            location: Location { file, line },
            calls: map.nodes.get(&f.body.loc).map_or(0, |h| h.count),
            points: ps,
        });
    }
    CoverageReport {
        evaluations: map.evaluations,
        rules,
        functions,
        totals,
    }
}

#[cfg(test)]
mod tests;
