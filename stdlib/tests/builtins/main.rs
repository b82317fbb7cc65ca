//! Behaviour of every builtin, through the public registry.

mod collections;
mod docs;
mod examples;
mod regex;
mod robustness;
mod security;
mod semver;
mod strings;
mod time;
mod types;

use phasegate_lang::Value;
use phasegate_stdlib::{registry, BuiltinError, CallCtx};

/// A value from JSON syntax: `j!({"a": [1, 2.5]})`.
#[macro_export]
macro_rules! j {
    ($($t:tt)+) => {
        phasegate_lang::Value::from_json(&serde_json::json!($($t)+))
    };
}

/// Call builtin `name` with `ctx`.
pub fn call_ctx(name: &str, args: &[Value], ctx: &CallCtx<'_>) -> Result<Value, BuiltinError> {
    let b = registry()
        .get(name)
        .unwrap_or_else(|| panic!("no builtin {name}"));
    let refs: Vec<&Value> = args.iter().collect();
    (b.func)(&refs, ctx)
}

/// Call builtin `name` with a basic context.
pub fn call(name: &str, args: &[Value]) -> Result<Value, BuiltinError> {
    call_ctx(name, args, &CallCtx::basic())
}

/// The result of a call that must succeed.
pub fn ok(name: &str, args: &[Value]) -> Value {
    match call(name, args) {
        Ok(v) => v,
        Err(e) => panic!("{name}({args:?}) failed: {e}"),
    }
}

/// The message of a call that must fail.
pub fn err(name: &str, args: &[Value]) -> String {
    match call(name, args) {
        Ok(v) => panic!("{name}({args:?}) gave {v} instead of failing"),
        Err(e) => e.message,
    }
}

/// A basic context with a small size limit.
pub fn small(max_size: usize) -> CallCtx<'static> {
    CallCtx {
        max_size,
        ..CallCtx::basic()
    }
}

/// A string value.
pub fn s(text: &str) -> Value {
    Value::str(text)
}

/// Assert two values are equal and of the same kind (so `1` ≠ `1.0` here).
#[track_caller]
pub fn same(got: Value, want: Value) {
    assert!(
        got.kind() == want.kind() && got == want && got.to_string() == want.to_string(),
        "got {got} ({}), want {want} ({})",
        got.kind(),
        want.kind()
    );
}
