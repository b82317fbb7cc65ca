//! Each bound of the host (fuel, memory cap, deadline) stops a call with its
//! own typed error; the session is then unusable, the engine is not.
#![cfg(feature = "runtime")]

mod common;

use phasegate_wasm_host::{CompileRequest, EvalOptions, HostError, HostLimits};
use std::time::Duration;

const POLICY: &str = r#"
rule t.pairs {
  title "every pair adds up"
  phase build
  severity low
  require all a in input.xs: all b in input.xs: a + b >= 0
}
"#;

/// Engine limits high enough that only the host's bounds can stop the rule.
fn unbounded_engine() -> serde_json::Value {
    serde_json::json!({"fuel_per_rule": u64::MAX / 4, "fuel_total": u64::MAX / 4})
}

fn xs(n: usize) -> String {
    let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    format!("{{\"xs\": [{}]}}", items.join(","))
}

#[test]
fn fuel_exhaustion_is_a_typed_error_and_poisons_the_session() {
    let Some(engine) = common::engine() else {
        return;
    };
    let limits = HostLimits::default().with_fuel(200_000);
    let mut s = engine.session_with(limits).expect("session");
    let err = s
        .compile(&CompileRequest::new().source("t.gate", POLICY))
        .unwrap_err();
    assert!(
        matches!(err, HostError::OutOfFuel { fuel: 200_000 }),
        "{err:?}"
    );
    assert!(err.to_string().contains("ran out of fuel (200000 units)"));
    let again = s.compile(&CompileRequest::new().source("t.gate", POLICY));
    assert!(matches!(again, Err(HostError::Poisoned)), "{again:?}");
    // Fuel is per call: the same budget that fails a heavy evaluation lets
    // a fresh session compile and evaluate a small one.
    let limits = HostLimits::default().with_fuel(300_000_000);
    let mut s = engine.session_with(limits).expect("session");
    let c = s
        .compile(
            &CompileRequest::new()
                .source("t.gate", POLICY)
                .limits(unbounded_engine()),
        )
        .expect("compile");
    s.evaluate(c.handle, &xs(10), &EvalOptions::default())
        .expect("a small input fits the budget");
    let err = s
        .evaluate(c.handle, &xs(3000), &EvalOptions::default())
        .unwrap_err();
    assert!(matches!(err, HostError::OutOfFuel { .. }), "{err:?}");
}

#[test]
fn the_memory_cap_stops_a_large_input() {
    let Some(engine) = common::engine() else {
        return;
    };
    let cap = 8 << 20;
    let mut s = engine
        .session_with(HostLimits::default().with_max_memory_bytes(cap))
        .expect("session");
    assert!(s.memory_size() <= cap);
    let c = s
        .compile(&CompileRequest::new().source("t.gate", POLICY))
        .expect("compile");
    // Too large to even copy in: pg_alloc is denied memory.
    let err = s
        .evaluate(c.handle, &xs(2_000_000), &EvalOptions::default())
        .unwrap_err();
    assert!(
        matches!(err, HostError::MemoryLimit { max_bytes } if max_bytes == cap),
        "{err:?}"
    );
    // Copied in, but the parsed document does not fit: the guest is denied
    // memory mid-evaluation (and aborts).
    let mut s = engine
        .session_with(HostLimits::default().with_max_memory_bytes(cap))
        .expect("session");
    let c = s
        .compile(&CompileRequest::new().source("t.gate", POLICY))
        .expect("compile");
    let objects: Vec<String> = (0..40_000)
        .map(|i| format!("{{\"k{i}\": [{i}, {i}]}}"))
        .collect();
    let input = format!("{{\"xs\": [{}]}}", objects.join(","));
    assert!(input.len() < cap / 4);
    let err = s
        .evaluate(c.handle, &input, &EvalOptions::default())
        .unwrap_err();
    assert!(matches!(err, HostError::MemoryLimit { .. }), "{err:?}");
    assert!(s.memory_size() <= cap);
}

#[test]
fn the_deadline_interrupts_a_long_evaluation() {
    let Some(engine) = common::engine() else {
        return;
    };
    let limits = HostLimits::default()
        .with_fuel(u64::MAX)
        .with_timeout(Duration::from_millis(50));
    let mut s = engine.session_with(limits).expect("session");
    let c = s
        .compile(
            &CompileRequest::new()
                .source("t.gate", POLICY)
                .limits(unbounded_engine()),
        )
        .expect("compile");
    // 25 million pairs: far longer than 50 ms.
    let err = s
        .evaluate(c.handle, &xs(5000), &EvalOptions::default())
        .unwrap_err();
    assert!(
        matches!(err, HostError::Timeout { timeout } if timeout == Duration::from_millis(50)),
        "{err:?}"
    );
    assert!(matches!(
        s.evaluate(c.handle, &xs(1), &EvalOptions::default()),
        Err(HostError::Poisoned)
    ));
}

#[test]
fn the_engine_limits_still_apply_inside_the_module() {
    let Some(engine) = common::engine() else {
        return;
    };
    let mut s = engine.session().expect("session");
    let c = s
        .compile(
            &CompileRequest::new()
                .source("t.gate", POLICY)
                .limits(serde_json::json!({"fuel_per_rule": 1000})),
        )
        .expect("compile");
    let d: serde_json::Value = serde_json::from_str(
        &s.evaluate(c.handle, &xs(100), &EvalOptions::default())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(d["results"][0]["status"], "error");
    let msg = d["results"][0]["messages"][0].as_str().unwrap();
    assert!(
        msg.starts_with("evaluation limit exceeded: fuel_per_rule = 1000 steps"),
        "{msg}"
    );
}
