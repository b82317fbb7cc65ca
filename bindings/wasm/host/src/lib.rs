//! # phasegate-wasm-host
//!
//! Runs WebAssembly under [wasmtime], every call bounded by **fuel**, a
//! **memory cap** and a **wall-clock deadline** ([`HostLimits`]); each
//! exhausted bound is its own [`HostError`] variant. Two uses:
//!
//! - the phasegate engine compiled to WebAssembly (crate `phasegate-wasm`,
//!   built by `scripts/build-wasm.sh`): [`WasmEngine`] and [`Session`];
//! - **plugins** for the native engine: [`WasmPluginLoader`] loads the
//!   modules policies declare with `plugin name = "file.wasm"` (give it to
//!   `PolicySetBuilder::plugins`).
//!
//! Everything sits behind the `runtime` cargo feature, so ordinary workspace
//! builds never compile wasmtime:
//!
//! ```toml
//! phasegate-wasm-host = { path = "bindings/wasm/host", features = ["runtime"] }
//! ```
//!
//! ```no_run
//! # #[cfg(feature = "runtime")]
//! # fn main() -> Result<(), phasegate_wasm_host::HostError> {
//! use phasegate_wasm_host::{CompileRequest, EvalOptions, HostLimits, WasmEngine};
//!
//! let engine = WasmEngine::from_file("phasegate_wasm.wasm", HostLimits::default())?;
//! let mut session = engine.session()?;
//! let compiled = session.compile(&CompileRequest::new().source("a.gate", "rule a.b { … }"))?;
//! let decision_json = session.evaluate(compiled.handle, r#"{"reviews": []}"#, &EvalOptions::default())?;
//! # let _ = decision_json;
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "runtime"))]
//! # fn main() {}
//! ```
//!
//! [wasmtime]: https://docs.rs/wasmtime
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "runtime")]
mod error;
#[cfg(feature = "runtime")]
mod guest;
#[cfg(feature = "runtime")]
mod limits;
#[cfg(feature = "runtime")]
mod plugin;
#[cfg(feature = "runtime")]
mod requests;
#[cfg(feature = "runtime")]
mod sandbox;
#[cfg(feature = "runtime")]
mod session;

#[cfg(feature = "runtime")]
pub use error::{DiagnosticDoc, EngineError, HostError};
#[cfg(feature = "runtime")]
pub use limits::HostLimits;
#[cfg(feature = "runtime")]
pub use plugin::{WasmPlugin, WasmPluginLoader, MAX_PLUGIN_BYTES, PLUGIN_ABI_VERSION};
#[cfg(feature = "runtime")]
pub use requests::{CompileRequest, Compiled, EvalOptions, Handle, Source};
#[cfg(feature = "runtime")]
pub use sandbox::Sandbox;
#[cfg(feature = "runtime")]
pub use session::{Session, WasmEngine, ABI_VERSION};
