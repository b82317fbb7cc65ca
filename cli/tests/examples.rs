//! Every example policy lints with no error and no warning.

#[path = "../../lang/tests/common/catalog.rs"]
mod catalog;

use phasegate_lang::types::Catalog;
use phasegate_lang::{check, parse_bytes, Checked, Parsed};
use std::path::{Path, PathBuf};

fn example_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/policies");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/policies exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "gate"))
        .collect();
    files.sort();
    files
}

fn lint(catalog: &dyn Catalog) -> Checked {
    let parsed: Vec<Parsed> = example_files()
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("readable example");
            parse_bytes(&p.display().to_string(), &bytes)
        })
        .collect();
    check(&parsed, catalog)
}

fn assert_clean(c: &Checked) {
    let problems: Vec<String> = c
        .diagnostics
        .iter()
        .map(|d| {
            let (line, col) = d.line_col();
            format!(
                "{}:{line}:{col}: {}: {}",
                d.file.name,
                d.code.as_str(),
                d.message
            )
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn there_is_one_example_per_phase() {
    let c = lint(&catalog::AgreedCatalog);
    let names: Vec<String> = example_files()
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    let phases: Vec<&str> = phasegate_lang::model::Phase::ALL
        .iter()
        .map(|p| p.as_str())
        .collect();
    let mut sorted = phases.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    for phase in phasegate_lang::model::Phase::ALL {
        let rules: Vec<_> = c.rules.iter().filter(|r| r.phase == phase).collect();
        assert!(
            (1..=3).contains(&rules.len()),
            "{phase}: {} rules",
            rules.len()
        );
        assert!(rules
            .iter()
            .all(|r| r.remediation.is_some() && !r.references.is_empty()));
    }
}

#[test]
fn examples_lint_cleanly_with_the_agreed_builtins() {
    assert_clean(&lint(&catalog::AgreedCatalog));
}

#[test]

fn examples_lint_cleanly_with_the_stdlib_registry() {
    assert_clean(&lint(phasegate_stdlib::registry()));
}
