//! severity_rank severity_at_least

use crate::{err, ok, s, same};
use phasegate_lang::Value;

#[test]
fn ranks_normalise_names() {
    let table = [
        ("critical", 4),
        ("CRITICAL", 4),
        ("high", 3),
        ("error", 3),
        ("Error", 3),
        ("medium", 2),
        ("moderate", 2),
        ("warning", 2),
        ("low", 1),
        ("note", 1),
        ("info", 0),
        ("none", 0),
        (" High ", 3),
        ("", -1),
        ("unknown", -1),
        ("informational", -1),
        ("crítical", -1),
        ("4", -1),
    ];
    for (name, rank) in table {
        same(ok("severity_rank", &[s(name)]), Value::Int(rank));
    }
    assert_eq!(
        err("severity_rank", &[Value::Int(4)]),
        "severity_rank() expects a string, got int"
    );
    assert_eq!(
        err("severity_rank", &[Value::Null]),
        "severity_rank() expects a string, got null"
    );
}

#[test]
fn at_least_compares_ranks() {
    let at_least = |a: &str, b: &str| ok("severity_at_least", &[s(a), s(b)]);
    same(at_least("CRITICAL", "high"), Value::Bool(true));
    same(at_least("high", "high"), Value::Bool(true));
    same(at_least("error", "high"), Value::Bool(true));
    same(at_least("warning", "medium"), Value::Bool(true));
    same(at_least("note", "warning"), Value::Bool(false));
    same(at_least("none", "info"), Value::Bool(true));
    same(at_least("medium", "critical"), Value::Bool(false));
    // An unknown severity is below every threshold.
    same(at_least("bogus", "none"), Value::Bool(false));
}

#[test]
fn at_least_rejects_unknown_thresholds() {
    let e = err("severity_at_least", &[s("high"), s("hgih")]);
    assert!(
        e.starts_with("severity_at_least() got an unknown threshold \"hgih\""),
        "{e}"
    );
    assert_eq!(
        err("severity_at_least", &[s("high"), Value::Int(3)]),
        "severity_at_least() expects a string for `threshold` (argument 2), got int"
    );
}
