//! Native SAST and lint reports → `findings`: Semgrep, Bandit, Checkov,
//! hadolint, ESLint (and Trivy misconfigurations). Each tool's own severity
//! scale is mapped to the canonical one; the SARIF-style `level` follows
//! from it (critical/high → error, medium → warning, low → note, info → none).

use super::fragment::Fragment;
use super::util::{self, items, path, s, Obj};
use super::AdapterError;
use phasegate_lang::Value;

/// A finding with every field present, as in SARIF findings.
pub(crate) fn finding(
    file: &str,
    tool: &str,
    category: &str,
    severity: &str,
    uri: &Value,
    line: &Value,
) -> Obj {
    let uri = s(uri);
    let line = util::int(line);
    Obj::new()
        .set("tool", tool)
        .set("tool_version", Value::Null)
        .set("category", category)
        .set("rule_id", Value::Null)
        .set("rule_name", Value::Null)
        .set("level", util::level_for_severity(severity))
        .set("level_source", "tool")
        .set("severity", severity)
        .set("security_severity", Value::Null)
        .set("message", Value::Null)
        .set("file", uri.clone())
        .set("line", line.clone())
        .set("location", util::location(&uri, &line))
        .set("kind", "fail")
        .set("baseline_state", Value::Null)
        .set("suppressed", false)
        .set("suppression_status", Value::Null)
        .set("tags", Value::array(vec![]))
        .set("help_uri", Value::Null)
        .set("source", file)
}

/// Semgrep `--json`.
pub(crate) fn semgrep(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "Semgrep JSON";
    util::require_object(doc, file, EXPECTED)?;
    let results = util::list_at(doc.get("results"), file, EXPECTED, "results")?;
    out.list("findings");
    for (i, r) in results.iter().enumerate() {
        util::require_item(r, file, EXPECTED, "results", i)?;
        let extra = r.get("extra");
        // Semgrep severities: ERROR, WARNING, INFO (newer: CRITICAL … LOW).
        let sev = match extra.get("severity").as_str().unwrap_or("") {
            "ERROR" => "high",
            "INFO" => "low",
            other => util::severity_name(other),
        };
        let ignored = extra.get("is_ignored").is_true();
        let item = finding(
            file,
            "semgrep",
            "sast",
            sev,
            r.get("path"),
            path(r, &["start", "line"]),
        )
        .set("rule_id", s(r.get("check_id")))
        .set("message", s(extra.get("message")))
        .set("suppressed", ignored)
        .set(
            "suppression_status",
            if ignored {
                Value::str("accepted")
            } else {
                Value::Null
            },
        );
        out.push("findings", item.build());
    }
    Ok(())
}

/// Bandit `-f json`.
pub(crate) fn bandit(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "Bandit JSON";
    util::require_object(doc, file, EXPECTED)?;
    let results = util::list_at(doc.get("results"), file, EXPECTED, "results")?;
    out.list("findings");
    for (i, r) in results.iter().enumerate() {
        util::require_item(r, file, EXPECTED, "results", i)?;
        let sev = util::severity_name(r.get("issue_severity").as_str().unwrap_or(""));
        let item = finding(
            file,
            "bandit",
            "sast",
            sev,
            r.get("filename"),
            r.get("line_number"),
        )
        .set("rule_id", s(r.get("test_id")))
        .set("rule_name", s(r.get("test_name")))
        .set("message", s(r.get("issue_text")))
        .set("confidence", util::lower(r.get("issue_confidence")))
        .set("help_uri", s(r.get("more_info")));
        out.push("findings", item.build());
    }
    Ok(())
}

/// Checkov `-o json`: one report object, or a list of them (one per framework).
/// Failed checks are open findings; skipped checks are suppressed findings.
pub(crate) fn checkov(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "Checkov JSON";
    let reports: Vec<&Value> = match doc {
        Value::Array(a) => a.iter().collect(),
        _ => vec![doc],
    };
    out.list("findings");
    for (i, report) in reports.iter().enumerate() {
        util::require_item(report, file, EXPECTED, "(reports)", i)?;
        let results = report.get("results");
        let sets = [("failed_checks", false), ("skipped_checks", true)];
        for (key, skipped) in sets {
            let checks = util::list_at(results.get(key), file, EXPECTED, key)?;
            for c in checks {
                // Checkov prints no severity without a platform key: the severity is then
                // `unknown`, and the level of a failed check is `error` either way.
                let sev = util::severity_name(c.get("severity").as_str().unwrap_or(""));
                let line = items(c.get("file_line_range"))
                    .first()
                    .cloned()
                    .unwrap_or(Value::Null);
                let level = if sev == "unknown" {
                    "error"
                } else {
                    util::level_for_severity(sev)
                };
                let item = finding(file, "checkov", "iac", sev, c.get("file_path"), &line)
                    .set("level", level)
                    .set("rule_id", s(c.get("check_id")))
                    .set("rule_name", s(c.get("check_name")))
                    .set("message", s(c.get("check_name")))
                    .set("resource", s(c.get("resource")))
                    .set("framework", s(report.get("check_type")))
                    .set("suppressed", skipped)
                    .set(
                        "suppression_status",
                        if skipped {
                            Value::str("accepted")
                        } else {
                            Value::Null
                        },
                    )
                    .set("help_uri", s(c.get("guideline")));
                out.push("findings", item.build());
            }
        }
    }
    Ok(())
}

/// hadolint `-f json`: a list of rule violations.
pub(crate) fn hadolint(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "hadolint JSON";
    let list = util::list_at(doc, file, EXPECTED, "(report)")?;
    out.list("findings");
    for (i, r) in list.iter().enumerate() {
        util::require_item(r, file, EXPECTED, "(report)", i)?;
        let sev = match r.get("level").as_str().unwrap_or("") {
            "error" => "high",
            "warning" => "medium",
            "info" | "style" => "low",
            _ => "unknown",
        };
        let item = finding(file, "hadolint", "iac", sev, r.get("file"), r.get("line"))
            .set("rule_id", s(r.get("code")))
            .set("message", s(r.get("message")));
        out.push("findings", item.build());
    }
    Ok(())
}

/// ESLint `-f json`: files with their messages (severity 2 = error,
/// 1 = warning); `suppressedMessages` are suppressed findings.
pub(crate) fn eslint(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "ESLint JSON";
    let files = util::list_at(doc, file, EXPECTED, "(report)")?;
    out.list("findings");
    for (i, f) in files.iter().enumerate() {
        util::require_item(f, file, EXPECTED, "(report)", i)?;
        let uri = f.get("filePath");
        for (key, suppressed) in [("messages", false), ("suppressedMessages", true)] {
            for m in items(f.get(key)) {
                let sev = match m.get("severity").as_int() {
                    Some(2) => "high",
                    Some(1) => "medium",
                    _ => "info",
                };
                let item = finding(file, "eslint", "sast", sev, uri, m.get("line"))
                    .set("rule_id", s(m.get("ruleId")))
                    .set("message", s(m.get("message")))
                    .set("suppressed", suppressed)
                    .set(
                        "suppression_status",
                        if suppressed {
                            Value::str("accepted")
                        } else {
                            Value::Null
                        },
                    );
                out.push("findings", item.build());
            }
        }
    }
    Ok(())
}

/// The failed `Misconfigurations` of one Trivy result.
pub(crate) fn trivy_misconfigs(file: &str, target: &Value, list: &Value, out: &mut Fragment) {
    for m in items(list) {
        if m.get("Status").as_str().is_some_and(|st| st != "FAIL") {
            continue;
        }
        let sev = util::severity_name(m.get("Severity").as_str().unwrap_or(""));
        let line = path(m, &["CauseMetadata", "StartLine"]);
        let item = finding(file, "trivy", "iac", sev, target, line)
            .set("rule_id", s(m.get("ID")))
            .set("rule_name", s(m.get("Title")))
            .set("message", s(m.get("Message")))
            .set("help_uri", s(m.get("PrimaryURL")));
        out.push("findings", item.build());
    }
}
