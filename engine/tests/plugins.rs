//! Plugins through the engine's traits, with an in-process plugin (the
//! WebAssembly loader is tested in bindings/wasm/host/tests/plugins.rs).

use phasegate_engine::plugin::{
    Plugin, PluginInstance, PluginLoadError, PluginLoader, PluginRequest,
};
use phasegate_engine::{CompileError, EvalContext, PolicySet, Status, Value};
use phasegate_lang::types::PluginFunction;
use phasegate_lang::Code;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Loads `licences.wasm` (any directory) as [`Licences`]; anything else fails.
#[derive(Debug, Default)]
struct Loader {
    loads: AtomicUsize,
    paths: Mutex<Vec<PathBuf>>,
}

impl PluginLoader for Loader {
    fn load(&self, request: &PluginRequest<'_>) -> Result<Arc<dyn Plugin>, PluginLoadError> {
        self.loads.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut p) = self.paths.lock() {
            p.push(request.path.to_path_buf());
        }
        if request
            .path
            .file_name()
            .is_some_and(|n| n == "licences.wasm")
        {
            Ok(Arc::new(Licences::default()))
        } else {
            Err(PluginLoadError {
                message: format!("cannot read `{}`", request.path.display()),
                help: "build the plugin first".into(),
            })
        }
    }
}

#[derive(Debug, Default)]
struct Licences {
    instances: AtomicUsize,
}

impl Plugin for Licences {
    fn functions(&self) -> &[PluginFunction] {
        static FUNCTIONS: std::sync::OnceLock<Vec<PluginFunction>> = std::sync::OnceLock::new();
        FUNCTIONS.get_or_init(|| {
            ["classify", "calls", "fail"]
                .iter()
                .map(|n| PluginFunction {
                    name: (*n).into(),
                    arity: if *n == "calls" { Some(0) } else { Some(1) },
                })
                .collect()
        })
    }
    fn instantiate(&self) -> Result<Box<dyn PluginInstance>, String> {
        self.instances.fetch_add(1, Ordering::SeqCst);
        Ok(Box::new(Instance { calls: 0 }))
    }
}

/// State that must never outlive one evaluation.
struct Instance {
    calls: i64,
}

impl PluginInstance for Instance {
    fn call(&mut self, function: &str, args: &[Value]) -> Result<Value, String> {
        self.calls += 1;
        match (function, args) {
            ("classify", [Value::Str(s)]) if s.starts_with("GPL") => Ok(Value::from("copyleft")),
            ("classify", [Value::Str(_)]) => Ok(Value::from("permissive")),
            ("classify", [other]) => Err(format!("expects a string, got {other:?}")),
            ("calls", []) => Ok(Value::Int(self.calls)),
            ("fail", _) => Err("deliberate failure".into()),
            _ => Err(format!("no function `{function}`")),
        }
    }
}

const POLICY: &str = r#"
plugin licences = "plugins/licences.wasm"

rule code.licences {
  title "Dependencies use permissive licences"
  phase code
  severity medium
  let copyleft = [d in input.deps | licences.classify(d.licence) == "copyleft"]
  require count(copyleft) == 0 else "{count(copyleft)} copyleft dependency(ies)"
}

rule code.fresh-instance {
  title "Each evaluation starts from a fresh plugin instance"
  phase code
  severity low
  let first = licences.calls()
  require first == 1 or first == count(input.deps) + 1 else "calls so far: {first}"
}
"#;

fn build(loader: Arc<Loader>, text: &str) -> Result<PolicySet, CompileError> {
    PolicySet::builder()
        .source("policies/code.gate", text)
        .plugins(loader)
        .build()
}

fn input(licences: &[&str]) -> Value {
    let deps: Vec<serde_json::Value> = licences
        .iter()
        .map(|l| serde_json::json!({"licence": l}))
        .collect();
    serde_json::from_value(serde_json::json!({ "deps": deps })).expect("valid input")
}

#[test]
fn plugin_functions_decide_rules() {
    let loader = Arc::new(Loader::default());
    let set = build(loader.clone(), POLICY).expect("compiles");
    let ctx = EvalContext::new();
    let pass = set.evaluate(&input(&["MIT", "Apache-2.0"]), &ctx);
    assert_eq!(
        pass.result("code.licences").map(|r| r.status),
        Some(Status::Pass)
    );
    let fail = set.evaluate(&input(&["MIT", "GPL-3.0", "GPL-2.0"]), &ctx);
    let r = fail.result("code.licences").expect("rule");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(r.messages, ["2 copyleft dependency(ies)"]);
    // Resolved against the declaring file's directory, loaded once.
    assert_eq!(loader.loads.load(Ordering::SeqCst), 1);
    let paths = loader.paths.lock().map(|p| p.clone()).unwrap_or_default();
    assert_eq!(paths, [PathBuf::from("policies/plugins/licences.wasm")]);
}

#[test]
fn every_evaluation_gets_a_fresh_instance() {
    let loader = Arc::new(Loader::default());
    let set = build(loader, POLICY).expect("compiles");
    let ctx = EvalContext::new();
    for n in 0..5 {
        let d = set.evaluate(&input(&vec!["MIT"; n]), &ctx);
        let r = d.result("code.fresh-instance").expect("rule");
        assert_eq!(r.status, Status::Pass, "{:?}", r.messages);
    }
}

#[test]
fn a_failing_call_is_a_rule_error_naming_the_plugin() {
    let loader = Arc::new(Loader::default());
    let text = POLICY.replace("licences.classify(d.licence)", "licences.fail(d.licence)");
    let set = build(loader, &text).expect("compiles");
    // Two deps: the first call fails, so the failed instance is dropped and
    // `calls()` in the next rule starts a fresh one (1); a kept instance
    // would answer 2, which the rule rejects (it accepts 1 or 3).
    let d = set.evaluate(&input(&["MIT", "MIT"]), &EvalContext::new());
    let r = d.result("code.licences").expect("rule");
    assert_eq!(r.status, Status::Error);
    assert!(
        r.messages[0].contains("plugin `licences`: fail(): deliberate failure"),
        "{:?}",
        r.messages
    );
    // Other rules still run, with a fresh instance.
    assert_eq!(
        d.result("code.fresh-instance").map(|r| r.status),
        Some(Status::Pass)
    );
}

#[test]
fn wrong_argument_types_reach_the_plugin_and_come_back_as_errors() {
    let loader = Arc::new(Loader::default());
    let set = build(loader, POLICY).expect("compiles");
    let doc: Value = serde_json::from_str(r#"{"deps": [{"licence": 3}]}"#).expect("json");
    let d = set.evaluate(&doc, &EvalContext::new());
    let r = d.result("code.licences").expect("rule");
    assert_eq!(r.status, Status::Error);
    assert!(
        r.messages[0].contains("classify(): expects a string"),
        "{:?}",
        r.messages
    );
}

fn codes(e: CompileError) -> Vec<(Code, String)> {
    match e {
        CompileError::Policy(ds) => ds.into_iter().map(|d| (d.code, d.message)).collect(),
        other => panic!("expected policy diagnostics, got {other}"),
    }
}

#[test]
fn without_a_loader_a_plugin_declaration_is_a_clear_error() {
    let e = PolicySet::builder()
        .source("code.gate", POLICY)
        .build()
        .expect_err("no plugin support");
    let found = codes(e);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Code::PluginLoad);
    assert_eq!(
        found[0].1,
        "cannot load plugin `licences`: this build of phasegate cannot run WebAssembly plugins"
    );
}

#[test]
fn a_module_that_does_not_load_is_reported_at_its_declaration() {
    let text = POLICY.replace("plugins/licences.wasm", "plugins/missing.wasm");
    let e = build(Arc::new(Loader::default()), &text).expect_err("does not load");
    let found = codes(e);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Code::PluginLoad);
    assert!(
        found[0].1.contains("policies/plugins/missing.wasm"),
        "{found:?}"
    );
}

#[test]
fn unknown_functions_and_arity_are_compile_errors() {
    let text = POLICY
        .replace(
            "licences.classify(d.licence)",
            "licences.clasify(d.licence)",
        )
        .replace("licences.calls()", "licences.calls(1)");
    let e = build(Arc::new(Loader::default()), &text).expect_err("bad calls");
    let found: Vec<Code> = codes(e).into_iter().map(|(c, _)| c).collect();
    assert_eq!(found, [Code::UnknownFunction, Code::Arity]);
}

#[test]
fn with_params_reuses_the_loaded_plugins() {
    let loader = Arc::new(Loader::default());
    let text = format!(
        "param banned: string = \"copyleft\"\n{}",
        POLICY.replace("== \"copyleft\"", "== banned")
    );
    let set = build(loader.clone(), &text).expect("compiles");
    let mut over = indexmap::IndexMap::new();
    over.insert("banned".to_string(), Value::from("permissive"));
    let other = set.with_params(&over).expect("recompiles");
    assert_eq!(loader.loads.load(Ordering::SeqCst), 1);
    let d = other.evaluate(&input(&["MIT"]), &EvalContext::new());
    assert_eq!(
        d.result("code.licences").map(|r| r.status),
        Some(Status::Fail)
    );
}
