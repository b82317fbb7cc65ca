//! SonarQube → `quality_gate` (from `api/qualitygates/project_status`) and
//! `findings` (from `api/issues/search`, or its bare `issues` list).

use super::fragment::Fragment;
use super::sast::finding;
use super::util::{self, items, s, Obj};
use super::AdapterError;
use phasegate_lang::Value;

/// The API body of a WireMock recording (`response.body` holds the JSON as
/// a string), or the document itself.
fn unwrap_recording(file: &str, doc: &Value) -> Result<Value, AdapterError> {
    match util::path(doc, &["response", "body"]).as_str() {
        Some(body) if doc.get("projectStatus").is_null() => {
            super::decode::json(file, body.as_bytes())
        }
        _ => Ok(doc.clone()),
    }
}

/// `api/qualitygates/project_status`.
pub(crate) fn quality_gate(
    file: &str,
    doc: &Value,
    out: &mut Fragment,
) -> Result<(), AdapterError> {
    const EXPECTED: &str = "SonarQube quality gate status";
    let doc = unwrap_recording(file, doc)?;
    let status = doc.get("projectStatus");
    if status.as_object().is_none() {
        return Err(AdapterError::shape(
            file,
            EXPECTED,
            "no `projectStatus` object",
        ));
    }
    let conds = util::list_at(status.get("conditions"), file, EXPECTED, "conditions")?;
    let conditions: Vec<Value> = conds
        .iter()
        .map(|c| {
            Obj::new()
                .set("metric", s(c.get("metricKey")))
                .set("status", s(c.get("status")))
                .set("passed", c.get("status").as_str() != Some("ERROR"))
                .set("comparator", s(c.get("comparator")))
                .set("threshold", num(c.get("errorThreshold")))
                .set("actual", num(c.get("actualValue")))
                .build()
        })
        .collect();
    let st = status.get("status").as_str();
    let gate = Obj::new()
        .set("tool", "sonarqube")
        .set("status", s(status.get("status")))
        .set("passed", st == Some("OK"))
        .set("conditions", Value::array(conditions))
        .set("source", file);
    out.single("quality_gate", gate.build());
    Ok(())
}

/// A numeric string as a number (SonarQube sends numbers as text).
fn num(v: &Value) -> Value {
    match (v, util::number(v)) {
        (Value::Str(x), Some(_)) if x.parse::<i64>().is_ok() => {
            x.parse::<i64>().map(Value::Int).unwrap_or(Value::Null)
        }
        (_, Some(f)) => Value::Float(f),
        _ => Value::Null,
    }
}

/// SonarQube issues: `{issues: [...]}` or the bare list.
pub(crate) fn issues(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "SonarQube issues";
    let list = match doc {
        Value::Array(_) => util::list_at(doc, file, EXPECTED, "(issues)")?,
        Value::Object(_) if !doc.get("issues").is_null() => {
            util::list_at(doc.get("issues"), file, EXPECTED, "issues")?
        }
        _ => return Err(AdapterError::shape(file, EXPECTED, "no `issues` list")),
    };
    out.list("findings");
    for (i, issue) in list.iter().enumerate() {
        util::require_item(issue, file, EXPECTED, "issues", i)?;
        let sev = match issue.get("severity").as_str().unwrap_or("") {
            "BLOCKER" => "critical",
            "CRITICAL" => "high",
            "MAJOR" => "medium",
            "MINOR" => "low",
            "INFO" => "info",
            other => util::severity_name(other),
        };
        // component is "<project key>:<path>".
        let component = issue.get("component").as_str().unwrap_or("");
        let uri = match component.split_once(':') {
            Some((_, p)) => Value::str(p),
            None if component.is_empty() => Value::Null,
            None => Value::str(component),
        };
        let status = issue.get("status").as_str().unwrap_or("OPEN");
        let open = matches!(status, "OPEN" | "CONFIRMED" | "REOPENED");
        let item = finding(file, "sonarqube", "sast", sev, &uri, issue.get("line"))
            .set("rule_id", s(issue.get("rule")))
            .set("message", s(issue.get("message")))
            .set("type", s(issue.get("type")))
            .set("status", util::lower(issue.get("status")))
            .set("resolution", util::lower(issue.get("resolution")))
            .set("created_at", s(issue.get("creationDate")))
            .set("tags", Value::array(items(issue.get("tags")).to_vec()))
            .set("suppressed", !open)
            .set(
                "suppression_status",
                if open {
                    Value::Null
                } else {
                    Value::str("accepted")
                },
            );
        out.push("findings", item.build());
    }
    Ok(())
}
