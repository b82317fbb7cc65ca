//! Recognising the format of an evidence file from its content.
//!
//! Detection only answers when the content is unambiguous (a key or a
//! combination of keys that only one format has). An empty list is told
//! apart only by a tool name in the file name (`gitleaks-report.json`).
//! A webhook payload does not carry its event name: the event is told from
//! its distinctive keys, and otherwise the caller must name it.

use super::decode;
use super::util::key_list;
use super::{AdapterError, Kind};
use phasegate_lang::Value;

/// Detect the kind of an evidence file from its content (and, for empty
/// reports only, its name).
pub fn detect(file_name: &str, bytes: &[u8]) -> Result<Kind, AdapterError> {
    sniff(file_name, bytes).map(|(k, _)| k)
}

fn extension(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    match base.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    }
}

/// Detect and decode: the kind and the parsed document (a list of documents
/// for JSON lines and multi-document YAML).
pub(crate) fn sniff(file: &str, bytes: &[u8]) -> Result<(Kind, Value), AdapterError> {
    let ext = extension(file);
    if ext == "yml" || ext == "yaml" {
        let docs = decode::yaml_docs(file, bytes)?;
        return classify_yaml(file, docs);
    }
    match decode::json(file, bytes) {
        Ok(doc) => {
            let kind = classify(file, &doc, "JSON")?;
            // A JSON-lines report of a single line parses as one object.
            let doc = match (&kind, doc) {
                (Kind::Trufflehog | Kind::Nuclei, d @ Value::Object(_)) => Value::array(vec![d]),
                (_, d) => d,
            };
            Ok((kind, doc))
        }
        Err(e) if decode::is_trailing(&e) => {
            let lines = decode::json_lines(file, bytes)?;
            let first = lines
                .as_array()
                .and_then(|a| a.first().cloned())
                .unwrap_or(Value::Null);
            match classify(file, &first, "JSON") {
                Ok(k @ (Kind::Trufflehog | Kind::Nuclei)) => Ok((k, lines)),
                _ => Err(unknown(
                    file,
                    format!("JSON lines whose first line is {}", describe(&first)),
                )),
            }
        }
        Err(e) => {
            let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
            if ext == "json" || matches!(first, Some(b'{') | Some(b'[')) {
                return Err(e);
            }
            match decode::yaml_docs(file, bytes) {
                Ok(docs) => classify_yaml(file, docs),
                Err(_) => Err(unknown(file, "text that is neither JSON nor YAML".into())),
            }
        }
    }
}

fn classify_yaml(file: &str, docs: Vec<Value>) -> Result<(Kind, Value), AdapterError> {
    let is_k8s = |d: &Value| !d.get("apiVersion").is_null() && !d.get("kind").is_null();
    if !docs.is_empty() && docs.iter().all(is_k8s) {
        return Ok((Kind::Kubernetes, Value::array(docs)));
    }
    match docs.len() {
        0 => Err(unknown(file, "an empty YAML file".into())),
        1 => {
            let doc = docs.into_iter().next().unwrap_or(Value::Null);
            let kind = classify(file, &doc, "YAML")?;
            let doc = if kind == Kind::Kubernetes {
                Value::array(vec![doc])
            } else {
                doc
            };
            Ok((kind, doc))
        }
        n => Err(unknown(
            file,
            format!("YAML with {n} documents that are not all Kubernetes objects"),
        )),
    }
}

fn describe(doc: &Value) -> String {
    match doc {
        Value::Object(_) => format!("an object with keys {}", key_list(doc, 8)),
        Value::Array(a) => match a.first() {
            None => "an empty list".into(),
            Some(first) => format!(
                "a list of {} item{}, the first {}",
                a.len(),
                if a.len() == 1 { "" } else { "s" },
                describe_item(first)
            ),
        },
        other => super::util::a_kind(other),
    }
}

fn describe_item(v: &Value) -> String {
    match v {
        Value::Object(_) => format!("with keys {}", key_list(v, 8)),
        other => super::util::a_kind(other),
    }
}

fn unknown(file: &str, looked_like: String) -> AdapterError {
    AdapterError::Unknown {
        file: file.to_string(),
        looked_like,
        example: format!("sarif={file}"),
    }
}

fn has(doc: &Value, key: &str) -> bool {
    !doc.get(key).is_null()
}

/// A tool named in the file name, for reports that are an empty list.
fn name_hint(file: &str) -> Option<Kind> {
    let base = file
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file)
        .to_ascii_lowercase();
    [
        ("gitleaks", Kind::Gitleaks),
        ("trufflehog", Kind::Trufflehog),
        ("hadolint", Kind::Hadolint),
        ("eslint", Kind::Eslint),
        ("checkov", Kind::Checkov),
        ("nuclei", Kind::Nuclei),
        ("sonar", Kind::SonarIssues),
    ]
    .into_iter()
    .find(|(n, _)| base.contains(n))
    .map(|(_, k)| k)
}

/// The kind of one parsed document.
/// `syntax` (`JSON` or `YAML`) is only used in messages.
pub(crate) fn classify(file: &str, doc: &Value, syntax: &str) -> Result<Kind, AdapterError> {
    match doc {
        Value::Object(_) => classify_object(file, doc, syntax),
        Value::Array(a) => match a.iter().find(|x| x.as_object().is_some()) {
            None if a.is_empty() => {
                name_hint(file).ok_or_else(|| unknown(file, format!("an empty {syntax} list")))
            }
            None => Err(unknown(file, format!("{syntax}: {}", describe(doc)))),
            Some(item) => classify_list_item(item)
                .ok_or_else(|| unknown(file, format!("{syntax}: {}", describe(doc)))),
        },
        Value::Null => name_hint(file).ok_or_else(|| unknown(file, format!("{syntax} null"))),
        other => Err(unknown(
            file,
            format!("{syntax}: {}", super::util::a_kind(other)),
        )),
    }
}

fn classify_list_item(item: &Value) -> Option<Kind> {
    let kind = if has(item, "RuleID") && (has(item, "File") || has(item, "StartLine")) {
        Kind::Gitleaks
    } else if has(item, "filePath") && has(item, "messages") {
        Kind::Eslint
    } else if has(item, "code") && has(item, "level") && has(item, "file") {
        Kind::Hadolint
    } else if has(item, "rule") && has(item, "severity") && has(item, "component") {
        Kind::SonarIssues
    } else if has(item, "check_type") && has(item, "results") {
        Kind::Checkov
    } else if has(item, "SourceMetadata") && has(item, "DetectorName") {
        Kind::Trufflehog
    } else if has(item, "template-id") && has(item, "info") {
        Kind::Nuclei
    } else if has(item, "name") && has(item, "vulns") {
        Kind::PipAudit
    } else if has(item, "environments") && has(item, "state") && has(item, "user") {
        Kind::GithubDeploymentReviews
    } else {
        return None;
    };
    Some(kind)
}

fn classify_object(file: &str, doc: &Value, syntax: &str) -> Result<Kind, AdapterError> {
    let first_of = |key: &str| {
        doc.get(key)
            .as_array()
            .and_then(|a| a.first().cloned())
            .unwrap_or(Value::Null)
    };
    let schema = doc.get("$schema").as_str().unwrap_or("");
    let kind = if has(doc, "runs")
        && (doc
            .get("version")
            .as_str()
            .is_some_and(|v| v.starts_with("2."))
            || schema.contains("sarif"))
    {
        Kind::Sarif
    } else if doc.get("bomFormat").as_str() == Some("CycloneDX") {
        let vex_only = super::util::items(doc.get("components")).is_empty()
            && super::util::items(doc.get("vulnerabilities"))
                .iter()
                .any(|v| has(v, "analysis"));
        if vex_only {
            Kind::Vex
        } else {
            Kind::CycloneDx
        }
    } else if has(doc, "spdxVersion") {
        Kind::Spdx
    } else if has(doc, "SchemaVersion") && has(doc, "Results") {
        let results = super::util::items(doc.get("Results"));
        let secrets_only = !results.is_empty()
            && results
                .iter()
                .all(|r| r.get("Class").as_str() == Some("secret"));
        if secrets_only {
            Kind::TrivySecrets
        } else {
            Kind::Trivy
        }
    } else if has(doc, "matches") && (has(doc, "descriptor") || has(doc, "distro")) {
        Kind::Grype
    } else if has(doc, "auditReportVersion") {
        Kind::NpmAudit
    } else if has(doc, "dependencies")
        && (has(&first_of("dependencies"), "vulns") || has(doc, "fixes"))
    {
        Kind::PipAudit
    } else if has(doc, "results")
        && (has(&first_of("results"), "packages") || has(doc, "experimental_config"))
    {
        Kind::Osv
    } else if has(doc, "results") && (has(doc, "metrics") || has(doc, "generated_at")) {
        Kind::Bandit
    } else if has(doc, "results") && has(doc, "errors") {
        Kind::Semgrep
    } else if has(doc, "check_type") && has(doc, "results") {
        Kind::Checkov
    } else if has(doc, "projectStatus")
        || super::util::path(doc, &["response", "body"])
            .as_str()
            .is_some_and(|b| b.contains("\"projectStatus\""))
    {
        Kind::SonarQualityGate
    } else if has(doc, "issues") && (has(doc, "paging") || has(doc, "total")) {
        Kind::SonarIssues
    } else if has(doc, "scorecard") && has(doc, "checks") {
        Kind::Scorecard
    } else if has(doc, "site") && (has(doc, "@version") || has(doc, "@generated")) {
        Kind::Zap
    } else if has(
        super::util::path(doc, &["data", "repository"]),
        "pullRequest",
    ) || has(doc, "statusCheckRollup")
        || has(doc, "latestReviews")
    {
        Kind::GithubGraphqlPr
    } else if has(doc, "SourceMetadata") && has(doc, "DetectorName") {
        Kind::Trufflehog
    } else if has(doc, "template-id") && has(doc, "info") {
        Kind::Nuclei
    } else if has(doc, "apiVersion") && has(doc, "kind") {
        Kind::Kubernetes
    } else if has(doc, "jobs") && has(doc, "on") {
        Kind::GithubWorkflow
    } else if has(doc, "updates") && has(doc, "version") {
        Kind::Dependabot
    } else if schema.contains("renovate")
        || has(doc, "packageRules")
        || super::util::items(doc.get("extends"))
            .iter()
            .any(|e| e.as_str().is_some_and(|x| x.starts_with("config:")))
        || file.ends_with("renovate.json")
        || file.ends_with(".renovaterc")
        || file.ends_with(".renovaterc.json")
    {
        Kind::Renovate
    } else if let Some(event) = github_event(doc) {
        Kind::GithubEvent(event.to_string())
    } else if has(doc, "repository") && has(doc, "sender") {
        return Err(AdapterError::Unknown {
            file: file.to_string(),
            looked_like: format!(
                "a GitHub webhook payload with keys {}, but its event cannot be told from its content",
                key_list(doc, 10)
            ),
            example: format!("github.pull_request={file}"),
        });
    } else {
        return Err(unknown(
            file,
            format!("{syntax} with keys {}", key_list(doc, 10)),
        ));
    };
    Ok(kind)
}

/// The webhook event of a payload, from the keys only that event has.
pub(crate) fn github_event(doc: &Value) -> Option<&'static str> {
    let alert = doc.get("alert");
    let event = if has(doc, "pull_request") && has(doc, "review") {
        "pull_request_review"
    } else if has(doc, "pull_request") && (has(doc, "comment") || has(doc, "thread")) {
        return None;
    } else if has(doc, "pull_request") && has(doc, "number") {
        "pull_request"
    } else if has(doc, "check_run") {
        "check_run"
    } else if has(doc, "deployment_status") && has(doc, "deployment") {
        "deployment_status"
    } else if has(doc, "deployment") {
        "deployment"
    } else if has(doc, "workflow_job") {
        "workflow_job"
    } else if has(doc, "workflow_run") {
        "workflow_run"
    } else if has(doc, "release") && has(doc, "action") {
        "release"
    } else if has(alert, "secret_type") {
        "secret_scanning_alert"
    } else if has(alert, "security_advisory") || has(alert, "dependency") {
        "dependabot_alert"
    } else if has(alert, "rule") && (has(alert, "tool") || has(doc, "commit_oid")) {
        "code_scanning_alert"
    } else if has(doc, "pusher") && has(doc, "ref") && has(doc, "before") && has(doc, "after") {
        "push"
    } else {
        return None;
    };
    Some(event)
}
