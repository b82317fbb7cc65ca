//! # phasegate-report
//!
//! Turns a [`Decision`](phasegate_engine::Decision) into what people and
//! tools read: human text ([`human`]), the decision JSON ([`json`]), SARIF
//! 2.1.0 ([`sarif`]), JUnit XML ([`junit`]) and a self-contained HTML
//! dashboard ([`html`]). Reporters live here, not in the CLI, so that the
//! Python and WASM bindings reuse them.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod gate;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod locate;
pub mod sarif;
pub mod testrun;

pub use gate::Gate;
