//! Small helpers shared by the adapters: building objects, reading paths of
//! a parsed document, normalising severities and levels.

use super::AdapterError;
use phasegate_lang::value::{Object, ObjectHasher};
use phasegate_lang::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// An object under construction, in insertion order. The entries gather in
/// a list and become an [`Object`] of the exact size once, at [`Obj::build`]
/// (a later `set` of the same key replaces the value in its first place).
#[derive(Default)]
pub(crate) struct Obj(Vec<(Arc<str>, Value)>);

thread_local! {
    /// One shared copy, per thread, of each key the adapters write: every
    /// component of an SBOM gets the same `name`, `version`, `purl`…
    static KEYS: RefCell<HashMap<&'static str, Arc<str>, ObjectHasher>> =
        RefCell::new(HashMap::with_hasher(ObjectHasher::default()));
}

/// The shared copy of an adapter's output key.
fn key(k: &'static str) -> Arc<str> {
    KEYS.with(|keys| {
        keys.borrow_mut()
            .entry(k)
            .or_insert_with(|| Arc::from(k))
            .clone()
    })
}

impl Obj {
    pub(crate) fn new() -> Self {
        Obj(Vec::with_capacity(8))
    }

    /// Set `key` to `value` (anything convertible into a [`Value`]).
    pub(crate) fn set(mut self, k: &'static str, value: impl Into<Value>) -> Self {
        self.0.push((key(k), value.into()));
        self
    }

    pub(crate) fn build(self) -> Value {
        let mut map = Object::with_capacity_and_hasher(self.0.len(), Default::default());
        map.extend(self.0);
        Value::object(map)
    }
}

impl From<Obj> for Value {
    fn from(o: Obj) -> Value {
        o.build()
    }
}

/// Follow a path of object keys; `null` where it leads nowhere.
pub(crate) fn path<'a>(v: &'a Value, keys: &[&str]) -> &'a Value {
    keys.iter().fold(v, |cur, k| cur.get(k))
}

/// The value if it is a string, else `null`.
pub(crate) fn s(v: &Value) -> Value {
    match v {
        Value::Str(_) => v.clone(),
        _ => Value::Null,
    }
}

/// A non-empty string, or `null`.
pub(crate) fn nonempty(v: &Value) -> Value {
    match v.as_str() {
        Some(x) if !x.is_empty() => v.clone(),
        _ => Value::Null,
    }
}

/// The lowercased string, or `null`.
pub(crate) fn lower(v: &Value) -> Value {
    v.as_str()
        .map(|x| Value::str(x.to_ascii_lowercase()))
        .unwrap_or(Value::Null)
}

/// The value if it is an integer (floats with no fraction too), else `null`.
pub(crate) fn int(v: &Value) -> Value {
    match v {
        Value::Int(_) => v.clone(),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::Int(*f as i64),
        _ => Value::Null,
    }
}

/// A number given as a number or as a numeric string, as a float.
pub(crate) fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(_) | Value::Float(_) => v.as_f64(),
        Value::Str(x) => x.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// The value if it is a bool, else `null`.
pub(crate) fn boolean(v: &Value) -> Value {
    match v {
        Value::Bool(_) => v.clone(),
        _ => Value::Null,
    }
}

/// The items of a list (empty for anything else).
pub(crate) fn items(v: &Value) -> &[Value] {
    v.as_array().map(|a| a.as_slice()).unwrap_or(&[])
}

/// The items of a list that must be a list when present: `null` is empty,
/// anything else is a shape error naming `what`.
pub(crate) fn list_at<'a>(
    v: &'a Value,
    file: &str,
    expected: &str,
    what: &str,
) -> Result<&'a [Value], AdapterError> {
    match v {
        Value::Null => Ok(&[]),
        Value::Array(a) => Ok(a.as_slice()),
        other => Err(AdapterError::shape(
            file,
            expected,
            format!("`{what}` is {}, expected a list", a_kind(other)),
        )),
    }
}

/// The kind of a value with its article: `an object`, `a list`, `null`.
pub(crate) fn a_kind(v: &Value) -> String {
    let k = v.kind().to_string();
    match k.as_str() {
        "null" => k,
        "object" | "int" => format!("an {k}"),
        _ => format!("a {k}"),
    }
}

/// Require the document to be an object.
pub(crate) fn require_object(doc: &Value, file: &str, expected: &str) -> Result<(), AdapterError> {
    if doc.as_object().is_some() {
        Ok(())
    } else {
        Err(AdapterError::shape(
            file,
            expected,
            format!("the document is {}, expected an object", a_kind(doc)),
        ))
    }
}

/// Require an item of a list to be an object.
pub(crate) fn require_item(
    item: &Value,
    file: &str,
    expected: &str,
    what: &str,
    index: usize,
) -> Result<(), AdapterError> {
    if item.as_object().is_some() {
        Ok(())
    } else {
        Err(AdapterError::shape(
            file,
            expected,
            format!("`{what}[{index}]` is {}, expected an object", a_kind(item)),
        ))
    }
}

/// A list value from strings.
pub(crate) fn str_list<I: IntoIterator<Item = S>, S: AsRef<str>>(xs: I) -> Value {
    Value::array(xs.into_iter().map(|x| Value::str(x.as_ref())).collect())
}

/// `{uri, line}`, or `null` when there is no uri.
pub(crate) fn location(uri: &Value, line: &Value) -> Value {
    if uri.as_str().is_none() {
        return Value::Null;
    }
    Obj::new().set("uri", s(uri)).set("line", int(line)).build()
}

/// The canonical severity names: critical, high, medium, low, info, or
/// `unknown` when the tool gave none or one we do not recognise.
pub(crate) fn severity(v: &Value) -> Value {
    Value::str(severity_name(v.as_str().unwrap_or("")))
}

pub(crate) fn severity_name(raw: &str) -> &'static str {
    match raw.trim().to_ascii_lowercase().as_str() {
        "critical" | "blocker" => "critical",
        "high" | "error" | "important" => "high",
        "medium" | "moderate" | "warning" => "medium",
        "low" | "note" | "minor" => "low",
        "info" | "informational" | "information" | "none" | "negligible" | "style" => "info",
        _ => "unknown",
    }
}

/// The severity for a CVSS-style score (GitHub's bands for `security-severity`).
pub(crate) fn severity_from_score(score: f64) -> &'static str {
    if score >= 9.0 {
        "critical"
    } else if score >= 7.0 {
        "high"
    } else if score >= 4.0 {
        "medium"
    } else if score > 0.0 {
        "low"
    } else {
        "info"
    }
}

/// The SARIF-style level for a canonical severity.
pub(crate) fn level_for_severity(sev: &str) -> &'static str {
    match sev {
        "critical" | "high" => "error",
        "medium" => "warning",
        "low" => "note",
        "info" => "none",
        _ => "warning",
    }
}

/// The canonical severity for a SARIF level.
pub(crate) fn severity_for_level(level: &str) -> &'static str {
    match level {
        "error" => "high",
        "warning" => "medium",
        "note" => "low",
        "none" => "info",
        _ => "unknown",
    }
}

/// Rank of a canonical severity (for picking the worst of several).
pub(crate) fn severity_rank(sev: &str) -> i32 {
    match sev {
        "critical" => 4,
        "high" => 3,
        "medium" => 2,
        "low" => 1,
        "info" => 0,
        _ => -1,
    }
}

/// Compare two version strings made of dot/dash separated parts, numbers
/// numerically and the rest as text. Good enough to pick the nearest fix
/// among the versions a scanner lists; not a full version-scheme parser.
pub(crate) fn version_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let split = |x: &str| -> Vec<String> {
        x.split(['.', '-', '+', '_'])
            .map(|p| p.to_string())
            .collect()
    };
    let (pa, pb) = (split(a), split(b));
    for (x, y) in pa.iter().zip(pb.iter()) {
        let o = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(n), Ok(m)) => n.cmp(&m),
            _ => x.cmp(y),
        };
        if o != std::cmp::Ordering::Equal {
            return o;
        }
    }
    pa.len().cmp(&pb.len())
}

/// The object's keys, for error messages (at most `max`).
pub(crate) fn key_list(doc: &Value, max: usize) -> String {
    match doc.as_object() {
        Some(o) => {
            let mut keys: Vec<&str> = o.keys().map(|k| &**k).take(max).collect();
            if o.len() > max {
                keys.push("…");
            }
            keys.join(", ")
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_normalise() {
        assert_eq!(severity_name("MODERATE"), "medium");
        assert_eq!(severity_name("Negligible"), "info");
        assert_eq!(severity_name("BLOCKER"), "critical");
        assert_eq!(severity_name("weird"), "unknown");
        assert_eq!(severity_from_score(9.8), "critical");
        assert_eq!(severity_from_score(7.5), "high");
        assert_eq!(severity_from_score(0.0), "info");
    }

    #[test]
    fn versions_compare_numerically() {
        use std::cmp::Ordering::*;
        assert_eq!(version_cmp("3.2.10", "3.2.9"), Greater);
        assert_eq!(version_cmp("2.2.25", "3.1.14"), Less);
        assert_eq!(version_cmp("1.1.1d-r0", "1.1.1d-r0"), Equal);
    }
}
