//! Helpers of the tests of the `secure-devops` pack on real evidence.
#![allow(dead_code)]

use phasegate_engine::{Decision, EvalContext, PolicySet, Status, Value};
use phasegate_stdlib::adapters::load_bundle;
use std::path::PathBuf;

pub const NOW: &str = "2026-11-23T00:00:00Z";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One evidence bundle of real fixtures (`sarif/x.sarif` …), plus extra
/// `(name, text)` documents; kinds detected.
pub fn bundle(rels: &[&str], extra: &[(&str, &str)]) -> Value {
    let mut files: Vec<(String, Option<_>, Vec<u8>)> = rels
        .iter()
        .map(|r| {
            let p = root().join("tests/fixtures/real").join(r);
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (r.rsplit('/').next().unwrap_or(r).to_string(), None, bytes)
        })
        .collect();
    for (name, text) in extra {
        files.push((name.to_string(), None, text.as_bytes().to_vec()));
    }
    load_bundle(&files).unwrap_or_else(|e| panic!("{e}"))
}

/// Evaluate the pack with param overrides at [`NOW`].
pub fn decide(input: &Value, params: &[(&str, Value)]) -> Decision {
    let mut b = PolicySet::builder().pack("secure-devops");
    for (k, v) in params {
        b = b.param(*k, v.clone());
    }
    let set = b.build().unwrap_or_else(|e| panic!("{e}"));
    let ctx = EvalContext::from_value(
        serde_json::from_str(&format!("{{\"now\": \"{NOW}\"}}")).unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    set.evaluate(input, &ctx)
}

/// Status and messages of one rule.
pub fn outcome(d: &Decision, id: &str) -> (Status, Vec<String>) {
    let r = d.result(id).unwrap_or_else(|| panic!("no rule {id}"));
    (r.status, r.messages.clone())
}

pub fn msgs(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

pub fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}
