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
}

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
        }
    }
}
