//! Where the compiler finds builtin functions: the standard library by
//! default, or any other [`Builtins`] (e.g. with extra functions).

use phasegate_lang::types::{Catalog, Signature};
use phasegate_stdlib::builtins::BuiltinFn;
use phasegate_stdlib::{Builtin, Pattern};
use std::fmt;
use std::sync::Arc;

/// A set of builtin functions the compiler resolves calls against.
pub trait Builtins: Send + Sync + fmt::Debug {
    /// The builtin called `name`, if any.
    fn get(&self, name: &str) -> Option<&Builtin>;
    /// All builtin names (for suggestions).
    fn names(&self) -> Vec<&'static str>;
    /// Compile a literal pattern argument of builtin `name` (regex or glob).
    fn prepare_pattern(&self, name: &str, pattern: &str) -> Result<Pattern, String>;
}

/// The standard library: `phasegate_stdlib::registry()`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Standard;

impl Builtins for Standard {
    fn get(&self, name: &str) -> Option<&Builtin> {
        phasegate_stdlib::registry().get(name)
    }
    fn names(&self) -> Vec<&'static str> {
        Catalog::names(phasegate_stdlib::registry())
    }
    fn prepare_pattern(&self, name: &str, pattern: &str) -> Result<Pattern, String> {
        phasegate_stdlib::registry().prepare_pattern(name, pattern)
    }
}

/// A base set of builtins plus extra ones (which shadow the base's).
#[derive(Clone, Debug)]
pub struct Extended {
    base: Arc<dyn Builtins>,
    extra: Vec<Builtin>,
}

impl Extended {
    /// The standard library plus nothing yet.
    pub fn standard() -> Extended {
        Extended {
            base: Arc::new(Standard),
            extra: Vec::new(),
        }
    }

    /// Add a builtin.
    pub fn with(mut self, builtin: Builtin) -> Extended {
        self.extra.push(builtin);
        self
    }

    /// Add a builtin from its parts (convenience for embedders and tests).
    pub fn with_fn(self, sig: Signature, func: BuiltinFn) -> Extended {
        self.with(Builtin {
            sig,
            doc: "",
            example: "",
            param_names: &[],
            func,
        })
    }
}

impl Builtins for Extended {
    fn get(&self, name: &str) -> Option<&Builtin> {
        self.extra
            .iter()
            .find(|b| b.sig.name == name)
            .or_else(|| self.base.get(name))
    }
    fn names(&self) -> Vec<&'static str> {
        let mut n = self.base.names();
        n.extend(self.extra.iter().map(|b| b.sig.name));
        n
    }
    fn prepare_pattern(&self, name: &str, pattern: &str) -> Result<Pattern, String> {
        self.base.prepare_pattern(name, pattern)
    }
}

/// The checker's catalog while compiling: builtins plus the plugins loaded
/// for the policy set.
pub(crate) struct WithPlugins<'a> {
    pub builtins: &'a dyn Builtins,
    pub plugins: &'a crate::plugin::PluginTable,
}

impl Catalog for WithPlugins<'_> {
    fn signature(&self, name: &str) -> Option<&Signature> {
        self.builtins.get(name).map(|b| &b.sig)
    }
    fn names(&self) -> Vec<&'static str> {
        self.builtins.names()
    }
    fn validate_pattern(&self, name: &str, pattern: &str) -> Result<(), String> {
        self.builtins.prepare_pattern(name, pattern).map(|_| ())
    }
    fn plugin(
        &self,
        file: usize,
        plugin: usize,
        _decl: &phasegate_lang::ast::PluginDecl,
    ) -> phasegate_lang::types::PluginStatus {
        self.plugins.status(file, plugin)
    }
}

/// Adapter so a [`Builtins`] can be used where a [`Catalog`] is expected.
pub(crate) struct AsCatalog<'a>(pub &'a dyn Builtins);

impl Catalog for AsCatalog<'_> {
    fn signature(&self, name: &str) -> Option<&Signature> {
        self.0.get(name).map(|b| &b.sig)
    }
    fn names(&self) -> Vec<&'static str> {
        self.0.names()
    }
    fn validate_pattern(&self, name: &str, pattern: &str) -> Result<(), String> {
        self.0.prepare_pattern(name, pattern).map(|_| ())
    }
}
