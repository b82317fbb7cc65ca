//! Source locations found in evidence: where a failing value came from
//! (a SARIF finding's file and line, a manifest line), as the evidence
//! adapters record it on normalised items.
//!
//! Recognised shapes of an evidence value (or of each item of a list value):
//! - `{"location": {"uri"|"file"|"path": "...", "line"|"startLine": N}}`
//! - a raw SARIF result: `{"locations": [{"physicalLocation": {"artifactLocation": {"uri"}, "region": {"startLine"}}}]}`
//! - `{"file": "...", "line": N}`
//! - `{"source": "file name"}` (the evidence file, without a line)

use phasegate_engine::Evidence;
use phasegate_lang::Value;

/// A file and, when known, a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SourceLocation {
    /// The file as written in the evidence (not URI-encoded).
    pub file: String,
    /// 1-based line, when the evidence has one.
    pub line: Option<u64>,
}

/// Every distinct location found in a rule's evidence, in evidence order.
///
/// The offending values come first: single values (a quantifier's item) and
/// derived lists (a filter's result, which has no input path). A list taken
/// whole from the input (`path` set) may also hold items that did not offend
/// (the engine adds the items a filter considered), so its locations are used
/// only when the specific evidence has none.
pub fn evidence_locations(evidence: &[Evidence]) -> Vec<SourceLocation> {
    let whole_input_list = |e: &Evidence| e.path.is_some() && e.value.as_array().is_some();
    let specific = collect(evidence.iter().filter(|e| !whole_input_list(e)));
    if !specific.is_empty() {
        return specific;
    }
    collect(evidence.iter().filter(|e| whole_input_list(e)))
}

fn collect<'a>(evidence: impl Iterator<Item = &'a Evidence>) -> Vec<SourceLocation> {
    let mut out: Vec<SourceLocation> = Vec::new();
    for e in evidence {
        for loc in value_locations(&e.value) {
            if !out.contains(&loc) {
                out.push(loc);
            }
        }
    }
    out
}

/// The locations of one value: its own, or those of its items when it is a list.
pub fn value_locations(value: &Value) -> Vec<SourceLocation> {
    match value {
        Value::Array(items) => items.iter().filter_map(item_location).collect(),
        other => item_location(other).into_iter().collect(),
    }
}

/// The location of one object, if it names a file.
pub fn item_location(value: &Value) -> Option<SourceLocation> {
    value.as_object()?;
    let loc = value.get("location");
    if loc.as_object().is_some() {
        let file = ["uri", "file", "path"]
            .iter()
            .find_map(|k| non_empty(loc.get(k)));
        if let Some(file) = file {
            let line = positive(loc.get("line")).or_else(|| positive(loc.get("startLine")));
            return Some(SourceLocation { file, line });
        }
    }
    if let Some(found) = sarif_result_location(value) {
        return Some(found);
    }
    if let Some(file) = non_empty(value.get("file")) {
        return Some(SourceLocation {
            file,
            line: positive(value.get("line")),
        });
    }
    non_empty(value.get("source")).map(|file| SourceLocation { file, line: None })
}

fn sarif_result_location(value: &Value) -> Option<SourceLocation> {
    let first = value.get("locations").as_array()?.first()?;
    let physical = first.get("physicalLocation");
    let file = non_empty(physical.get("artifactLocation").get("uri"))?;
    let line = positive(physical.get("region").get("startLine"));
    Some(SourceLocation { file, line })
}

fn non_empty(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn positive(v: &Value) -> Option<u64> {
    v.as_int()
        .and_then(|n| u64::try_from(n).ok())
        .filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> Value {
        Value::from_json(&serde_json::from_str(s).unwrap())
    }

    fn loc(file: &str, line: Option<u64>) -> SourceLocation {
        SourceLocation {
            file: file.to_string(),
            line,
        }
    }

    #[test]
    fn adapter_location_object() {
        let v = json(r#"{"source": "semgrep.sarif", "location": {"uri": "src/a.py", "line": 12}}"#);
        assert_eq!(item_location(&v), Some(loc("src/a.py", Some(12))));
    }

    #[test]
    fn raw_sarif_result() {
        let v = json(
            r#"{"ruleId": "x", "locations": [{"physicalLocation":
               {"artifactLocation": {"uri": "app/main.go"}, "region": {"startLine": 7}}}]}"#,
        );
        assert_eq!(item_location(&v), Some(loc("app/main.go", Some(7))));
    }

    #[test]
    fn file_and_line_fields_then_source() {
        assert_eq!(
            item_location(&json(r#"{"file": "pom.xml", "line": 3}"#)),
            Some(loc("pom.xml", Some(3)))
        );
        assert_eq!(
            item_location(&json(r#"{"source": "sbom.json"}"#)),
            Some(loc("sbom.json", None))
        );
    }

    #[test]
    fn bad_lines_are_dropped_and_non_objects_have_none() {
        assert_eq!(
            item_location(&json(r#"{"file": "a", "line": 0}"#)),
            Some(loc("a", None))
        );
        assert_eq!(
            item_location(&json(r#"{"file": "a", "line": "12"}"#)),
            Some(loc("a", None))
        );
        assert_eq!(item_location(&json(r#"{"file": "  "}"#)), None);
        assert_eq!(item_location(&json(r#""src/a.py""#)), None);
        assert_eq!(item_location(&json(r#"{"location": "a.py:3"}"#)), None);
    }

    #[test]
    fn list_items_and_dedup() {
        let list = json(
            r#"[{"file": "a", "line": 1}, 5, {"file": "b"}, {"location": {"uri": "a", "line": 1}}]"#,
        );
        assert_eq!(
            value_locations(&list),
            vec![loc("a", Some(1)), loc("b", None), loc("a", Some(1))]
        );
        assert_eq!(
            evidence_locations(&[ev(None, list)]),
            vec![loc("a", Some(1)), loc("b", None)]
        );
    }

    fn ev(path: Option<&str>, value: Value) -> Evidence {
        Evidence {
            expr: None,
            path: path.map(str::to_string),
            item_paths: vec![],
            value,
            truncated: false,
        }
    }

    #[test]
    fn whole_input_lists_only_when_nothing_specific_is_located() {
        let all = json(r#"[{"file": "a", "line": 1}, {"file": "b", "line": 2}]"#);
        let offending = json(r#"[{"file": "b", "line": 2}]"#);
        // A filter's result and the list it considered: only the result.
        let both = [ev(None, offending), ev(Some("input.deps"), all.clone())];
        assert_eq!(evidence_locations(&both), vec![loc("b", Some(2))]);
        // `count(input.deps) == 0`: the whole list is what offends.
        let whole = [ev(None, json("2")), ev(Some("input.deps"), all)];
        assert_eq!(
            evidence_locations(&whole),
            vec![loc("a", Some(1)), loc("b", Some(2))]
        );
        // A quantifier item has an input path but is no list: specific.
        let item = [ev(
            Some("input.deps[1]"),
            json(r#"{"file": "b", "line": 2}"#),
        )];
        assert_eq!(evidence_locations(&item), vec![loc("b", Some(2))]);
    }
}
