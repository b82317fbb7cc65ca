//! Errors of the host: exhausted bounds, traps, ABI violations, and the
//! engine's own structured errors.

use serde::Deserialize;
use std::time::Duration;

/// Why a call into a WebAssembly module did not give a result.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// The module could not be read, compiled or instantiated.
    #[error("cannot load the WebAssembly module: {0}")]
    Load(String),
    /// The module does not follow the ABI (a missing or ill-typed export, a
    /// different ABI version, a result outside its memory, invalid output).
    #[error("the WebAssembly module breaks the ABI: {0}")]
    Abi(String),
    /// The call used up its fuel.
    #[error("the WebAssembly call ran out of fuel ({fuel} units)")]
    OutOfFuel {
        /// The fuel the call had.
        fuel: u64,
    },
    /// The instance tried to grow its memory past the cap.
    #[error("the WebAssembly instance hit its memory cap of {max_bytes} bytes")]
    MemoryLimit {
        /// The cap.
        max_bytes: usize,
    },
    /// The call ran past its deadline.
    #[error("the WebAssembly call ran past its deadline of {timeout:?}")]
    Timeout {
        /// The deadline.
        timeout: Duration,
    },
    /// The module trapped (e.g. `unreachable`, an out-of-bounds access, a
    /// stack overflow).
    #[error("the WebAssembly module trapped: {0}")]
    Trap(String),
    /// A plugin function reported an error (its own message).
    #[error("{0}")]
    Plugin(String),
    /// An earlier call of this session stopped mid-way (a trap or an
    /// exhausted bound); the instance may be inconsistent and is not used
    /// again. Start a new session.
    #[error("this session is unusable after an earlier trap; start a new one")]
    Poisoned,
    /// The engine answered with an error document (policy errors, a bad
    /// input, an unknown handle…).
    #[error("{0}")]
    Engine(EngineError),
}

/// The engine's error document (docs/wasm.md, "Error document").
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct EngineError {
    /// Stable code, e.g. `phasegate::compile::policy`.
    pub code: String,
    /// One-line summary.
    pub message: String,
    /// How to fix it.
    #[serde(default)]
    pub help: Option<String>,
    /// The policy diagnostics.
    #[serde(default)]
    pub diagnostics: Vec<DiagnosticDoc>,
}

/// One policy diagnostic, as `phasegate lint --format json` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct DiagnosticDoc {
    /// Stable code, e.g. `phasegate::check::unknown_function`.
    pub code: String,
    /// `error` or `warning`.
    pub severity: String,
    /// Message.
    pub message: String,
    /// Source name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Help text.
    #[serde(default)]
    pub help: Option<String>,
}
