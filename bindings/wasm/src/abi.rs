//! The exported functions of the module (the ABI of docs/wasm.md).
//!
//! This is the only module with `unsafe` code: turning the (pointer, length)
//! pairs the host passes into byte slices, and the allocator exports. All
//! logic lives in the safe `state` and `api` modules.
#![allow(unsafe_code)]

use crate::{api, state};
use std::alloc::{alloc, dealloc, Layout};

/// The ABI version (see docs/wasm.md).
#[no_mangle]
pub extern "C" fn pg_abi_version() -> u32 {
    api::ABI_VERSION
}

/// Allocate `len` bytes of guest memory for the host to write a request
/// into. Returns 0 when `len` is 0 or memory is exhausted.
#[no_mangle]
pub extern "C" fn pg_alloc(len: usize) -> *mut u8 {
    match Layout::array::<u8>(len) {
        // SAFETY: the layout has a non-zero size (checked) and a valid alignment.
        Ok(layout) if len > 0 => unsafe { alloc(layout) },
        _ => std::ptr::null_mut(),
    }
}

/// Free memory returned by [`pg_alloc`].
///
/// # Safety
/// `ptr` must come from `pg_alloc(len)` with the same `len`, and not be
/// freed twice. A null `ptr` or a zero `len` does nothing.
#[no_mangle]
pub unsafe extern "C" fn pg_free(ptr: *mut u8, len: usize) {
    if ptr.is_null() || len == 0 {
        return;
    }
    if let Ok(layout) = Layout::array::<u8>(len) {
        // SAFETY: the caller guarantees `ptr` was allocated by `pg_alloc(len)`,
        // i.e. by `alloc` with this same layout, and is still live.
        unsafe { dealloc(ptr, layout) }
    }
}

/// The bytes at (`ptr`, `len`); empty for a null pointer or a zero length.
///
/// # Safety
/// A non-null `ptr` must point to `len` initialised bytes that stay valid and
/// unchanged for the duration of the call.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: guaranteed by the caller (see above); the slice does not
        // outlive the exported call that received the pointer.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

/// Compile the JSON compile request at (`ptr`, `len`). Returns a handle
/// (≥ 1) or 0 on error; the result holds the summary or the error document.
///
/// # Safety
/// (`ptr`, `len`) must be readable guest memory (e.g. from [`pg_alloc`]).
#[no_mangle]
pub unsafe extern "C" fn pg_compile(ptr: *const u8, len: usize) -> u32 {
    // SAFETY: forwarded caller guarantee.
    state::compile(unsafe { bytes(ptr, len) })
}

/// Evaluate `handle` on the JSON input at (`input`, `input_len`) with the
/// options at (`options`, `options_len`) (empty means `{}`). Returns 0 with
/// the decision JSON as the result, or 1 with an error document.
///
/// # Safety
/// Both pairs must be readable guest memory (e.g. from [`pg_alloc`]).
#[no_mangle]
pub unsafe extern "C" fn pg_evaluate(
    handle: u32,
    input: *const u8,
    input_len: usize,
    options: *const u8,
    options_len: usize,
) -> u32 {
    // SAFETY: forwarded caller guarantee, for both pairs.
    let (input, options) = unsafe { (bytes(input, input_len), bytes(options, options_len)) };
    state::evaluate(handle, input, options)
}

/// Drop a handle. Returns 0, or 1 (with an error document) when the handle is unknown.
#[no_mangle]
pub extern "C" fn pg_drop(handle: u32) -> u32 {
    state::drop_handle(handle)
}

/// Where the last result document starts (valid until the next call of
/// `pg_compile`, `pg_evaluate` or `pg_drop`).
#[no_mangle]
pub extern "C" fn pg_result_ptr() -> *const u8 {
    state::result_ptr()
}

/// The length of the last result document in bytes.
#[no_mangle]
pub extern "C" fn pg_result_len() -> usize {
    state::result_len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Copy `bytes` into memory from `pg_alloc`, call `f` on it, free it.
    fn with_request<R>(bytes: &[u8], f: impl FnOnce(*const u8, usize) -> R) -> R {
        let p = pg_alloc(bytes.len());
        assert!(!p.is_null());
        // SAFETY: `p` holds `bytes.len()` freshly allocated bytes.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len()) };
        let r = f(p, bytes.len());
        // SAFETY: `p` came from `pg_alloc(bytes.len())` and is freed once.
        unsafe { pg_free(p, bytes.len()) };
        r
    }

    fn result() -> serde_json::Value {
        // SAFETY: the result buffer is live until the next state-changing call.
        let bytes = unsafe { bytes(pg_result_ptr(), pg_result_len()) };
        assert_eq!(bytes, state::result().as_slice());
        serde_json::from_slice(bytes).expect("result is JSON")
    }

    #[test]
    fn the_exports_round_trip_through_raw_memory() {
        assert_eq!(pg_abi_version(), 1);
        assert!(pg_alloc(0).is_null());
        // SAFETY: null and zero length are documented no-ops.
        unsafe { pg_free(std::ptr::null_mut(), 8) };
        let policy = r#"{"sources": [{"name": "t.gate", "text": "rule t.a {\n  title \"t\"\n  phase build\n  severity low\n  require input.ok\n}\n"}]}"#;
        // SAFETY: the pointer and length come from `with_request`.
        let handle = with_request(policy.as_bytes(), |p, n| unsafe { pg_compile(p, n) });
        assert!(handle >= 1);
        assert_eq!(result()["rules"][0], "t.a");
        let live = state::live_handles();
        // SAFETY: as above; null options mean `{}`.
        let status = with_request(br#"{"ok": false}"#, |p, n| unsafe {
            pg_evaluate(handle, p, n, std::ptr::null(), 0)
        });
        assert_eq!(status, state::OK);
        assert_eq!(result()["results"][0]["status"], "fail");
        // SAFETY: an empty input is no input: a structured error, not a crash.
        let status = unsafe { pg_evaluate(handle, std::ptr::null(), 0, std::ptr::null(), 0) };
        assert_eq!(status, state::FAILED);
        assert_eq!(result()["code"], "phasegate::input");
        assert_eq!(pg_drop(handle), state::OK);
        assert_eq!(state::live_handles(), live - 1);
        assert_eq!(pg_drop(handle), state::FAILED);
        assert_eq!(result()["code"], "phasegate::wasm::unknown_handle");
        // SAFETY: a null request reads as empty: a bad request.
        assert_eq!(unsafe { pg_compile(std::ptr::null(), 0) }, 0);
        assert_eq!(result()["code"], "phasegate::wasm::bad_request");
    }
}
