//! The builtin function registry.
//!
//! Each builtin has a [`Signature`] (checked before anything runs), a doc
//! string with an example, and an implementation over [`Value`]s.

use phasegate_lang::types::{Catalog, Signature};
use phasegate_lang::Value;
use std::sync::OnceLock;

/// A pattern argument compiled once, at policy compile time.
#[derive(Clone, Debug)]
pub enum Pattern {
    /// A regular expression (`regex` crate: linear time).
    Regex(regex::Regex),
    /// A glob.
    Glob(globset::GlobMatcher),
}

/// What a builtin may use besides its arguments. Builtins do no I/O and read
/// no clock: "now" comes from the caller.
#[derive(Clone, Copy, Debug)]
pub struct CallCtx<'a> {
    /// The caller's notion of now, if given.
    pub now: Option<time::OffsetDateTime>,
    /// Largest string, list or object a builtin may build (bytes or items).
    pub max_size: usize,
    /// The literal pattern argument, compiled ahead of time.
    pub pattern: Option<&'a Pattern>,
}

impl CallCtx<'_> {
    /// A context with no clock and a generous size limit (for tests and tools).
    pub fn basic() -> CallCtx<'static> {
        CallCtx {
            now: None,
            max_size: 16 * 1024 * 1024,
            pattern: None,
        }
    }
}

/// A builtin failed on its arguments (wrong run-time type, bad pattern, size limit…).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct BuiltinError {
    /// What went wrong, phrased for the policy author.
    pub message: String,
}

impl BuiltinError {
    /// A new error.
    pub fn new(message: impl Into<String>) -> Self {
        BuiltinError {
            message: message.into(),
        }
    }
}

/// The implementation of a builtin.
pub type BuiltinFn = fn(&[Value], &CallCtx<'_>) -> Result<Value, BuiltinError>;

/// One builtin function.
#[derive(Clone, Debug)]
pub struct Builtin {
    /// Name, arity and types.
    pub sig: Signature,
    /// One-line description.
    pub doc: &'static str,
    /// An example call and its result, e.g. `lower("ABC") == "abc"`.
    pub example: &'static str,
    /// The implementation.
    pub func: BuiltinFn,
}

/// All builtins, looked up by name.
#[derive(Debug)]
pub struct Registry {
    builtins: Vec<Builtin>,
    sigs: Vec<Signature>,
}

impl Registry {
    /// A builtin by name.
    pub fn get(&self, name: &str) -> Option<&Builtin> {
        self.builtins.iter().find(|b| b.sig.name == name)
    }

    /// All builtins, in documentation order.
    pub fn all(&self) -> &[Builtin] {
        &self.builtins
    }

    /// Compile a literal pattern argument of builtin `name` ahead of time.
    pub fn prepare_pattern(&self, name: &str, pattern: &str) -> Result<Pattern, String> {
        let _ = name;
        regex::RegexBuilder::new(pattern)
            .size_limit(1 << 20)
            .build()
            .map(Pattern::Regex)
            .map_err(|e| e.to_string())
    }
}

impl Catalog for Registry {
    fn signature(&self, name: &str) -> Option<&Signature> {
        self.sigs.iter().find(|s| s.name == name)
    }
    fn names(&self) -> Vec<&'static str> {
        self.sigs.iter().map(|s| s.name).collect()
    }
    fn validate_pattern(&self, name: &str, pattern: &str) -> Result<(), String> {
        self.prepare_pattern(name, pattern).map(|_| ())
    }
}

/// The registry of all builtins (built once).
pub fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        let builtins = all_builtins();
        let sigs = builtins.iter().map(|b| b.sig.clone()).collect();
        Registry { builtins, sigs }
    })
}

fn all_builtins() -> Vec<Builtin> {
    use phasegate_lang::types::Ty;
    vec![Builtin {
        sig: Signature {
            name: "count",
            params: &[Ty::Any],
            required: 1,
            variadic: None,
            ret: Ty::Int,
            literal_pattern: None,
        },
        doc: "Number of items in a list, entries in an object, or characters in a string.",
        example: "count([1, 2, 3]) == 3",
        func: |args, _| match args.first() {
            Some(Value::Array(a)) => Ok(Value::Int(a.len() as i64)),
            Some(Value::Object(o)) => Ok(Value::Int(o.len() as i64)),
            Some(Value::Str(s)) => Ok(Value::Int(s.chars().count() as i64)),
            Some(other) => Err(BuiltinError::new(format!(
                "count() needs a list, object or string, got {}",
                other.kind()
            ))),
            None => Err(BuiltinError::new("count() needs one argument")),
        },
    }]
}
