//! Snapshots of the formatted output of the messy inputs in `tests/fmt/`.
//! Each input is also checked for the formatter's properties (idempotence,
//! same syntax tree, every comment kept).

mod fmt_support;

use fmt_support::{check_properties, gate_files_under};
use std::path::Path;

fn formatted(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fmt")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("test input exists");
    match check_properties(name, &text) {
        Ok(Some(out)) => out,
        Ok(None) => panic!("{name} has syntax errors"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn messy_file_with_comments_everywhere() {
    insta::assert_snapshot!("messy", formatted("messy.gate"));
}

#[test]
fn long_statements_break_at_logic_operators_and_elements() {
    insta::assert_snapshot!("long", formatted("long.gate"));
}

#[test]
fn parentheses_numbers_strings_and_keys() {
    insta::assert_snapshot!("edge", formatted("edge.gate"));
}

#[test]
fn every_input_in_the_directory_has_a_snapshot_test() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fmt");
    let names: Vec<String> = gate_files_under(&dir)
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, ["edge.gate", "long.gate", "messy.gate"]);
}
