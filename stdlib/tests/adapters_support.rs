//! Helpers shared by the adapter tests (included with `#[path]`; each test
//! file uses only some of them).
#![allow(dead_code)]

use phasegate_lang::Value;
use phasegate_stdlib::adapters::{detect, load, load_bundle, Kind};
use std::path::PathBuf;

/// `tests/fixtures/real/` at the workspace root.
pub fn real_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/real")
}

/// The bytes of a real fixture (`sarif/x.sarif`).
pub fn real(rel: &str) -> Vec<u8> {
    let p = real_dir().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Detect the kind of a real fixture, check it is `expected`, and load it.
pub fn load_real(rel: &str, expected: &str) -> Value {
    let bytes = real(rel);
    let kind = detect(rel, &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kind.as_str(), expected, "{rel} detected as {kind}");
    load(&kind, rel, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

/// Load several real fixtures as one bundle (kinds detected).
pub fn bundle_real(rels: &[&str]) -> Value {
    let files: Vec<(String, Option<Kind>, Vec<u8>)> = rels
        .iter()
        .map(|r| (r.to_string(), None, real(r)))
        .collect();
    load_bundle(&files).unwrap_or_else(|e| panic!("{e}"))
}

/// The items of a top-level list key (panics if absent).
pub fn list<'a>(doc: &'a Value, key: &str) -> &'a [Value] {
    doc.get(key)
        .as_array()
        .unwrap_or_else(|| panic!("no list `{key}` in {}", keys(doc)))
        .as_slice()
}

/// The top-level keys, for messages.
pub fn keys(doc: &Value) -> String {
    doc.as_object()
        .map(|o| {
            o.keys()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// A string field.
pub fn st<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key)
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

/// A string value.
pub fn sv(s: &str) -> Value {
    Value::str(s)
}

/// The items whose `key` equals `value`.
pub fn filter<'a>(items: &'a [Value], key: &str, value: &Value) -> Vec<&'a Value> {
    items.iter().filter(|i| i.get(key) == value).collect()
}
