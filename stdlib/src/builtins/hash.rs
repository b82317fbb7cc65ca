//! A structural hash consistent with [`Value::equals`]: equal values hash
//! alike, so `unique` can find duplicates without comparing every pair.

use phasegate_lang::Value;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Hash `v` so that `a.equals(b)` implies `hash(a) == hash(b)`: numbers hash
/// by their float value (so `1` and `1.0` agree) and objects ignore key order.
pub(crate) fn hash_value(v: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    feed(v, &mut h);
    h.finish()
}

fn feed(v: &Value, h: &mut DefaultHasher) {
    match v {
        Value::Null => 0u8.hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Int(_) | Value::Float(_) => {
            let f = v.as_f64().unwrap_or(0.0);
            // -0.0 equals 0.0.
            let f = if f == 0.0 { 0.0 } else { f };
            (2u8, f.to_bits()).hash(h)
        }
        Value::Str(s) => (3u8, &**s).hash(h),
        Value::Array(a) => {
            (4u8, a.len()).hash(h);
            for x in a.iter() {
                feed(x, h);
            }
        }
        Value::Object(o) => {
            // Order-independent: combine the entries' own hashes commutatively.
            let mut sum = 0u64;
            for (k, x) in o.iter() {
                let mut e = DefaultHasher::new();
                (**k).hash(&mut e);
                feed(x, &mut e);
                sum = sum.wrapping_add(e.finish());
            }
            (5u8, o.len(), sum).hash(h)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(j: serde_json::Value) -> Value {
        Value::from_json(&j)
    }

    #[test]
    fn equal_values_hash_alike() {
        let pairs = [
            (Value::Int(1), Value::Float(1.0)),
            (Value::Float(0.0), Value::Float(-0.0)),
            (
                v(serde_json::json!({"a": 1, "b": [1, 2]})),
                v(serde_json::json!({"b": [1.0, 2], "a": 1.0})),
            ),
        ];
        for (a, b) in pairs {
            assert!(a.equals(&b));
            assert_eq!(hash_value(&a), hash_value(&b), "{a} vs {b}");
        }
    }

    #[test]
    fn different_values_usually_differ() {
        let vals = [
            Value::Null,
            Value::Bool(false),
            Value::Int(0),
            Value::str(""),
            Value::array(vec![]),
            v(serde_json::json!({})),
            v(serde_json::json!([null])),
        ];
        for (i, a) in vals.iter().enumerate() {
            for b in &vals[i + 1..] {
                assert_ne!(hash_value(a), hash_value(b), "{a} vs {b}");
            }
        }
    }
}
