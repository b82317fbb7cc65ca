//! SARIF 2.1.0 from any tool → `findings`.
//!
//! The level comes from the result, else from its rule's
//! `defaultConfiguration` (rule found through `rule.toolComponent`/`rule.index`,
//! `ruleIndex`, or the rule id in the driver and its extensions), else the
//! SARIF default `warning` (`none` for results whose `kind` is not `fail`).
//! A result with a non-empty `suppressions` list is suppressed unless one
//! of its suppressions has status `rejected`.

use super::fragment::Fragment;
use super::util::{self, items, list_at, path, s, Obj};
use super::AdapterError;
use phasegate_lang::Value;

const EXPECTED: &str = "SARIF 2.1.0";

/// Normalise a SARIF log.
pub(crate) fn load(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    util::require_object(doc, file, EXPECTED)?;
    if doc.get("runs").is_null() {
        return Err(AdapterError::shape(file, EXPECTED, "no `runs` list"));
    }
    let runs = list_at(doc.get("runs"), file, EXPECTED, "runs")?;
    out.list("findings");
    for (ri, run) in runs.iter().enumerate() {
        util::require_item(run, file, EXPECTED, "runs", ri)?;
        let results = list_at(run.get("results"), file, EXPECTED, "results")?;
        for (i, result) in results.iter().enumerate() {
            util::require_item(result, file, EXPECTED, "results", i)?;
            out.push("findings", finding(file, run, result));
        }
    }
    Ok(())
}

/// The rule a result refers to, if it can be found.
fn find_rule<'a>(run: &'a Value, result: &'a Value) -> Option<&'a Value> {
    let tool = run.get("tool");
    let driver_rules = items(path(tool, &["driver", "rules"]));
    let extensions = items(tool.get("extensions"));
    let rule_id = result
        .get("ruleId")
        .as_str()
        .or_else(|| path(result, &["rule", "id"]).as_str());
    let matches = |r: &Value| match (rule_id, r.get("id").as_str()) {
        (Some(want), Some(have)) => want == have,
        _ => true,
    };
    let index = |v: &Value| v.as_int().and_then(|i| usize::try_from(i).ok());
    // rule.toolComponent.index / rule.index: a rule of an extension or of the driver.
    let reference = result.get("rule");
    if let Some(i) = index(reference.get("index")) {
        let component = index(path(reference, &["toolComponent", "index"]));
        let rules = match component {
            Some(c) => items(
                extensions
                    .get(c)
                    .map(|e| e.get("rules"))
                    .unwrap_or(&Value::Null),
            ),
            None => driver_rules,
        };
        if let Some(r) = rules.get(i).filter(|r| matches(r)) {
            return Some(r);
        }
    }
    if let Some(r) = index(result.get("ruleIndex"))
        .and_then(|i| driver_rules.get(i))
        .filter(|r| matches(r))
    {
        return Some(r);
    }
    let want = rule_id?;
    let by_id = |r: &&Value| r.get("id").as_str() == Some(want);
    driver_rules.iter().find(by_id).or_else(|| {
        extensions
            .iter()
            .flat_map(|e| items(e.get("rules")).iter())
            .find(by_id)
    })
}

/// Suppression state: (suppressed, status).
fn suppression(result: &Value) -> (bool, Value) {
    let list = items(result.get("suppressions"));
    if list.is_empty() {
        return (false, Value::Null);
    }
    let statuses: Vec<&str> = list
        .iter()
        .map(|s| s.get("status").as_str().unwrap_or("accepted"))
        .collect();
    if statuses.contains(&"rejected") {
        (false, Value::str("rejected"))
    } else if statuses.iter().all(|s| *s == "underReview") {
        (true, Value::str("underReview"))
    } else {
        (true, Value::str("accepted"))
    }
}

/// The result's message text, with `{n}` placeholders filled from `arguments`.
fn message(result: &Value, rule: Option<&Value>) -> Value {
    let msg = result.get("message");
    let text = msg.get("text").as_str().or_else(|| {
        let id = msg.get("id").as_str()?;
        rule.map(|r| path(r, &["messageStrings", id, "text"]))
            .and_then(|t| t.as_str())
    });
    let Some(text) = text else {
        return s(msg.get("markdown"));
    };
    // At most 32 placeholders are filled: the rest stay as written.
    let args = items(msg.get("arguments"));
    let args = &args[..args.len().min(32)];
    if args.is_empty() {
        return Value::str(text);
    }
    let mut filled = text.to_string();
    for (i, a) in args.iter().enumerate() {
        filled = filled.replace(&format!("{{{i}}}"), &a.render());
    }
    Value::str(filled)
}

/// The primary location: artifact uri (also through `artifacts[index]`) and start line.
fn primary_location(run: &Value, result: &Value) -> (Value, Value) {
    let Some(loc) = items(result.get("locations")).first() else {
        return (Value::Null, Value::Null);
    };
    let phys = loc.get("physicalLocation");
    let artifact = phys.get("artifactLocation");
    let mut uri = s(artifact.get("uri"));
    if uri.is_null() {
        if let Some(i) = artifact.get("index").as_int() {
            let art = usize::try_from(i)
                .ok()
                .and_then(|i| items(run.get("artifacts")).get(i));
            if let Some(a) = art {
                uri = s(path(a, &["location", "uri"]));
            }
        }
    }
    (uri, util::int(path(phys, &["region", "startLine"])))
}

fn finding(file: &str, run: &Value, result: &Value) -> Value {
    let driver = path(run, &["tool", "driver"]);
    let rule = find_rule(run, result);
    let rule_or_null = rule.unwrap_or(&Value::Null);
    let rule_id = match result.get("ruleId") {
        Value::Str(_) => result.get("ruleId").clone(),
        _ => match path(result, &["rule", "id"]) {
            v @ Value::Str(_) => v.clone(),
            _ => s(rule_or_null.get("id")),
        },
    };
    let kind = result.get("kind").as_str().unwrap_or("fail");
    let (level, level_source) = match result.get("level").as_str() {
        Some(l) => (l.to_string(), "result"),
        None => match path(rule_or_null, &["defaultConfiguration", "level"]).as_str() {
            Some(l) => (l.to_string(), "rule"),
            None if kind == "fail" => ("warning".to_string(), "default"),
            None => ("none".to_string(), "default"),
        },
    };
    let sec = [
        path(result, &["properties", "security-severity"]),
        path(rule_or_null, &["properties", "security-severity"]),
    ]
    .into_iter()
    .find_map(util::number);
    let severity = match sec {
        Some(score) => util::severity_from_score(score),
        None => util::severity_for_level(&level),
    };
    let (suppressed, suppression_status) = suppression(result);
    let (uri, line) = primary_location(run, result);
    let version = match driver.get("version") {
        Value::Str(_) => driver.get("version").clone(),
        _ => s(driver.get("semanticVersion")),
    };
    Obj::new()
        .set("tool", s(driver.get("name")))
        .set("tool_version", version)
        .set("category", "sast")
        .set("rule_id", rule_id)
        .set("rule_name", rule_name(rule_or_null))
        .set("level", level)
        .set("level_source", level_source)
        .set("severity", severity)
        .set(
            "security_severity",
            sec.map(Value::Float).unwrap_or(Value::Null),
        )
        .set("message", message(result, rule))
        .set("file", uri.clone())
        .set("line", line.clone())
        .set("location", util::location(&uri, &line))
        .set("kind", kind)
        .set("baseline_state", s(result.get("baselineState")))
        .set("suppressed", suppressed)
        .set("suppression_status", suppression_status)
        .set("tags", tags(rule_or_null))
        .set("help_uri", s(rule_or_null.get("helpUri")))
        .set("source", file)
        .build()
}

/// The rule's name, or its short description when the name is just the id (CodeQL).
fn rule_name(rule: &Value) -> Value {
    let name = rule.get("name");
    if name.as_str().is_some() && name != rule.get("id") {
        return name.clone();
    }
    match path(rule, &["shortDescription", "text"]) {
        v @ Value::Str(_) => v.clone(),
        _ => s(name),
    }
}

fn tags(rule: &Value) -> Value {
    let t = path(rule, &["properties", "tags"]);
    Value::array(
        items(t)
            .iter()
            .filter(|x| x.as_str().is_some())
            .cloned()
            .collect(),
    )
}
