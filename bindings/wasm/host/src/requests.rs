//! The JSON requests and responses of the engine module's ABI (docs/wasm.md).

use crate::error::DiagnosticDoc;
use serde::{Deserialize, Serialize};

/// A compiled policy set inside one [`crate::Session`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(transparent)]
pub struct Handle(pub u32);

/// What `pg_compile` compiles.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CompileRequest {
    /// Policy sources, in load order.
    pub sources: Vec<Source>,
    /// Param overrides (`<package>.<name>`, `<rule-id>.<name>` or a bare name).
    pub params: serde_json::Map<String, serde_json::Value>,
    /// Engine limits (`fuel_per_rule`, `fuel_total`, …); `null` keeps the defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<serde_json::Value>,
}

/// One policy source.
#[derive(Clone, Debug, Serialize)]
pub struct Source {
    /// Display name, e.g. `build.gate`.
    pub name: String,
    /// Policy text.
    pub text: String,
}

impl CompileRequest {
    /// An empty request.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a source.
    pub fn source(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.sources.push(Source {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Add a param override.
    pub fn param(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.params.insert(key.into(), value);
        self
    }

    /// Set the engine limits (an object of `Limits` fields).
    pub fn limits(mut self, limits: serde_json::Value) -> Self {
        self.limits = Some(limits);
        self
    }
}

/// The options of an evaluation.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EvalOptions {
    /// The time rules see as now (RFC 3339); wins over `context.now`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// The `context` document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<serde_json::Value>,
}

/// The result of a successful compile.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Compiled {
    /// The handle to evaluate with.
    pub handle: Handle,
    /// Rule ids in load order.
    pub rules: Vec<String>,
    /// Compiler warnings.
    pub warnings: Vec<DiagnosticDoc>,
}
