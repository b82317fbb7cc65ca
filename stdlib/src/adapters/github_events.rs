//! GitHub webhook payloads and GraphQL pull request data →
//! `pull_request`, `reviews`, `checks`, `deployment`, `deployment_statuses`,
//! `release`, `push` and `alerts`.

use super::fragment::Fragment;
use super::util::{self, items, lower, path, s, Obj};
use super::AdapterError;
use phasegate_lang::value::Object;
use phasegate_lang::Value;
use std::sync::Arc;

/// A webhook payload of the given event.
pub(crate) fn load(
    event: &str,
    file: &str,
    doc: &Value,
    out: &mut Fragment,
) -> Result<(), AdapterError> {
    let expected = format!("GitHub `{event}` webhook payload");
    util::require_object(doc, file, &expected)?;
    let need = |key: &str| -> Result<&Value, AdapterError> {
        let v = doc.get(key);
        if v.as_object().is_some() {
            Ok(v)
        } else {
            Err(AdapterError::shape(
                file,
                expected.clone(),
                format!("no `{key}` object"),
            ))
        }
    };
    let repo = path(doc, &["repository", "full_name"]);
    let action = s(doc.get("action"));
    match event {
        "pull_request" => {
            out.single(
                "pull_request",
                pull_request(file, need("pull_request")?, &action, repo),
            );
        }
        "pull_request_review" => {
            let review = need("review")?;
            out.single(
                "pull_request",
                pull_request(file, need("pull_request")?, &Value::Null, repo),
            );
            out.push("reviews", webhook_review(file, review));
        }
        "check_run" => {
            let c = need("check_run")?;
            out.push(
                "checks",
                check(file, "check_run", c.get("name"), c, c.get("html_url")).build(),
            );
        }
        "workflow_run" => {
            let r = need("workflow_run")?;
            let item = check(file, "workflow_run", r.get("name"), r, r.get("html_url"))
                .set("event", s(r.get("event")))
                .set("workflow_path", s(r.get("path")))
                .set("actor", s(path(r, &["actor", "login"])));
            out.push("checks", item.build());
        }
        "workflow_job" => {
            let j = need("workflow_job")?;
            let item = check(file, "workflow_job", j.get("name"), j, j.get("html_url"))
                .set("workflow_name", s(j.get("workflow_name")));
            out.push("checks", item.build());
        }
        "deployment" => out.single("deployment", deployment(file, need("deployment")?, doc)),
        "deployment_status" => {
            let d = need("deployment")?;
            let st = need("deployment_status")?;
            out.single("deployment", deployment(file, d, doc));
            let item = Obj::new()
                .set("id", util::int(st.get("id")))
                .set("deployment_id", util::int(d.get("id")))
                .set("state", lower(st.get("state")))
                .set("environment", s(st.get("environment")))
                .set("creator", s(path(st, &["creator", "login"])))
                .set("created_at", s(st.get("created_at")))
                .set("description", util::nonempty(st.get("description")))
                .set("target_url", util::nonempty(st.get("target_url")))
                .set("source", file);
            out.push("deployment_statuses", item.build());
        }
        "release" => out.single("release", release(file, need("release")?, &action)),
        "push" => out.single("push", push(file, doc)?),
        "code_scanning_alert" | "secret_scanning_alert" | "dependabot_alert" => {
            out.push("alerts", alert(event, file, need("alert")?, doc));
        }
        other => {
            // Only reachable for a `Kind::GithubEvent` built by hand with an unknown event.
            return Err(super::Kind::parse(&format!("github.{other}"))
                .err()
                .unwrap_or_else(|| AdapterError::shape(file, expected, "unsupported event")));
        }
    }
    Ok(())
}

/// The webhook's pull request object, with `author`, `action`, `repository`, `source` added.
fn pull_request(file: &str, pr: &Value, action: &Value, repo: &Value) -> Value {
    let mut o: Object = pr.as_object().map(|o| (**o).clone()).unwrap_or_default();
    let mut put = |k: &str, v: Value| {
        o.insert(Arc::from(k), v);
    };
    put("author", s(path(pr, &["user", "login"])));
    put("action", action.clone());
    put("repository", s(repo));
    put("source", Value::str(file));
    Value::object(o)
}

fn webhook_review(file: &str, r: &Value) -> Value {
    review(
        file,
        path(r, &["user", "login"]),
        r.get("state"),
        r.get("submitted_at"),
        r.get("author_association"),
    )
    .set("id", util::int(r.get("id")))
    .set("commit_id", s(r.get("commit_id")))
    .build()
}

pub(crate) fn review(file: &str, user: &Value, state: &Value, at: &Value, assoc: &Value) -> Obj {
    Obj::new()
        .set("user", s(user))
        .set("state", lower(state))
        .set("submitted_at", s(at))
        .set("author_association", lower(assoc))
        .set("source", file)
}

/// `{name, status, conclusion, kind, …}` from a check run, workflow run or job.
fn check(file: &str, kind: &str, name: &Value, c: &Value, url: &Value) -> Obj {
    Obj::new()
        .set("name", s(name))
        .set("status", lower(c.get("status")))
        .set("conclusion", lower(&util::nonempty(c.get("conclusion"))))
        .set("kind", kind)
        .set("head_sha", s(c.get("head_sha")))
        .set("url", s(url))
        .set(
            "started_at",
            s(&c.get("started_at").clone_or(c.get("run_started_at"))),
        )
        .set("completed_at", s(c.get("completed_at")))
        .set("source", file)
}

pub(crate) trait CloneOr {
    fn clone_or(&self, other: &Value) -> Value;
}
impl CloneOr for Value {
    fn clone_or(&self, other: &Value) -> Value {
        if self.is_null() {
            other.clone()
        } else {
            self.clone()
        }
    }
}

/// `doc` is the whole payload: a deployment made by a workflow carries the
/// `workflow_run`, whose triggering actor is who started the deployment.
fn deployment(file: &str, d: &Value, doc: &Value) -> Value {
    let env = d.get("environment").as_str().unwrap_or("");
    // GitHub sets production_environment only for environments configured as such.
    let production = match d.get("production_environment").as_bool() {
        Some(b) => b,
        None => env.eq_ignore_ascii_case("production") || env.eq_ignore_ascii_case("prod"),
    };
    let run = doc.get("workflow_run");
    let triggered_by =
        path(run, &["triggering_actor", "login"]).clone_or(path(run, &["actor", "login"]));
    Obj::new()
        .set("id", util::int(d.get("id")))
        .set("environment", s(d.get("environment")))
        .set("production", production)
        .set("ref", s(d.get("ref")))
        .set("sha", s(d.get("sha")))
        .set("task", s(d.get("task")))
        .set("creator", s(path(d, &["creator", "login"])))
        .set("triggered_by", s(&triggered_by))
        .set("created_at", s(d.get("created_at")))
        .set("description", util::nonempty(d.get("description")))
        .set("source", file)
        .build()
}

fn release(file: &str, r: &Value, action: &Value) -> Value {
    let assets = items(r.get("assets"))
        .iter()
        .map(|a| {
            Obj::new()
                .set("name", s(a.get("name")))
                .set("content_type", s(a.get("content_type")))
                .set("size", util::int(a.get("size")))
                .set("url", s(a.get("browser_download_url")))
                .build()
        })
        .collect();
    Obj::new()
        .set("id", util::int(r.get("id")))
        .set("tag_name", s(r.get("tag_name")))
        .set("name", util::nonempty(r.get("name")))
        .set("draft", util::boolean(r.get("draft")))
        .set("prerelease", util::boolean(r.get("prerelease")))
        .set("author", s(path(r, &["author", "login"])))
        .set("author_type", s(path(r, &["author", "type"])))
        .set("body", s(r.get("body")))
        .set("target_commitish", s(r.get("target_commitish")))
        .set("created_at", s(r.get("created_at")))
        .set("published_at", s(r.get("published_at")))
        .set("assets", Value::array(assets))
        .set("action", action.clone())
        .set("source", file)
        .build()
}

fn push(file: &str, doc: &Value) -> Result<Value, AdapterError> {
    let commits = util::list_at(
        doc.get("commits"),
        file,
        "GitHub `push` webhook payload",
        "commits",
    )?
    .iter()
    .map(|c| {
        let author = path(c, &["author", "username"]).clone_or(path(c, &["author", "name"]));
        Obj::new()
            .set("id", s(c.get("id")))
            .set("message", s(c.get("message")))
            .set("author", s(&author))
            .set("timestamp", s(c.get("timestamp")))
            .build()
    })
    .collect();
    Ok(Obj::new()
        .set("ref", s(doc.get("ref")))
        .set("before", s(doc.get("before")))
        .set("after", s(doc.get("after")))
        .set("created", util::boolean(doc.get("created")))
        .set("deleted", util::boolean(doc.get("deleted")))
        .set("forced", util::boolean(doc.get("forced")))
        .set("pusher", s(path(doc, &["pusher", "name"])))
        .set("sender", s(path(doc, &["sender", "login"])))
        .set("commits", Value::array(commits))
        .set("head_commit", s(path(doc, &["head_commit", "id"])))
        .set("repository", s(path(doc, &["repository", "full_name"])))
        .set("source", file)
        .build())
}

fn alert(event: &str, file: &str, a: &Value, doc: &Value) -> Value {
    let kind = event.trim_end_matches("_alert");
    let base = Obj::new()
        .set("kind", kind)
        .set("number", util::int(a.get("number")))
        .set("created_at", s(a.get("created_at")))
        .set("updated_at", s(a.get("updated_at")))
        .set("url", s(a.get("html_url")))
        .set("action", s(doc.get("action")))
        .set("source", file);
    match kind {
        "code_scanning" => {
            let rule = a.get("rule");
            let sev = match rule.get("security_severity_level").as_str() {
                Some(x) => util::severity_name(x),
                None => util::severity_for_level(rule.get("severity").as_str().unwrap_or("")),
            };
            let loc = path(a, &["most_recent_instance", "location"]);
            base.set("state", lower(a.get("state")))
                .set("severity", sev)
                .set("rule_id", s(rule.get("id")))
                .set("tool", s(path(a, &["tool", "name"])))
                .set("package", Value::Null)
                .set(
                    "location",
                    util::location(loc.get("path"), loc.get("start_line")),
                )
                .build()
        }
        "secret_scanning" => {
            // Older payloads carry only `resolution` (null while the alert is open).
            let state = match a.get("state") {
                Value::Str(_) => lower(a.get("state")),
                _ if a.get("resolution").is_null() => Value::str("open"),
                _ => Value::str("resolved"),
            };
            base.set("state", state)
                .set("severity", "high")
                .set("rule_id", s(a.get("secret_type")))
                .set("resolution", s(a.get("resolution")))
                .set("package", Value::Null)
                .set("location", Value::Null)
                .build()
        }
        _ => {
            let adv = a.get("security_advisory");
            let vuln = a.get("security_vulnerability");
            let sev = vuln.get("severity").clone_or(adv.get("severity"));
            base.set("state", lower(a.get("state")))
                .set("severity", util::severity(&sev))
                .set("rule_id", s(adv.get("ghsa_id")))
                .set("cve_id", s(adv.get("cve_id")))
                .set("package", s(path(a, &["dependency", "package", "name"])))
                .set(
                    "ecosystem",
                    s(path(a, &["dependency", "package", "ecosystem"])),
                )
                .set(
                    "fixed_version",
                    s(path(vuln, &["first_patched_version", "identifier"])),
                )
                .set(
                    "location",
                    util::location(path(a, &["dependency", "manifest_path"]), &Value::Null),
                )
                .build()
        }
    }
}

/// The review history of a workflow run (`GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals`):
/// one `deployment_reviews` item per approval or rejection of its environments.
pub(crate) fn deployment_reviews(
    file: &str,
    doc: &Value,
    out: &mut Fragment,
) -> Result<(), AdapterError> {
    const EXPECTED: &str = "GitHub deployment review history";
    let Some(list) = doc.as_array() else {
        return Err(AdapterError::shape(
            file,
            EXPECTED,
            format!(
                "the document is {}, expected a list of reviews",
                util::a_kind(doc)
            ),
        ));
    };
    out.list("deployment_reviews");
    for (i, r) in list.iter().enumerate() {
        util::require_item(r, file, EXPECTED, "reviews", i)?;
        let environments: Vec<Value> = items(r.get("environments"))
            .iter()
            .map(|e| s(&e.get("name").clone_or(e)))
            .filter(|e| !e.is_null())
            .collect();
        let item = Obj::new()
            .set("user", s(path(r, &["user", "login"])))
            .set("state", lower(r.get("state")))
            .set("environments", Value::array(environments))
            .set("comment", util::nonempty(r.get("comment")))
            .set("source", file);
        out.push("deployment_reviews", item.build());
    }
    Ok(())
}
