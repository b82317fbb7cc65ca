//! Shared by the host tests: finding the engine module and the repository.
#![allow(dead_code)]

use phasegate_wasm_host::{HostLimits, Sandbox, WasmEngine};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

/// The engine module: `$PHASEGATE_WASM` (which must exist: scripts/test-wasm.sh
/// sets it after building), else the build script's output if present.
pub fn module_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PHASEGATE_WASM") {
        let p = PathBuf::from(p);
        assert!(p.is_file(), "PHASEGATE_WASM={} does not exist", p.display());
        return Some(p);
    }
    let default = root().join("target/wasm/phasegate_wasm.wasm");
    if default.is_file() {
        return Some(default);
    }
    eprintln!(
        "SKIPPED: the engine module is not built; run `bash scripts/test-wasm.sh` \
         (or set PHASEGATE_WASM to a phasegate_wasm.wasm)"
    );
    None
}

/// The module bytes, read once.
pub fn module_bytes() -> Option<&'static [u8]> {
    static BYTES: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    BYTES
        .get_or_init(|| module_path().map(|p| std::fs::read(p).expect("read the module")))
        .as_deref()
}

/// The engine module compiled once per test binary, with default limits
/// (other limits: `engine().session_with(limits)`).
pub fn engine() -> Option<&'static WasmEngine> {
    static ENGINE: OnceLock<Option<WasmEngine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let bytes = module_bytes()?;
            let sandbox = Sandbox::new().expect("sandbox");
            Some(
                WasmEngine::new(&sandbox, bytes, HostLimits::default())
                    .expect("compile the engine module"),
            )
        })
        .as_ref()
}
