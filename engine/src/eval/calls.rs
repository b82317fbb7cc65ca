//! Calls of user functions, builtins and plugin functions.

use super::error::EvalError;
use super::ops::shallow_size;
use super::{set_slot, Machine};
use crate::compile::ir::{BuiltinCall, Node, PluginCall};
use crate::limits::LimitKind;
use phasegate_lang::Value;
use phasegate_stdlib::CallCtx;

/// Arguments of a builtin call passed without a heap list.
const INLINE_ARGS: usize = 4;

/// Filler of the unused places of an inline argument list.
static NULL: Value = Value::Null;

impl Machine<'_> {
    /// Call user function `idx`: a new frame, bounded depth, untraced body.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn call_user(
        &mut self,
        idx: u32,
        args: &[Node],
        frame: &mut [Value],
    ) -> Result<Value, EvalError> {
        let prog = self.prog;
        let Some(f) = prog.functions.get(idx as usize) else {
            return Err(EvalError::msg(format!("internal error: no function {idx}")));
        };
        if f.arity != args.len() {
            return Err(EvalError::msg(format!(
                "internal error: function {idx} takes {} argument(s)",
                f.arity
            )));
        }
        if self.depth >= self.limits.max_call_depth {
            return Err(EvalError::limit(LimitKind::CallDepth));
        }
        let mut callee = Vec::with_capacity(f.frame_size.max(args.len()));
        for a in args {
            callee.push(self.eval(a, frame)?);
        }
        callee.resize(f.frame_size.max(args.len()), Value::Null);
        self.depth += 1;
        if let Some(t) = self.tracer.as_mut() {
            t.suspend();
        }
        let r = self.run_body(f, &mut callee);
        if let Some(t) = self.tracer.as_mut() {
            t.resume();
        }
        self.depth -= 1;
        r
    }

    fn run_body(
        &mut self,
        f: &crate::compile::ir::FnDef,
        frame: &mut [Value],
    ) -> Result<Value, EvalError> {
        for (slot, e) in &f.lets {
            let v = self.eval(e, frame)?;
            set_slot(frame, *slot, v)?;
        }
        self.eval(&f.body, frame)
    }

    /// Call a builtin: fuel for the items it touches, size limit on its result.
    ///
    /// A constant argument (a literal, a param) is passed by reference to the
    /// compiled set's copy (see `Machine::operand`).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn call_builtin(
        &mut self,
        bc: &BuiltinCall,
        frame: &mut [Value],
    ) -> Result<Value, EvalError> {
        let mut vals = Vec::with_capacity(bc.args.len());
        for a in bc.args.iter() {
            vals.push(self.operand(a, frame)?);
        }
        // Up to four arguments (nearly every call) without a second list.
        let mut inline = [&NULL; INLINE_ARGS];
        let spilled: Vec<&Value>;
        let args: &[&Value] = if vals.len() <= INLINE_ARGS {
            for (slot, v) in inline.iter_mut().zip(&vals) {
                *slot = v;
            }
            &inline[..vals.len()]
        } else {
            spilled = vals.iter().map(|v| &**v).collect();
            &spilled
        };
        let work: u64 = args.iter().map(|v| shallow_size(v)).sum();
        self.charge(1 + work)?;
        let ctx = CallCtx {
            now: self.now,
            max_size: self.limits.max_value_size,
            pattern: bc.pattern.as_deref(),
        };
        let func = bc.func;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| func(args, &ctx)));
        let v = match result {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => {
                let msg = if e.message.starts_with(&format!("{}(", bc.name)) {
                    e.message
                } else {
                    format!("{}(): {}", bc.name, e.message)
                };
                return Err(EvalError::msg(msg));
            }
            Err(_) => {
                return Err(EvalError::msg(format!(
                    "internal error in builtin `{}`",
                    bc.name
                )))
            }
        };
        self.accept_result(v)
    }

    /// Call a plugin function in this evaluation's instance of the plugin
    /// (created on first use; dropped when a call fails, so a later call
    /// starts from a fresh instance). Fuel and the size limit apply to the
    /// arguments and the result as for builtins; the plugin's own work is
    /// bounded by the plugin host (fuel, memory, deadline).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn call_plugin(
        &mut self,
        pc: &PluginCall,
        frame: &mut [Value],
    ) -> Result<Value, EvalError> {
        let mut args = Vec::with_capacity(pc.args.len());
        for a in &pc.args {
            args.push(self.eval(a, frame)?);
        }
        let work: u64 = args.iter().map(shallow_size).sum();
        self.charge(1 + work)?;
        let fail = |msg: String| EvalError::msg(format!("plugin `{}`: {msg}", pc.alias));
        let slot = pc.plugin as usize;
        let Some(plugin) = self.prog.plugins.get(slot) else {
            return Err(fail("internal error: not loaded".into()));
        };
        if self.plugin_instances.len() <= slot {
            self.plugin_instances.resize_with(slot + 1, || None);
        }
        let instance = match self.plugin_instances[slot].take() {
            Some(i) => i,
            None => plugin.instantiate().map_err(fail)?,
        };
        let mut instance = instance;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            instance.call(&pc.function, &args)
        }));
        let v = match result {
            Ok(Ok(v)) => {
                self.plugin_instances[slot] = Some(instance);
                v
            }
            Ok(Err(msg)) => return Err(fail(format!("{}(): {msg}", pc.function))),
            Err(_) => {
                return Err(fail(format!(
                    "{}(): internal error in the plugin host",
                    pc.function
                )))
            }
        };
        self.accept_result(v)
    }

    /// A call's result: within the size limit, and paid for in fuel.
    fn accept_result(&mut self, v: Value) -> Result<Value, EvalError> {
        let size = match &v {
            Value::Array(a) => a.len(),
            Value::Object(o) => o.len(),
            Value::Str(s) => s.len(),
            _ => 0,
        };
        self.check_size(size)?;
        self.charge(shallow_size(&v))?;
        Ok(v)
    }
}
