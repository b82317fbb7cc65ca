//! The engine module ([`WasmEngine`]) and one instance of it ([`Session`]).

use crate::error::{EngineError, HostError};
use crate::guest::{export, GuestIo};
use crate::limits::HostLimits;
use crate::requests::{CompileRequest, Compiled, EvalOptions, Handle};
use crate::sandbox::{Guest, Sandbox};
use std::path::Path;
use wasmtime::{Module, Store, TypedFunc};

/// The ABI version of docs/wasm.md this host speaks.
pub const ABI_VERSION: u32 = 1;

/// The phasegate engine module, compiled for a [`Sandbox`]. Cheap to clone;
/// start any number of [`Session`]s from it.
#[derive(Clone, Debug)]
pub struct WasmEngine {
    sandbox: Sandbox,
    module: Module,
    limits: HostLimits,
}

impl WasmEngine {
    /// Load the module from a file, in a new sandbox; sessions run under `limits`.
    pub fn from_file(path: impl AsRef<Path>, limits: HostLimits) -> Result<Self, HostError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|e| HostError::Load(format!("cannot read {}: {e}", path.display())))?;
        WasmEngine::new(&Sandbox::new()?, &bytes, limits)
    }

    /// Compile the module's bytes in an existing sandbox; sessions run under `limits`.
    pub fn new(sandbox: &Sandbox, wasm: &[u8], limits: HostLimits) -> Result<Self, HostError> {
        Ok(WasmEngine {
            sandbox: sandbox.clone(),
            module: sandbox.compile("the engine module", wasm)?,
            limits,
        })
    }

    /// A fresh instance (its own memory and handles) under the engine's limits.
    pub fn session(&self) -> Result<Session, HostError> {
        self.session_with(self.limits)
    }

    /// A fresh instance whose calls run under `limits`.
    pub fn session_with(&self, limits: HostLimits) -> Result<Session, HostError> {
        let mut store = self.sandbox.store(limits);
        let instance = self.sandbox.instantiate(&mut store, &self.module)?;
        let version: TypedFunc<(), u32> = export(&instance, &mut store, "pg_abi_version")?;
        let exports = Exports {
            io: GuestIo::new(&instance, &mut store)?,
            compile: export(&instance, &mut store, "pg_compile")?,
            evaluate: export(&instance, &mut store, "pg_evaluate")?,
            drop: export(&instance, &mut store, "pg_drop")?,
        };
        let mut session = Session {
            sandbox: self.sandbox.clone(),
            store,
            exports,
            poisoned: false,
        };
        let v = session.guarded(|_, store| version.call(store, ()))?;
        if v != ABI_VERSION {
            return Err(HostError::Abi(format!(
                "the module speaks ABI version {v}, this host version {ABI_VERSION}"
            )));
        }
        Ok(session)
    }
}

/// One instance of the engine module. Policy sets compiled in a session are
/// used through their [`Handle`]s in that session only.
pub struct Session {
    sandbox: Sandbox,
    store: Store<Guest>,
    exports: Exports,
    poisoned: bool,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("limits", &self.store.data().limits())
            .field("poisoned", &self.poisoned)
            .finish_non_exhaustive()
    }
}

/// The instance's exports.
#[derive(Clone)]
struct Exports {
    io: GuestIo,
    compile: TypedFunc<(u32, u32), u32>,
    evaluate: TypedFunc<(u32, u32, u32, u32, u32), u32>,
    drop: TypedFunc<u32, u32>,
}

impl Session {
    /// Compile policies. Policy errors come back as [`HostError::Engine`]
    /// with the diagnostics.
    pub fn compile(&mut self, request: &CompileRequest) -> Result<Compiled, HostError> {
        let json = serde_json::to_vec(request)
            .map_err(|e| HostError::Abi(format!("cannot encode the request: {e}")))?;
        let a = self.guarded(|x, st| {
            let req = x.io.put(st, &json)?;
            let status = x.compile.call(&mut *st, req)?;
            x.io.release(st, req)?;
            x.io.answer(st, status)
        })?;
        if a.status == 0 {
            return Err(engine_error(&a.doc));
        }
        let compiled: Compiled = parse(&a.doc)?;
        if compiled.handle.0 != a.status {
            return Err(HostError::Abi(format!(
                "pg_compile returned handle {} but its result names {}",
                a.status, compiled.handle.0
            )));
        }
        Ok(compiled)
    }

    /// Evaluate a policy set on a JSON input: the decision JSON, byte for
    /// byte as `phasegate check --format json` prints it (no final newline).
    pub fn evaluate(
        &mut self,
        handle: Handle,
        input_json: &str,
        options: &EvalOptions,
    ) -> Result<String, HostError> {
        let opts = serde_json::to_vec(options)
            .map_err(|e| HostError::Abi(format!("cannot encode the options: {e}")))?;
        let a = self.guarded(|x, st| {
            let input = x.io.put(st, input_json.as_bytes())?;
            let o = x.io.put(st, &opts)?;
            let status = x
                .evaluate
                .call(&mut *st, (handle.0, input.0, input.1, o.0, o.1))?;
            x.io.release(st, input)?;
            x.io.release(st, o)?;
            x.io.answer(st, status)
        })?;
        match a.status {
            0 => String::from_utf8(a.doc)
                .map_err(|e| HostError::Abi(format!("the decision is not UTF-8: {e}"))),
            _ => Err(engine_error(&a.doc)),
        }
    }

    /// Forget a policy set. An unknown handle is an [`HostError::Engine`]
    /// error with code `phasegate::wasm::unknown_handle`.
    pub fn drop_policies(&mut self, handle: Handle) -> Result<(), HostError> {
        let a = self.guarded(|x, st| {
            let status = x.drop.call(&mut *st, handle.0)?;
            x.io.answer(st, status)
        })?;
        match a.status {
            0 => Ok(()),
            _ => Err(engine_error(&a.doc)),
        }
    }

    /// Bytes of linear memory the instance has now.
    pub fn memory_size(&self) -> usize {
        self.exports.io.memory.data_size(&self.store)
    }

    /// Run `f` under the sandbox bounds; any failure poisons the session.
    fn guarded<R>(
        &mut self,
        f: impl FnOnce(&Exports, &mut Store<Guest>) -> wasmtime::Result<R>,
    ) -> Result<R, HostError> {
        if self.poisoned {
            return Err(HostError::Poisoned);
        }
        let exports = self.exports.clone();
        let result = self.sandbox.call(&mut self.store, |st| f(&exports, st));
        if result.is_err() {
            self.poisoned = true;
        }
        result
    }
}

fn parse<T: serde::de::DeserializeOwned>(doc: &[u8]) -> Result<T, HostError> {
    serde_json::from_slice(doc)
        .map_err(|e| HostError::Abi(format!("the result document is not valid: {e}")))
}

fn engine_error(doc: &[u8]) -> HostError {
    match parse::<EngineError>(doc) {
        Ok(e) => HostError::Engine(e),
        Err(e) => e,
    }
}
