//! A policy cannot read a file, an environment variable or the clock: the
//! language has no construct for it. Names are resolved at compile time
//! against the policy's own declarations and the builtin registry, and the
//! registry holds only pure functions; `now()` reads the caller's context.

mod common;
use common::{compile_error, eval, rule};
use phasegate_engine::{EvalContext, PolicySet, Status};
use phasegate_lang::types::Catalog;

/// Every builtin: a new one must be reviewed for purity (docs/security.md)
/// before it is added here.
const PURE_BUILTINS: &[&str] = &[
    "lower",
    "upper",
    "trim",
    "starts_with",
    "ends_with",
    "contains",
    "split",
    "join",
    "replace",
    "matches",
    "find_all",
    "glob_match",
    "to_string",
    "to_number",
    "semver_compare",
    "semver_satisfies",
    "parse_time",
    "now",
    "age_days",
    "duration",
    "count",
    "sum",
    "min",
    "max",
    "sort",
    "sort_by",
    "unique",
    "keys",
    "values",
    "flatten",
    "group_by",
    "first",
    "last",
    "exists",
    "default",
    "get",
    "is_null",
    "is_bool",
    "is_int",
    "is_float",
    "is_number",
    "is_string",
    "is_list",
    "is_object",
    "type_of",
    "severity_rank",
    "severity_at_least",
];

#[test]
fn the_builtins_are_exactly_the_reviewed_pure_functions() {
    let mut names = phasegate_stdlib::registry().names();
    names.sort_unstable();
    let mut want = PURE_BUILTINS.to_vec();
    want.sort_unstable();
    assert_eq!(names, want);
}

#[test]
fn files_environment_and_processes_have_no_name() {
    for call in [
        "read_file(\"/etc/passwd\")",
        "open(\"/etc/passwd\")",
        "env(\"HOME\")",
        "getenv(\"HOME\")",
        "exec(\"id\")",
        "http_get(\"https://example.invalid\")",
    ] {
        let name = call.split('(').next().unwrap_or_default();
        let err = compile_error(&rule("t.x", &format!("  require {call} != null")));
        assert!(
            err.contains(&format!("unknown function `{name}`")),
            "{call}: {err}"
        );
    }
    // `import` names a package loaded with the policies, never a path.
    let err = compile_error(&format!(
        "import etc.passwd\n{}",
        rule("t.x", "  require true")
    ));
    assert!(err.contains("package `etc.passwd` is not loaded"), "{err}");
}

#[test]
fn the_clock_comes_only_from_the_caller() {
    let got = eval("now()", "{}");
    assert!(
        got.as_ref().is_err_and(|e| e.starts_with(
            "now() needs the current time, but the caller gave none (set `context.now`)"
        )),
        "{got:?}"
    );
    let set = PolicySet::builder()
        .source("t.gate", rule("t.now", "  require now() == 1800000000"))
        .build()
        .expect("compiles");
    let at = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("a time");
    let d = set
        .evaluate_json("{}", &EvalContext::new().with_now(at))
        .expect("JSON");
    assert_eq!(d.result("t.now").map(|r| r.status), Some(Status::Pass));
}
