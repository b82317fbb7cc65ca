//! The module's state: compiled policy sets by handle, and the last result.
//!
//! A WebAssembly instance runs one call at a time, so one lock around the
//! whole state is all the synchronisation there is (it is never contended).

use crate::api::{self, codes, ErrorDoc};
use phasegate_engine::PolicySet;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// Status returned by `pg_evaluate` and `pg_drop` when the call worked.
pub const OK: u32 = 0;
/// Status returned by `pg_evaluate` and `pg_drop` when it failed (the result is an error document).
pub const FAILED: u32 = 1;

struct State {
    /// The next handle to hand out. Handles are never reused, so a dropped
    /// handle stays unknown.
    next: u32,
    sets: BTreeMap<u32, PolicySet>,
    /// The document the last call produced, read by `pg_result_ptr`/`pg_result_len`.
    result: Vec<u8>,
}

static STATE: Mutex<State> = Mutex::new(State {
    next: 1,
    sets: BTreeMap::new(),
    result: Vec::new(),
});

fn state() -> MutexGuard<'static, State> {
    // A poisoned lock can only follow a panic, which aborts on wasm; natively
    // the state is still consistent (every update is a single assignment).
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Compile a request: the new handle (≥ 1), or 0 on error. The result holds
/// the compile summary or the error document.
pub fn compile(request: &[u8]) -> u32 {
    let outcome = api::compile(request);
    let mut s = state();
    match outcome {
        Ok(set) => {
            let handle = s.next;
            let Some(next) = handle.checked_add(1) else {
                s.result = ErrorDoc::new(codes::BAD_REQUEST, "no handles left").to_json();
                return 0;
            };
            s.next = next;
            s.result = api::compiled_doc(handle, &set);
            s.sets.insert(handle, set);
            handle
        }
        Err(e) => {
            s.result = e.to_json();
            0
        }
    }
}

fn unknown(handle: u32) -> ErrorDoc {
    ErrorDoc::new(
        codes::UNKNOWN_HANDLE,
        format!("no policy set has handle {handle} (never compiled, or dropped)"),
    )
}

/// Evaluate a handle: [`OK`] with the decision JSON as the result, or [`FAILED`].
pub fn evaluate(handle: u32, input: &[u8], options: &[u8]) -> u32 {
    let set = state().sets.get(&handle).cloned();
    let outcome = match set {
        Some(set) => api::evaluate(&set, input, options),
        None => Err(unknown(handle)),
    };
    let mut s = state();
    match outcome {
        Ok(json) => {
            s.result = json;
            OK
        }
        Err(e) => {
            s.result = e.to_json();
            FAILED
        }
    }
}

/// Drop a handle: [`OK`], or [`FAILED`] when it is unknown.
pub fn drop_handle(handle: u32) -> u32 {
    let mut s = state();
    if s.sets.remove(&handle).is_some() {
        s.result.clear();
        OK
    } else {
        s.result = unknown(handle).to_json();
        FAILED
    }
}

/// Number of live handles.
pub fn live_handles() -> usize {
    state().sets.len()
}

/// Where the last result starts; valid until the next `pg_compile`,
/// `pg_evaluate` or `pg_drop`.
pub fn result_ptr() -> *const u8 {
    state().result.as_ptr()
}

/// Length of the last result in bytes.
pub fn result_len() -> usize {
    state().result.len()
}

/// A copy of the last result (native tests).
pub fn result() -> Vec<u8> {
    state().result.clone()
}
