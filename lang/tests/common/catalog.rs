//! The agreed builtin names (see the project brief) with the signatures the
//! checker tests assume, for tests that cannot use the stdlib registry
//! (the stdlib depends on this crate).
#![allow(dead_code)]

use phasegate_lang::ast::PluginDecl;
use phasegate_lang::types::{Catalog, PluginFunction, PluginStatus, Signature, Ty};

macro_rules! sig {
    ($name:literal ( $($p:ident),* ) $req:literal -> $ret:ident) => {
        Signature { name: $name, params: &[$(Ty::$p),*], required: $req, variadic: None, ret: Ty::$ret, literal_pattern: None }
    };
    ($name:literal ( $($p:ident),* ) $req:literal -> $ret:ident, pattern $lp:literal) => {
        Signature { name: $name, params: &[$(Ty::$p),*], required: $req, variadic: None, ret: Ty::$ret, literal_pattern: Some($lp) }
    };
}

/// Signatures of the agreed builtins.
pub static AGREED: &[Signature] = &[
    sig!("lower"(String) 1 -> String),
    sig!("upper"(String) 1 -> String),
    sig!("trim"(String) 1 -> String),
    sig!("starts_with"(String, String) 2 -> Bool),
    sig!("ends_with"(String, String) 2 -> Bool),
    sig!("contains"(Any, Any) 2 -> Bool),
    sig!("split"(String, String) 2 -> List),
    sig!("join"(List, String) 2 -> String),
    sig!("replace"(String, String, String) 3 -> String),
    sig!("matches"(String, String) 2 -> Bool, pattern 1),
    sig!("find_all"(String, String) 2 -> List, pattern 1),
    sig!("glob_match"(String, String) 2 -> Bool, pattern 1),
    sig!("to_string"(Any) 1 -> String),
    sig!("to_number"(Any) 1 -> Number),
    sig!("semver_compare"(String, String) 2 -> Int),
    sig!("semver_satisfies"(String, String) 2 -> Bool),
    sig!("parse_time"(String) 1 -> Int),
    sig!("now"() 0 -> Int),
    sig!("age_days"(Any) 1 -> Float),
    sig!("duration"(String) 1 -> Int),
    sig!("count"(Any) 1 -> Int),
    sig!("sum"(List) 1 -> Number),
    sig!("min"(List) 1 -> Any),
    sig!("max"(List) 1 -> Any),
    sig!("sort"(List) 1 -> List),
    sig!("sort_by"(List, String) 2 -> List),
    sig!("unique"(List) 1 -> List),
    sig!("keys"(Object) 1 -> List),
    sig!("values"(Object) 1 -> List),
    sig!("flatten"(List) 1 -> List),
    sig!("group_by"(List, String) 2 -> Object),
    sig!("first"(List) 1 -> Any),
    sig!("last"(List) 1 -> Any),
    sig!("exists"(Any) 1 -> Bool),
    sig!("default"(Any, Any) 2 -> Any),
    sig!("get"(Any, String, Any) 2 -> Any),
    sig!("is_null"(Any) 1 -> Bool),
    sig!("is_bool"(Any) 1 -> Bool),
    sig!("is_int"(Any) 1 -> Bool),
    sig!("is_float"(Any) 1 -> Bool),
    sig!("is_number"(Any) 1 -> Bool),
    sig!("is_string"(Any) 1 -> Bool),
    sig!("is_list"(Any) 1 -> Bool),
    sig!("is_object"(Any) 1 -> Bool),
    sig!("type_of"(Any) 1 -> String),
    sig!("severity_rank"(Any) 1 -> Int),
    sig!("severity_at_least"(Any, String) 2 -> Bool),
];

/// A catalog of [`AGREED`]. Its pattern check is a stand-in for the regex
/// compiler: it rejects unbalanced parentheses and brackets.
pub struct AgreedCatalog;

impl Catalog for AgreedCatalog {
    /// Plugins for the tests: `licences.wasm` exports `classify(x)` and
    /// `spdx_ids(…)`; any other path fails to load.
    fn plugin(&self, _file: usize, _plugin: usize, decl: &PluginDecl) -> PluginStatus {
        if decl.path.value.ends_with("licences.wasm") {
            PluginStatus::Loaded(vec![
                PluginFunction {
                    name: "classify".into(),
                    arity: Some(1),
                },
                PluginFunction {
                    name: "spdx_ids".into(),
                    arity: None,
                },
            ])
        } else {
            PluginStatus::Failed {
                message: format!(
                    "cannot read `{}`: No such file or directory",
                    decl.path.value
                ),
                help: "the path is relative to the policy file; build the plugin first".into(),
            }
        }
    }
    fn signature(&self, name: &str) -> Option<&Signature> {
        AGREED.iter().find(|s| s.name == name)
    }
    fn names(&self) -> Vec<&'static str> {
        AGREED.iter().map(|s| s.name).collect()
    }
    fn validate_pattern(&self, _name: &str, pattern: &str) -> Result<(), String> {
        let mut open = Vec::new();
        for c in pattern.chars() {
            match c {
                '(' | '[' => open.push(c),
                ')' if open.pop() != Some('(') => return Err("unopened group".into()),
                ']' if open.pop() != Some('[') => return Err("unopened class".into()),
                _ => {}
            }
        }
        match open.last() {
            Some('(') => Err("regex parse error: unclosed group".into()),
            Some(_) => Err("regex parse error: unclosed character class".into()),
            None => Ok(()),
        }
    }
}
