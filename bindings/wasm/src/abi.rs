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
