//! Static types used by the checker, and the catalog of builtin function signatures.

use serde::Serialize;
use std::fmt;

/// What the checker knows about an expression's type without any input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ty {
    /// Unknown until run time (input data, `any` params).
    Any,
    /// `null`
    Null,
    /// bool
    Bool,
    /// int
    Int,
    /// float
    Float,
    /// int or float
    Number,
    /// string
    String,
    /// list
    List,
    /// object
    Object,
}

impl Ty {
    /// `true` when a value of type `self` may be used where `want` is expected.
    /// `Any` on either side is always accepted: the check happens at run time.
    pub fn fits(self, want: Ty) -> bool {
        match (self, want) {
            (Ty::Any, _) | (_, Ty::Any) => true,
            (Ty::Int | Ty::Float | Ty::Number, Ty::Number) => true,
            (Ty::Number, Ty::Int | Ty::Float) => true,
            (a, b) => a == b,
        }
    }

    /// `true` for int, float and number.
    pub fn is_numeric(self) -> bool {
        matches!(self, Ty::Int | Ty::Float | Ty::Number)
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Ty::Any => "any",
            Ty::Null => "null",
            Ty::Bool => "bool",
            Ty::Int => "int",
            Ty::Float => "float",
            Ty::Number => "number",
            Ty::String => "string",
            Ty::List => "list",
            Ty::Object => "object",
        })
    }
}

impl From<&crate::ast::TypeExpr> for Ty {
    fn from(t: &crate::ast::TypeExpr) -> Ty {
        use crate::ast::TypeExpr as T;
        match t {
            T::Any => Ty::Any,
            T::Bool => Ty::Bool,
            T::Int => Ty::Int,
            T::Float => Ty::Float,
            T::Number => Ty::Number,
            T::String => Ty::String,
            T::List(_) => Ty::List,
            T::Object => Ty::Object,
        }
    }
}

/// The signature of a builtin function, as the checker sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// Function name.
    pub name: &'static str,
    /// Types of the required then optional parameters.
    pub params: &'static [Ty],
    /// How many of `params` are required.
    pub required: usize,
    /// Type of extra arguments, for variadic functions.
    pub variadic: Option<Ty>,
    /// Result type.
    pub ret: Ty,
    /// Index of an argument that must be a literal pattern compiled ahead of
    /// time (regex or glob), if any.
    pub literal_pattern: Option<usize>,
}

impl Signature {
    /// `true` when `n` arguments are acceptable.
    pub fn accepts_arity(&self, n: usize) -> bool {
        n >= self.required && (self.variadic.is_some() || n <= self.params.len())
    }

    /// Human description of the accepted arity: `2`, `1 to 2`, `at least 1`.
    pub fn arity_text(&self) -> String {
        if self.variadic.is_some() {
            format!("at least {}", self.required)
        } else if self.required == self.params.len() {
            format!("{}", self.required)
        } else {
            format!("{} to {}", self.required, self.params.len())
        }
    }

    /// The expected type of argument `i`.
    pub fn param_ty(&self, i: usize) -> Ty {
        self.params
            .get(i)
            .copied()
            .or(self.variadic)
            .unwrap_or(Ty::Any)
    }
}

/// The builtin functions the checker may resolve calls against.
pub trait Catalog: Send + Sync {
    /// The signature of a builtin, if it exists.
    fn signature(&self, name: &str) -> Option<&Signature>;
    /// All builtin names (for "did you mean" suggestions).
    fn names(&self) -> Vec<&'static str>;
    /// Check that `pattern`, the literal pattern argument of builtin `name`
    /// (see [`Signature::literal_pattern`]), compiles; the error explains why
    /// not. The default accepts every pattern.
    fn validate_pattern(&self, name: &str, pattern: &str) -> Result<(), String> {
        let _ = (name, pattern);
        Ok(())
    }
    /// What is known of `decl`, the plugin declared at index `plugin` of
    /// `File::plugins` of file `file`. The default, [`PluginStatus::NotChecked`],
    /// suits tools that do not load plugins (`phasegate lint`): declarations
    /// and calls of plugins are then not checked against the module.
    fn plugin(&self, file: usize, plugin: usize, decl: &crate::ast::PluginDecl) -> PluginStatus {
        let _ = (file, plugin, decl);
        PluginStatus::NotChecked
    }
}

/// What a [`Catalog`] knows of a declared plugin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PluginStatus {
    /// Not loaded by this catalog: calls are not checked.
    NotChecked,
    /// Loaded: the functions it exports.
    Loaded(Vec<PluginFunction>),
    /// Loading failed (a missing file, an invalid module, no plugin support
    /// in this build): the checker reports it at the declaration.
    Failed {
        /// What went wrong.
        message: String,
        /// How to fix it.
        help: String,
    },
}

/// A function a WebAssembly plugin exports, as its manifest declares it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PluginFunction {
    /// The name policies call it by.
    pub name: String,
    /// How many arguments it takes (`None`: any number).
    pub arity: Option<usize>,
}

/// A catalog with no builtins.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoBuiltins;

impl Catalog for NoBuiltins {
    fn signature(&self, _: &str) -> Option<&Signature> {
        None
    }
    fn names(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

/// A catalog over a static slice of signatures.
#[derive(Debug, Clone, Copy)]
pub struct StaticCatalog(pub &'static [Signature]);

impl Catalog for StaticCatalog {
    fn signature(&self, name: &str) -> Option<&Signature> {
        self.0.iter().find(|s| s.name == name)
    }
    fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|s| s.name).collect()
    }
}
