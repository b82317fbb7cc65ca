//! WebAssembly plugins in the native engine: the example plugin written in
//! Rust (examples/plugins/licences) end to end, and hostile plugins written
//! in WAT — each failure a clear error naming the plugin, never a crash.
#![cfg(feature = "runtime")]

mod common;

use phasegate_engine::{CompileError, EvalContext, PolicySet, Status, Value};
use phasegate_lang::Code;
use phasegate_wasm_host::{HostError, HostLimits, WasmPluginLoader};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A plugin in WAT that follows the ABI: a manifest exporting `f` (any
/// arity) and `pg_plugin_call` running `body` (which leaves a status on the
/// stack and may set `$rp`/`$rl`, the result pointer and length).
fn wat_plugin(body: &str) -> String {
    wat_plugin_with(r#"{"functions":[{"name":"f"}]}"#, 1, body, "")
}

fn wat_plugin_with(manifest: &str, version: u32, body: &str, extra: &str) -> String {
    let escaped: String = manifest.bytes().map(|b| format!("\\{b:02x}")).collect();
    format!(
        r#"(module
  {extra}
  (memory (export "memory") 1)
  (data (i32.const 0) "{escaped}")
  (global $rp (mut i32) (i32.const 0))
  (global $rl (mut i32) (i32.const 0))
  (global $heap (mut i32) (i32.const 4096))
  (global $calls (mut i32) (i32.const 0))
  (func (export "pg_plugin_abi_version") (result i32) (i32.const {version}))
  (func (export "pg_alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $n)))
    (local.get $p))
  (func (export "pg_free") (param i32 i32))
  (func (export "pg_result_ptr") (result i32) (global.get $rp))
  (func (export "pg_result_len") (result i32) (global.get $rl))
  (func (export "pg_plugin_manifest") (result i32)
    (global.set $rp (i32.const 0))
    (global.set $rl (i32.const {len}))
    (i32.const 0))
  (func (export "pg_plugin_call") (param i32 i32 i32 i32) (result i32)
    {body})
)"#,
        len = manifest.len()
    )
}

/// Result `"<digit>"` where the digit is how many calls this instance had.
const COUNTER: &str = r#"
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.store8 (i32.const 2048) (i32.const 34))
    (i32.store8 (i32.const 2049) (i32.add (i32.const 48) (global.get $calls)))
    (i32.store8 (i32.const 2050) (i32.const 34))
    (global.set $rp (i32.const 2048))
    (global.set $rl (i32.const 3))
    (i32.const 0)"#;

const INFINITE_LOOP: &str = "(loop $l (br $l)) (i32.const 0)";
const MEMORY_BOMB: &str =
    "(loop $l (br_if $l (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) unreachable";
const TRAP: &str = "unreachable";
const GARBAGE: &str = "(global.set $rp (i32.const 0)) (global.set $rl (i32.const 5)) (i32.const 0)";
const OUT_OF_BOUNDS: &str =
    "(global.set $rp (i32.const 65530)) (global.set $rl (i32.const 100)) (i32.const 0)";
const BAD_STATUS: &str = "(i32.const 7)";

/// A temporary directory with `plugin.wasm` (from WAT) and a policy calling
/// `p.f(input.x)` in one rule, plus a second rule without the plugin.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new(wasm: &[u8]) -> Case {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("plugin.wasm"), wasm).expect("write plugin");
        std::fs::write(
            dir.path().join("policy.gate"),
            r#"plugin p = "plugin.wasm"

rule code.uses-plugin {
  title "A rule that calls the plugin"
  phase code
  severity high
  require p.f(input.x) == "1" else "got {p.f(input.x)}"
}

rule code.independent {
  title "A rule without the plugin"
  phase code
  severity low
  require input.x == 1
}
"#,
        )
        .expect("write policy");
        Case { dir }
    }

    fn wat(text: &str) -> Case {
        Case::new(&wat::parse_str(text).expect("valid WAT"))
    }

    fn build(&self, limits: HostLimits) -> Result<PolicySet, CompileError> {
        let loader = WasmPluginLoader::new(limits).expect("sandbox");
        PolicySet::builder()
            .dir(self.dir.path())
            .plugins(Arc::new(loader))
            .build()
    }
}

fn small_limits() -> HostLimits {
    HostLimits::default()
        .with_fuel(5_000_000)
        .with_max_memory_bytes(4 << 20)
        .with_timeout(Duration::from_secs(5))
}

fn input() -> Value {
    serde_json::from_str(r#"{"x": 1}"#).expect("json")
}

/// Evaluate and give the plugin rule's status and first message; the
/// independent rule must still pass.
fn outcome(set: &PolicySet) -> (Status, String) {
    let d = set.evaluate(&input(), &EvalContext::new());
    assert_eq!(
        d.result("code.independent").map(|r| r.status),
        Some(Status::Pass),
        "a plugin failure must not affect other rules"
    );
    let r = d.result("code.uses-plugin").expect("rule");
    (r.status, r.messages.first().cloned().unwrap_or_default())
}

fn load_error(case: &Case) -> String {
    match case.build(small_limits()) {
        Err(CompileError::Policy(ds)) => {
            assert_eq!(ds.len(), 1, "{ds:?}");
            assert_eq!(ds[0].code, Code::PluginLoad);
            ds[0].message.clone()
        }
        Err(e) => panic!("expected a plugin diagnostic, got {e}"),
        Ok(_) => panic!("expected the plugin not to load"),
    }
}

#[test]
fn a_well_behaved_plugin_gets_a_fresh_instance_per_evaluation() {
    let case = Case::wat(&wat_plugin(COUNTER));
    let set = case.build(small_limits()).expect("loads");
    // The rule calls f once in `require`: a fresh instance answers "1" every
    // time; a shared instance would answer 2, 3… on later evaluations.
    for _ in 0..3 {
        assert_eq!(outcome(&set), (Status::Pass, String::new()));
    }
}

#[test]
fn an_infinite_loop_runs_out_of_fuel() {
    let set = Case::wat(&wat_plugin(INFINITE_LOOP))
        .build(small_limits())
        .expect("loads");
    let (status, msg) = outcome(&set);
    assert_eq!(status, Status::Error);
    assert!(
        msg.contains("plugin `p`: f(): the WebAssembly call ran out of fuel (5000000 units)"),
        "{msg}"
    );
}

#[test]
fn an_infinite_loop_with_ample_fuel_hits_the_deadline() {
    let limits = small_limits()
        .with_fuel(u64::MAX / 2)
        .with_timeout(Duration::from_millis(200));
    let set = Case::wat(&wat_plugin(INFINITE_LOOP))
        .build(limits)
        .expect("loads");
    let start = Instant::now();
    let (status, msg) = outcome(&set);
    assert_eq!(status, Status::Error);
    assert!(
        msg.contains("plugin `p`: f(): the WebAssembly call ran past its deadline"),
        "{msg}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn a_memory_bomb_hits_the_cap() {
    let set = Case::wat(&wat_plugin(MEMORY_BOMB))
        .build(small_limits())
        .expect("loads");
    let (status, msg) = outcome(&set);
    assert_eq!(status, Status::Error);
    assert!(
        msg.contains(
            "plugin `p`: f(): the WebAssembly instance hit its memory cap of 4194304 bytes"
        ),
        "{msg}"
    );
}

#[test]
fn a_trap_is_a_rule_error() {
    let set = Case::wat(&wat_plugin(TRAP))
        .build(small_limits())
        .expect("loads");
    let (status, msg) = outcome(&set);
    assert_eq!(status, Status::Error);
    assert!(
        msg.contains("plugin `p`: f(): the WebAssembly module trapped"),
        "{msg}"
    );
}

#[test]
fn garbage_output_and_broken_results_are_abi_errors() {
    for (body, expected) in [
        (GARBAGE, "the result is not valid JSON"),
        (OUT_OF_BOUNDS, "lies outside the memory"),
        (BAD_STATUS, "pg_plugin_call returned status 7"),
    ] {
        let set = Case::wat(&wat_plugin(body))
            .build(small_limits())
            .expect("loads");
        let (status, msg) = outcome(&set);
        assert_eq!(status, Status::Error, "{body}");
        assert!(
            msg.starts_with("plugin `p`: f(): the WebAssembly module breaks the ABI"),
            "{msg}"
        );
        assert!(msg.contains(expected), "{msg}");
    }
}

#[test]
fn modules_that_break_the_contract_do_not_load() {
    let missing_export = wat_plugin(COUNTER).replace("\"pg_plugin_call\"", "\"pg_plugin_kall\"");
    let msg = load_error(&Case::wat(&missing_export));
    assert!(msg.contains("export `pg_plugin_call`"), "{msg}");

    let importing = wat_plugin_with(
        r#"{"functions":[{"name":"f"}]}"#,
        1,
        COUNTER,
        r#"(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))"#,
    );
    let msg = load_error(&Case::wat(&importing));
    assert!(
        msg.contains("imports `wasi_snapshot_preview1::fd_write`"),
        "{msg}"
    );

    let msg = load_error(&Case::wat(&wat_plugin_with(
        r#"{"functions":[{"name":"f"}]}"#,
        2,
        COUNTER,
        "",
    )));
    assert!(msg.contains("plugin ABI version 2"), "{msg}");

    let msg = load_error(&Case::wat(&wat_plugin_with(
        r#"{"functions":[{"name":"no such"}]}"#,
        1,
        COUNTER,
        "",
    )));
    assert!(msg.contains("names are identifiers"), "{msg}");

    let msg = load_error(&Case::new(b"\0asm garbage"));
    assert!(msg.contains("cannot load the WebAssembly module"), "{msg}");

    let case = Case::wat(&wat_plugin(COUNTER));
    std::fs::remove_file(case.dir.path().join("plugin.wasm")).expect("remove");
    let msg = load_error(&case);
    assert!(msg.contains("cannot read"), "{msg}");
}

/// The example plugin built by scripts/build-wasm.sh.
fn licences_plugin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PHASEGATE_PLUGIN_LICENCES") {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "PHASEGATE_PLUGIN_LICENCES={} does not exist",
            p.display()
        );
        return Some(p);
    }
    let default = common::root().join("target/wasm/phasegate_plugin_licences.wasm");
    if default.is_file() {
        return Some(default);
    }
    eprintln!("SKIPPED: the example plugin is not built; run `bash scripts/test-wasm.sh`");
    None
}

fn copy_example(plugin: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    let example = common::root().join("examples/plugins/licences/policies");
    for entry in std::fs::read_dir(&example).expect("example policies") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    std::fs::copy(plugin, dir.path().join("licences.wasm")).expect("copy plugin");
    dir
}

#[test]
fn the_rust_example_plugin_classifies_licences_in_a_policy() {
    let Some(plugin) = licences_plugin() else {
        return;
    };
    let dir = copy_example(&plugin);
    let set = PolicySet::builder()
        .dir(dir.path())
        .plugins(Arc::new(
            WasmPluginLoader::new(HostLimits::default()).expect("sandbox"),
        ))
        .build()
        .expect("the example compiles");
    let inputs = common::root().join("examples/plugins/licences/inputs");
    let read = |name: &str| -> Value {
        let text = std::fs::read_to_string(inputs.join(name)).expect("input");
        serde_json::from_str(&text).expect("json")
    };
    let ctx = EvalContext::new();
    let pass = set.evaluate(&read("pass.json"), &ctx);
    assert!(
        pass.results.iter().all(|r| r.status == Status::Pass),
        "{:?}",
        pass.results
            .iter()
            .map(|r| (&r.id, r.status, &r.messages))
            .collect::<Vec<_>>()
    );
    let fail = set.evaluate(&read("fail.json"), &ctx);
    let r = fail.result("code.licences-allowed").expect("rule");
    assert_eq!(r.status, Status::Fail);
    insta::assert_snapshot!("licences_fail_messages", r.messages.join("\n"));
    // Its `test` blocks run through the CLI in cli/tests/plugins.rs.
    assert!(!set.tests().is_empty());
}

#[test]
fn the_rust_example_plugin_answers_through_the_host_api() {
    let Some(plugin) = licences_plugin() else {
        return;
    };
    let loader = WasmPluginLoader::new(HostLimits::default()).expect("sandbox");
    let bytes = std::fs::read(plugin).expect("read");
    let p = loader.load_bytes("licences", &bytes).expect("loads");
    let names: Vec<&str> = phasegate_engine::plugin::Plugin::functions(&p)
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, ["classify", "spdx_ids"]);
    let v = p
        .call_once("classify", &[Value::from("MIT OR GPL-3.0-only")])
        .expect("call");
    assert_eq!(v, Value::from("permissive"));
    match p.call_once("classify", &[Value::from("(MIT")]) {
        Err(HostError::Plugin(msg)) => assert_eq!(msg, "a `(` is not closed"),
        other => panic!("expected the plugin's error, got {other:?}"),
    }
}
