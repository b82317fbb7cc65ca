//! OpenSSF Scorecard JSON result → `scorecard`.

use super::fragment::Fragment;
use super::util::{self, items, path, s, Obj};
use super::AdapterError;
use phasegate_lang::value::Object;
use phasegate_lang::Value;
use std::sync::Arc;

/// `scorecard --format json`.
pub(crate) fn load(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "OpenSSF Scorecard JSON";
    util::require_object(doc, file, EXPECTED)?;
    let checks = util::list_at(doc.get("checks"), file, EXPECTED, "checks")?;
    let mut list = Vec::new();
    let mut scores = Object::default();
    for (i, c) in checks.iter().enumerate() {
        util::require_item(c, file, EXPECTED, "checks", i)?;
        let score = util::int(c.get("score"));
        if let Some(name) = c.get("name").as_str() {
            scores.insert(Arc::from(name), score.clone());
        }
        list.push(
            Obj::new()
                .set("name", s(c.get("name")))
                .set("score", score)
                .set(
                    "applicable",
                    c.get("score").as_f64().is_some_and(|x| x >= 0.0),
                )
                .set("reason", s(c.get("reason")))
                .set("details", Value::array(items(c.get("details")).to_vec()))
                .set("url", s(path(c, &["documentation", "url"])))
                .build(),
        );
    }
    let score = util::number(doc.get("score"))
        .map(Value::Float)
        .unwrap_or(Value::Null);
    let item = Obj::new()
        .set("score", score)
        .set("date", s(doc.get("date")))
        .set("repo", s(path(doc, &["repo", "name"])))
        .set("commit", s(path(doc, &["repo", "commit"])))
        .set("version", s(path(doc, &["scorecard", "version"])))
        .set("checks", Value::array(list))
        .set("scores", Value::object(scores))
        .set("source", file);
    out.single("scorecard", item.build());
    Ok(())
}
