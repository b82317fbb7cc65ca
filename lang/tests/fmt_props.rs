//! Property tests of the formatter on generated input:
//!
//! * random syntax trees, printed with `format_file`: the text parses back
//!   to the same tree (ignoring the parentheses the printer had to add),
//!   and formatting that text is a fixed point;
//! * random token soups with random spacing, line breaks and comments
//!   between the tokens: when they parse, the output is idempotent, parses
//!   to the same tree (parentheses included: none may be added or lost) and
//!   keeps every comment.

mod fmt_gen;
mod fmt_support;

use fmt_gen::file_strategy;
use fmt_gen::soup::soup_file_strategy;
use fmt_support::{check_properties, tree, tree_without_parens};
use phasegate_lang::fmt::{format, format_file};
use phasegate_lang::{parse, SourceFile};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn printed_trees_parse_back_to_the_same_tree(file in file_strategy()) {
        let text = format_file(&file);
        let parsed = parse(&SourceFile::new("gen.gate", text.as_str()));
        prop_assert!(parsed.is_ok(), "does not parse: {:?}\n{}", parsed.diagnostics, text);
        prop_assert_eq!(
            tree_without_parens(&parsed.file),
            tree(&file),
            "tree changed:\n{}",
            text
        );
        let again = format(&parsed);
        prop_assert_eq!(again.as_deref().ok(), Some(text.as_str()), "{:?}", again);
    }

    #[test]
    fn token_soups_with_comments_keep_their_meaning(text in soup_file_strategy()) {
        if let Err(e) = check_properties("soup.gate", &text) {
            prop_assert!(false, "{}", e);
        }
    }
}

#[test]
fn the_soup_generator_mostly_produces_files_that_parse() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = soup_file_strategy();
    let mut ok = 0;
    for _ in 0..100 {
        let text = strategy
            .new_tree(&mut runner)
            .expect("strategy produces values")
            .current();
        if parse(&SourceFile::new("s", text.as_str())).is_ok() {
            ok += 1;
        }
    }
    // Otherwise the property above would test little.
    assert!(ok >= 30, "only {ok} of 100 generated files parse");
}
