//! # phasegate-report
//!
//! Turns a [`Decision`](phasegate_engine::Decision) into what people and
//! tools read. Reporters live here, not in the CLI, so that the Python and
//! WASM bindings reuse them.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod gate;
pub mod human;
pub mod json;
pub mod testrun;

pub use gate::Gate;
