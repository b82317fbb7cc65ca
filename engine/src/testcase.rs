//! `test` blocks of the policies, compiled to constants for `phasegate test`.

use crate::decision::{Location, Status};
use indexmap::IndexMap;
use phasegate_lang::Value;
use serde::Serialize;

/// One `test "name" { … }` block.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TestCase {
    /// The test's name.
    pub name: String,
    /// Where it is written.
    pub location: Location,
    /// The input document (`null` when the test gives none).
    pub input: Value,
    /// Param overrides for this test (merged over the policy set's own).
    pub params: IndexMap<String, Value>,
    /// The context (`null` when the test gives none).
    pub context: Value,
    /// What the test expects.
    pub expects: Vec<Expectation>,
}

/// `expect rule.id status [with "text"]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Expectation {
    /// Rule id.
    pub rule: String,
    /// Expected status.
    pub status: Status,
    /// A substring one of the rule's messages must contain.
    pub message: Option<String>,
    /// Where it is written.
    pub location: Location,
}
