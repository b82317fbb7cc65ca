//! Bytes → [`Value`]: JSON, JSON lines and (multi-document) YAML, with
//! errors that name the file and the position. Parsing is serde's; the
//! parsers bound nesting depth, so no input can overflow the stack.

use super::AdapterError;
use phasegate_lang::Value;
use serde::Deserialize;

/// Skip a UTF-8 byte order mark.
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Remove serde's trailing " at line L column C" from a message.
fn bare_message(msg: String) -> String {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(" column ") => msg[..i].to_string(),
        _ => msg,
    }
}

fn json_error(file: &str, e: &serde_json::Error, line_offset: usize) -> AdapterError {
    AdapterError::Json {
        file: file.to_string(),
        line: e.line() + line_offset,
        column: e.column(),
        message: bare_message(e.to_string()),
    }
}

/// One JSON document.
pub(crate) fn json(file: &str, bytes: &[u8]) -> Result<Value, AdapterError> {
    serde_json::from_slice::<Value>(strip_bom(bytes)).map_err(|e| json_error(file, &e, 0))
}

/// Whether a JSON error says a second value followed the first (JSON lines).
pub(crate) fn is_trailing(e: &AdapterError) -> bool {
    matches!(e, AdapterError::Json { message, .. } if message.contains("trailing characters"))
}

/// JSON lines: one JSON value per non-blank line, as a list.
pub(crate) fn json_lines(file: &str, bytes: &[u8]) -> Result<Value, AdapterError> {
    let bytes = strip_bom(bytes);
    let mut out = Vec::new();
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let v = serde_json::from_slice::<Value>(line).map_err(|e| json_error(file, &e, i))?;
        out.push(v);
    }
    Ok(Value::array(out))
}

/// Deepest `[`/`{` nesting let through to the YAML parser. The parser
/// rejects anything deeper than 128 levels anyway, but its scanner takes
/// time quadratic in the depth of flow collections before it gets there;
/// this cheap count (which also counts brackets inside strings) keeps a
/// small file from costing seconds.
const MAX_FLOW_DEPTH: usize = 256;

/// The line where bracket nesting first exceeds [`MAX_FLOW_DEPTH`].
fn too_deep(bytes: &[u8]) -> Option<usize> {
    let (mut depth, mut line) = (0usize, 1usize);
    for b in bytes {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
    }
    None
}

/// Every document of a YAML stream (empty documents are dropped).
pub(crate) fn yaml_docs(file: &str, bytes: &[u8]) -> Result<Vec<Value>, AdapterError> {
    if let Some(line) = too_deep(bytes) {
        return Err(AdapterError::Yaml {
            file: file.to_string(),
            at: format!(" at line {line}"),
            message: format!("brackets nested deeper than {MAX_FLOW_DEPTH} levels"),
        });
    }
    let mut out = Vec::new();
    for doc in serde_yaml::Deserializer::from_slice(strip_bom(bytes)) {
        let v = Value::deserialize(doc).map_err(|e| AdapterError::Yaml {
            file: file.to_string(),
            at: e
                .location()
                .map(|l| format!(" at line {} column {}", l.line(), l.column()))
                .unwrap_or_default(),
            message: bare_message(e.to_string()),
        })?;
        if !v.is_null() {
            out.push(v);
        }
    }
    Ok(out)
}

/// A single YAML (or JSON) document; `null` for an empty file.
pub(crate) fn yaml_one(file: &str, bytes: &[u8], expected: &str) -> Result<Value, AdapterError> {
    let mut docs = yaml_docs(file, bytes)?;
    match docs.len() {
        0 => Ok(Value::Null),
        1 => Ok(docs.remove(0)),
        n => Err(AdapterError::shape(
            file,
            expected,
            format!("the file holds {n} YAML documents, expected one"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_file_and_position() {
        let e = json("r/x.json", b"{\n  \"a\": 1,\n    oops\n}").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("r/x.json: not valid JSON at line 3 column 5: "),
            "{msg}"
        );
        assert!(!msg.ends_with("column 5"), "{msg}");
    }

    #[test]
    fn json_lines_report_the_failing_line() {
        let e = json_lines("t.jsonl", b"{\"a\":1}\n\n{\"b\":\n").unwrap_err();
        assert!(e.to_string().contains("line 3"), "{e}");
        let ok = json_lines("t.jsonl", b"{\"a\":1}\r\n{\"b\":2}\n").unwrap();
        assert_eq!(ok.as_array().map(|a| a.len()), Some(2));
    }

    #[test]
    fn yaml_keeps_on_as_a_string_key() {
        let docs = yaml_docs("w.yml", b"on: push\n---\n---\nkind: Pod\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].get("on").as_str(), Some("push"));
    }

    #[test]
    fn deep_brackets_are_refused_before_parsing() {
        let deep = "a: ".to_string() + &"[".repeat(300);
        let e = yaml_docs("d.yaml", deep.as_bytes())
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "d.yaml: not valid YAML at line 1: brackets nested deeper than 256 levels"
        );
        // Balanced brackets do not add up.
        let flat = "a: [".to_string() + &"[1],".repeat(1000) + "[2]]\n";
        assert_eq!(yaml_docs("f.yaml", flat.as_bytes()).unwrap().len(), 1);
    }

    #[test]
    fn yaml_errors_have_a_location() {
        let e = yaml_docs("k.yaml", b"a: [1, 2\nb: c\n").unwrap_err();
        assert!(
            e.to_string().starts_with("k.yaml: not valid YAML at line"),
            "{e}"
        );
    }
}
