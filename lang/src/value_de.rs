//! Deserialize any serde format (JSON, YAML) straight into a [`Value`],
//! without an intermediate `serde_json::Value`.

use crate::value::{Object, Value};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::sync::Arc;

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Int(i))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(i64::try_from(u)
            .map(Value::Int)
            .unwrap_or(Value::Float(u as f64)))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        if f.is_finite() {
            Ok(Value::Float(f))
        } else {
            Err(E::custom(
                "non-finite numbers (NaN, infinity) are not allowed",
            ))
        }
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::str(s))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::from(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element::<Value>()? {
            items.push(v);
        }
        Ok(Value::array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut obj = Object::with_capacity_and_hasher(
            map.size_hint().unwrap_or(0).min(4096),
            Default::default(),
        );
        while let Some(key) = map.next_key::<KeyString>()? {
            let v = map.next_value::<Value>()?;
            // A key given twice is an error: parsers disagree on which one
            // wins, so a tool and a policy could read different values.
            if obj.contains_key(&key.0) {
                return Err(de::Error::custom(format_args!("duplicate key `{}`", key.0)));
            }
            obj.insert(key.0, v);
        }
        Ok(Value::object(obj))
    }
}

/// A map key; YAML allows non-string scalar keys, which become their text.
struct KeyString(Arc<str>);

impl<'de> Deserialize<'de> for KeyString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = KeyString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_str<E>(self, s: &str) -> Result<KeyString, E> {
                Ok(KeyString(Arc::from(s)))
            }
            fn visit_bool<E>(self, b: bool) -> Result<KeyString, E> {
                Ok(KeyString(Arc::from(b.to_string())))
            }
            fn visit_i64<E>(self, i: i64) -> Result<KeyString, E> {
                Ok(KeyString(Arc::from(i.to_string())))
            }
            fn visit_u64<E>(self, u: u64) -> Result<KeyString, E> {
                Ok(KeyString(Arc::from(u.to_string())))
            }
            fn visit_f64<E>(self, f: f64) -> Result<KeyString, E> {
                Ok(KeyString(Arc::from(f.to_string())))
            }
            fn visit_unit<E>(self) -> Result<KeyString, E> {
                Ok(KeyString(Arc::from("null")))
            }
        }
        d.deserialize_any(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}
