//! Reading `--input` documents and `--param` overrides.

use phasegate_lang::value::Object;
use phasegate_lang::Value;
use phasegate_stdlib::adapters::{self, AdapterError};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The default largest input, context or evidence file read, in bytes
/// (256 MiB); `--max-input-bytes` changes it.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = adapters::DEFAULT_MAX_FILE_BYTES;

static MAX_INPUT_BYTES: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT_BYTES);

/// Set the largest file read (`--max-input-bytes`), once at start-up.
pub fn set_max_input_bytes(n: u64) {
    MAX_INPUT_BYTES.store(n, Ordering::Relaxed);
}

/// The largest input, context or evidence file read, in bytes.
pub fn max_input_bytes() -> u64 {
    MAX_INPUT_BYTES.load(Ordering::Relaxed)
}

/// Read a file within the size limit; `what` names it in errors ("input",
/// "evidence"). The size is checked before reading and enforced while
/// reading, so neither a huge file nor a device like `/dev/zero` can
/// exhaust memory.
pub fn read_limited(what: &str, path: &str) -> Result<Vec<u8>, String> {
    adapters::read_file(Path::new(path), max_input_bytes()).map_err(|e| match e {
        AdapterError::TooLarge { .. } => {
            format!("{what} {e}; raise the limit with --max-input-bytes")
        }
        AdapterError::Io { source, .. } => format!("cannot read {what} {path}: {source}"),
        other => format!("{what} {other}"),
    })
}

/// Read one input: a path, or `-` for standard input. JSON or YAML by
/// extension, else by content.
pub fn read_input(arg: &str) -> Result<Value, String> {
    let (name, bytes) = if arg == "-" {
        let max = max_input_bytes();
        let mut buf = Vec::new();
        std::io::stdin()
            .take(max.saturating_add(1))
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        if buf.len() as u64 > max {
            return Err(format!(
                "input <stdin>: more than the limit of {max} bytes; raise the limit with --max-input-bytes"
            ));
        }
        ("<stdin>".to_string(), buf)
    } else {
        if Path::new(arg).is_dir() {
            return Err(format!(
                "input {arg} is a directory; pass a JSON or YAML file"
            ));
        }
        (arg.to_string(), read_limited("input", arg)?)
    };
    parse_document(&name, &bytes)
}

/// Parse a JSON or YAML document.
pub fn parse_document(name: &str, bytes: &[u8]) -> Result<Value, String> {
    let text =
        std::str::from_utf8(bytes).map_err(|e| format!("input {name} is not valid UTF-8: {e}"))?;
    if text.trim().is_empty() {
        return Err(format!("input {name} is empty"));
    }
    let lower = name.to_ascii_lowercase();
    let yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
    let json = lower.ends_with(".json") || (!yaml && text.trim_start().starts_with(['{', '[']));
    if json {
        serde_json::from_str::<Value>(text)
            .map_err(|e| format!("input {name} is not valid JSON: {e}"))
    } else {
        serde_yaml::from_str::<Value>(text)
            .map_err(|e| format!("input {name} is not valid YAML: {e}"))
    }
}

/// Combine several inputs into one document: their top-level keys are
/// merged; the same key in two files is an error.
pub fn merge_inputs(docs: Vec<(String, Value)>) -> Result<Value, String> {
    if docs.len() == 1 {
        return Ok(docs.into_iter().next().map(|(_, v)| v).unwrap_or_default());
    }
    let mut out = Object::default();
    let mut owner: Vec<(Arc<str>, String)> = Vec::new();
    for (name, doc) in docs {
        let Value::Object(obj) = doc else {
            return Err(format!("input {name} is not an object; several inputs can only be combined when each is a JSON/YAML object"));
        };
        for (k, v) in obj.iter() {
            if let Some((_, first)) = owner.iter().find(|(key, _)| key == k) {
                return Err(format!(
                    "inputs {first} and {name} both define the top-level key `{k}`"
                ));
            }
            owner.push((k.clone(), name.clone()));
            out.insert(k.clone(), v.clone());
        }
    }
    Ok(Value::object(out))
}

/// Parse `name=value`: the value is JSON when it parses as JSON, else a string.
pub fn parse_param(arg: &str) -> Result<(String, Value), String> {
    let (name, raw) = arg.split_once('=').ok_or_else(|| {
        format!("--param {arg}: expected name=value, e.g. --param min_approvals=2")
    })?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("--param {arg}: the name is empty"));
    }
    let value = serde_json::from_str::<Value>(raw).unwrap_or_else(|_| Value::str(raw));
    Ok((name.to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_parse_json_or_string() {
        assert_eq!(parse_param("a=2"), Ok(("a".into(), Value::Int(2))));
        assert_eq!(
            parse_param("b.c=[\"x\"]"),
            Ok(("b.c".into(), Value::array(vec![Value::str("x")])))
        );
        assert_eq!(
            parse_param("env=production"),
            Ok(("env".into(), Value::str("production")))
        );
        assert!(parse_param("novalue").is_err());
        assert!(parse_param("=3").is_err());
    }

    #[test]
    fn documents_by_extension_or_content() {
        assert_eq!(
            parse_document("x.json", b"{\"a\": 1}").map(|v| v.get("a").clone()),
            Ok(Value::Int(1))
        );
        assert_eq!(
            parse_document("x.yaml", b"a: 1\n").map(|v| v.get("a").clone()),
            Ok(Value::Int(1))
        );
        assert_eq!(
            parse_document("-", b"a: [1, 2]\n").map(|v| v.get("a").clone()),
            Ok(Value::array(vec![Value::Int(1), Value::Int(2)]))
        );
        assert!(parse_document("x.json", b"{broken")
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(parse_document("x.json", b"   ")
            .unwrap_err()
            .contains("empty"));
        assert!(parse_document("x.json", &[0xff, 0xfe])
            .unwrap_err()
            .contains("UTF-8"));
    }

    #[test]
    fn merging_rejects_conflicts_and_non_objects() {
        let a = (
            "a.json".to_string(),
            parse_document("a.json", b"{\"x\": 1}").unwrap_or_default(),
        );
        let b = (
            "b.json".to_string(),
            parse_document("b.json", b"{\"y\": 2}").unwrap_or_default(),
        );
        let merged = merge_inputs(vec![a.clone(), b]).unwrap_or_default();
        assert_eq!(merged.get("y"), &Value::Int(2));
        let c = (
            "c.json".to_string(),
            parse_document("c.json", b"{\"x\": 3}").unwrap_or_default(),
        );
        assert!(merge_inputs(vec![a.clone(), c])
            .unwrap_err()
            .contains("both define"));
        let d = ("d.json".to_string(), Value::Int(1));
        assert!(merge_inputs(vec![a, d])
            .unwrap_err()
            .contains("not an object"));
    }
}
