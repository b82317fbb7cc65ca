//! The pest parser generated from `grammar.pest`.
#![allow(missing_docs)]

#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
pub(crate) struct GateParser;
