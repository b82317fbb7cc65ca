//! Reading parts of a parsed file in tests.

use phasegate_lang::ast::{File, Item, RuleStmt, Template};

/// The message of the first `require … else "…"` of the file's rules.
// Not every test crate that includes `common` reads messages.
#[allow(dead_code)]
pub fn first_require_message(file: &File) -> Option<&Template> {
    file.items
        .iter()
        .filter_map(|i| match i {
            Item::Rule(r) => Some(r),
            _ => None,
        })
        .flat_map(|r| r.body.iter())
        .find_map(|s| match s {
            RuleStmt::Require(c) => c.message.as_ref(),
            _ => None,
        })
}
