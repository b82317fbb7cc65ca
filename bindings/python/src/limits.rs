//! `limits=`: the engine's evaluation limits plus the bounds of input conversion.

use crate::errors::Failure;
use phasegate_engine::Limits;
use phasegate_lang::diag::did_you_mean;

/// Bounds on turning Python objects and documents into evidence values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputLimits {
    /// Deepest nesting of lists and dicts in an input (also catches cycles).
    pub max_depth: usize,
    /// Largest JSON/YAML document (string, bytes or file) in bytes.
    pub max_bytes: usize,
}

/// The deepest `max_input_depth` allowed: conversion recurses once per level.
pub const MAX_INPUT_DEPTH_CAP: usize = 1000;

impl Default for InputLimits {
    fn default() -> Self {
        InputLimits {
            max_depth: 128,
            max_bytes: 256 * 1024 * 1024,
        }
    }
}

/// Every key `limits=` accepts, in documentation order.
pub const KEYS: [&str; 8] = [
    "fuel_per_rule",
    "fuel_total",
    "max_call_depth",
    "max_value_size",
    "max_messages",
    "max_message_len",
    "max_input_depth",
    "max_input_bytes",
];

/// Both kinds of limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AllLimits {
    /// Evaluation limits (per rule results, never exceptions).
    pub eval: Limits,
    /// Conversion limits (exceptions: `LimitExceeded`).
    pub input: InputLimits,
}

fn misuse(message: String) -> Failure {
    Failure::limit("phasegate::limits::invalid", message)
}

impl AllLimits {
    /// Apply one `key = value` (value already known to be a non-negative int).
    pub fn set(&mut self, key: &str, value: u64) -> Result<(), Failure> {
        let too_big = |max: u64| {
            misuse(format!(
                "limits[{key:?}] = {value} is too large (at most {max})"
            ))
        };
        let as_usize = |v: u64| usize::try_from(v).map_err(|_| too_big(usize::MAX as u64));
        match key {
            "fuel_per_rule" => self.eval.fuel_per_rule = value,
            "fuel_total" => self.eval.fuel_total = value,
            "max_call_depth" => {
                self.eval.max_call_depth =
                    u32::try_from(value).map_err(|_| too_big(u32::MAX as u64))?
            }
            "max_value_size" => self.eval.max_value_size = as_usize(value)?,
            "max_messages" => self.eval.max_messages = as_usize(value)?,
            "max_message_len" => self.eval.max_message_len = as_usize(value)?,
            "max_input_depth" => {
                if value == 0 || value > MAX_INPUT_DEPTH_CAP as u64 {
                    return Err(misuse(format!(
                        "limits[\"max_input_depth\"] = {value} is out of range (1 to {MAX_INPUT_DEPTH_CAP})"
                    )));
                }
                self.input.max_depth = as_usize(value)?
            }
            "max_input_bytes" => self.input.max_bytes = as_usize(value)?,
            _ => {
                let mut f = misuse(format!("unknown limit {key:?}"));
                let known = KEYS.join(", ");
                f = match did_you_mean(key, KEYS) {
                    Some(s) => f.help(format!("did you mean `{s}`? known limits: {known}")),
                    None => f.help(format!("known limits: {known}")),
                };
                return Err(f);
            }
        }
        Ok(())
    }

    /// Every limit with its value, in [`KEYS`] order.
    pub fn entries(&self) -> [(&'static str, u64); 8] {
        let e = &self.eval;
        [
            ("fuel_per_rule", e.fuel_per_rule),
            ("fuel_total", e.fuel_total),
            ("max_call_depth", u64::from(e.max_call_depth)),
            ("max_value_size", e.max_value_size as u64),
            ("max_messages", e.max_messages as u64),
            ("max_message_len", e.max_message_len as u64),
            ("max_input_depth", self.input.max_depth as u64),
            ("max_input_bytes", self.input.max_bytes as u64),
        ]
    }
}

/// The error for a limit value that is not a non-negative integer.
pub fn bad_value(key: &str, shown: &str) -> Failure {
    misuse(format!(
        "limits[{key:?}] must be a non-negative int, got {shown}"
    ))
}
