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
use phasegate_lang::ast::BinOp;
use phasegate_lang::Value;

/// The number of nodes of `n` when it is a place, else `None`.
pub(crate) fn steps(n: &Node) -> Option<u64> {
    match &n.kind {
        NodeKind::Input | NodeKind::Local(_) | NodeKind::Const(..) => Some(1),
        NodeKind::Field(b, _) | NodeKind::Paren(b) => steps(b).map(|s| s + 1),
        _ => None,
    }
}

/// The value of the place `n`, by reference; `None` when `n` is not a place
/// (or names a slot the frame does not have: the caller then evaluates it
/// node by node and reports that error).
pub(crate) fn resolve<'v>(n: &'v Node, input: &'v Value, frame: &'v [Value]) -> Option<&'v Value> {
    match &n.kind {
        NodeKind::Input => Some(input),
        NodeKind::Local(slot) => frame.get(*slot as usize),
        NodeKind::Const(v, _) => Some(v),
        NodeKind::Field(b, key) => Some(resolve(b, input, frame)?.get(key)),
        NodeKind::Paren(b) => resolve(b, input, frame),
        _ => None,
    }
}

impl Machine<'_> {
    /// `true` when `n` more steps stay within both fuel limits.
    fn fits(&self, n: u64) -> bool {
        self.rule_fuel.saturating_add(n) <= self.limits.fuel_per_rule
            && self.total_fuel.saturating_add(n) <= self.limits.fuel_total
    }

    /// `true` when nothing records this evaluation node by node (no tracer,
    /// no coverage): places may then be read in place.
    fn untraced(&self) -> bool {
        self.tracer.is_none() && self.coverage.is_none()
    }

    /// `base.key` read in place when `base` is a place (see the module comment);
    /// `None` to evaluate it node by node.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn field_in_place(
        &mut self,
        base: &Node,
        key: &str,
        frame: &[Value],
    ) -> Option<Value> {
        if !self.untraced() {
            return None;
        }
        let steps = steps(base)?;
        if !self.fits(steps) {
            // Node by node, so that the limit error names the node that hit it.
            return None;
        }
        let v = resolve(base, &self.input, frame)?.get(key).clone();
        self.charge(steps).ok()?;
        Some(v)
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
        if !self.untraced() {
            return None;
        }
        let steps = steps(a)?.saturating_add(steps(b)?);
        if !self.fits(steps) {
            return None;
        }
        let Machine {
            input,
            limits,
            rule_fuel,
            total_fuel,
            ..
        } = self;
        let x = resolve(a, input, frame)?;
        let y = resolve(b, input, frame)?;
        let r = spend(rule_fuel, total_fuel, limits, steps)
            .and_then(|()| spend(rule_fuel, total_fuel, limits, ops::op_cost(op, x, y)))
            .and_then(|()| ops::binary(op, x, y, limits.max_value_size));
        Some(r)
    }
}
