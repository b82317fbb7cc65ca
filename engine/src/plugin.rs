//! Plugins: functions from outside the engine that policies call like
//! builtins, declared per file with `plugin licences = "licences.wasm"` and
//! called as `licences.classify(x)`.
//!
//! The engine knows plugins only through these traits, so it never links a
//! WebAssembly runtime: `phasegate-wasm-host` (feature `runtime`) implements
//! [`PluginLoader`] with wasmtime. The engine
//!
//! - resolves each declared path relative to the policy file that declares it
//!   and asks the loader for it once per distinct path, when the policy set
//!   is built (a failure is a `phasegate::check::plugin` diagnostic at the
//!   declaration);
//! - checks every call against the functions the plugin exports (names with
//!   "did you mean", arities);
//! - creates **one fresh instance per evaluation**, on the first call, so no
//!   state leaks from one input to the next, and drops an instance whose
//!   call failed (the next call of that evaluation gets a new one);
//! - turns a failed call into a run-time error of the rule, naming the plugin.

use phasegate_lang::ast::PluginDecl;
use phasegate_lang::model::FileId;
use phasegate_lang::types::{PluginFunction, PluginStatus};
use phasegate_lang::{Parsed, Value};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads plugin modules when a policy set is built.
pub trait PluginLoader: Send + Sync + fmt::Debug {
    /// Load the module a policy declared.
    fn load(&self, request: &PluginRequest<'_>) -> Result<Arc<dyn Plugin>, PluginLoadError>;
}

/// What a policy declared: `plugin <name> = "<declared>"` in `policy`.
#[derive(Clone, Debug)]
pub struct PluginRequest<'a> {
    /// The plugin's name in the policy.
    pub name: &'a str,
    /// The path as written.
    pub declared: &'a str,
    /// The path resolved against the directory of the declaring file.
    pub path: &'a Path,
    /// The name of the declaring policy file.
    pub policy: &'a str,
}

/// Why a plugin could not be loaded: reported at its declaration.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PluginLoadError {
    /// What went wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// A loaded plugin module: shared by every evaluation of a policy set.
pub trait Plugin: Send + Sync + fmt::Debug {
    /// The functions it exports.
    fn functions(&self) -> &[PluginFunction];
    /// A fresh instance for one evaluation.
    fn instantiate(&self) -> Result<Box<dyn PluginInstance>, String>;
}

/// One instance of a plugin, used by one evaluation.
pub trait PluginInstance {
    /// Call `function` with `args`. An `Err` becomes the rule's `error`
    /// result; the instance is then dropped.
    fn call(&mut self, function: &str, args: &[Value]) -> Result<Value, String>;
}

/// The plugins of a policy set: loaded modules, and what each declaration
/// resolved to.
#[derive(Clone, Debug, Default)]
pub(crate) struct PluginTable {
    /// Loaded modules with the path they were loaded from.
    pub modules: Vec<(PathBuf, Arc<dyn Plugin>)>,
    /// `(file, declaration index)` → index into `modules`, or why not.
    pub decls: HashMap<(FileId, usize), Result<usize, PluginLoadError>>,
}

impl PluginTable {
    /// Load every declared plugin of `parsed` with `loader` (each distinct
    /// path once). Without a loader every declaration fails to load.
    pub fn load(parsed: &[Parsed], loader: Option<&dyn PluginLoader>) -> PluginTable {
        let mut table = PluginTable::default();
        for (fid, p) in parsed.iter().enumerate() {
            for (i, decl) in p.file.plugins.iter().enumerate() {
                let path = resolve(&p.source.name, &decl.path.value);
                let slot = match table.modules.iter().position(|(q, _)| *q == path) {
                    Some(slot) => Ok(slot),
                    None => table.load_one(loader, decl, &path, &p.source.name),
                };
                table.decls.insert((fid, i), slot);
            }
        }
        table
    }

    fn load_one(
        &mut self,
        loader: Option<&dyn PluginLoader>,
        decl: &PluginDecl,
        path: &Path,
        policy: &str,
    ) -> Result<usize, PluginLoadError> {
        let Some(loader) = loader else {
            return Err(PluginLoadError {
                message: "this build of phasegate cannot run WebAssembly plugins".into(),
                help: "use a build with plugin support (the CLI's `plugins` cargo feature, or \
                       `PolicySetBuilder::plugins` with `phasegate_wasm_host::WasmPluginLoader`)"
                    .into(),
            });
        };
        let request = PluginRequest {
            name: &decl.name.name,
            declared: &decl.path.value,
            path,
            policy,
        };
        let plugin = loader.load(&request)?;
        self.modules.push((path.to_path_buf(), plugin));
        Ok(self.modules.len() - 1)
    }

    /// The status of a declaration, for the checker.
    pub fn status(&self, file: FileId, plugin: usize) -> PluginStatus {
        match self.decls.get(&(file, plugin)) {
            Some(Ok(slot)) => match self.modules.get(*slot) {
                Some((_, m)) => PluginStatus::Loaded(m.functions().to_vec()),
                None => PluginStatus::NotChecked,
            },
            Some(Err(e)) => PluginStatus::Failed {
                message: e.message.clone(),
                help: e.help.clone(),
            },
            None => PluginStatus::NotChecked,
        }
    }

    /// The module a declaration resolved to.
    pub fn slot(&self, file: FileId, plugin: usize) -> Option<usize> {
        self.decls
            .get(&(file, plugin))
            .and_then(|r| r.as_ref().ok().copied())
    }
}

/// `declared` relative to the directory of the policy file named `policy`
/// (absolute paths stay as they are).
fn resolve(policy: &str, declared: &str) -> PathBuf {
    let declared = Path::new(declared);
    if declared.is_absolute() {
        return declared.to_path_buf();
    }
    match Path::new(policy).parent() {
        Some(dir) => dir.join(declared),
        None => declared.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use std::path::Path;

    #[test]
    fn paths_resolve_against_the_declaring_file() {
        assert_eq!(
            resolve("policies/code.gate", "plugins/l.wasm"),
            Path::new("policies/plugins/l.wasm")
        );
        assert_eq!(resolve("code.gate", "l.wasm"), Path::new("l.wasm"));
        assert_eq!(
            resolve("policies/code.gate", "/opt/l.wasm"),
            Path::new("/opt/l.wasm")
        );
    }
}
