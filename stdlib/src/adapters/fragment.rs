//! What one file contributes to the evidence document, before merging.

use indexmap::IndexMap;
use phasegate_lang::Value;

/// The top-level keys holding lists, in the order they appear in the document.
pub(crate) const LIST_KEYS: &[&str] = &[
    "findings",
    "secrets",
    "vulnerabilities",
    "vex",
    "components",
    "reviews",
    "checks",
    "deployment_statuses",
    "deployment_reviews",
    "alerts",
    "workflows",
    "dependency_updates",
    "manifests",
];

/// The top-level keys holding one object.
pub(crate) const SINGLE_KEYS: &[&str] = &[
    "pull_request",
    "deployment",
    "release",
    "push",
    "quality_gate",
    "scorecard",
];

/// The normalised items of one file, by top-level key. A list key present
/// with no items means "this kind of evidence was given and is empty".
#[derive(Default, Debug)]
pub(crate) struct Fragment {
    pub(crate) lists: IndexMap<&'static str, Vec<Value>>,
    pub(crate) singles: IndexMap<&'static str, Value>,
}

impl Fragment {
    /// Mark a list key as present (possibly empty) and get its items.
    pub(crate) fn list(&mut self, key: &'static str) -> &mut Vec<Value> {
        debug_assert!(LIST_KEYS.contains(&key), "{key}");
        self.lists.entry(key).or_default()
    }

    /// Add an item to a list key.
    pub(crate) fn push(&mut self, key: &'static str, item: Value) {
        self.list(key).push(item);
    }

    /// Set a single-object key.
    pub(crate) fn single(&mut self, key: &'static str, value: Value) {
        debug_assert!(SINGLE_KEYS.contains(&key), "{key}");
        self.singles.insert(key, value);
    }
}
