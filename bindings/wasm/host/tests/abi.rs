//! The host against hand-written modules (WAT) that break the ABI or attack
//! the sandbox, and against the real engine module's error documents.
#![cfg(feature = "runtime")]

mod common;

use phasegate_wasm_host::{
    CompileRequest, EvalOptions, Handle, HostError, HostLimits, Sandbox, WasmEngine,
};
use std::time::Duration;

/// A module with every export of the ABI; `version` and `compile` are WAT
/// function bodies, `result` is `(ptr len)` of the result document.
fn stub(version: i32, compile: &str, result: (i32, i32)) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module
  (memory (export "memory") 1)
  (data (i32.const 2048) "{{\"code\": \"x\", \"message\": \"m\"}}")
  (func (export "pg_abi_version") (result i32) i32.const {version})
  (func (export "pg_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "pg_free") (param i32 i32))
  (func (export "pg_compile") (param i32 i32) (result i32) {compile})
  (func (export "pg_evaluate") (param i32 i32 i32 i32 i32) (result i32) i32.const 1)
  (func (export "pg_drop") (param i32) (result i32) i32.const 0)
  (func (export "pg_result_ptr") (result i32) i32.const {})
  (func (export "pg_result_len") (result i32) i32.const {}))"#,
        result.0, result.1
    ))
    .expect("valid WAT")
}

fn load(wasm: &[u8], limits: HostLimits) -> Result<phasegate_wasm_host::Session, HostError> {
    WasmEngine::new(&Sandbox::new()?, wasm, limits)?.session()
}

fn compile(wasm: &[u8], limits: HostLimits) -> HostError {
    let mut s = load(wasm, limits).expect("session");
    s.compile(&CompileRequest::new().source("a.gate", "x"))
        .unwrap_err()
}

#[test]
fn modules_that_import_or_lack_exports_are_refused() {
    let imports = wat::parse_str(r#"(module (import "env" "clock" (func)))"#).unwrap();
    let err = load(&imports, HostLimits::default()).unwrap_err();
    assert!(
        matches!(&err, HostError::Load(m) if m.contains("imports `env::clock`")),
        "{err}"
    );
    let partial = wat::parse_str(
        r#"(module (memory (export "memory") 1) (func (export "pg_abi_version") (result i32) i32.const 1))"#,
    )
    .unwrap();
    let err = load(&partial, HostLimits::default()).unwrap_err();
    assert!(
        matches!(&err, HostError::Abi(m) if m.contains("`pg_alloc`")),
        "{err}"
    );
    let err = load(b"not wasm", HostLimits::default()).unwrap_err();
    assert!(matches!(err, HostError::Load(_)), "{err}");
    let err = load(&stub(2, "i32.const 0", (0, 0)), HostLimits::default()).unwrap_err();
    assert!(
        matches!(&err, HostError::Abi(m) if m.contains("ABI version 2")),
        "{err}"
    );
}

#[test]
fn bad_result_documents_are_abi_errors() {
    let err = compile(&stub(1, "i32.const 7", (65530, 100)), HostLimits::default());
    assert!(
        matches!(&err, HostError::Abi(m) if m.contains("outside the memory")),
        "{err}"
    );
    let err = compile(&stub(1, "i32.const 7", (0, 16)), HostLimits::default());
    assert!(
        matches!(&err, HostError::Abi(m) if m.contains("not valid")),
        "{err}"
    );
    // A well-formed error document is the engine's answer, not an ABI error.
    let err = compile(&stub(1, "i32.const 0", (2048, 29)), HostLimits::default());
    assert!(
        matches!(&err, HostError::Engine(e) if e.code == "x" && e.message == "m"),
        "{err}"
    );
}

#[test]
fn hostile_modules_hit_their_bounds() {
    let spin = "(loop (br 0)) i32.const 0";
    let err = compile(
        &stub(1, spin, (0, 0)),
        HostLimits::default().with_fuel(1_000_000),
    );
    assert!(
        matches!(err, HostError::OutOfFuel { fuel: 1_000_000 }),
        "{err}"
    );
    let limits = HostLimits::default()
        .with_fuel(u64::MAX)
        .with_timeout(Duration::from_millis(20));
    let err = compile(&stub(1, spin, (0, 0)), limits);
    assert!(matches!(err, HostError::Timeout { .. }), "{err}");
    let bomb = "(loop (br_if 0 (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) unreachable";
    let limits = HostLimits::default().with_max_memory_bytes(4 << 20);
    let err = compile(&stub(1, bomb, (0, 0)), limits);
    assert!(
        matches!(err, HostError::MemoryLimit { max_bytes } if max_bytes == 4 << 20),
        "{err}"
    );
    let err = compile(&stub(1, "unreachable", (0, 0)), HostLimits::default());
    assert!(
        matches!(&err, HostError::Trap(m) if m.contains("unreachable")),
        "{err}"
    );
}

#[test]
fn engine_errors_are_structured() {
    let Some(engine) = common::engine() else {
        return;
    };
    let mut s = engine.session().expect("session");
    let text = "rule x.y {\n  title \"t\"\n  phase build\n  severity high\n  require cuont(input) > 0\n}\n";
    let HostError::Engine(e) = s
        .compile(&CompileRequest::new().source("bad.gate", text))
        .unwrap_err()
    else {
        panic!("expected an engine error")
    };
    assert_eq!(e.code, "phasegate::compile::policy");
    assert_eq!(e.diagnostics.len(), 1);
    let d = &e.diagnostics[0];
    assert_eq!(d.code, "phasegate::check::unknown_function");
    assert_eq!((d.file.as_str(), d.line, d.column), ("bad.gate", 5, 11));
    assert!(d.help.as_deref().unwrap_or("").contains("`count`"), "{d:?}");
    // A compile error does not poison the session: it is an answer.
    let warn = "rule x.y {\n  title \"t\"\n  phase build\n  severity high\n  let unused = 1\n  require true\n}\n";
    let c = s
        .compile(&CompileRequest::new().source("w.gate", warn))
        .expect("warnings do not fail");
    assert_eq!(c.rules, ["x.y"]);
    // The compiler's warnings, exactly as natively.
    let native = phasegate_engine::PolicySet::builder()
        .source("w.gate", warn)
        .build()
        .expect("native compile");
    let codes: Vec<&str> = native.warnings().iter().map(|d| d.code.as_str()).collect();
    let wasm: Vec<&str> = c.warnings.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(wasm, codes);
    let HostError::Engine(e) = s
        .evaluate(c.handle, "[1,", &EvalOptions::default())
        .unwrap_err()
    else {
        panic!("expected an input error")
    };
    assert_eq!(e.code, "phasegate::input");
    s.drop_policies(c.handle).expect("drop");
    for err in [
        s.evaluate(c.handle, "{}", &EvalOptions::default())
            .unwrap_err(),
        s.drop_policies(c.handle).unwrap_err(),
        s.drop_policies(Handle(999)).unwrap_err(),
    ] {
        assert!(
            matches!(&err, HostError::Engine(e) if e.code == "phasegate::wasm::unknown_handle"),
            "{err}"
        );
    }
    // Handles belong to their session.
    let mut other = engine.session().expect("session");
    let c2 = other
        .compile(&CompileRequest::new().source("w.gate", warn))
        .expect("compile");
    assert_eq!(c2.handle, Handle(1));
    assert!(s
        .evaluate(Handle(1), "{}", &EvalOptions::default())
        .is_err());
}
