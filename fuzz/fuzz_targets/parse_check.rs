//! Arbitrary bytes as a `.gate` file: parsing, checking, rendering every
//! diagnostic and (when the file is valid) compiling and evaluating it must
//! never panic, overflow the stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phasegate_engine::{EvalContext, PolicySet, Value};
use phasegate_lang::{check, parse_bytes};

fuzz_target!(|data: &[u8]| {
    let parsed = parse_bytes("fuzz.gate", data);
    let checked = check(std::slice::from_ref(&parsed), phasegate_stdlib::registry());
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100);
    for d in &checked.diagnostics {
        let mut out = String::new();
        let _ = handler.render_report(&mut out, d);
    }
    if checked.has_errors() {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(set) = PolicySet::builder().source("fuzz.gate", text).build() else {
        return;
    };
    let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
    let ctx = EvalContext::new().with_now(now);
    let first = set.evaluate(&Value::Null, &ctx);
    let second = set.evaluate(&Value::Null, &ctx);
    assert_eq!(
        serde_json::to_string(&first).ok(),
        serde_json::to_string(&second).ok(),
        "evaluation is not deterministic"
    );
});
