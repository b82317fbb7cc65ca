//! The formatter's properties on every `.gate` file of the repository:
//! `examples/policies/`, `lang/tests/` and `tests/` (walked at test time, so
//! files added later are covered too).

mod fmt_support;

use fmt_support::{check_properties, gate_files_under, workspace};

#[test]
fn every_gate_file_formats_idempotently_and_keeps_its_meaning_and_comments() {
    let root = workspace();
    let mut files = gate_files_under(&root.join("examples/policies"));
    files.extend(gate_files_under(&root.join("lang/tests")));
    files.extend(gate_files_under(&root.join("tests")));
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("examples/policies/build.gate")),
        "the example policies must be part of the corpus"
    );
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("lang/tests/fmt/messy.gate")),
        "the messy formatter inputs must be part of the corpus"
    );
    let mut failures = Vec::new();
    let mut formatted = 0;
    for f in &files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            // Non-UTF-8 fixtures belong to the parser's tests.
            Err(_) => continue,
        };
        match check_properties(&f.display().to_string(), &text) {
            Ok(Some(_)) => formatted += 1,
            Ok(None) => {}
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(formatted >= 2, "only {formatted} files were formatted");
}
