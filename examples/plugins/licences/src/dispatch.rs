//! The plugin's manifest and its calls, on JSON documents (safe code; the
//! exports in [`crate::abi`] only move bytes).

use crate::spdx;
use serde_json::{json, Value};

/// The manifest document `pg_plugin_manifest` returns.
pub fn manifest() -> String {
    json!({"functions": [
        {"name": "classify", "arity": 1},
        {"name": "spdx_ids", "arity": 1},
    ]})
    .to_string()
}

/// Call `function` with the JSON array of arguments `args`: the JSON result,
/// or an error message.
pub fn call(function: &[u8], args: &[u8]) -> Result<String, String> {
    let args: Vec<Value> =
        serde_json::from_slice(args).map_err(|e| format!("arguments are not a JSON array: {e}"))?;
    let function =
        std::str::from_utf8(function).map_err(|_| "the function name is not UTF-8".to_string())?;
    let expr = match args.as_slice() {
        [Value::String(s)] => s.as_str(),
        [other] => {
            return Err(format!(
                "expects a licence expression (a string), got {other}"
            ))
        }
        _ => return Err(format!("takes 1 argument, got {}", args.len())),
    };
    let out = match function {
        "classify" => Value::from(spdx::classify(expr)?.name()),
        "spdx_ids" => Value::from(spdx::ids(expr)),
        other => return Err(format!("no function `{other}`")),
    };
    Ok(out.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_answer_json() {
        assert_eq!(
            call(b"classify", br#"["MIT OR GPL-3.0"]"#),
            Ok("\"permissive\"".into())
        );
        assert_eq!(
            call(b"spdx_ids", br#"["MIT AND ISC"]"#),
            Ok(r#"["ISC","MIT"]"#.into())
        );
        assert!(call(b"classify", b"[1]").unwrap_err().contains("a string"));
        assert!(call(b"nope", br#"["MIT"]"#)
            .unwrap_err()
            .contains("no function"));
        assert!(call(b"classify", b"not json").is_err());
    }

    #[test]
    fn the_manifest_lists_both_functions() {
        let m: Value = serde_json::from_str(&manifest()).unwrap_or_default();
        assert_eq!(m["functions"][0]["name"], "classify");
        assert_eq!(m["functions"][1]["arity"], 1);
    }
}
