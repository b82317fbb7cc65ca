//! Deserialize any serde format (JSON, YAML) straight into a [`Value`],
//! without an intermediate `serde_json::Value`.

use crate::value::{Object, ObjectHasher, Value};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

/// Most distinct keys one document shares; past this (a hostile document of
/// unique keys) new keys are simply allocated.
const MAX_SHARED_KEYS: usize = 4096;
/// Longest key shared (longer keys are rarely repeated).
const MAX_SHARED_KEY_LEN: usize = 64;

/// What one document's deserialization shares: one copy of each map key (an
/// SBOM repeats the same dozen keys for thousands of components) and the
/// buffers where the entries of open maps and lists are gathered, so each
/// object and list is allocated once at its final size.
#[derive(Default)]
struct Shared {
    keys: RefCell<HashSet<Arc<str>, ObjectHasher>>,
    entries: RefCell<Vec<(Arc<str>, Value)>>,
    items: RefCell<Vec<Value>>,
}

impl Shared {
    fn key(&self, s: &str) -> Arc<str> {
        if s.len() > MAX_SHARED_KEY_LEN {
            return Arc::from(s);
        }
        let mut keys = self.keys.borrow_mut();
        if let Some(k) = keys.get(s) {
            return k.clone();
        }
        let k: Arc<str> = Arc::from(s);
        if keys.len() < MAX_SHARED_KEYS {
            keys.insert(k.clone());
        }
        k
    }
}

/// A value read with the document's [`Shared`] state.
#[derive(Clone, Copy)]
struct ValueSeed<'s>(&'s Shared);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor(self.0))
    }
}

struct ValueVisitor<'s>(&'s Shared);

impl<'de> Visitor<'de> for ValueVisitor<'_> {
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
        ValueSeed(self.0).deserialize(d)
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
        // The items gather above the enclosing lists' items (a nested list
        // is complete before its parent goes on) and move out at the end.
        let base = self.0.items.borrow().len();
        while let Some(v) = seq.next_element_seed(ValueSeed(self.0))? {
            self.0.items.borrow_mut().push(v);
        }
        let items: Vec<Value> = self.0.items.borrow_mut().drain(base..).collect();
        Ok(Value::array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let base = self.0.entries.borrow().len();
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            let v = map.next_value_seed(ValueSeed(self.0))?;
            self.0.entries.borrow_mut().push((key, v));
        }
        let mut entries = self.0.entries.borrow_mut();
        let mut obj = Object::with_capacity_and_hasher(entries.len() - base, Default::default());
        for (key, v) in entries.drain(base..) {
            // A key given twice is an error: parsers disagree on which one
            // wins, so a tool and a policy could read different values.
            match obj.entry(key) {
                indexmap::map::Entry::Occupied(e) => {
                    return Err(de::Error::custom(format_args!(
                        "duplicate key `{}`",
                        e.key()
                    )));
                }
                indexmap::map::Entry::Vacant(e) => {
                    e.insert(v);
                }
            }
        }
        Ok(Value::object(obj))
    }
}

/// A map key; YAML allows non-string scalar keys, which become their text.
struct KeySeed<'s>(&'s Shared);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Arc<str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Arc<str>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Arc<str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_str<E>(self, s: &str) -> Result<Arc<str>, E> {
        Ok(self.0.key(s))
    }
    fn visit_bool<E>(self, b: bool) -> Result<Arc<str>, E> {
        Ok(self.0.key(&b.to_string()))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Arc<str>, E> {
        Ok(self.0.key(&i.to_string()))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Arc<str>, E> {
        Ok(self.0.key(&u.to_string()))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Arc<str>, E> {
        Ok(self.0.key(&f.to_string()))
    }
    fn visit_unit<E>(self) -> Result<Arc<str>, E> {
        Ok(self.0.key("null"))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        ValueSeed(&Shared::default()).deserialize(d)
    }
}
