//! The builtin function registry.
//!
//! Each builtin has a [`Signature`] (checked before anything runs), a doc
//! string with an example, and an implementation over [`Value`]s. The
//! builtins live in one file per family (strings, patterns, semver, time,
//! collections, types, security); `docs/stdlib.md` documents every one.

mod args;
mod collections;
mod hash;
mod path;
mod regex;
mod security;
mod semver;
mod strings;
mod time;
mod types;

use phasegate_lang::types::{Catalog, Signature, Ty};
use phasegate_lang::Value;
use std::sync::OnceLock;

pub use self::regex::{compile_glob, compile_regex, REGEX_DFA_SIZE_LIMIT, REGEX_SIZE_LIMIT};

/// A pattern argument compiled once, at policy compile time.
#[derive(Clone, Debug)]
pub enum Pattern {
    /// A regular expression (`regex` crate: linear time).
    Regex(::regex::Regex),
    /// A glob.
    Glob(globset::GlobMatcher),
}

/// What a builtin may use besides its arguments. Builtins do no I/O and read
/// no clock: "now" comes from the caller.
#[derive(Clone, Copy, Debug)]
pub struct CallCtx<'a> {
    /// The caller's notion of now, if given.
    pub now: Option<::time::OffsetDateTime>,
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

/// The implementation of a builtin. Arguments are borrowed: the evaluator
/// passes a constant argument (a literal, a param) without taking a
/// reference count on the compiled set's copy.
pub type BuiltinFn = fn(&[&Value], &CallCtx<'_>) -> Result<Value, BuiltinError>;

/// One builtin function.
#[derive(Clone, Debug)]
pub struct Builtin {
    /// Name, arity and types.
    pub sig: Signature,
    /// Names of the parameters, in the order of `sig.params`.
    pub param_names: &'static [&'static str],
    /// One-line description.
    pub doc: &'static str,
    /// An example call and its result, e.g. `lower("ABC") == "abc"`.
    pub example: &'static str,
    /// The implementation.
    pub func: BuiltinFn,
}

impl Builtin {
    /// A builtin whose parameters are all required and take no literal pattern.
    /// `names` and `params` must have the same length.
    pub(crate) fn new(
        name: &'static str,
        names: &'static [&'static str],
        params: &'static [Ty],
        ret: Ty,
        func: BuiltinFn,
    ) -> Builtin {
        Builtin {
            sig: Signature {
                name,
                params,
                required: params.len(),
                variadic: None,
                ret,
                literal_pattern: None,
            },
            param_names: names,
            doc: "",
            example: "",
            func,
        }
    }

    /// Set the one-line description and the example.
    pub(crate) fn doc(mut self, doc: &'static str, example: &'static str) -> Builtin {
        self.doc = doc;
        self.example = example;
        self
    }

    /// Only the first `n` parameters are required.
    pub(crate) fn required(mut self, n: usize) -> Builtin {
        self.sig.required = n;
        self
    }

    /// Argument `i` is a pattern that must be a literal.
    pub(crate) fn pattern_arg(mut self, i: usize) -> Builtin {
        self.sig.literal_pattern = Some(i);
        self
    }

    /// The signature as documented: `get(x: any, path: string, default?: any) -> any`.
    pub fn signature_text(&self) -> String {
        let params: Vec<String> = self
            .sig
            .params
            .iter()
            .enumerate()
            .map(|(i, ty)| {
                let name = self.param_names.get(i).copied().unwrap_or("arg");
                let opt = if i >= self.sig.required { "?" } else { "" };
                format!("{name}{opt}: {ty}")
            })
            .collect();
        format!(
            "{}({}) -> {}",
            self.sig.name,
            params.join(", "),
            self.sig.ret
        )
    }
}

/// All builtins, looked up by name.
#[derive(Debug)]
pub struct Registry {
    builtins: Vec<Builtin>,
    sigs: Vec<Signature>,
    /// Position of each builtin by name (the checker and the compiler look
    /// one up for every call they see).
    index: foldhash::HashMap<&'static str, usize>,
}

impl Registry {
    /// A builtin by name.
    pub fn get(&self, name: &str) -> Option<&Builtin> {
        self.index.get(name).and_then(|&i| self.builtins.get(i))
    }

    /// All builtins, in documentation order.
    pub fn all(&self) -> &[Builtin] {
        &self.builtins
    }

    /// Compile a literal pattern argument of builtin `name` ahead of time:
    /// a glob for `glob_match`, a regular expression for the others. The
    /// limits are the ones used when a pattern is compiled at run time.
    pub fn prepare_pattern(&self, name: &str, pattern: &str) -> Result<Pattern, String> {
        if name == "glob_match" {
            compile_glob(pattern).map(Pattern::Glob)
        } else {
            compile_regex(pattern).map(Pattern::Regex)
        }
    }
}

impl Catalog for Registry {
    fn signature(&self, name: &str) -> Option<&Signature> {
        self.index.get(name).and_then(|&i| self.sigs.get(i))
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
        let mut index = foldhash::HashMap::default();
        for (i, b) in builtins.iter().enumerate() {
            // The first of two builtins of one name wins, as a search would.
            index.entry(b.sig.name).or_insert(i);
        }
        Registry {
            builtins,
            sigs,
            index,
        }
    })
}

/// Every family's builtins, in documentation order.
fn all_builtins() -> Vec<Builtin> {
    let mut all = strings::builtins();
    all.extend(regex::builtins());
    all.extend(semver::builtins());
    all.extend(time::builtins());
    all.extend(collections::builtins());
    all.extend(types::builtins());
    all.extend(security::builtins());
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_signatures_consistent() {
        let all = registry().all();
        for (i, b) in all.iter().enumerate() {
            assert!(
                all[i + 1..].iter().all(|o| o.sig.name != b.sig.name),
                "duplicate builtin {}",
                b.sig.name
            );
            assert_eq!(b.param_names.len(), b.sig.params.len(), "{}", b.sig.name);
            assert!(b.sig.required <= b.sig.params.len(), "{}", b.sig.name);
            assert!(!b.doc.is_empty() && !b.example.is_empty(), "{}", b.sig.name);
            assert!(
                b.example.contains(&format!("{}(", b.sig.name)),
                "example of {} does not call it",
                b.sig.name
            );
            assert_eq!(registry().signature(b.sig.name), Some(&b.sig));
        }
        assert_eq!(registry().names().len(), all.len());
    }

    #[test]
    fn pattern_builtins_are_exactly_the_three() {
        let mut with: Vec<_> = registry()
            .all()
            .iter()
            .filter(|b| b.sig.literal_pattern.is_some())
            .map(|b| (b.sig.name, b.sig.literal_pattern))
            .collect();
        with.sort();
        assert_eq!(
            with,
            vec![
                ("find_all", Some(1)),
                ("glob_match", Some(1)),
                ("matches", Some(1))
            ]
        );
    }

    #[test]
    fn prepare_pattern_builds_the_right_kind() {
        let r = registry();
        assert!(matches!(
            r.prepare_pattern("glob_match", "src/**/*.rs"),
            Ok(Pattern::Glob(_))
        ));
        assert!(matches!(
            r.prepare_pattern("matches", "^a+$"),
            Ok(Pattern::Regex(_))
        ));
        assert!(matches!(
            r.prepare_pattern("find_all", "[0-9]+"),
            Ok(Pattern::Regex(_))
        ));
        let err = r.prepare_pattern("matches", "(unclosed").unwrap_err();
        assert!(err.contains("invalid regular expression"), "{err}");
        let err = r.prepare_pattern("glob_match", "a[").unwrap_err();
        assert!(err.contains("invalid glob"), "{err}");
    }

    #[test]
    fn signature_text_marks_optional_params() {
        let get = registry().get("get").map(Builtin::signature_text);
        assert_eq!(
            get.as_deref(),
            Some("get(x: any, path: string, default?: any) -> any")
        );
        let now = registry().get("now").map(Builtin::signature_text);
        assert_eq!(now.as_deref(), Some("now() -> int"));
    }
}
