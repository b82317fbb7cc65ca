//! WebAssembly plugins for the native engine: [`WasmPluginLoader`]
//! implements `phasegate_engine::plugin::PluginLoader`, so policies can
//! declare `plugin licences = "licences.wasm"` and call its functions.
//!
//! Each plugin module is compiled once per policy set, must import nothing,
//! and is instantiated afresh for every evaluation; every call runs under the
//! loader's [`HostLimits`] (fuel and deadline per call, memory cap per
//! instance). The plugin ABI is in docs/wasm.md ("Plugins").

use crate::error::HostError;
use crate::guest::{export, GuestIo};
use crate::limits::HostLimits;
use crate::sandbox::{Guest, Sandbox};
use phasegate_engine::plugin::{
    Plugin, PluginInstance, PluginLoadError, PluginLoader, PluginRequest,
};
use phasegate_engine::Value;
use phasegate_lang::types::PluginFunction;
use serde::Deserialize;
use std::fmt;
use std::io::Read;
use std::sync::Arc;
use wasmtime::{Module, Store, TypedFunc};

/// The plugin ABI version this host speaks (`pg_plugin_abi_version`).
pub const PLUGIN_ABI_VERSION: u32 = 1;

/// Largest plugin module file read (bytes).
pub const MAX_PLUGIN_BYTES: u64 = 64 << 20;

/// Most functions a plugin may export.
const MAX_FUNCTIONS: usize = 1000;

/// Loads WebAssembly plugin modules from files, in one [`Sandbox`].
#[derive(Clone, Debug)]
pub struct WasmPluginLoader {
    sandbox: Sandbox,
    limits: HostLimits,
}

impl WasmPluginLoader {
    /// A loader with its own sandbox; plugin calls run under `limits`.
    pub fn new(limits: HostLimits) -> Result<WasmPluginLoader, HostError> {
        Ok(WasmPluginLoader::with_sandbox(&Sandbox::new()?, limits))
    }

    /// A loader sharing `sandbox` (its engine and deadline clock).
    pub fn with_sandbox(sandbox: &Sandbox, limits: HostLimits) -> WasmPluginLoader {
        WasmPluginLoader {
            sandbox: sandbox.clone(),
            limits,
        }
    }

    /// Compile plugin `name` from its bytes, check its ABI version and read
    /// its manifest.
    pub fn load_bytes(&self, name: &str, wasm: &[u8]) -> Result<WasmPlugin, HostError> {
        let module = self.sandbox.compile(&format!("plugin `{name}`"), wasm)?;
        let mut plugin = WasmPlugin {
            name: name.to_string(),
            sandbox: self.sandbox.clone(),
            module,
            limits: self.limits,
            functions: Vec::new(),
        };
        let mut probe = plugin.start()?;
        let version = probe.guarded(|x, st| x.version.call(st, ()))?;
        if version != PLUGIN_ABI_VERSION {
            return Err(HostError::Abi(format!(
                "the plugin speaks plugin ABI version {version}, this host version {PLUGIN_ABI_VERSION}"
            )));
        }
        let a = probe.guarded(|x, st| {
            let status = x.manifest.call(&mut *st, ())?;
            x.io.answer(st, status)
        })?;
        if a.status != 0 {
            return Err(HostError::Abi(format!(
                "pg_plugin_manifest failed: {}",
                String::from_utf8_lossy(&a.doc)
            )));
        }
        plugin.functions = manifest(&a.doc)?;
        Ok(plugin)
    }
}

impl PluginLoader for WasmPluginLoader {
    fn load(&self, request: &PluginRequest<'_>) -> Result<Arc<dyn Plugin>, PluginLoadError> {
        let path = request.path;
        let bytes = read_limited(path).map_err(|message| PluginLoadError {
            message,
            help: format!(
                "the path is resolved against the directory of {}; build the plugin first",
                request.policy
            ),
        })?;
        let plugin = self
            .load_bytes(request.name, &bytes)
            .map_err(|e| PluginLoadError {
                message: format!("{}: {e}", path.display()),
                help: "a plugin imports nothing and exports the functions of the plugin ABI \
                       (docs/wasm.md, \"Plugins\")"
                    .into(),
            })?;
        Ok(Arc::new(plugin))
    }
}

/// Read at most [`MAX_PLUGIN_BYTES`] of a file.
fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_PLUGIN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_PLUGIN_BYTES {
        return Err(format!(
            "{} is larger than {MAX_PLUGIN_BYTES} bytes",
            path.display()
        ));
    }
    Ok(bytes)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    functions: Vec<ManifestFunction>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFunction {
    name: String,
    #[serde(default)]
    arity: Option<usize>,
}

/// Parse and validate the manifest document.
fn manifest(doc: &[u8]) -> Result<Vec<PluginFunction>, HostError> {
    let m: Manifest = serde_json::from_slice(doc)
        .map_err(|e| HostError::Abi(format!("the manifest is not valid: {e}")))?;
    if m.functions.len() > MAX_FUNCTIONS {
        return Err(HostError::Abi(format!(
            "the manifest lists more than {MAX_FUNCTIONS} functions"
        )));
    }
    let mut out: Vec<PluginFunction> = Vec::with_capacity(m.functions.len());
    for f in m.functions {
        let ok = f
            .name
            .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && f.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            return Err(HostError::Abi(format!(
                "the manifest names a function `{}`; names are identifiers ([A-Za-z_][A-Za-z0-9_]*)",
                f.name
            )));
        }
        if out.iter().any(|p| p.name == f.name) {
            return Err(HostError::Abi(format!(
                "the manifest lists `{}` twice",
                f.name
            )));
        }
        out.push(PluginFunction {
            name: f.name,
            arity: f.arity,
        });
    }
    Ok(out)
}

/// A loaded plugin module.
#[derive(Clone)]
pub struct WasmPlugin {
    name: String,
    sandbox: Sandbox,
    module: Module,
    limits: HostLimits,
    functions: Vec<PluginFunction>,
}

impl fmt::Debug for WasmPlugin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WasmPlugin")
            .field("name", &self.name)
            .field("functions", &self.functions)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl WasmPlugin {
    /// A fresh instance with its exports.
    fn start(&self) -> Result<WasmPluginInstance, HostError> {
        let mut store = self.sandbox.store(self.limits);
        let instance = self.sandbox.instantiate(&mut store, &self.module)?;
        let exports = PluginExports {
            io: GuestIo::new(&instance, &mut store)?,
            version: export(&instance, &mut store, "pg_plugin_abi_version")?,
            manifest: export(&instance, &mut store, "pg_plugin_manifest")?,
            call: export(&instance, &mut store, "pg_plugin_call")?,
        };
        Ok(WasmPluginInstance {
            sandbox: self.sandbox.clone(),
            store,
            exports,
        })
    }

    /// Call `function` once in a fresh instance (for tests and tools).
    pub fn call_once(&self, function: &str, args: &[Value]) -> Result<Value, HostError> {
        self.start()?.invoke(function, args)
    }
}

impl Plugin for WasmPlugin {
    fn functions(&self) -> &[PluginFunction] {
        &self.functions
    }

    fn instantiate(&self) -> Result<Box<dyn PluginInstance>, String> {
        match self.start() {
            Ok(i) => Ok(Box::new(i)),
            Err(e) => Err(e.to_string()),
        }
    }
}

#[derive(Clone)]
struct PluginExports {
    io: GuestIo,
    version: TypedFunc<(), u32>,
    manifest: TypedFunc<(), u32>,
    call: TypedFunc<(u32, u32, u32, u32), u32>,
}

/// One instance of a plugin (one evaluation's).
struct WasmPluginInstance {
    sandbox: Sandbox,
    store: Store<Guest>,
    exports: PluginExports,
}

impl WasmPluginInstance {
    fn guarded<R>(
        &mut self,
        f: impl FnOnce(&PluginExports, &mut Store<Guest>) -> wasmtime::Result<R>,
    ) -> Result<R, HostError> {
        let exports = self.exports.clone();
        self.sandbox.call(&mut self.store, |st| f(&exports, st))
    }

    fn invoke(&mut self, function: &str, args: &[Value]) -> Result<Value, HostError> {
        let json = serde_json::to_vec(args)
            .map_err(|e| HostError::Abi(format!("cannot encode the arguments: {e}")))?;
        let a = self.guarded(|x, st| {
            let name = x.io.put(st, function.as_bytes())?;
            let input = x.io.put(st, &json)?;
            let status = x.call.call(&mut *st, (name.0, name.1, input.0, input.1))?;
            x.io.release(st, name)?;
            x.io.release(st, input)?;
            x.io.answer(st, status)
        })?;
        match a.status {
            0 => serde_json::from_slice(&a.doc)
                .map_err(|e| HostError::Abi(format!("the result is not valid JSON: {e}"))),
            1 => Err(HostError::Plugin(
                String::from_utf8_lossy(&a.doc).into_owned(),
            )),
            s => Err(HostError::Abi(format!(
                "pg_plugin_call returned status {s} (0 = ok, 1 = error)"
            ))),
        }
    }
}

impl PluginInstance for WasmPluginInstance {
    fn call(&mut self, function: &str, args: &[Value]) -> Result<Value, String> {
        self.invoke(function, args).map_err(|e| e.to_string())
    }
}
