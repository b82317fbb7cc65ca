//! An example phasegate plugin, written in Rust and compiled to a
//! WebAssembly module that imports nothing (see docs/wasm.md, "Plugins").
//!
//! It exports two functions a policy can call after
//! `plugin licences = "licences.wasm"`:
//!
//! - `licences.classify(expr)`: the category of an SPDX licence expression —
//!   `"permissive"`, `"weak-copyleft"`, `"copyleft"`, `"network-copyleft"` or
//!   `"unknown"` (`A OR B` takes the least restrictive choice, `A AND B` the
//!   most restrictive part);
//! - `licences.spdx_ids(expr)`: the licence ids in an expression, sorted.
//!
//! The logic is safe Rust in [`spdx`] and [`dispatch`]; only [`abi`]
//! (the exported functions) uses `unsafe`, for raw guest memory.

pub mod abi;
pub mod dispatch;
pub mod spdx;
