//! The sandboxed evaluator: runs the IR against one input. No I/O, no clock,
//! no environment, no randomness; bounded by [`Limits`].

mod calls;
pub(crate) mod error;
pub(crate) mod index;
pub(crate) mod ops;
pub(crate) mod paths;
mod place;
pub(crate) mod quant;
pub(crate) mod render;
pub(crate) mod runner;
mod template;
pub(crate) mod trace;

use crate::compile::ir::{Node, NodeKind, Program};
use crate::context::EvalContext;
use crate::coverage::CoverageMap;
use crate::limits::{LimitKind, Limits, MAX_NESTING};
use crate::plugin::PluginInstance;
use error::EvalError;
use index::InputIndex;
use phasegate_lang::Value;
use std::borrow::Cow;
use std::sync::Arc;
use time::OffsetDateTime;
use trace::Tracer;

/// Stack kept free before growing (bytes).
const RED_ZONE: usize = 64 * 1024;
/// Size of each new stack segment (bytes).
const STACK_SEGMENT: usize = 1024 * 1024;

/// The state of one evaluation (one input, all rules).
pub(crate) struct Machine<'p> {
    pub prog: &'p Program,
    pub limits: &'p Limits,
    pub input: Value,
    /// The caller's context; `context` is built from it on first use.
    pub ctx: &'p EvalContext,
    context: Option<Value>,
    pub now: Option<OffsetDateTime>,
    /// Fuel used by the current rule.
    pub rule_fuel: u64,
    /// Fuel used by all rules.
    pub total_fuel: u64,
    /// Current user-function call depth.
    pub depth: u32,
    /// Current nesting of [`Machine::eval`] (bounded by `MAX_NESTING`).
    nesting: u32,
    /// Records sub-expression values when set (evidence, explanations).
    pub tracer: Option<Tracer>,
    /// Input paths of containers, built on first use.
    pub index: InputIndex,
    /// Records what ran when set (`phasegate test --coverage`).
    pub coverage: Option<CoverageMap>,
    /// This evaluation's plugin instances, created on first use.
    pub plugin_instances: Vec<Option<Box<dyn PluginInstance>>>,
}

impl<'p> Machine<'p> {
    pub fn new(
        prog: &'p Program,
        limits: &'p Limits,
        input: Value,
        ctx: &'p EvalContext,
    ) -> Machine<'p> {
        Machine {
            prog,
            limits,
            input,
            ctx,
            context: None,
            now: ctx.now,
            rule_fuel: 0,
            total_fuel: 0,
            depth: 0,
            nesting: 0,
            tracer: None,
            index: InputIndex::default(),
            coverage: None,
            plugin_instances: Vec::new(),
        }
    }

    /// Spend `n` steps of fuel.
    pub fn charge(&mut self, n: u64) -> Result<(), EvalError> {
        spend(&mut self.rule_fuel, &mut self.total_fuel, self.limits, n)
    }

    /// Fail when a built value is larger than `max_value_size`.
    pub fn check_size(&self, len: usize) -> Result<(), EvalError> {
        if len > self.limits.max_value_size {
            Err(EvalError::limit(LimitKind::ValueSize))
        } else {
            Ok(())
        }
    }

    /// Evaluate a node. Errors carry the innermost node's location.
    pub fn eval(&mut self, n: &Node, frame: &mut [Value]) -> Result<Value, EvalError> {
        let Some(max) = MAX_NESTING else {
            // Natively the stack grows: nothing to count.
            return self.eval_grown(n, frame);
        };
        if self.nesting >= max {
            return Err(EvalError::limit(LimitKind::Nesting).at(n.loc));
        }
        self.nesting += 1;
        let r = self.eval_grown(n, frame);
        self.nesting -= 1;
        r
    }

    fn eval_grown(&mut self, n: &Node, frame: &mut [Value]) -> Result<Value, EvalError> {
        stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || {
            let recording = self.tracer.as_mut().is_some_and(|t| t.enter(n));
            let r = self.eval_node(n, frame).map_err(|e| e.at(n.loc));
            if let Some(c) = self.coverage.as_mut() {
                c.node(n.loc, &r);
            }
            if recording {
                if let Some(t) = self.tracer.as_mut() {
                    t.exit(n, &r);
                }
            }
            r
        })
    }

    /// Evaluate without recording sub-expressions in the tracer.
    pub fn eval_quiet(&mut self, n: &Node, frame: &mut [Value]) -> Result<Value, EvalError> {
        if let Some(t) = self.tracer.as_mut() {
            t.suspend();
        }
        let r = self.eval(n, frame);
        if let Some(t) = self.tracer.as_mut() {
            t.resume();
        }
        r
    }

    /// Evaluate a node that must give a bool; `what` names it in the error.
    pub fn eval_bool(
        &mut self,
        n: &Node,
        frame: &mut [Value],
        what: &str,
    ) -> Result<bool, EvalError> {
        let v = self.eval(n, frame)?;
        ops::want_bool(&v, what).map_err(|e| e.at(n.loc))
    }

    fn eval_node(&mut self, n: &Node, frame: &mut [Value]) -> Result<Value, EvalError> {
        self.charge(1)?;
        match &n.kind {
            NodeKind::Const(v, _) => Ok(Value::clone(v)),
            NodeKind::Local(slot) => get_slot(frame, *slot).cloned(),
            NodeKind::Input => Ok(self.input.clone()),
            NodeKind::Context => Ok(self.context_value()),
            // One node for two (the slot or `input`, then the field): the
            // fuel of both.
            NodeKind::SlotField(slot, key) => {
                self.charge(1)?;
                Ok(paths::field(get_slot(frame, *slot)?, key))
            }
            NodeKind::InputField(key) => {
                self.charge(1)?;
                Ok(paths::field(&self.input, key))
            }
            NodeKind::Field(f) => {
                if let Some(v) = self.field_in_place(&f.base, &f.key, frame) {
                    return Ok(v);
                }
                let b = self.eval_quiet(&f.base, frame)?;
                Ok(paths::field(&b, &f.key))
            }
            NodeKind::Index(bi) => {
                let [b, i] = &**bi;
                let b = self.eval_quiet(b, frame)?;
                let i = self.eval(i, frame)?;
                Ok(paths::index(&b, &i))
            }
            NodeKind::Array(xs) => self.array(xs, frame),
            NodeKind::Object(kvs) => self.object(kvs, frame),
            NodeKind::Call(idx, args) => self.call_user(*idx, args, frame),
            NodeKind::Builtin(bc) => self.call_builtin(bc, frame),
            NodeKind::Plugin(pc) => self.call_plugin(pc, frame),
            NodeKind::Not(x) => {
                let b = self.eval_bool(x, frame, "the operand of `not`")?;
                Ok(Value::Bool(!b))
            }
            NodeKind::Neg(x) => {
                let v = self.eval(x, frame)?;
                ops::neg(&v)
            }
            NodeKind::And(ab) => {
                let [a, b] = &**ab;
                if !self.eval_bool(a, frame, "the left side of `and`")? {
                    return Ok(Value::Bool(false));
                }
                let r = self.eval_bool(b, frame, "the right side of `and`")?;
                Ok(Value::Bool(r))
            }
            NodeKind::Or(ab) => {
                let [a, b] = &**ab;
                if self.eval_bool(a, frame, "the left side of `or`")? {
                    return Ok(Value::Bool(true));
                }
                let r = self.eval_bool(b, frame, "the right side of `or`")?;
                Ok(Value::Bool(r))
            }
            NodeKind::Binary(op, ab) => {
                let [a, b] = &**ab;
                if let Some(r) = self.binary_in_place(*op, a, b, frame) {
                    return r;
                }
                // Constants lent natively (threads sharing a set); the wasm32
                // module is single-threaded, and there two owned operands keep
                // the frame of each nesting level as small as it was (see
                // `Machine::operand`).
                #[cfg(not(target_arch = "wasm32"))]
                let (x, y) = (self.operand(a, frame)?, self.operand(b, frame)?);
                #[cfg(target_arch = "wasm32")]
                let (x, y) = (self.eval(a, frame)?, self.eval(b, frame)?);
                self.charge(ops::op_cost(*op, &x, &y))?;
                ops::binary(*op, &x, &y, self.limits.max_value_size)
            }
            NodeKind::If(cab) => {
                let [c, a, b] = &**cab;
                if self.eval_bool(c, frame, "the condition of `if`")? {
                    self.eval(a, frame)
                } else {
                    self.eval(b, frame)
                }
            }
            NodeKind::Quant(each) => self.quantifier(&each.lp, each.q, frame),
            NodeKind::Filter(lp) => self.filter(lp, frame),
            NodeKind::Map(m) => self.map(&m.0, &m.1, frame),
            NodeKind::Paren(x) => self.eval(x, frame),
        }
    }

    // In the wasm32 build the arms below, and the helpers of the other files
    // that `eval_node` calls from one place, are `#[inline(never)]`: inlined,
    // their locals are part of every `eval_node` frame, and the module, whose
    // stack is fixed, reaches fewer levels (measured: Node.js 20 then throws a
    // RangeError before the 4,096 levels of `MAX_NESTING`; see
    // bindings/wasm/tests/node). Natively the stack grows, and the compiler
    // chooses.

    /// An operand: a constant borrowed from the compiled set (for the fuel of
    /// its node, no reference count taken: threads sharing a set do not
    /// contend on it), anything else evaluated. When a tracer or coverage
    /// records every node, a constant is evaluated like any other.
    ///
    /// Always inlined: a frame of its own between `eval_node` and `eval`, on
    /// every level of nesting, made the wasm32 module (whose stack is fixed)
    /// overflow before `MAX_NESTING` (bindings/wasm/tests/node). For the same
    /// reason `eval_node` does not use it for the operands of an operator in
    /// the wasm32 build (run with `node --no-liftoff`, whose frames are the
    /// larger, the Node test of the cap fails with it); the module is
    /// single-threaded, so lending gains nothing there.
    #[inline(always)]
    pub(super) fn operand<'n>(
        &mut self,
        n: &'n Node,
        frame: &mut [Value],
    ) -> Result<Cow<'n, Value>, EvalError> {
        match &n.kind {
            NodeKind::Const(v, _) if self.tracer.is_none() && self.coverage.is_none() => {
                self.charge(1).map_err(|e| e.at(n.loc))?;
                Ok(Cow::Borrowed(&**v))
            }
            _ => self.eval(n, frame).map(Cow::Owned),
        }
    }

    /// The `context` value, built on first use.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn context_value(&mut self) -> Value {
        let ctx = self.ctx;
        self.context
            .get_or_insert_with(|| ctx.policy_value())
            .clone()
    }

    /// An array literal.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn array(&mut self, xs: &[Node], frame: &mut [Value]) -> Result<Value, EvalError> {
        self.check_size(xs.len())?;
        let mut out = Vec::with_capacity(xs.len());
        for x in xs {
            out.push(self.eval(x, frame)?);
        }
        Ok(Value::Array(Arc::new(out)))
    }

    /// An object literal.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn object(
        &mut self,
        kvs: &[(Arc<str>, Node)],
        frame: &mut [Value],
    ) -> Result<Value, EvalError> {
        self.check_size(kvs.len())?;
        let mut out =
            phasegate_lang::value::Object::with_capacity_and_hasher(kvs.len(), Default::default());
        for (k, x) in kvs {
            let v = self.eval(x, frame)?;
            out.insert(k.clone(), v);
        }
        Ok(Value::object(out))
    }
}

/// Spend `n` steps of fuel from the counters of the current rule and of the
/// whole evaluation.
pub(crate) fn spend(
    rule: &mut u64,
    total: &mut u64,
    limits: &Limits,
    n: u64,
) -> Result<(), EvalError> {
    *rule = rule.saturating_add(n);
    *total = total.saturating_add(n);
    if *total > limits.fuel_total {
        return Err(EvalError::limit(LimitKind::FuelTotal));
    }
    if *rule > limits.fuel_per_rule {
        return Err(EvalError::limit(LimitKind::FuelPerRule));
    }
    Ok(())
}

/// A local slot; an out-of-range slot is an internal error, never a panic.
pub(crate) fn get_slot(frame: &[Value], slot: u32) -> Result<&Value, EvalError> {
    frame
        .get(slot as usize)
        .ok_or_else(|| EvalError::msg(format!("internal error: no local slot {slot}")))
}

/// Write a local slot.
pub(crate) fn set_slot(frame: &mut [Value], slot: u32, v: Value) -> Result<(), EvalError> {
    match frame.get_mut(slot as usize) {
        Some(s) => {
            *s = v;
            Ok(())
        }
        None => Err(EvalError::msg(format!(
            "internal error: no local slot {slot}"
        ))),
    }
}
