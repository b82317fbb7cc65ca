//! Repository configuration → `workflows` (GitHub Actions workflow files)
//! and `dependency_updates` (dependabot.yml, renovate.json).

use super::fragment::Fragment;
use super::util::{self, items, s, str_list, Obj};
use super::AdapterError;
use phasegate_lang::value::Object;
use phasegate_lang::Value;
use std::sync::Arc;

/// Action owners GitHub itself publishes; every other owner is third-party.
const FIRST_PARTY: &[&str] = &["actions", "github"];

/// A GitHub Actions workflow.
pub(crate) fn workflow(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "GitHub Actions workflow";
    util::require_object(doc, file, EXPECTED)?;
    let jobs_doc = match doc.get("jobs") {
        Value::Object(o) => o.clone(),
        other => {
            return Err(AdapterError::shape(
                file,
                EXPECTED,
                format!(
                    "`jobs` is {}, expected a mapping of job ids to jobs",
                    util::a_kind(other)
                ),
            ))
        }
    };
    let on = triggers(doc.get("on"));
    let mut jobs = Vec::new();
    let mut uses = Vec::new();
    for (id, job) in jobs_doc.iter() {
        if let Some(u) = job.get("uses").as_str() {
            uses.push(parse_uses(u, id, &Value::Null));
        }
        let steps = util::list_at(
            job.get("steps"),
            file,
            EXPECTED,
            &format!("jobs.{id}.steps"),
        )?;
        let mut step_items = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            let name = s(step.get("name"));
            if let Some(u) = step.get("uses").as_str() {
                let label = if name.is_null() {
                    Value::Int(i as i64)
                } else {
                    name.clone()
                };
                uses.push(parse_uses(u, id, &label));
            }
            step_items.push(
                Obj::new()
                    .set("name", name)
                    .set("id", s(step.get("id")))
                    .set("uses", s(step.get("uses")))
                    .set("run", s(step.get("run")))
                    .build(),
            );
        }
        let env = job.get("environment");
        let environment = match env {
            Value::Str(_) => env.clone(),
            _ => s(env.get("name")),
        };
        let needs = match job.get("needs") {
            Value::Str(_) => Value::array(vec![job.get("needs").clone()]),
            other => Value::array(items(other).to_vec()),
        };
        jobs.push(
            Obj::new()
                .set("id", Value::str(&**id))
                .set("name", s(job.get("name")))
                .set("runs_on", job.get("runs-on").clone())
                .set("environment", environment)
                .set("permissions", job.get("permissions").clone())
                .set("needs", needs)
                .set("uses", s(job.get("uses")))
                .set("steps", Value::array(step_items))
                .build(),
        );
    }
    let trigger_names: Vec<&str> = on
        .as_object()
        .map(|o| o.keys().map(|k| &**k).collect())
        .unwrap_or_default();
    let item = Obj::new()
        .set("path", file)
        .set("name", s(doc.get("name")))
        .set("triggers", str_list(trigger_names))
        .set("on", on.clone())
        .set("permissions", doc.get("permissions").clone())
        .set("jobs", Value::array(jobs))
        .set("uses", Value::array(uses))
        .set("source", file);
    out.push("workflows", item.build());
    Ok(())
}

/// `on:` as an object of event → configuration (a name or a list of names
/// becomes events with `null` configuration).
fn triggers(on: &Value) -> Value {
    let mut o = Object::default();
    match on {
        Value::Str(name) => {
            o.insert(name.clone(), Value::Null);
        }
        Value::Array(list) => {
            for name in list.iter().filter_map(|x| x.as_str()) {
                o.insert(Arc::from(name), Value::Null);
            }
        }
        Value::Object(map) => return Value::Object(map.clone()),
        _ => {}
    }
    Value::object(o)
}

fn is_hex_sha(x: &str, len: usize) -> bool {
    x.len() == len && x.bytes().all(|b| b.is_ascii_hexdigit())
}

/// One `uses:` reference: `owner/repo[/path]@ref`, `./local`, or `docker://image[:tag|@digest]`.
fn parse_uses(u: &str, job: &str, step: &Value) -> Value {
    let u = u.trim();
    let base = Obj::new()
        .set("uses", u)
        .set("job", job)
        .set("step", step.clone());
    if u.starts_with("./") || u.starts_with("../") {
        return base
            .set("action", u)
            .set("ref", Value::Null)
            .set("owner", Value::Null)
            .set("local", true)
            .set("docker", false)
            .set("third_party", false)
            .set("pinned_sha", false)
            .build();
    }
    if let Some(image) = u.strip_prefix("docker://") {
        let (name, reference, pinned) = match image.split_once('@') {
            Some((n, d)) => (
                n,
                d,
                d.strip_prefix("sha256:").is_some_and(|h| is_hex_sha(h, 64)),
            ),
            None => match image.rsplit_once(':').filter(|(_, t)| !t.contains('/')) {
                Some((n, t)) => (n, t, false),
                None => (image, "", false),
            },
        };
        return base
            .set("action", name)
            .set(
                "ref",
                if reference.is_empty() {
                    Value::Null
                } else {
                    Value::str(reference)
                },
            )
            .set("owner", Value::Null)
            .set("local", false)
            .set("docker", true)
            .set("third_party", true)
            .set("pinned_sha", pinned)
            .build();
    }
    let (action, reference) = match u.split_once('@') {
        Some((a, r)) => (a, Value::str(r)),
        None => (u, Value::Null),
    };
    let owner = action.split('/').next().unwrap_or("");
    let pinned = reference.as_str().is_some_and(|r| is_hex_sha(r, 40));
    base.set("action", action)
        .set("ref", reference)
        .set("owner", owner)
        .set("local", false)
        .set("docker", false)
        .set("third_party", !FIRST_PARTY.contains(&owner))
        .set("pinned_sha", pinned)
        .build()
}

/// `.github/dependabot.yml` (version 2).
pub(crate) fn dependabot(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "dependabot.yml";
    util::require_object(doc, file, EXPECTED)?;
    if doc.get("updates").is_null() {
        return Err(AdapterError::shape(file, EXPECTED, "no `updates` list"));
    }
    let updates = util::list_at(doc.get("updates"), file, EXPECTED, "updates")?;
    let mut ecosystems: Vec<String> = Vec::new();
    let mut list = Vec::new();
    for (i, u) in updates.iter().enumerate() {
        util::require_item(u, file, EXPECTED, "updates", i)?;
        let eco = u.get("package-ecosystem").as_str().unwrap_or("");
        if !eco.is_empty() && !ecosystems.iter().any(|e| e == eco) {
            ecosystems.push(eco.to_string());
        }
        let mut dirs: Vec<Value> = items(u.get("directories")).to_vec();
        if let v @ Value::Str(_) = u.get("directory") {
            dirs.insert(0, v.clone());
        }
        list.push(
            Obj::new()
                .set("ecosystem", s(u.get("package-ecosystem")))
                .set("directories", Value::array(dirs))
                .set("interval", s(util::path(u, &["schedule", "interval"])))
                .set(
                    "open_pull_requests_limit",
                    util::int(u.get("open-pull-requests-limit")),
                )
                .set("groups", u.get("groups").clone())
                .build(),
        );
    }
    let item = Obj::new()
        .set("tool", "dependabot")
        .set("enabled", true)
        .set("ecosystems", str_list(ecosystems))
        .set("updates", Value::array(list))
        .set("source", file);
    out.push("dependency_updates", item.build());
    Ok(())
}

/// `renovate.json`. `ecosystems` is `null` when Renovate runs all its managers.
pub(crate) fn renovate(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "renovate.json";
    util::require_object(doc, file, EXPECTED)?;
    let managers = match doc.get("enabledManagers") {
        Value::Array(a) => {
            Value::array(a.iter().filter(|x| x.as_str().is_some()).cloned().collect())
        }
        _ => Value::Null,
    };
    let schedule = match doc.get("schedule") {
        Value::Str(_) => Value::array(vec![doc.get("schedule").clone()]),
        other => Value::array(items(other).to_vec()),
    };
    let item = Obj::new()
        .set("tool", "renovate")
        .set("enabled", doc.get("enabled").as_bool().unwrap_or(true))
        .set("ecosystems", managers)
        .set("extends", Value::array(items(doc.get("extends")).to_vec()))
        .set("schedule", schedule)
        .set(
            "package_rules",
            Value::array(items(doc.get("packageRules")).to_vec()),
        )
        .set(
            "vulnerability_alerts",
            util::path(doc, &["vulnerabilityAlerts", "enabled"])
                .as_bool()
                .unwrap_or(true),
        )
        .set("source", file);
    out.push("dependency_updates", item.build());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_references_are_classified() {
        let sha = parse_uses(
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
            "j",
            &Value::Null,
        );
        assert_eq!(sha.get("pinned_sha"), &Value::Bool(true));
        assert_eq!(sha.get("third_party"), &Value::Bool(false));
        let tag = parse_uses(
            "aws-actions/configure-aws-credentials@v1",
            "j",
            &Value::Null,
        );
        assert_eq!(tag.get("pinned_sha"), &Value::Bool(false));
        assert_eq!(tag.get("owner").as_str(), Some("aws-actions"));
        assert_eq!(tag.get("third_party"), &Value::Bool(true));
        let local = parse_uses("./.github/actions/build", "j", &Value::Null);
        assert_eq!(local.get("local"), &Value::Bool(true));
        let digest = format!("docker://alpine@sha256:{}", "a".repeat(64));
        let docker = parse_uses(&digest, "j", &Value::Null);
        assert_eq!(docker.get("pinned_sha"), &Value::Bool(true));
        assert_eq!(docker.get("action").as_str(), Some("alpine"));
        let tagged = parse_uses("docker://ghcr.io:443/x/y:1.2", "j", &Value::Null);
        assert_eq!(tagged.get("ref").as_str(), Some("1.2"));
        assert_eq!(tagged.get("pinned_sha"), &Value::Bool(false));
    }
}
