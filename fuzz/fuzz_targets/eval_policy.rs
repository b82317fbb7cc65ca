//! Small well-formed policies (generated with `arbitrary`: functions that
//! may recurse, rules with lets, whens, requires and message templates, over
//! every builtin) against small arbitrary JSON documents. Whatever compiles
//! must evaluate without panicking, within its limits, deterministically;
//! and every rule that errors names why.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use phasegate_engine::{EvalContext, Limits, PolicySet, Status};
use phasegate_lang::types::Catalog;

mod gen;

use gen::{Doc, Policy};

#[derive(Arbitrary, Debug)]
struct Case {
    policy: Policy,
    input: Doc,
}

fuzz_target!(|case: Case| {
    let names = phasegate_stdlib::registry().names();
    let text = case.policy.render(&names);
    let limits = Limits {
        fuel_per_rule: 200_000,
        fuel_total: 1_000_000,
        ..Limits::default()
    };
    let Ok(set) = PolicySet::builder()
        .source("gen.gate", text.as_str())
        .limits(limits)
        .build()
    else {
        return;
    };
    let json = case.input.to_json().to_string();
    let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
    let ctx = EvalContext::new().with_now(now);
    let first = set
        .evaluate_json(&json, &ctx)
        .expect("generated JSON parses");
    let second = set
        .evaluate_json(&json, &ctx)
        .expect("generated JSON parses");
    assert_eq!(
        serde_json::to_string(&first).ok(),
        serde_json::to_string(&second).ok(),
        "evaluation is not deterministic\n{text}"
    );
    for r in &first.results {
        if r.status == Status::Error {
            assert!(
                r.messages.iter().any(|m| !m.is_empty()),
                "an error without a message: {r:?}\n{text}"
            );
        }
    }
});
