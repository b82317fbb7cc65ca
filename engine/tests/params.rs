//! Param overrides: bare, qualified, unknown, wrong type, missing.

mod common;
use common::{decide, result};
use indexmap::IndexMap;
use phasegate_engine::{CompileError, PolicySet, Status, Value};

const SRC: &str = r#"package acme.build
param min_approvals: int = 1
param registries: list<string> = ["ghcr.io/acme/"]
param ratio: float = 0.5

rule build.review {
  title "t"
  phase build
  severity high
  param min_approvals: int = 2
  require input.n >= min_approvals else "rule {min_approvals}"
}

rule build.pkg {
  title "t"
  phase build
  severity high
  require input.n >= min_approvals else "pkg {min_approvals} {registries} {ratio}"
}
"#;

fn build(params: &[(&str, Value)]) -> Result<PolicySet, CompileError> {
    let map: IndexMap<String, Value> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    PolicySet::builder()
        .source("p.gate", SRC)
        .params(map)
        .build()
}

fn messages(s: &PolicySet) -> (Vec<String>, Vec<String>) {
    let d = decide(s, r#"{"n": 0}"#);
    (
        result(&d, "build.review").messages.clone(),
        result(&d, "build.pkg").messages.clone(),
    )
}

#[test]
fn defaults_apply_without_overrides() {
    let s = build(&[]).unwrap();
    assert_eq!(
        messages(&s),
        (
            vec!["rule 2".to_string()],
            vec!["pkg 1 [\"ghcr.io/acme/\"] 0.5".to_string()]
        )
    );
}

#[test]
fn a_bare_name_sets_every_param_of_that_name() {
    let s = build(&[("min_approvals", Value::Int(5))]).unwrap();
    let (rule, pkg) = messages(&s);
    assert_eq!(rule, ["rule 5"]);
    assert!(pkg[0].starts_with("pkg 5 "));
}

#[test]
fn qualified_keys_set_one_param() {
    let s = build(&[("build.review.min_approvals", Value::Int(7))]).unwrap();
    let (rule, pkg) = messages(&s);
    assert_eq!(rule, ["rule 7"]);
    assert!(pkg[0].starts_with("pkg 1 "));
    let s = build(&[("acme.build.min_approvals", Value::Int(3))]).unwrap();
    let (rule, pkg) = messages(&s);
    assert_eq!(rule, ["rule 2"]);
    assert!(pkg[0].starts_with("pkg 3 "));
}

#[test]
fn a_qualified_key_wins_over_a_bare_one() {
    let s = build(&[
        ("build.review.min_approvals", Value::Int(7)),
        ("min_approvals", Value::Int(4)),
    ])
    .unwrap();
    let (rule, pkg) = messages(&s);
    assert_eq!(rule, ["rule 7"]);
    assert!(pkg[0].starts_with("pkg 4 "));
}

#[test]
fn ints_are_accepted_for_floats_and_lists_are_checked_per_item() {
    let regs = Value::array(vec![Value::str("a/"), Value::str("b/")]);
    let s = build(&[("ratio", Value::Int(1)), ("registries", regs)]).unwrap();
    let (_, pkg) = messages(&s);
    assert_eq!(pkg, ["pkg 1 [\"a/\",\"b/\"] 1.0"]);
    let bad = Value::array(vec![Value::str("a/"), Value::Int(2)]);
    let e = build(&[("registries", bad)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad param override `registries`: `acme.build.registries` is declared `list<string>`, the override is a list whose item 1 is an int"
    );
}

#[test]
fn an_unknown_key_is_an_error_with_a_suggestion() {
    let e = build(&[("min_aprovals", Value::Int(1))]).unwrap_err();
    match &e {
        CompileError::BadParam { key, reason, help } => {
            assert_eq!(key, "min_aprovals");
            assert_eq!(reason, "no param of that name");
            assert_eq!(help.as_deref(), Some("did you mean `min_approvals`?"));
        }
        other => panic!("{other:?}"),
    }
    let e = build(&[("build.reveiw.min_approvals", Value::Int(1))]).unwrap_err();
    match &e {
        CompileError::BadParam { help, .. } => {
            assert_eq!(
                help.as_deref(),
                Some("did you mean `build.review.min_approvals`?")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_wrong_type_is_an_error() {
    let e = build(&[("min_approvals", Value::str("two"))]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad param override `min_approvals`: `acme.build.min_approvals` is declared `int`, the override is a string"
    );
    let e = build(&[("ratio", Value::Null)]).unwrap_err();
    assert!(e
        .to_string()
        .contains("declared `float`, the override is null"));
}

#[test]
fn a_param_without_default_or_override_is_an_error() {
    let src = "param min_score: float\nrule a.b {\n  title \"t\"\n  phase test\n  severity low\n  require input.score >= min_score\n}\n";
    let e = PolicySet::builder()
        .source("m.gate", src)
        .build()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "param `main.min_score` has no default and no override was given (declared at m.gate:1:1)"
    );
    let s = PolicySet::builder()
        .source("m.gate", src)
        .param("min_score", 7i64)
        .build()
        .unwrap();
    let d = decide(&s, r#"{"score": 7.5}"#);
    assert_eq!(result(&d, "a.b").status, Status::Pass);
}

#[test]
fn a_default_of_the_wrong_type_is_a_policy_error() {
    let src = "param n: int = \"x\"\nrule a.b {\n  title \"t\"\n  phase test\n  severity low\n  require n == 1\n}\n";
    let e = PolicySet::builder()
        .source("m.gate", src)
        .build()
        .unwrap_err();
    let d = &e.diagnostics()[0];
    assert_eq!(d.code.as_str(), "phasegate::check::param_type");
    assert_eq!(
        d.message,
        "the default of param `n` is not of its type `int`"
    );
}

#[test]
fn a_default_must_be_constant() {
    let src = "param n: int = input.x\nrule a.b {\n  title \"t\"\n  phase test\n  severity low\n  require n == 1\n}\n";
    let e = PolicySet::builder()
        .source("m.gate", src)
        .build()
        .unwrap_err();
    assert_eq!(
        e.diagnostics()[0].code.as_str(),
        "phasegate::check::not_constant"
    );
    // Defaults are literals (lists, objects, negative numbers), not computations.
    let src = "param n: int = 2 * 3 + 1\nrule a.b {\n  title \"t\"\n  phase test\n  severity low\n  require input.x == n\n}\n";
    let e = PolicySet::builder().source("m.gate", src).build().unwrap_err();
    assert_eq!(e.diagnostics()[0].code.as_str(), "phasegate::check::not_constant");
    let src = "param n: int = -7\nrule a.b {\n  title \"t\"\n  phase test\n  severity low\n  require input.x == n\n}\n";
    let s = PolicySet::builder().source("m.gate", src).build().unwrap();
    let d = decide(&s, r#"{"x": -7}"#);
    assert_eq!(result(&d, "a.b").status, Status::Pass);
}

#[test]
fn with_params_recompiles_with_merged_overrides() {
    let s = build(&[("ratio", Value::Float(0.25))]).unwrap();
    let mut more = IndexMap::new();
    more.insert("min_approvals".to_string(), Value::Int(9));
    let t = s.with_params(&more).unwrap();
    let (rule, pkg) = messages(&t);
    assert_eq!(rule, ["rule 9"]);
    assert_eq!(pkg, ["pkg 9 [\"ghcr.io/acme/\"] 0.25"]);
    // The original is unchanged.
    assert_eq!(messages(&s).0, ["rule 2"]);
}
