//! # phasegate-lang
//!
//! The phasegate policy language: the pest grammar, the AST with spans, the
//! static checker, diagnostics (thiserror + miette), and the formatter.
//!
//! Data flows one way: source text → [`parse()`] → [`ast::File`] →
//! `check` → the engine's compiler.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Diagnostics are rich (spans, labels, help); they travel on the cold error path.
#![allow(clippy::result_large_err)]

pub mod ast;
pub mod check;
pub mod diag;
pub mod fmt;
pub mod model;
pub mod parse;
pub mod source;
pub mod types;
pub mod value;
mod value_de;

pub use check::{check, check_owned, Checked, RuleInfo};
pub use diag::{Code, Diagnostic, Severity};
pub use parse::{parse, parse_bytes, Parsed};
pub use source::SourceFile;
pub use value::Value;
