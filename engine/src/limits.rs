//! Evaluation limits: every policy evaluation is bounded in time and memory.

use serde::{Deserialize, Serialize};

/// Bounds on one evaluation. A rule that exceeds a limit gets status
/// `error` naming the limit; the other rules still run.
///
/// Defaults:
///
/// | limit | default |
/// |---|---|
/// | `fuel_per_rule` | 1 000 000 steps |
/// | `fuel_total` | 50 000 000 steps |
/// | `max_call_depth` | 64 nested user-function calls |
/// | `max_value_size` | 1 000 000 items or bytes |
/// | `max_messages` | 100 messages per rule |
/// | `max_message_len` | 4096 bytes |
///
/// One step of fuel is charged per evaluated expression node, plus one per
/// item a loop, operator or builtin touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Evaluation steps one rule may take (including its functions and messages).
    pub fuel_per_rule: u64,
    /// Evaluation steps all rules of one evaluation may take together.
    pub fuel_total: u64,
    /// Deepest nesting of user-function calls.
    pub max_call_depth: u32,
    /// Largest list or object (items) or string (bytes) an evaluation may build.
    pub max_value_size: usize,
    /// Most messages one rule reports; the rest are summarised as `… and N more`.
    pub max_messages: usize,
    /// Longest message in bytes; longer ones are cut and end with `…`.
    pub max_message_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            fuel_per_rule: 1_000_000,
            fuel_total: 50_000_000,
            max_call_depth: 64,
            max_value_size: 1_000_000,
            max_messages: 100,
            max_message_len: 4096,
        }
    }
}

/// Which limit was exceeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LimitKind {
    FuelPerRule,
    FuelTotal,
    CallDepth,
    ValueSize,
    /// Sub-expressions nested deeper than [`MAX_NESTING`] (only reachable in
    /// the WebAssembly module, whose stack is fixed).
    Nesting,
}

/// How deep the evaluation of sub-expressions (through function calls) may
/// nest. Natively unbounded: the evaluator grows its stack on demand. In the
/// WebAssembly module the runtime's call stack is fixed, so nesting stops
/// here with a rule error instead of a trap; 4,096 levels are 256 calls each
/// evaluating 16 nested sub-expressions (the wasmtime host gives the module
/// enough stack for this, see `bindings/wasm/host/src/sandbox.rs`).
#[cfg(target_arch = "wasm32")]
pub(crate) const MAX_NESTING: Option<u32> = Some(4096);
/// How deep the evaluation of sub-expressions may nest (unbounded natively).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) const MAX_NESTING: Option<u32> = None;

impl Limits {
    /// "limit `name` (value …) exceeded".
    pub(crate) fn describe(&self, kind: LimitKind) -> String {
        match kind {
            LimitKind::FuelPerRule => format!(
                "evaluation limit exceeded: fuel_per_rule = {} steps",
                self.fuel_per_rule
            ),
            LimitKind::FuelTotal => format!(
                "evaluation limit exceeded: fuel_total = {} steps for all rules",
                self.fuel_total
            ),
            LimitKind::CallDepth => format!(
                "evaluation limit exceeded: max_call_depth = {} nested calls",
                self.max_call_depth
            ),
            LimitKind::ValueSize => format!(
                "evaluation limit exceeded: max_value_size = {} items or bytes",
                self.max_value_size
            ),
            LimitKind::Nesting => format!(
                "evaluation limit exceeded: sub-expressions nested {} levels deep (the WebAssembly module's stack is fixed)",
                MAX_NESTING.unwrap_or(u32::MAX)
            ),
        }
    }
}
