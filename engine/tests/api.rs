//! The Rust API: building, loading, inputs, contexts, builtins, tests().

mod common;
use common::{decide, result, rule, set};
use phasegate_engine::{CompileError, EvalContext, Extended, InputError, PolicySet, Status, Value};
use phasegate_lang::types::{Signature, Ty};
use phasegate_stdlib::{BuiltinError, CallCtx, Pattern};
use std::path::PathBuf;
use std::sync::Arc;

#[test]
fn policy_set_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync::<PolicySet>();
    assert_send_sync::<phasegate_engine::Decision>();
    let s = set(&rule("t.a", "  require true"));
    let t = s.clone();
    std::thread::spawn(move || assert_eq!(decide(&t, "{}").results.len(), 1))
        .join()
        .unwrap();
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("phasegate-engine-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn dir_loads_gate_files_recursively_in_sorted_order() {
    let d = temp_dir("dir");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("b.gate"), rule("z.second", "  require true")).unwrap();
    std::fs::write(d.join("sub/a.gate"), rule("a.third", "  require true")).unwrap();
    std::fs::write(d.join("a.gate"), rule("m.first", "  require true")).unwrap();
    std::fs::write(d.join("notes.txt"), "not a policy").unwrap();
    let s = PolicySet::builder().dir(&d).build().unwrap();
    let ids: Vec<&str> = s.rules().map(|r| &*r.id).collect();
    assert_eq!(ids, ["m.first", "z.second", "a.third"]);
    let files: Vec<String> = s.sources().iter().map(|f| f.name.to_string()).collect();
    assert!(files[2].ends_with("a.gate") && files[2].contains("sub"));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_dir_without_policies_or_a_missing_path_is_an_error() {
    let d = temp_dir("empty");
    std::fs::write(d.join("readme.md"), "x").unwrap();
    let e = PolicySet::builder().dir(&d).build().unwrap_err();
    assert!(matches!(e, CompileError::NoPolicies { .. }), "{e:?}");
    assert!(e
        .to_string()
        .starts_with("no policies: no `.gate` file in "));
    let e = PolicySet::builder()
        .dir(d.join("missing"))
        .build()
        .unwrap_err();
    assert!(matches!(e, CompileError::Io { .. }), "{e:?}");
    let e = PolicySet::builder()
        .file(d.join("missing.gate"))
        .build()
        .unwrap_err();
    assert!(matches!(e, CompileError::Io { .. }), "{e:?}");
    let e = PolicySet::builder().build().unwrap_err();
    assert!(matches!(e, CompileError::NoPolicies { .. }), "{e:?}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn file_loads_one_policy() {
    let d = temp_dir("file");
    let f = d.join("one.gate");
    std::fs::write(&f, rule("t.one", "  require input.x == 1")).unwrap();
    let s = PolicySet::builder().file(&f).build().unwrap();
    assert_eq!(decide(&s, r#"{"x": 1}"#).results[0].status, Status::Pass);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn syntax_errors_fail_the_build_with_diagnostics() {
    let e = PolicySet::builder()
        .source(
            "bad.gate",
            "rule a.b { title \"t\" phase build severity low require 1 + }",
        )
        .build()
        .unwrap_err();
    assert!(!e.diagnostics().is_empty());
    assert_eq!(e.diagnostics()[0].code.as_str(), "phasegate::parse::syntax");
    assert!(e.to_string().starts_with("bad.gate:1:"), "{e}");
}

#[test]
fn metadata_errors_fail_the_build() {
    let e = PolicySet::builder()
        .source(
            "m.gate",
            "rule a.b {\n  title \"t\"\n  phase buld\n  severity high\n  require true\n}\n",
        )
        .build()
        .unwrap_err();
    let d = &e.diagnostics()[0];
    assert_eq!(d.code.as_str(), "phasegate::check::invalid_phase");
    assert!(d
        .help
        .as_deref()
        .unwrap()
        .starts_with("did you mean `build`?"));
    let e = PolicySet::builder()
        .source(
            "m.gate",
            format!(
                "{}{}",
                rule("a.b", "  require true"),
                rule("a.b", "  require true")
            ),
        )
        .build()
        .unwrap_err();
    assert_eq!(
        e.diagnostics()[0].code.as_str(),
        "phasegate::check::duplicate_rule"
    );
}

#[test]
fn json_and_yaml_inputs() {
    let s = set(&rule("t.a", "  require input.x == 1"));
    let ctx = EvalContext::new();
    assert_eq!(
        s.evaluate_yaml("x: 1\n", &ctx).unwrap().results[0].status,
        Status::Pass
    );
    assert_eq!(
        s.evaluate_json(r#"{"x": 2}"#, &ctx).unwrap().results[0].status,
        Status::Fail
    );
    assert!(matches!(
        s.evaluate_json("{x: ", &ctx),
        Err(InputError::Json(_))
    ));
    assert!(matches!(
        s.evaluate_yaml("x: [1", &ctx),
        Err(InputError::Yaml(_))
    ));
}

#[test]
fn context_and_now_reach_the_policies() {
    let s = set(&rule(
        "t.ctx",
        "  require false else \"{context.now} {context.env}\"",
    ));
    let ctx = EvalContext::from_value(
        serde_json::from_str(r#"{"now": "2026-11-23T00:00:00Z", "env": "prod"}"#).unwrap(),
    )
    .unwrap();
    assert!(ctx.now.is_some());
    let d = s.evaluate(&Value::Null, &ctx);
    assert_eq!(d.results[0].messages, ["2026-11-23T00:00:00Z prod"]);
    let now = time::OffsetDateTime::from_unix_timestamp(0).unwrap();
    let d = s.evaluate(&Value::Null, &EvalContext::new().with_now(now));
    assert_eq!(d.results[0].messages, ["1970-01-01T00:00:00Z null"]);
    let bad = EvalContext::from_value(serde_json::from_str(r#"{"now": "yesterday"}"#).unwrap());
    assert!(matches!(bad, Err(InputError::BadNow(_))));
}

fn regex_matches(args: &[&Value], ctx: &CallCtx<'_>) -> Result<Value, BuiltinError> {
    match (args.first(), ctx.pattern) {
        (Some(Value::Str(s)), Some(Pattern::Regex(re))) => Ok(Value::Bool(re.is_match(s))),
        (Some(other), _) => Err(BuiltinError::new(format!(
            "needs a string, got {}",
            other.kind()
        ))),
        _ => Err(BuiltinError::new("no pattern")),
    }
}

fn extended() -> Arc<Extended> {
    Arc::new(Extended::standard().with_fn(
        Signature {
            name: "re_match",
            params: &[Ty::String, Ty::String],
            required: 2,
            variadic: None,
            ret: Ty::Bool,
            literal_pattern: Some(1),
        },
        regex_matches,
    ))
}

/// How many owners the string argument has.
fn owners(args: &[&Value], _: &CallCtx<'_>) -> Result<Value, BuiltinError> {
    match args.first() {
        Some(Value::Str(s)) => Ok(Value::Int(Arc::strong_count(s) as i64)),
        _ => Err(BuiltinError::new("needs a string")),
    }
}

#[test]
fn constant_arguments_are_lent_to_builtins_not_copied() {
    let builtins = Arc::new(Extended::standard().with_fn(
        Signature {
            name: "owners",
            params: &[Ty::String],
            required: 1,
            variadic: None,
            ret: Ty::Int,
            literal_pattern: None,
        },
        owners,
    ));
    let s = PolicySet::builder()
        .source(
            "t.gate",
            rule(
                "t.lent",
                "  require false else \"{owners(\"written once\")} {owners(input.s)}\"",
            ),
        )
        .builtins(builtins)
        .build()
        .unwrap();
    // The literal: only the compiled set owns it (no count taken per call,
    // which threads sharing the set would contend on). A value of the input:
    // the document and the call's argument.
    let d = decide(&s, r#"{"s": "from the input"}"#);
    assert_eq!(d.results[0].messages, ["1 2"]);
}

#[test]
fn extra_builtins_with_precompiled_patterns() {
    let s = PolicySet::builder()
        .source(
            "t.gate",
            rule("t.re", "  require re_match(input.tag, \"^v[0-9]+$\")"),
        )
        .builtins(extended())
        .build()
        .unwrap();
    assert_eq!(
        decide(&s, r#"{"tag": "v12"}"#).results[0].status,
        Status::Pass
    );
    assert_eq!(
        decide(&s, r#"{"tag": "latest"}"#).results[0].status,
        Status::Fail
    );
    let r = &decide(&s, r#"{"tag": 3}"#).results[0];
    assert_eq!(r.status, Status::Error);
    assert!(
        r.messages[0].starts_with("re_match(): needs a string, got int at t.gate:"),
        "{}",
        r.messages[0]
    );
}

#[test]
fn an_invalid_or_non_literal_pattern_is_a_compile_error() {
    let e = PolicySet::builder()
        .source(
            "t.gate",
            rule("t.re", "  require re_match(input.tag, \"v[0-9\")"),
        )
        .builtins(extended())
        .build()
        .unwrap_err();
    let d = &e.diagnostics()[0];
    assert_eq!(d.code.as_str(), "phasegate::check::bad_pattern");
    assert_eq!(d.line_col(), (5, 31));
    let e = PolicySet::builder()
        .source(
            "t.gate",
            rule("t.re", "  require re_match(input.tag, input.re)"),
        )
        .builtins(extended())
        .build()
        .unwrap_err();
    // The checker requires pattern arguments to be string literals.
    assert_eq!(
        e.diagnostics()[0].code.as_str(),
        "phasegate::check::bad_pattern"
    );
}

#[test]
fn tests_blocks_are_available() {
    let src = format!(
        "{}test \"passes\" {{\n  input {{ x: 1 }}\n  params {{ n: 2 }}\n  context {{ now: \"2026-01-01T00:00:00Z\" }}\n  expect t.a fail with \"needs\"\n  expect t.b pass\n}}\n{}",
        rule("t.a", "  param n: int = 1\n  require input.x >= n else \"needs {n}\""),
        rule("t.b", "  require input.x == 1")
    );
    let s = set(&src);
    let t = &s.tests()[0];
    assert_eq!(t.name, "passes");
    assert_eq!(
        t.input,
        serde_json::from_str::<Value>(r#"{"x": 1}"#).unwrap()
    );
    assert_eq!(t.params.get("n"), Some(&Value::Int(2)));
    assert_eq!(t.expects.len(), 2);
    assert_eq!(t.expects[0].status, Status::Fail);
    assert_eq!(t.expects[0].message.as_deref(), Some("needs"));
    assert_eq!(t.expects[1].status, Status::Pass);
    // What `phasegate test` will do with it.
    let with = s.with_params(&t.params).unwrap();
    let ctx = EvalContext::from_value(t.context.clone()).unwrap();
    let d = with.evaluate(&t.input, &ctx);
    assert_eq!(result(&d, "t.a").messages, ["needs 2"]);
}

#[test]
fn test_blocks_with_unknown_rules_or_statuses_fail_the_build() {
    let src = format!(
        "{}test \"x\" {{\n  expect t.b pass\n  expect t.a passed\n}}\n",
        rule("t.a", "  require true")
    );
    let e = PolicySet::builder()
        .source("t.gate", src)
        .build()
        .unwrap_err();
    let codes: Vec<&str> = e.diagnostics().iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "phasegate::check::unknown_rule",
            "phasegate::check::invalid_status"
        ]
    );
}

#[test]
fn explain_an_unknown_rule_suggests_one() {
    let s = set(&rule("build.peer-review", "  require true"));
    let e = s
        .explain("build.peer-reveiw", &Value::Null, &EvalContext::new())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "no rule `build.peer-reveiw` (did you mean `build.peer-review`?)"
    );
}

#[test]
fn compile_errors_render_with_miette() {
    let e = PolicySet::builder()
        .source("t.gate", rule("t.a", "  require cuont(input.xs) > 0"))
        .build()
        .unwrap_err();
    let report = miette::Report::new(e);
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut out, report.as_ref())
        .unwrap();
    assert!(out.contains("phasegate::compile::policy"), "{out}");
    assert!(out.contains("unknown function `cuont`"), "{out}");
}

#[test]
fn imported_functions_run_in_their_own_package() {
    let common = "package acme.common\nparam bot_suffix: string = \"[bot]\"\nfn is_bot(login) = login == \"ci\" + bot_suffix\n";
    let main = format!(
        "package acme.build\nimport acme.common as c\n{}",
        rule(
            "t.bots",
            "  require not c.is_bot(input.user) else \"{input.user} is a bot\""
        )
    );
    let s = PolicySet::builder()
        .source("common.gate", common)
        .source("build.gate", main)
        .build()
        .unwrap();
    assert_eq!(
        decide(&s, r#"{"user": "alice"}"#).results[0].status,
        Status::Pass
    );
    let d = decide(&s, r#"{"user": "ci[bot]"}"#);
    assert_eq!(d.results[0].messages, ["ci[bot] is a bot"]);
    let e = PolicySet::builder()
        .source(
            "build.gate",
            "import acme.comon\n".to_string() + &rule("t.a", "  require true"),
        )
        .source("common.gate", common)
        .build()
        .unwrap_err();
    let d = &e.diagnostics()[0];
    assert_eq!(d.code.as_str(), "phasegate::check::unresolved_import");
    assert_eq!(d.help.as_deref(), Some("did you mean `acme.common`?"));
}

#[test]
fn more_policy_files_than_a_set_can_hold_are_refused_before_reading() {
    let mut b = PolicySet::builder();
    for i in 0..=phasegate_engine::MAX_POLICY_FILES {
        b = b.source(format!("f{i}.gate"), "fn f() = 1\n");
    }
    // A missing file after the limit is not even opened.
    let e = b.file("missing.gate").build().unwrap_err();
    assert!(
        matches!(
            e,
            CompileError::TooManyFiles {
                count: 16_386,
                limit: 16_384
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "16386 policy files; at most 16384 can be compiled into one set"
    );
    let code = miette::Diagnostic::code(&e).map(|c| c.to_string());
    assert_eq!(code.as_deref(), Some("phasegate::compile::too_many_files"));
    assert!(miette::Diagnostic::help(&e).is_some());
    // At the limit, a set compiles (and its locations name the right files).
    let mut b = PolicySet::builder();
    for i in 0..phasegate_engine::MAX_POLICY_FILES - 1 {
        b = b.source(format!("f{i}.gate"), format!("package p{i}\nfn f() = 1\n"));
    }
    let last = "package last\nrule l.r {\n  title \"t\"\n  phase build\n  severity low\n  require input.n > 1\n}\n";
    let set = b
        .source("last.gate", last)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let info = set.rules().next().expect("one rule");
    assert_eq!(&*info.location.file, "last.gate");
    assert_eq!(info.location.line, 2);
}
