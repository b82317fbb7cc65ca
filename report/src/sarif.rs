//! SARIF 2.1.0 (`phasegate check --format sarif`), for code-scanning UIs.
//!
//! One run with phasegate as the tool. Every policy rule is a reporting rule
//! (id, title, help from its remediation and references, default level and
//! `security-severity` from its severity). Every failing rule is one result
//! with its messages, located where its evidence came from (see
//! [`crate::locate`]) or else at the rule in its policy file. Errored rules
//! are tool execution notifications. Skipped and passing rules have no result.
//! The output is deterministic: the same decision gives the same bytes.

use crate::locate::{evidence_locations, SourceLocation};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use phasegate_engine::{Decision, Evidence, RuleResult, Status};
use phasegate_lang::model::RuleSeverity;
use serde::Serialize;
use serde_json::{json, Map, Value as Json};

/// The `$schema` written into the log: the official OASIS schema.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF `level` of a rule severity: critical/high → error, medium → warning, low/info → note.
pub fn level(severity: RuleSeverity) -> &'static str {
    match severity {
        RuleSeverity::Critical | RuleSeverity::High => "error",
        RuleSeverity::Medium => "warning",
        RuleSeverity::Low | RuleSeverity::Info => "note",
    }
}

/// The `security-severity` score (0.0–10.0, as code-scanning UIs read it) of a rule severity.
pub fn security_severity(severity: RuleSeverity) -> &'static str {
    match severity {
        RuleSeverity::Critical => "9.5",
        RuleSeverity::High => "8.0",
        RuleSeverity::Medium => "5.5",
        RuleSeverity::Low => "3.0",
        RuleSeverity::Info => "0.0",
    }
}

/// The decision as a pretty-printed SARIF 2.1.0 log.
pub fn to_sarif(decision: &Decision) -> String {
    serde_json::to_string_pretty(&log(decision))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The decision as a SARIF 2.1.0 log (a JSON value, for callers that embed it).
pub fn log(decision: &Decision) -> Json {
    let rules: Vec<Json> = decision.results.iter().map(descriptor).collect();
    let results: Vec<Json> = decision
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status == Status::Fail)
        .map(|(i, r)| result(i, r))
        .collect();
    let notifications: Vec<Json> = decision
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status == Status::Error)
        .map(|(i, r)| notification(i, r))
        .collect();
    let mut invocation = Map::new();
    invocation.insert(
        "executionSuccessful".into(),
        json!(notifications.is_empty()),
    );
    if !notifications.is_empty() {
        invocation.insert(
            "toolExecutionNotifications".into(),
            Json::Array(notifications),
        );
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "phasegate",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [invocation],
            "results": results,
        }],
    })
}

/// A text message.
#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

fn descriptor(r: &RuleResult) -> Json {
    let mut d = Map::new();
    d.insert("id".into(), json!(r.id));
    d.insert("name".into(), json!(r.title));
    d.insert("shortDescription".into(), json!(Message { text: &r.title }));
    let (text, markdown) = help(r);
    d.insert("help".into(), json!({"text": text, "markdown": markdown}));
    if let Some(uri) = r.references.iter().find(|u| is_web_uri(u)) {
        d.insert("helpUri".into(), json!(uri));
    }
    d.insert(
        "defaultConfiguration".into(),
        json!({"level": level(r.severity)}),
    );
    let mut tags: Vec<&str> = vec!["security", r.phase.as_str()];
    for t in r.tags.iter() {
        if !tags.contains(&&**t) {
            tags.push(t);
        }
    }
    d.insert(
        "properties".into(),
        json!({
            "security-severity": security_severity(r.severity),
            "tags": tags,
            "phase": r.phase.as_str(),
            "severity": r.severity.as_str(),
            "package": r.package,
        }),
    );
    Json::Object(d)
}

/// Help text and Markdown: the remediation, then the references.
fn help(r: &RuleResult) -> (String, String) {
    let mut text = r.remediation.as_deref().unwrap_or(&r.title).to_string();
    let mut md = text.clone();
    if !r.references.is_empty() {
        text.push_str("\n\nReferences:");
        md.push_str("\n\n**References**\n");
        for u in r.references.iter() {
            text.push_str(&format!("\n- {u}"));
            if is_web_uri(u) {
                md.push_str(&format!("\n- <{u}>"));
            } else {
                md.push_str(&format!("\n- {u}"));
            }
        }
    }
    (text, md)
}

fn result(index: usize, r: &RuleResult) -> Json {
    let text = if r.messages.is_empty() {
        r.title.to_string()
    } else {
        r.messages.join("\n")
    };
    let policy = physical(&SourceLocation {
        file: r.location.file.to_string(),
        line: u64::try_from(r.location.line).ok().filter(|l| *l > 0),
    });
    let found = evidence_locations(&r.evidence);
    let mut res = Map::new();
    res.insert("ruleId".into(), json!(r.id));
    res.insert("ruleIndex".into(), json!(index));
    res.insert("kind".into(), json!("fail"));
    res.insert("level".into(), json!(level(r.severity)));
    res.insert("message".into(), json!(Message { text: &text }));
    if found.is_empty() {
        res.insert("locations".into(), json!([{ "physicalLocation": policy }]));
    } else {
        let locs: Vec<Json> = found
            .iter()
            .map(|l| json!({"physicalLocation": physical(l)}))
            .collect();
        res.insert("locations".into(), Json::Array(locs));
        let here = format!("rule {} is defined here", r.id);
        res.insert(
            "relatedLocations".into(),
            json!([{"id": 0, "physicalLocation": policy, "message": Message { text: &here }}]),
        );
    }
    res.insert(
        "properties".into(),
        json!({
            "phase": r.phase.as_str(),
            "severity": r.severity.as_str(),
            "messages": r.messages,
            "evidence": r.evidence.iter().map(evidence).collect::<Vec<_>>(),
        }),
    );
    Json::Object(res)
}

fn evidence(e: &Evidence) -> Json {
    serde_json::to_value(e).unwrap_or(Json::Null)
}

fn notification(index: usize, r: &RuleResult) -> Json {
    let text = if r.messages.is_empty() {
        format!("rule {} could not be evaluated", r.id)
    } else {
        format!("rule {}: {}", r.id, r.messages.join("\n"))
    };
    json!({
        "level": "error",
        "message": Message { text: &text },
        "associatedRule": {"id": r.id, "index": index},
    })
}

fn physical(loc: &SourceLocation) -> Json {
    let mut p = Map::new();
    p.insert(
        "artifactLocation".into(),
        json!({"uri": file_uri(&loc.file)}),
    );
    if let Some(line) = loc.line {
        p.insert("region".into(), json!({"startLine": line}));
    }
    Json::Object(p)
}

/// Characters that may not appear in a URI reference, beyond controls and non-ASCII.
const NOT_IN_URI: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'[')
    .add(b']');

/// A file name as a SARIF `uri-reference`: relative paths stay relative
/// (forward slashes), absolute paths become `file://` URIs, URIs are kept;
/// characters not allowed in a URI are percent-encoded.
pub fn file_uri(file: &str) -> String {
    let f = file.replace('\\', "/");
    let bytes = f.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    let prefixed = if f.starts_with('/') {
        format!("file://{f}")
    } else if drive {
        format!("file:///{f}")
    } else {
        f
    };
    utf8_percent_encode(&prefixed, NOT_IN_URI).to_string()
}

/// `true` for an absolute http(s) URL without spaces (usable as `helpUri` or a link).
pub fn is_web_uri(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && s.len() > "https://".len()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(file_uri("src/a b.py"), "src/a%20b.py");
        assert_eq!(file_uri("/tmp/p.gate"), "file:///tmp/p.gate");
        assert_eq!(file_uri("C:\\work\\p.gate"), "file:///C:/work/p.gate");
        assert_eq!(file_uri("https://x.test/a"), "https://x.test/a");
        assert_eq!(file_uri("dir/é.txt"), "dir/%C3%A9.txt");
    }

    #[test]
    fn web_uris() {
        assert!(is_web_uri("https://owasp.org/x"));
        assert!(is_web_uri("HTTP://example.com"));
        assert!(!is_web_uri("CWE-79"));
        assert!(!is_web_uri("javascript:alert(1)"));
        assert!(!is_web_uri("https://a b"));
        assert!(!is_web_uri("https://"));
    }

    #[test]
    fn levels_and_scores() {
        let got: Vec<(&str, &str)> = RuleSeverity::ALL
            .iter()
            .map(|s| (level(*s), security_severity(*s)))
            .collect();
        assert_eq!(
            got,
            [
                ("note", "0.0"),
                ("note", "3.0"),
                ("warning", "5.5"),
                ("error", "8.0"),
                ("error", "9.5")
            ]
        );
    }
}
