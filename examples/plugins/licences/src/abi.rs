//! The exports of the plugin ABI (docs/wasm.md, "Plugins"): the only
//! `unsafe` code, turning (pointer, length) pairs into byte slices and
//! allocating guest memory for the host.
#![allow(unsafe_code)]

use crate::dispatch;
use std::alloc::{alloc, dealloc, Layout};
use std::cell::RefCell;

thread_local! {
    /// The document of the last call, read by the host through
    /// `pg_result_ptr`/`pg_result_len`.
    static RESULT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn set_result(bytes: Vec<u8>) {
    RESULT.with(|r| *r.borrow_mut() = bytes);
}

/// The plugin ABI version.
#[no_mangle]
pub extern "C" fn pg_plugin_abi_version() -> u32 {
    1
}

/// `len` bytes for the host to write into; 0 when `len` is 0 or on failure.
#[no_mangle]
pub extern "C" fn pg_alloc(len: usize) -> *mut u8 {
    match Layout::array::<u8>(len) {
        // SAFETY: non-zero size (checked), valid alignment.
        Ok(layout) if len > 0 => unsafe { alloc(layout) },
        _ => std::ptr::null_mut(),
    }
}

/// Free what [`pg_alloc`] returned.
///
/// # Safety
/// `ptr` comes from `pg_alloc(len)` with the same `len`, freed once.
#[no_mangle]
pub unsafe extern "C" fn pg_free(ptr: *mut u8, len: usize) {
    if ptr.is_null() || len == 0 {
        return;
    }
    if let Ok(layout) = Layout::array::<u8>(len) {
        // SAFETY: allocated by `alloc` with this layout (caller guarantee).
        unsafe { dealloc(ptr, layout) }
    }
}

/// Pointer to the last result document.
#[no_mangle]
pub extern "C" fn pg_result_ptr() -> *const u8 {
    RESULT.with(|r| r.borrow().as_ptr())
}

/// Length of the last result document.
#[no_mangle]
pub extern "C" fn pg_result_len() -> usize {
    RESULT.with(|r| r.borrow().len())
}

/// Put the manifest in the result; status 0.
#[no_mangle]
pub extern "C" fn pg_plugin_manifest() -> u32 {
    set_result(dispatch::manifest().into_bytes());
    0
}

/// The bytes at (`ptr`, `len`).
///
/// # Safety
/// A non-null `ptr` points to `len` readable bytes, valid during the call.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: caller guarantee (above).
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

/// Call the function named at (`name`, `name_len`) with the JSON array of
/// arguments at (`args`, `args_len`): status 0 with the JSON result, or 1
/// with an error message.
///
/// # Safety
/// Both pairs are readable guest memory (e.g. from [`pg_alloc`]).
#[no_mangle]
pub unsafe extern "C" fn pg_plugin_call(
    name: *const u8,
    name_len: usize,
    args: *const u8,
    args_len: usize,
) -> u32 {
    // SAFETY: forwarded caller guarantee.
    let (name, args) = unsafe { (bytes(name, name_len), bytes(args, args_len)) };
    match dispatch::call(name, args) {
        Ok(json) => {
            set_result(json.into_bytes());
            0
        }
        Err(msg) => {
            set_result(msg.into_bytes());
            1
        }
    }
}
