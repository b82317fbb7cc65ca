//! Paths into values: `x.field`, `x["key"]`, `xs[i]`. Never an error: a
//! missing field, an index out of range or a step into a non-container is `null`.

use phasegate_lang::Value;

/// `base.key` / `base["key"]`.
pub(crate) fn field(base: &Value, key: &str) -> Value {
    base.get(key).clone()
}

/// `base[idx]`: list by int index (negative from the end), object by string key.
pub(crate) fn index(base: &Value, idx: &Value) -> Value {
    match (base, idx) {
        (Value::Array(xs), Value::Int(i)) => position(xs.len(), *i)
            .and_then(|p| xs.get(p))
            .cloned()
            .unwrap_or(Value::Null),
        (Value::Object(_), Value::Str(k)) => field(base, k),
        _ => Value::Null,
    }
}

/// The non-negative position `idx` designates in a list of `len` items.
pub(crate) fn position(len: usize, idx: i64) -> Option<usize> {
    let i = idx as i128;
    let i = if i < 0 { len as i128 + i } else { i };
    (0..len as i128).contains(&i).then_some(i as usize)
}
