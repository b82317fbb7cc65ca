//! Properties of evaluation on generated documents (proptest, stable):
//! arbitrary JSON documents against the built-in pack never panic, never
//! leave a rule without a status or an error without a message, and give
//! the same decision every time; every value round-trips through JSON.

use phasegate_engine::{EvalContext, PolicySet, Status, Value};
use proptest::prelude::*;
use std::sync::OnceLock;

fn pack() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| {
        PolicySet::builder()
            .pack("secure-devops")
            .build()
            .unwrap_or_else(|e| panic!("the pack compiles: {e}"))
    })
}

/// Keys the pack reads, so generated documents reach the rules' logic.
const KEYS: &[&str] = &[
    "findings",
    "secrets",
    "vulnerabilities",
    "components",
    "pull_request",
    "reviews",
    "checks",
    "deployment",
    "release",
    "workflows",
    "manifests",
    "scorecard",
    "severity",
    "state",
    "level",
    "name",
    "number",
    "user",
    "login",
    "id",
    "score",
];

fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (-1e6f64..1e6).prop_map(serde_json::Value::from),
        prop::sample::select(vec![
            "high",
            "critical",
            "approved",
            "error",
            "",
            "1.2.3",
            "2026-01-01T00:00:00Z"
        ])
        .prop_map(serde_json::Value::from),
        ".{0,8}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(prop::sample::select(KEYS), inner, 0..6).prop_map(|m| {
                serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

fn ctx() -> EvalContext {
    let at = time::OffsetDateTime::from_unix_timestamp(1_800_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    EvalContext::new().with_now(at)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_pack_decides_every_document_deterministically(doc in json()) {
        let text = doc.to_string();
        let first = pack().evaluate_json(&text, &ctx());
        prop_assert!(first.is_ok(), "generated JSON is valid: {:?}", first.err());
        let first = first.unwrap_or_else(|_| unreachable!());
        let second = pack().evaluate_json(&text, &ctx()).map_err(|e| e.to_string());
        prop_assert_eq!(Ok(&first), second.as_ref());
        prop_assert_eq!(first.results.len(), pack().rules().len());
        for r in &first.results {
            if r.status == Status::Error || r.status == Status::Fail {
                prop_assert!(r.messages.iter().all(|m| !m.is_empty()), "{:?}", r);
                prop_assert!(!r.messages.is_empty(), "{:?}", r);
            }
        }
    }

    #[test]
    fn values_round_trip_through_json(doc in json()) {
        let value: Value = serde_json::from_value(doc.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = serde_json::to_value(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, doc);
    }
}
