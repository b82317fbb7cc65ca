//! GitHub GraphQL pull request data (as the `gh` CLI fetches it) →
//! `pull_request`, `reviews` and `checks`.

use super::fragment::Fragment;
use super::github_events::{review, CloneOr};
use super::util::{self, items, lower, path, s, Obj};
use super::AdapterError;
use phasegate_lang::Value;

/// GitHub GraphQL pull request data (`data.repository.pullRequest`, or the
/// object `gh pr view --json …` prints): the pull request, its reviews and
/// the status check rollup.
pub(crate) fn load(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "GitHub GraphQL pull request";
    util::require_object(doc, file, EXPECTED)?;
    let pr = match path(doc, &["data", "repository", "pullRequest"]) {
        Value::Object(_) => path(doc, &["data", "repository", "pullRequest"]),
        _ if doc.get("data").is_null() => doc,
        _ => {
            return Err(AdapterError::shape(
                file,
                EXPECTED,
                "no `data.repository.pullRequest` object",
            ))
        }
    };
    if !pr.get("number").is_null() {
        let author = path(pr, &["author", "login"]);
        let item = Obj::new()
            .set("number", util::int(pr.get("number")))
            .set("title", s(pr.get("title")))
            .set("state", lower(pr.get("state")))
            .set("author", s(author))
            .set("user", Obj::new().set("login", s(author)))
            .set("base", Obj::new().set("ref", s(pr.get("baseRefName"))))
            .set("head", Obj::new().set("ref", s(pr.get("headRefName"))))
            .set("draft", util::boolean(pr.get("isDraft")))
            .set("url", s(pr.get("url")))
            .set("source", file);
        out.single("pull_request", item.build());
    }
    for key in ["reviews", "latestReviews"] {
        let reviews = pr.get(key);
        if reviews.is_null() {
            continue;
        }
        out.list("reviews");
        let nodes = match reviews {
            Value::Array(_) => items(reviews),
            _ => items(reviews.get("nodes")),
        };
        for r in nodes {
            let item = review(
                file,
                path(r, &["author", "login"]),
                r.get("state"),
                r.get("submittedAt"),
                r.get("authorAssociation"),
            );
            out.push("reviews", item.build());
        }
        break;
    }
    let rollup = pr.get("statusCheckRollup");
    if !rollup.is_null() || !pr.get("commits").is_null() && !contexts(pr).is_empty() {
        out.list("checks");
        for c in contexts(pr) {
            out.push("checks", graphql_check(file, c));
        }
    }
    Ok(())
}

/// The check contexts of every shape the `gh` CLI and the GraphQL API use.
fn contexts(pr: &Value) -> Vec<&Value> {
    let rollup = pr.get("statusCheckRollup");
    fn from_commit(c: &Value) -> Vec<&Value> {
        items(path(
            c,
            &["commit", "statusCheckRollup", "contexts", "nodes"],
        ))
        .iter()
        .collect()
    }
    match rollup {
        Value::Array(a) => a.iter().collect(),
        Value::Object(_) if !rollup.get("contexts").is_null() => {
            items(path(rollup, &["contexts", "nodes"])).iter().collect()
        }
        Value::Object(_) => items(rollup.get("nodes"))
            .iter()
            .flat_map(from_commit)
            .collect(),
        _ => items(path(pr, &["commits", "nodes"]))
            .iter()
            .flat_map(from_commit)
            .collect(),
    }
}

fn graphql_check(file: &str, c: &Value) -> Value {
    let (name, status, conclusion, kind) =
        if c.get("__typename").as_str() == Some("StatusContext") || !c.get("context").is_null() {
            let state = c.get("state").as_str().unwrap_or("").to_ascii_lowercase();
            let done = matches!(state.as_str(), "success" | "failure" | "error");
            let conclusion = if done {
                Value::str(&state)
            } else {
                Value::Null
            };
            let status = if done { "completed" } else { "pending" };
            (
                s(c.get("context")),
                Value::str(status),
                conclusion,
                "status",
            )
        } else {
            (
                s(c.get("name")),
                lower(c.get("status")),
                lower(&util::nonempty(c.get("conclusion"))),
                "check_run",
            )
        };
    Obj::new()
        .set("name", name)
        .set("status", status)
        .set("conclusion", conclusion)
        .set("kind", kind)
        .set("head_sha", Value::Null)
        .set("url", s(&c.get("detailsUrl").clone_or(c.get("targetUrl"))))
        .set("started_at", s(c.get("startedAt")))
        .set("completed_at", s(c.get("completedAt")))
        .set("source", file)
        .build()
}
