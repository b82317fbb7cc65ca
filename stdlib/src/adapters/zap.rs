//! DAST reports → `findings` with `category: "dast"`: OWASP ZAP traditional
//! JSON (one finding per alert, instances counted) and Nuclei JSON lines.

use super::fragment::Fragment;
use super::sast::finding;
use super::util::{self, items, path, s};
use super::AdapterError;
use phasegate_lang::Value;

/// ZAP `-J report.json`: `site` (one object or a list) with `alerts`.
pub(crate) fn zap(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "OWASP ZAP JSON report";
    util::require_object(doc, file, EXPECTED)?;
    let sites: Vec<&Value> = match doc.get("site") {
        Value::Array(a) => a.iter().collect(),
        o @ Value::Object(_) => vec![o],
        _ => return Err(AdapterError::shape(file, EXPECTED, "no `site` list")),
    };
    out.list("findings");
    for (i, site) in sites.into_iter().enumerate() {
        util::require_item(site, file, EXPECTED, "site", i)?;
        let alerts = util::list_at(site.get("alerts"), file, EXPECTED, "alerts")?;
        for (j, a) in alerts.iter().enumerate() {
            util::require_item(a, file, EXPECTED, "alerts", j)?;
            // riskcode: 0 informational, 1 low, 2 medium, 3 high.
            let sev = match util::number(a.get("riskcode")).map(|x| x as i64) {
                Some(3) => "high",
                Some(2) => "medium",
                Some(1) => "low",
                Some(0) => "info",
                _ => "unknown",
            };
            // confidence 0 is ZAP's "false positive".
            let false_positive = util::number(a.get("confidence")) == Some(0.0);
            let instances = items(a.get("instances"));
            let uri = instances
                .first()
                .map(|x| x.get("uri"))
                .unwrap_or(&Value::Null);
            // ZAP writes the count as a string.
            let count = util::number(a.get("count"))
                .map(|c| c as i64)
                .unwrap_or(instances.len() as i64);
            let name = if a.get("name").is_null() {
                a.get("alert")
            } else {
                a.get("name")
            };
            let item = finding(file, "zap", "dast", sev, uri, &Value::Null)
                .set("tool_version", s(doc.get("@version")))
                .set("rule_id", s(a.get("pluginid")))
                .set("rule_name", s(name))
                .set("message", s(name))
                .set("site", s(site.get("@name")))
                .set("instances", count)
                .set("cwe", s(a.get("cweid")))
                .set("suppressed", false_positive)
                .set(
                    "suppression_status",
                    if false_positive {
                        Value::str("accepted")
                    } else {
                        Value::Null
                    },
                );
            out.push("findings", item.build());
        }
    }
    Ok(())
}

/// Nuclei `-jsonl`: one match per line (given here as a list).
pub(crate) fn nuclei(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "Nuclei JSON lines";
    let list = util::list_at(doc, file, EXPECTED, "(lines)")?;
    out.list("findings");
    for (i, m) in list.iter().enumerate() {
        util::require_item(m, file, EXPECTED, "(lines)", i)?;
        let info = m.get("info");
        let sev = util::severity_name(info.get("severity").as_str().unwrap_or(""));
        let at = if m.get("matched-at").is_null() {
            m.get("host")
        } else {
            m.get("matched-at")
        };
        let score = util::number(path(info, &["classification", "cvss-score"]));
        let item = finding(file, "nuclei", "dast", sev, at, &Value::Null)
            .set("rule_id", s(&m.get("template-id").clone()))
            .set("rule_name", s(info.get("name")))
            .set("message", s(info.get("name")))
            .set(
                "security_severity",
                score.map(Value::Float).unwrap_or(Value::Null),
            )
            .set("tags", Value::array(items(info.get("tags")).to_vec()))
            .set("site", s(m.get("host")));
        out.push("findings", item.build());
    }
    Ok(())
}
