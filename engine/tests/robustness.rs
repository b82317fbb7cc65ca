//! No panic on any policy text or input: broken, partial or odd policies are
//! compile errors; odd inputs are rule errors.

use phasegate_engine::{EvalContext, PolicySet, Value};

const EXAMPLE: &str = include_str!("../../examples/policies/build.gate");

const EXTRA: &str = r#"
param limit: int = 2
fn rec(n) = if n <= 0 then [] else [rec(n - 1)]
fn pick(xs, i) { let y = xs[i]
  y }
rule odd.one {
  title "t"
  phase operate
  severity info
  param limit: int = 3
  let limit2 = limit * 2
  let nested = rec(5)
  when (any x in default_list: x == 1) or true
  require all k in [a for a in [1, 2, 3] if a > limit]: pick([k], 0) == k
  require {a: limit2}.a == 6 and nested[0][0][0] != null else "{nested}"
}
"#;

fn compile(src: &str) {
    // Any outcome is fine; a panic fails the test.
    if let Ok(set) = PolicySet::builder().source("r.gate", src).build() {
        for input in [
            "{}",
            "null",
            r#"{"reviews": [1, null, {"user": {}}], "findings": {}}"#,
        ] {
            let d = set.evaluate_json(input, &EvalContext::new()).unwrap();
            assert_eq!(d.results.len(), set.rules().len());
            for r in set.rules() {
                let _ = set.explain(&r.id, &Value::Null, &EvalContext::new());
            }
        }
    }
}

fn mangle(text: &str, step: usize) {
    let boundaries: Vec<usize> = (0..=text.len())
        .filter(|i| text.is_char_boundary(*i))
        .collect();
    for &i in boundaries.iter().step_by(step) {
        compile(&text[..i]);
        let Some(&j) = boundaries.iter().find(|&&j| j > i) else {
            continue;
        };
        compile(&format!("{}{}", &text[..i], &text[j..]));
    }
}

#[test]
fn truncated_and_mangled_policies_never_panic() {
    mangle(EXAMPLE, 11);
    mangle(&EXTRA.replace("default_list", "[1]"), 3);
}

#[test]
fn the_extra_policy_compiles_and_runs() {
    let src = EXTRA.replace("default_list", "[1]");
    let set = PolicySet::builder().source("r.gate", src).build().unwrap();
    let d = set.evaluate_json("{}", &EvalContext::new()).unwrap();
    assert_eq!(
        d.results[0].status,
        phasegate_engine::Status::Pass,
        "{:?}",
        d.results[0].messages
    );
}
