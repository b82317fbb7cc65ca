//! The rule runner: statements top to bottom, statuses, messages, evidence.

use super::error::{ErrKind, EvalError};
use super::quant::want_list;
use super::render::bounded_value;
use super::trace::{static_path, TNode, Tracer};
use super::{set_slot, Machine};
use crate::compile::ir::{Check, Loc, Loop, NodeKind, RuleDef, Stmt};
use crate::decision::{Evidence, RuleResult, Status};
use crate::evidence;
use crate::limits::LimitKind;
use phasegate_lang::ast::Quantifier;
use phasegate_lang::Value;

/// Most evidence entries per rule.
pub(crate) const MAX_EVIDENCE: usize = 50;
/// Largest rendered evidence value, in bytes; larger ones are summarised.
pub(crate) const MAX_EVIDENCE_BYTES: usize = 2048;

/// One evaluated statement, recorded in explanation mode.
#[derive(Debug)]
pub(crate) struct Step {
    /// `when`, `let` or `require`.
    pub kind: &'static str,
    /// The statement as written (`let x = …`, or the condition).
    pub text: String,
    pub loc: Loc,
    pub value: Result<Value, String>,
    pub trace: Vec<TNode>,
}

/// Messages and evidence of a rule being run.
#[derive(Default)]
struct Outcome {
    failed: bool,
    messages: Vec<String>,
    more: usize,
    evidence: Vec<Evidence>,
}

impl Machine<'_> {
    /// Run every rule.
    pub(crate) fn run_all(&mut self) -> Vec<RuleResult> {
        let prog = self.prog;
        prog.rules.iter().map(|r| self.run_rule(r, None)).collect()
    }

    /// Run one rule; with `steps`, record a traced step per statement.
    pub(crate) fn run_rule(
        &mut self,
        rule: &RuleDef,
        mut steps: Option<&mut Vec<Step>>,
    ) -> RuleResult {
        self.rule_fuel = 0;
        self.depth = 0;
        if self.total_fuel >= self.limits.fuel_total {
            let msg = format!(
                "{} (no fuel left to evaluate this rule at {}:{})",
                self.limits.describe(LimitKind::FuelTotal),
                rule.info.location.file,
                rule.info.location.line
            );
            return RuleResult::new(&rule.info, Status::Error, vec![msg], Vec::new());
        }
        let mut frame = vec![Value::Null; rule.frame_size];
        let mut out = Outcome::default();
        let r = self.run_stmts(rule, &mut frame, &mut out, &mut steps);
        self.tracer = None;
        match r {
            Ok(Some(why)) => RuleResult::new(&rule.info, Status::Skip, vec![why], Vec::new()),
            Ok(None) if out.failed => {
                let mut messages = out.messages;
                if out.more > 0 {
                    messages.push(format!("… and {} more", out.more));
                }
                RuleResult::new(&rule.info, Status::Fail, messages, out.evidence)
            }
            Ok(None) => RuleResult::new(&rule.info, Status::Pass, Vec::new(), Vec::new()),
            Err(e) => {
                let msg = self.error_text(&e);
                RuleResult::new(&rule.info, Status::Error, vec![msg], Vec::new())
            }
        }
    }

    /// For evidence naming a `let` defined by a filter (`let approvals = [r in
    /// input.reviews | …]`), the items the filter considered, so a reader sees
    /// which items were looked at and not only that none was kept.
    fn considered_items(
        &mut self,
        rule: &RuleDef,
        ev: &[Evidence],
        frame: &mut [Value],
    ) -> Vec<Evidence> {
        let mut out = Vec::new();
        for e in ev {
            let Some(expr) = e.expr.as_deref() else {
                continue;
            };
            let lp = rule.stmts.iter().find_map(|s| match s {
                Stmt::Let { name, value, .. } if &**name == expr => match &value.kind {
                    NodeKind::Filter(lp) => Some(lp),
                    _ => None,
                },
                _ => None,
            });
            let Some(lp) = lp else { continue };
            let Ok(items) = self.eval(&lp.coll, frame) else {
                continue;
            };
            let cond = lp
                .cond
                .as_ref()
                .map(|c| self.prog.text(c.loc))
                .unwrap_or_default();
            let input = self.input.clone();
            let path = self.index.path_of(&input, &items);
            let (value, truncated) = bounded_value(&items, MAX_EVIDENCE_BYTES);
            out.push(Evidence {
                expr: Some(format!(
                    "{} (items tested by `{}`: {cond})",
                    self.prog.text(lp.coll.loc),
                    expr
                )),
                path,
                item_paths: Vec::new(),
                value,
                truncated,
            });
        }
        out
    }

    /// "message at file:line:column".
    pub(crate) fn error_text(&self, e: &EvalError) -> String {
        let base = match &e.kind {
            ErrKind::Msg(m) => m.clone(),
            ErrKind::Limit(k) => self.limits.describe(*k),
        };
        match e.loc {
            Some(loc) => format!("{base} at {}", self.prog.describe(loc)),
            None => base,
        }
    }

    /// `Ok(Some(reason))` when a `when` skipped the rule.
    fn run_stmts(
        &mut self,
        rule: &RuleDef,
        frame: &mut [Value],
        out: &mut Outcome,
        steps: &mut Option<&mut Vec<Step>>,
    ) -> Result<Option<String>, EvalError> {
        let explaining = steps.is_some();
        for stmt in &rule.stmts {
            match stmt {
                Stmt::Let {
                    slot,
                    name,
                    value,
                    loc,
                } => {
                    self.start_trace(explaining);
                    let r = self.eval(value, frame);
                    if let Some(c) = self.coverage.as_mut() {
                        c.stmt(*loc, None, r.is_err());
                    }
                    if let Some(steps) = steps.as_deref_mut() {
                        let text = format!("let {name} = {}", self.prog.text(value.loc));
                        steps.push(self.step("let", text, *loc, &r));
                    }
                    set_slot(frame, *slot, r?)?;
                }
                Stmt::When(c) => {
                    let (ok, _) = self.condition(c, frame, "when", steps)?;
                    if !ok {
                        return match &c.message {
                            Some(t) => self.render_template(t, frame).map(Some),
                            None => {
                                Ok(Some(format!("not applicable: {}", self.prog.check_text(c))))
                            }
                        };
                    }
                }
                Stmt::Require(c) => {
                    let (ok, trace) = self.condition(c, frame, "require", steps)?;
                    if !ok {
                        out.failed = true;
                        let msg = match &c.message {
                            Some(t) => self.render_template(t, frame)?,
                            None => format!("requirement not met: {}", self.prog.check_text(c)),
                        };
                        self.push_message(out, msg);
                        let trace = match trace {
                            Some(t) => t,
                            None => self.trace_again(c, frame),
                        };
                        let mut ev = evidence::extract(&trace, self);
                        let considered = self.considered_items(rule, &ev, frame);
                        ev.extend(considered);
                        push_evidence(out, ev);
                    }
                }
                Stmt::RequireEach { check, each } => {
                    if explaining {
                        self.condition(check, frame, "require", steps)?;
                    }
                    let r = self.require_each(check, each.q, &each.lp, frame, out);
                    if let Some(c) = self.coverage.as_mut() {
                        c.stmt(check.loc, r.as_ref().ok().copied(), r.is_err());
                    }
                    r?;
                }
            }
        }
        Ok(None)
    }

    /// Evaluate a `when`/`require` condition, traced in explanation mode.
    fn condition(
        &mut self,
        c: &Check,
        frame: &mut [Value],
        kind: &'static str,
        steps: &mut Option<&mut Vec<Step>>,
    ) -> Result<(bool, Option<Vec<TNode>>), EvalError> {
        let explaining = steps.is_some();
        self.start_trace(explaining);
        let what = format!("the condition of `{kind}`");
        let r = self.eval_bool(&c.cond, frame, &what);
        if let Some(cov) = self.coverage.as_mut() {
            cov.stmt(c.loc, r.as_ref().ok().copied(), r.is_err());
        }
        let mut trace = None;
        if let Some(steps) = steps.as_deref_mut() {
            let rv = r.clone().map(Value::Bool);
            let step = self.step(kind, self.prog.check_text(c), c.loc, &rv);
            trace = Some(step.trace.clone());
            steps.push(step);
        }
        Ok((r?, trace))
    }

    /// `require all|no x in xs: cond`: one message per offending item.
    /// `Ok(true)` when no item offended.
    fn require_each(
        &mut self,
        check: &Check,
        q: Quantifier,
        lp: &Loop,
        frame: &mut [Value],
        out: &mut Outcome,
    ) -> Result<bool, EvalError> {
        let coll = self.eval(&lp.coll, frame)?;
        let items = want_list(coll.clone(), || {
            format!("`{} {} in …`", q.keyword(), lp.var)
        })
        .map_err(|e| e.at(lp.coll.loc))?;
        let Some(cond) = &lp.cond else {
            return Ok(true);
        };
        let coll_path = static_path(&lp.coll);
        let what = format!("the condition of `{} {} in …`", q.keyword(), lp.var);
        let mut held = true;
        for (i, item) in items.iter().enumerate() {
            self.charge(1)?;
            set_slot(frame, lp.slot, item.clone())?;
            let b = self.eval_bool(cond, frame, &what)?;
            let offending = if q == Quantifier::All { !b } else { b };
            if !offending {
                continue;
            }
            held = false;
            out.failed = true;
            if out.messages.len() < self.limits.max_messages {
                let msg = match &check.message {
                    Some(t) => self.render_template(t, frame)?,
                    None => {
                        let (item_text, _) = super::render::render(item, false, 200);
                        format!(
                            "requirement not met: {} (item {i}: {item_text})",
                            self.prog.check_text(check)
                        )
                    }
                };
                self.push_message(out, msg);
            } else {
                out.more += 1;
            }
            if out.evidence.len() < MAX_EVIDENCE {
                let path = match &coll_path {
                    Some(p) => Some(format!("{p}[{i}]")),
                    None => {
                        let input = self.input.clone();
                        self.index.path_of(&input, item).or_else(|| {
                            self.index
                                .path_of(&input, &coll)
                                .map(|p| format!("{p}[{i}]"))
                        })
                    }
                };
                let (value, truncated) = bounded_value(item, MAX_EVIDENCE_BYTES);
                push_evidence(
                    out,
                    vec![Evidence {
                        expr: Some(lp.var.to_string()),
                        path,
                        item_paths: Vec::new(),
                        value,
                        truncated,
                    }],
                );
            }
        }
        Ok(held)
    }

    fn push_message(&self, out: &mut Outcome, msg: String) {
        if out.messages.len() < self.limits.max_messages {
            out.messages.push(msg);
        } else {
            out.more += 1;
        }
    }

    fn start_trace(&mut self, on: bool) {
        self.tracer = on.then(|| Tracer::new(*self.limits));
    }

    fn step(
        &mut self,
        kind: &'static str,
        text: String,
        loc: Loc,
        r: &Result<Value, EvalError>,
    ) -> Step {
        let trace = self.tracer.take().map(Tracer::finish).unwrap_or_default();
        Step {
            kind,
            text,
            loc,
            value: r.clone().map_err(|e| self.error_text(&e)),
            trace,
        }
    }

    /// Re-evaluate a failed condition with the tracer on (evaluation is pure,
    /// so the result is the same). Uses its own fuel budget.
    fn trace_again(&mut self, c: &Check, frame: &mut [Value]) -> Vec<TNode> {
        let saved = (self.rule_fuel, self.total_fuel, self.depth);
        // A repeat of work already recorded: not counted again.
        let coverage = self.coverage.take();
        self.rule_fuel = 0;
        self.total_fuel = 0;
        self.tracer = Some(Tracer::new(*self.limits));
        let _ = self.eval(&c.cond, frame);
        let trace = self.tracer.take().map(Tracer::finish).unwrap_or_default();
        (self.rule_fuel, self.total_fuel, self.depth) = saved;
        self.coverage = coverage;
        trace
    }
}

fn push_evidence(out: &mut Outcome, ev: Vec<Evidence>) {
    for e in ev {
        if out.evidence.len() >= MAX_EVIDENCE {
            break;
        }
        if !out
            .evidence
            .iter()
            .any(|x| x.expr == e.expr && x.path == e.path && x.value == e.value)
        {
            out.evidence.push(e);
        }
    }
}
