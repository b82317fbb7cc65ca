//! Inputs the fuzzers (`fuzz/`) found crashing, kept as regression tests.
//! Every file of `tests/fuzz_crashes/` goes through the oracle of the
//! `parse_check` and `fmt_roundtrip` targets; the cases below also pin the
//! exact behaviour of each fix.

mod common;

use common::ast::first_require_message;
use common::catalog::AgreedCatalog;
use phasegate_lang::ast::TemplatePart;
use phasegate_lang::fmt::format_source;
use phasegate_lang::{check, parse, parse_bytes, SourceFile};
use std::path::Path;

/// The oracle of the lang fuzz targets: no panic; when the file parses,
/// formatting succeeds, the output parses and formatting it again changes
/// nothing.
fn oracle(name: &str, bytes: &[u8]) {
    let parsed = parse_bytes(name, bytes);
    let checked = check(std::slice::from_ref(&parsed), &AgreedCatalog);
    for d in &checked.diagnostics {
        let _ = format!("{:?}", d.report());
    }
    if !parsed.is_ok() {
        return;
    }
    let once = match format_source(&parsed.source) {
        Ok(s) => s,
        Err(e) => panic!("{name}: does not format: {e}"),
    };
    let again = format_source(&SourceFile::new(name, once.as_str()));
    assert_eq!(again.as_deref().ok(), Some(once.as_str()), "{name}");
}

#[test]
fn every_saved_crash_input_passes_the_oracle() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_crashes");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the crash directory exists") {
        let path = entry.expect("readable entry").path();
        let bytes = std::fs::read(&path).expect("readable file");
        oracle(&path.display().to_string(), &bytes);
        n += 1;
    }
    assert!(n >= 1, "no saved crash input in {}", dir.display());
}

fn rule_with_message(msg: &str) -> String {
    format!(
        "rule a.b {{\n  title \"t\"\n  phase build\n  severity high\n  require true else \"{msg}\"\n}}\n"
    )
}

/// fmt_roundtrip crash c98e2b63: a control character (NUL) in a message
/// template was written back as `\u{0}`, which templates did not accept
/// (the `{0}` was read as a hole), so the formatter refused its own output.
#[test]
fn unicode_escapes_work_in_message_templates() {
    let src = rule_with_message("caf\\u{e9} {1 + 1} \\u{1F600}");
    let parsed = parse(&SourceFile::new("u.gate", src.as_str()));
    assert!(parsed.is_ok(), "{:?}", parsed.diagnostics);
    let template = first_require_message(&parsed.file).expect("a require with a message");
    let TemplatePart::Text(first) = &template.parts[0] else {
        panic!("text first: {:?}", template.parts);
    };
    assert_eq!(first, "café ");
    assert!(matches!(template.parts[1], TemplatePart::Expr(_)));
    assert!(matches!(&template.parts[2], TemplatePart::Text(t) if t == " 😀"));
}

#[test]
fn control_characters_in_templates_format_and_parse_back() {
    let src = rule_with_message("nul \u{0} bell \u{7} end");
    let out =
        format_source(&SourceFile::new("c.gate", src.as_str())).unwrap_or_else(|e| panic!("{e}"));
    assert!(out.contains("else \"nul \\u{0} bell \\u{7} end\""), "{out}");
    let again = format_source(&SourceFile::new("c.gate", out.as_str()));
    assert_eq!(again.as_deref().ok(), Some(out.as_str()));
}

#[test]
fn a_bad_unicode_escape_in_a_template_is_a_clear_error() {
    let src = rule_with_message("x \\u{110000}");
    let parsed = parse(&SourceFile::new("b.gate", src.as_str()));
    let msgs: Vec<&str> = parsed
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(msgs, ["unknown escape sequence `\\u{110000}` in a string"]);
}
