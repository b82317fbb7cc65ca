//! Reading values in place. A chain of field accesses from the input, a local
//! or a constant (`input.pull_request.user.login`, `f.severity`, `"high"`) is
//! resolved by reference: the values along the way are not cloned. Each clone
//! of a shared value is an atomic reference-count update, and threads that
//! evaluate one document (or one policy set's constants) contend on those
//! counts; a comparison of two places clones nothing at all.
//!
//! Only the untraced path uses this (no tracer, no coverage): the fuel is the
//! same as evaluating node by node, one step per node of the place.

use super::error::EvalError;
use super::{ops, spend, Machine};
use crate::compile::ir::{Node, NodeKind};
use crate::limits::Limits;
use phasegate_lang::ast::BinOp;
use phasegate_lang::Value;

/// The value of the place `n`, by reference, and the number of its nodes
/// (the fuel evaluating it node by node would take); `None` when `n` is not
/// a place (or names a slot the frame does not have: the caller then
/// evaluates it node by node and reports that error).
fn resolve<'v>(n: &'v Node, input: &'v Value, frame: &'v [Value]) -> Option<(&'v Value, u64)> {
    match &n.kind {
        NodeKind::Input => Some((input, 1)),
        NodeKind::Local(slot) => Some((frame.get(*slot as usize)?, 1)),
        NodeKind::Const(v, _) => Some((v, 1)),
        NodeKind::SlotField(slot, key) => Some((frame.get(*slot as usize)?.get(key), 2)),
        NodeKind::InputField(key) => Some((input.get(key), 2)),
        NodeKind::Field(f) => {
            let (v, steps) = resolve(&f.base, input, frame)?;
            Some((v.get(&f.key), steps + 1))
        }
        NodeKind::Paren(b) => resolve(b, input, frame).map(|(v, steps)| (v, steps + 1)),
        _ => None,
    }
}

/// `true` when `n` more steps stay within both fuel limits. When they would
/// not, the caller evaluates node by node, so that the limit error names the
/// node that hit it.
fn fits(rule: u64, total: u64, limits: &Limits, n: u64) -> bool {
    rule.saturating_add(n) <= limits.fuel_per_rule && total.saturating_add(n) <= limits.fuel_total
}

impl Machine<'_> {
    /// `base.key` read in place when `base` is a place (see the module
    /// comment); `None` to evaluate it node by node.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn field_in_place(
        &mut self,
        base: &Node,
        key: &str,
        frame: &[Value],
    ) -> Option<Value> {
        let Machine {
            input,
            limits,
            rule_fuel,
            total_fuel,
            tracer,
            coverage,
            ..
        } = self;
        if tracer.is_some() || coverage.is_some() {
            return None;
        }
        let (v, steps) = resolve(base, input, frame)?;
        if !fits(*rule_fuel, *total_fuel, limits, steps) {
            return None;
        }
        spend(rule_fuel, total_fuel, limits, steps).ok()?;
        Some(v.get(key).clone())
    }

    /// `a op b` with both operands places, compared or combined in place;
    /// `None` to evaluate it node by node.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn binary_in_place(
        &mut self,
        op: BinOp,
        a: &Node,
        b: &Node,
        frame: &[Value],
    ) -> Option<Result<Value, EvalError>> {
        let Machine {
            input,
            limits,
            rule_fuel,
            total_fuel,
            tracer,
            coverage,
            ..
        } = self;
        if tracer.is_some() || coverage.is_some() {
            return None;
        }
        let (x, sx) = resolve(a, input, frame)?;
        let (y, sy) = resolve(b, input, frame)?;
        let steps = sx.saturating_add(sy);
        if !fits(*rule_fuel, *total_fuel, limits, steps) {
            return None;
        }
        let r = spend(rule_fuel, total_fuel, limits, steps)
            .and_then(|()| spend(rule_fuel, total_fuel, limits, ops::op_cost(op, x, y)))
            .and_then(|()| ops::binary(op, x, y, limits.max_value_size));
        Some(r)
    }
}
