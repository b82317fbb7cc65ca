//! The stable JSON document of `phasegate check --format json` (see docs/output.md).

use phasegate_engine::Decision;

/// The decision as pretty-printed JSON (deterministic: key order is fixed).
pub fn to_json(decision: &Decision) -> String {
    serde_json::to_string_pretty(decision).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The decision as one line of JSON (for JSON-lines output).
pub fn to_json_line(decision: &Decision) -> String {
    serde_json::to_string(decision).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
