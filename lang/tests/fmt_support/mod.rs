//! Helpers shared by the formatter tests: an AST comparison that ignores
//! locations, the corpus of `.gate` files, and the formatter's properties.
#![allow(dead_code)]

use phasegate_lang::ast::File;
use phasegate_lang::fmt::{format, FormatError};
use phasegate_lang::{parse, SourceFile};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The AST as JSON, without `span`, `ty_span` and `comments` fields.
pub fn tree(file: &File) -> Value {
    let mut v = serde_json::to_value(file).expect("ASTs serialize to JSON");
    strip_locations(&mut v);
    v
}

fn strip_locations(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, _| !matches!(k.as_str(), "span" | "ty_span" | "comments"));
            map.values_mut().for_each(strip_locations);
        }
        Value::Array(xs) => xs.iter_mut().for_each(strip_locations),
        _ => {}
    }
}

/// [`tree`] with every `(…)` node replaced by its content.
pub fn tree_without_parens(file: &File) -> Value {
    let mut v = tree(file);
    strip_parens(&mut v);
    v
}

fn strip_parens(v: &mut Value) {
    // An expression is {"kind": {"Paren": inner}}; replace it by inner.
    loop {
        let inner = v
            .get("kind")
            .and_then(|k| k.get("Paren"))
            .filter(|_| v.as_object().is_some_and(|o| o.len() == 1))
            .cloned();
        match inner {
            Some(i) => *v = i,
            None => break,
        }
    }
    match v {
        Value::Object(map) => map.values_mut().for_each(strip_parens),
        Value::Array(xs) => xs.iter_mut().for_each(strip_parens),
        _ => {}
    }
}

/// Comment texts without trailing whitespace, sorted (a multiset).
pub fn comment_texts(file: &File) -> Vec<String> {
    let mut v: Vec<String> = file
        .comments
        .iter()
        .map(|c| c.text.trim_end().to_string())
        .collect();
    v.sort();
    v
}

/// Every `.gate` file under `dir`, recursively (none if it does not exist).
pub fn gate_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(gate_files_under(&p));
        } else if p.extension().is_some_and(|x| x == "gate") {
            out.push(p);
        }
    }
    out
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("lang/ has a parent")
        .to_path_buf()
}

/// Check the formatter's properties on one source text: files with syntax
/// errors are refused; otherwise the output is idempotent, parses to the
/// same tree (ignoring locations), keeps every comment, and is tidy.
/// Returns the formatted text (`None` for refused files).
pub fn check_properties(name: &str, text: &str) -> Result<Option<String>, String> {
    let parsed = parse(&SourceFile::new(name, text));
    if !parsed.is_ok() {
        return match format(&parsed) {
            Err(FormatError::Syntax { diagnostics, .. }) if !diagnostics.is_empty() => Ok(None),
            other => Err(format!("{name}: a file with syntax errors gave {other:?}")),
        };
    }
    let out = format(&parsed).map_err(|e| format!("{name}: {e}\n--- input ---\n{text}"))?;
    let again = parse(&SourceFile::new(name, out.as_str()));
    if !again.is_ok() {
        return Err(format!("{name}: output does not parse:\n{out}"));
    }
    if tree(&again.file) != tree(&parsed.file) {
        return Err(format!(
            "{name}: meaning changed\n--- input ---\n{text}\n--- output ---\n{out}"
        ));
    }
    if comment_texts(&again.file) != comment_texts(&parsed.file) {
        return Err(format!("{name}: comments changed\n--- output ---\n{out}"));
    }
    let twice = format(&again).map_err(|e| format!("{name}: second pass: {e}"))?;
    if twice != out {
        return Err(format!(
            "{name}: not idempotent\n--- first ---\n{out}\n--- second ---\n{twice}"
        ));
    }
    if out.lines().any(|l| l.ends_with([' ', '\t'])) {
        return Err(format!("{name}: trailing whitespace in\n{out}"));
    }
    if !out.ends_with('\n') || out.ends_with("\n\n") {
        return Err(format!("{name}: output must end with exactly one newline"));
    }
    Ok(Some(out))
}
