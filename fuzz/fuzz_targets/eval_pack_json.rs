//! Arbitrary bytes as the JSON (or YAML) evidence of the built-in
//! `secure-devops` pack: reading the document ends in a value or a clean
//! error, and evaluating never panics, stays within its limits and is
//! deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phasegate_engine::{EvalContext, PolicySet};
use std::sync::OnceLock;

fn pack() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| {
        PolicySet::builder()
            .pack("secure-devops")
            .build()
            .expect("the built-in pack compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
    let ctx = EvalContext::new().with_now(now);
    let yaml = data.first() == Some(&b'%');
    let run = |t: &str| {
        if yaml {
            pack().evaluate_yaml(&t[1..], &ctx)
        } else {
            pack().evaluate_json(t, &ctx)
        }
    };
    let Ok(first) = run(text) else {
        return;
    };
    let second = run(text).expect("the same input parses twice");
    assert_eq!(
        serde_json::to_string(&first).ok(),
        serde_json::to_string(&second).ok(),
        "evaluation is not deterministic"
    );
});
