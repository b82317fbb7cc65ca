//! # phasegate-wasm
//!
//! The phasegate engine compiled to a WebAssembly module
//! (`wasm32-unknown-unknown`) that imports nothing, so it can do no I/O.
//! Any WebAssembly runtime (wasmtime, Node.js, browsers, proxies) loads the
//! one `.wasm` file and calls its exports:
//!
//! | export | signature | does |
//! |---|---|---|
//! | `pg_abi_version` | `() -> i32` | the ABI version ([`api::ABI_VERSION`]) |
//! | `pg_alloc` | `(len) -> ptr` | guest memory for a request |
//! | `pg_free` | `(ptr, len)` | free it |
//! | `pg_compile` | `(ptr, len) -> handle` | compile policies; 0 on error |
//! | `pg_evaluate` | `(handle, ptr, len, ptr, len) -> status` | decision JSON; 0 ok, 1 error |
//! | `pg_drop` | `(handle) -> status` | forget a policy set |
//! | `pg_result_ptr`, `pg_result_len` | `() -> i32` | the last call's JSON document |
//!
//! docs/wasm.md describes the requests and documents. The decision JSON is
//! byte-identical to `phasegate check --format json`: both call
//! [`phasegate_report::json::to_json`].
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod abi;
pub mod api;
pub mod state;
