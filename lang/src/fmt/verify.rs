//! The formatter's self-check: its output must parse to the same tree, with
//! the same comments, or it is not returned.

use crate::ast::File;
use crate::parse::{parse, Parsed};
use crate::source::SourceFile;
use serde_json::Value;

/// Why the output was rejected, if it was.
pub(crate) fn check(parsed: &Parsed, out: &str) -> Result<(), String> {
    let again = parse(&SourceFile::new(parsed.source.name.clone(), out));
    if let Some(d) = again.diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!("its output does not parse: {}", d.message));
    }
    if tree(&parsed.file)? != tree(&again.file)? {
        return Err("its output parses to a different syntax tree".into());
    }
    if comment_texts(&parsed.file) != comment_texts(&again.file) {
        return Err("its output does not keep every comment".into());
    }
    Ok(())
}

/// The syntax tree as JSON without spans and comments.
fn tree(file: &File) -> Result<Value, String> {
    let mut v = serde_json::to_value(file).map_err(|e| format!("cannot compare trees: {e}"))?;
    strip(&mut v);
    Ok(v)
}

fn strip(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for key in ["span", "ty_span", "comments"] {
                map.shift_remove(key);
            }
            map.values_mut().for_each(strip);
        }
        Value::Array(xs) => xs.iter_mut().for_each(strip),
        _ => {}
    }
}

/// Comment texts without trailing whitespace (which the formatter removes), sorted.
fn comment_texts(file: &File) -> Vec<&str> {
    let mut v: Vec<&str> = file.comments.iter().map(|c| c.text.trim_end()).collect();
    v.sort_unstable();
    v
}
