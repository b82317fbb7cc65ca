//! The native engine and the WebAssembly engine give byte-identical
//! decision JSON for every example policy test, every rule-pack test and
//! every fixture input in the repository (directories are read at test time,
//! so new files are covered without touching this test).
//!
//! With `PHASEGATE_WASM_CASES=<dir>` the cases are also written there, with
//! the native engine's expected output, for the Node.js tests
//! (`bindings/wasm/tests/node`).
#![cfg(feature = "runtime")]

mod common;

use indexmap::IndexMap;
use phasegate_engine::{CompileError, EvalContext, PolicySet, Value};
use phasegate_report::json::to_json;
use phasegate_wasm_host::{CompileRequest, EvalOptions, HostError, Session};
use serde_json::json;
use std::path::{Path, PathBuf};

/// The time the fixture inputs are evaluated at.
const NOW: &str = "2025-06-01T12:00:00Z";

/// Directories holding one policy set each.
fn policy_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![root.join("examples/policies")];
    for packs in [root.join("packs"), root.join("stdlib/packs")] {
        dirs.extend(sorted_entries(&packs).into_iter().filter(|p| p.is_dir()));
    }
    dirs.into_iter()
        .filter(|d| !files(d, &["gate"]).is_empty())
        .collect()
}

/// Input documents: example inputs and evidence, and the real fixtures.
fn input_files(root: &Path) -> Vec<PathBuf> {
    let exts = ["json", "sarif", "yaml", "yml"];
    ["examples/inputs", "examples/evidence", "tests/fixtures"]
        .iter()
        .flat_map(|d| files(&root.join(d), &exts))
        .collect()
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Files under `dir` (recursively, sorted) with one of the extensions.
fn files(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in sorted_entries(dir) {
        if p.is_dir() {
            out.extend(files(&p, exts));
        } else if p
            .extension()
            .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
        {
            out.push(p);
        }
    }
    out
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

/// One evaluation to compare.
struct Eval {
    name: String,
    input: Value,
    options: serde_json::Value,
    /// Native result: the decision JSON, or the error code.
    expected: Result<String, String>,
}

/// Evaluations of one policy set under one set of param overrides.
struct Group {
    name: String,
    sources: Vec<(String, String)>,
    params: IndexMap<String, Value>,
    /// Native compile error (diagnostics as JSON), if the set does not compile.
    compile_error: Option<serde_json::Value>,
    evals: Vec<Eval>,
}

fn native_eval(
    set: &PolicySet,
    input: &Value,
    options: &serde_json::Value,
) -> Result<String, String> {
    let context = Value::from_json(options.get("context").unwrap_or(&serde_json::Value::Null));
    let mut ctx = EvalContext::from_value(context).map_err(|_| "phasegate::input".to_string())?;
    if let Some(now) = options.get("now").and_then(|n| n.as_str()) {
        let t = time::OffsetDateTime::parse(now, &time::format_description::well_known::Rfc3339)
            .map_err(|_| "phasegate::input".to_string())?;
        ctx = ctx.with_now(t);
    }
    Ok(to_json(&set.evaluate(input, &ctx)))
}

fn diagnostics(e: &CompileError) -> serde_json::Value {
    serde_json::to_value(
        e.diagnostics()
            .iter()
            .map(|d| d.to_json())
            .collect::<Vec<_>>(),
    )
    .unwrap()
}

/// Build every group from the repository, with the native results.
fn groups(root: &Path) -> Vec<Group> {
    let inputs: Vec<(String, Value)> = input_files(root)
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let yaml = p.extension().is_some_and(|e| e == "yaml" || e == "yml");
            let v: Option<Value> = if yaml {
                serde_yaml::from_str(&text).ok()
            } else {
                serde_json::from_str(&text).ok()
            };
            if v.is_none() {
                eprintln!(
                    "note: {} is not one JSON/YAML document; not an input",
                    rel(root, p)
                );
            }
            Some((rel(root, p), v?))
        })
        .collect();
    let mut out = Vec::new();
    for dir in policy_dirs(root) {
        let sources: Vec<(String, String)> = files(&dir, &["gate"])
            .iter()
            .map(|p| {
                (
                    rel(root, p),
                    std::fs::read_to_string(p).expect("read policy"),
                )
            })
            .collect();
        let name = rel(root, &dir);
        let mut b = PolicySet::builder();
        for (n, t) in &sources {
            b = b.source(n.clone(), t.clone());
        }
        let set = match b.build() {
            Ok(s) => s,
            Err(e) => {
                out.push(Group {
                    name,
                    sources,
                    params: IndexMap::new(),
                    compile_error: Some(diagnostics(&e)),
                    evals: Vec::new(),
                });
                continue;
            }
        };
        let options = json!({"now": NOW});
        let mut base = Group {
            name: name.clone(),
            sources: sources.clone(),
            params: IndexMap::new(),
            compile_error: None,
            evals: inputs
                .iter()
                .map(|(n, v)| Eval {
                    name: format!("{name} on {n}"),
                    input: v.clone(),
                    options: options.clone(),
                    expected: native_eval(&set, v, &options),
                })
                .collect(),
        };
        for tc in set.tests() {
            let options = json!({"context": tc.context.to_json()});
            let tname = format!("{name} test {:?}", tc.name);
            if tc.params.is_empty() {
                base.evals.push(Eval {
                    name: tname,
                    input: tc.input.clone(),
                    expected: native_eval(&set, &tc.input, &options),
                    options,
                });
                continue;
            }
            let (compile_error, evals) = match set.with_params(&tc.params) {
                Ok(s) => {
                    let expected = native_eval(&s, &tc.input, &options);
                    (
                        None,
                        vec![Eval {
                            name: tname.clone(),
                            input: tc.input.clone(),
                            options,
                            expected,
                        }],
                    )
                }
                Err(e) => (Some(diagnostics(&e)), Vec::new()),
            };
            out.push(Group {
                name: tname,
                sources: sources.clone(),
                params: tc.params.clone(),
                compile_error,
                evals,
            });
        }
        out.push(base);
    }
    out
}

fn request(g: &Group) -> CompileRequest {
    let mut r = CompileRequest::new();
    for (n, t) in &g.sources {
        r = r.source(n.clone(), t.clone());
    }
    for (k, v) in &g.params {
        r = r.param(k.clone(), v.to_json());
    }
    r
}

fn options(v: &serde_json::Value) -> EvalOptions {
    EvalOptions {
        now: v.get("now").and_then(|n| n.as_str()).map(String::from),
        context: v.get("context").filter(|c| !c.is_null()).cloned(),
    }
}

/// Run one group through the module; mismatches are pushed to `bad`.
fn run_group(s: &mut Session, g: &Group, bad: &mut Vec<String>) -> usize {
    let compiled = s.compile(&request(g));
    let handle = match (compiled, &g.compile_error) {
        (Ok(c), None) => c.handle,
        (Err(HostError::Engine(e)), Some(native)) => {
            let wasm = serde_json::to_value(
                e.diagnostics
                    .iter()
                    .map(|d| {
                        json!({"code": d.code, "severity": d.severity, "message": d.message,
                        "file": d.file, "line": d.line, "column": d.column, "help": d.help})
                    })
                    .collect::<Vec<_>>(),
            )
            .unwrap();
            if &wasm != native {
                bad.push(format!(
                    "{}: compile diagnostics differ:\nnative {native}\nwasm   {wasm}",
                    g.name
                ));
            }
            return 1;
        }
        (other, native) => {
            bad.push(format!(
                "{}: native compile error {native:?}, wasm {:?}",
                g.name,
                other.err()
            ));
            return 1;
        }
    };
    for e in &g.evals {
        let input = serde_json::to_string(&e.input).expect("encode input");
        let got = match s.evaluate(handle, &input, &options(&e.options)) {
            Ok(json) => Ok(json),
            Err(HostError::Engine(err)) => Err(err.code),
            Err(other) => panic!("{}: the host failed: {other}", e.name),
        };
        if got != e.expected {
            let (n, w) = (format!("{:?}", e.expected), format!("{got:?}"));
            let line = n
                .lines()
                .zip(w.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            bad.push(format!(
                "{}: differs (first at line {line}):\nnative {n}\nwasm   {w}",
                e.name
            ));
        }
    }
    s.drop_policies(handle).expect("drop the handle");
    1 + g.evals.len()
}

/// The cases in the form the Node.js tests read (docs in the test file).
fn write_cases(dir: &Path, groups: &[Group]) {
    std::fs::create_dir_all(dir).expect("create the cases directory");
    for (i, g) in groups.iter().enumerate() {
        let doc = json!({
            "name": g.name,
            "request": serde_json::to_value(request(g)).unwrap(),
            "compile_error": g.compile_error,
            "evaluations": g.evals.iter().map(|e| json!({
                "name": e.name,
                "input": serde_json::to_string(&e.input).unwrap(),
                "options": e.options,
                "expected": e.expected.as_ref().ok(),
                "expected_error": e.expected.as_ref().err(),
            })).collect::<Vec<_>>(),
        });
        let path = dir.join(format!("case-{i:04}.json"));
        std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).expect("write a case");
    }
}

#[test]
fn native_and_wasm_decisions_are_byte_identical() {
    let Some(engine) = common::engine() else {
        return;
    };
    let root = common::root();
    let groups = groups(&root);
    let tests: usize = groups.iter().filter(|g| g.name.contains(" test ")).count()
        + groups
            .iter()
            .flat_map(|g| &g.evals)
            .filter(|e| e.name.contains(" test "))
            .count();
    assert!(
        tests > 0,
        "no policy test found: the differential would prove nothing"
    );
    if let Some(dir) = std::env::var_os("PHASEGATE_WASM_CASES") {
        write_cases(Path::new(&dir), &groups);
    }
    let mut session = engine.session().expect("session");
    let mut bad = Vec::new();
    let mut calls = 0;
    for g in &groups {
        calls += run_group(&mut session, g, &mut bad);
    }
    let evals: usize = groups.iter().map(|g| g.evals.len()).sum();
    println!(
        "differential: {} policy sets/param variants, {evals} evaluations ({tests} policy tests), {calls} calls",
        groups.len()
    );
    assert!(
        bad.is_empty(),
        "{} mismatch(es):\n{}",
        bad.len(),
        bad.join("\n\n")
    );
}
