//! The formatter on arbitrary text: whenever a file parses, formatting it
//! succeeds (the formatter's own self-check verifies that the meaning and
//! the comments are kept), the output parses, and formatting the output
//! again changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phasegate_lang::fmt::{format, FormatError};
use phasegate_lang::{parse, SourceFile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse(&SourceFile::new("fuzz.gate", text));
    if !parsed.is_ok() {
        return;
    }
    let once = match format(&parsed) {
        Ok(out) => out,
        Err(FormatError::Internal { reason, .. }) => {
            panic!("the formatter refused its own output: {reason}\n--- input ---\n{text}")
        }
        Err(e) => panic!("a file that parses did not format: {e}"),
    };
    let reparsed = parse(&SourceFile::new("fuzz.gate", once.as_str()));
    assert!(
        reparsed.is_ok(),
        "formatted output does not parse: {:?}\n{once}",
        reparsed.diagnostics
    );
    let twice = format(&reparsed).unwrap_or_else(|e| panic!("second format failed: {e}"));
    assert_eq!(once, twice, "formatting is not idempotent");
});
