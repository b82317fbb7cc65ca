//! Quantifiers, filters and maps: loops over a list with a bound variable.

use super::error::EvalError;
use super::ops::describe;
use super::{set_slot, Machine};
use crate::compile::ir::{Loop, Node};
use phasegate_lang::ast::Quantifier;
use phasegate_lang::Value;
use std::sync::Arc;

/// Most iterations an explanation keeps per quantifier.
const TRACED_ITEMS: usize = 3;
/// Items of a filter whose condition an explanation shows (kept or dropped).
pub(crate) const TRACED_FILTER_ITEMS: usize = 10;

/// The list a loop iterates (moved out of `v`, not counted again); anything
/// else is an error (a missing list must not make `all …` vacuously true).
pub(crate) fn want_list(v: Value, what: impl Fn() -> String) -> Result<Arc<Vec<Value>>, EvalError> {
    match v {
        Value::Array(a) => Ok(a),
        Value::Null => Err(EvalError::msg(format!(
            "{} needs a list, got null (a missing field? use `default(xs, [])` to treat absence as empty)",
            what()
        ))),
        other => Err(EvalError::msg(format!(
            "{} needs a list, got {}",
            what(),
            describe(&other)
        ))),
    }
}

impl Machine<'_> {
    fn loop_items(
        &mut self,
        lp: &Loop,
        frame: &mut [Value],
        what: impl Fn() -> String,
    ) -> Result<Arc<Vec<Value>>, EvalError> {
        let coll = self.eval(&lp.coll, frame)?;
        want_list(coll, what).map_err(|e| e.at(lp.coll.loc))
    }

    /// Evaluate a loop condition that must be a bool.
    fn loop_bool(
        &mut self,
        n: &Node,
        frame: &mut [Value],
        quiet: bool,
        what: impl Fn() -> String,
    ) -> Result<bool, EvalError> {
        let v = if quiet {
            self.eval_quiet(n, frame)?
        } else {
            self.eval(n, frame)?
        };
        match v {
            Value::Bool(b) => Ok(b),
            other => Err(super::ops::want_bool(&other, &what())
                .err()
                .unwrap_or_else(|| EvalError::msg("internal error: bool expected"))
                .at(n.loc)),
        }
    }

    /// `any|all|no x in xs: cond`.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn quantifier(
        &mut self,
        lp: &Loop,
        q: Quantifier,
        frame: &mut [Value],
    ) -> Result<Value, EvalError> {
        let what = || format!("`{} {} in …`", q.keyword(), lp.var);
        let items = self.loop_items(lp, frame, what)?;
        let Some(cond) = &lp.cond else {
            return Ok(Value::Bool(q != Quantifier::Any));
        };
        let mut kept = 0;
        for (i, item) in items.iter().enumerate() {
            self.charge(1)?;
            set_slot(frame, lp.slot, item.clone())?;
            let tracing = self.tracer.as_mut().is_some_and(|t| t.begin_group());
            let b = self.loop_bool(cond, frame, false, || {
                format!("the condition of {}", what())
            });
            let decisive = match &b {
                Ok(b) => match q {
                    Quantifier::Any | Quantifier::No => *b,
                    Quantifier::All => !*b,
                },
                Err(_) => true,
            };
            if tracing {
                let keep = decisive && kept < TRACED_ITEMS;
                kept += usize::from(keep);
                if let Some(t) = self.tracer.as_mut() {
                    t.end_group(keep, cond.loc, &lp.var, i, item, &b);
                }
            }
            if decisive {
                b?;
                return Ok(Value::Bool(q == Quantifier::Any));
            }
        }
        Ok(Value::Bool(q != Quantifier::Any))
    }

    /// `[x in xs | cond]`.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn filter(&mut self, lp: &Loop, frame: &mut [Value]) -> Result<Value, EvalError> {
        let what = || format!("the filter `[{} in … | …]`", lp.var);
        let items = self.loop_items(lp, frame, what)?;
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            self.charge(1)?;
            set_slot(frame, lp.slot, item.clone())?;
            let keep = match &lp.cond {
                Some(c) => {
                    // Explanations show why the first items were kept or dropped.
                    let tracing = i < TRACED_FILTER_ITEMS
                        && self.tracer.as_mut().is_some_and(|t| t.begin_group());
                    let b = self.loop_bool(c, frame, !tracing, || {
                        format!("the condition of {}", what())
                    });
                    if tracing {
                        if let Some(t) = self.tracer.as_mut() {
                            t.end_group(true, c.loc, &lp.var, i, item, &b);
                        }
                    }
                    b?
                }
                None => true,
            };
            if keep {
                out.push(item.clone());
            }
        }
        Ok(Value::array(out))
    }

    /// `[expr for x in xs if cond]`.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn map(
        &mut self,
        lp: &Loop,
        value: &Node,
        frame: &mut [Value],
    ) -> Result<Value, EvalError> {
        let what = || format!("the map `[… for {} in …]`", lp.var);
        let items = self.loop_items(lp, frame, what)?;
        let mut out = Vec::new();
        for item in items.iter() {
            self.charge(1)?;
            set_slot(frame, lp.slot, item.clone())?;
            if let Some(c) = &lp.cond {
                if !self.loop_bool(c, frame, true, || format!("the `if` of {}", what()))? {
                    continue;
                }
            }
            let v = self.eval_quiet(value, frame)?;
            out.push(v);
            self.check_size(out.len())?;
        }
        Ok(Value::array(out))
    }
}
