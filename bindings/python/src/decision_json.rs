//! Rebuilding a [`Decision`] from its JSON document (how decisions are
//! unpickled, e.g. when Dask workers send them back).

use phasegate_engine::{Decision, Evidence, Location, RuleInfo, RuleResult, Status, Texts};
use phasegate_lang::model::{Phase, RuleSeverity};
use phasegate_lang::Value;
use serde_json::{Map, Value as Json};
use std::sync::Arc;

type Obj = Map<String, Json>;

fn field<'a>(o: &'a Obj, key: &str) -> Result<&'a Json, String> {
    o.get(key).ok_or_else(|| format!("missing `{key}`"))
}

fn string(o: &Obj, key: &str) -> Result<String, String> {
    field(o, key)?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("`{key}` is not a string"))
}

fn opt_string(o: &Obj, key: &str) -> Result<Option<String>, String> {
    match o.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(_) => string(o, key).map(Some),
    }
}

fn strings(o: &Obj, key: &str) -> Result<Vec<String>, String> {
    match o.get(key) {
        None => Ok(Vec::new()),
        Some(Json::Array(a)) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("`{key}` holds a non-string"))
            })
            .collect(),
        Some(_) => Err(format!("`{key}` is not a list")),
    }
}

fn object<'a>(v: &'a Json, what: &str) -> Result<&'a Obj, String> {
    v.as_object()
        .ok_or_else(|| format!("{what} is not an object"))
}

fn evidence(v: &Json) -> Result<Evidence, String> {
    let o = object(v, "evidence")?;
    Ok(Evidence {
        expr: opt_string(o, "expr")?,
        path: opt_string(o, "path")?,
        item_paths: strings(o, "item_paths")?,
        value: o.get("value").map(Value::from_json).unwrap_or_default(),
        truncated: o.get("truncated").and_then(Json::as_bool).unwrap_or(false),
    })
}

/// A list of texts as a result holds it.
fn shared(texts: Vec<String>) -> Texts {
    texts.into_iter().map(Arc::from).collect()
}

fn result(v: &Json) -> Result<RuleResult, String> {
    let o = object(v, "a result")?;
    let phase = string(o, "phase")?;
    let severity = string(o, "severity")?;
    let status = string(o, "status")?;
    let location = object(field(o, "location")?, "`location`")?;
    let evidence = match o.get("evidence") {
        Some(Json::Array(a)) => a.iter().map(evidence).collect::<Result<_, _>>()?,
        _ => return Err("`evidence` is not a list".into()),
    };
    let info = RuleInfo {
        id: string(o, "id")?.into(),
        title: string(o, "title")?.into(),
        // Results do not repeat the rule's description.
        description: None,
        phase: Phase::parse(&phase).ok_or_else(|| format!("unknown phase `{phase}`"))?,
        severity: RuleSeverity::parse(&severity)
            .ok_or_else(|| format!("unknown severity `{severity}`"))?,
        package: string(o, "package")?.into(),
        tags: shared(strings(o, "tags")?),
        references: shared(strings(o, "references")?),
        remediation: opt_string(o, "remediation")?.map(Arc::from),
        location: Location {
            file: string(location, "file")?.into(),
            line: field(location, "line")?
                .as_u64()
                .and_then(|l| usize::try_from(l).ok())
                .ok_or("`location.line` is not a line number")?,
        },
    };
    Ok(RuleResult {
        info: Arc::new(info),
        status: Status::parse(&status).ok_or_else(|| format!("unknown status `{status}`"))?,
        messages: strings(o, "messages")?,
        evidence,
    })
}

/// Parse the JSON of `Decision.to_json()` back into a decision (the summary
/// is recomputed from the results).
pub fn decision_from_json(text: &str) -> Result<Decision, String> {
    let doc: Json = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let o = object(&doc, "the decision")?;
    let results = match field(o, "results")? {
        Json::Array(a) => a.iter().map(result).collect::<Result<Vec<_>, _>>()?,
        _ => return Err("`results` is not a list".into()),
    };
    Ok(Decision::new(results))
}
