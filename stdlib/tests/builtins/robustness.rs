//! No builtin panics on any combination of argument kinds, arities and
//! contexts, and every error names its function.

use crate::{j, s};
use ::time::macros::datetime;
use phasegate_lang::Value;
use phasegate_stdlib::{registry, CallCtx};

fn samples() -> Vec<Value> {
    vec![
        Value::Null,
        Value::Bool(true),
        Value::Int(-1),
        Value::Int(i64::MAX),
        Value::Float(-0.5),
        Value::Float(1e300),
        s(""),
        s("a.b"),
        s("é*"),
        s("(a+)+$"),
        j!([1, "a", null, [2]]),
        j!([{"k": 1}, {"k": "x"}, {}]),
        j!({"a": {"b": 1}}),
    ]
}

/// Every argument list of `n` items drawn from the samples.
fn combos(samples: &[Value], n: usize) -> Vec<Vec<Value>> {
    let mut out = vec![Vec::new()];
    for _ in 0..n {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                samples.iter().map(move |v| {
                    let mut next = prefix.clone();
                    next.push(v.clone());
                    next
                })
            })
            .collect();
    }
    out
}

#[test]
fn no_builtin_panics_and_every_error_names_its_function() {
    let samples = samples();
    let contexts = [
        CallCtx::basic(),
        CallCtx {
            now: Some(datetime!(2026-11-23 00:00:00 UTC)),
            max_size: 2,
            pattern: None,
        },
    ];
    let mut calls = 0;
    for b in registry().all() {
        let name = b.sig.name;
        for arity in 0..=b.sig.params.len() + 1 {
            for args in combos(&samples, arity) {
                for ctx in &contexts {
                    calls += 1;
                    let refs: Vec<&Value> = args.iter().collect();
                    if let Err(e) = (b.func)(&refs, ctx) {
                        assert!(
                            e.message.starts_with(&format!("{name}() ")),
                            "{name}({args:?}): {e}"
                        );
                    }
                }
            }
        }
    }
    assert!(calls > 10_000, "{calls}");
}

#[test]
fn too_few_arguments_is_an_error_not_a_panic() {
    for b in registry().all() {
        if b.sig.required > 0 {
            let e = (b.func)(&[], &CallCtx::basic()).unwrap_err();
            assert!(
                e.message
                    .starts_with(&format!("{}() needs argument 1", b.sig.name)),
                "{}: {e}",
                b.sig.name
            );
        }
    }
}
