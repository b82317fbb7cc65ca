//! # phasegate-stdlib
//!
//! Builtin functions (with the signatures the checker uses), evidence
//! adapters, and the ready Secure DevOps rule packs.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod adapters;
pub mod builtins;
pub mod packs;

pub use builtins::{registry, Builtin, BuiltinError, CallCtx, Pattern, Registry};
