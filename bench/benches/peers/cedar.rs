//! Cedar: the equivalents under `bench/policies/cedar/`, one request per item
//! (Cedar cannot loop over a set of records inside a policy).

use super::rego::policy_text;
use cedar_policy::{Authorizer, Context, Decision, Entities, EntityUid, PolicySet, Request};
use phasegate_bench::rules::Verdict;
use phasegate_lang::Value;
use serde_json::{json, Map, Value as Json};
use std::str::FromStr;

/// Cedar policies, the entities of one input and one request per item.
pub struct CedarRule {
    policies: PolicySet,
    entities: Entities,
    requests: Vec<Request>,
    authorizer: Authorizer,
}

/// A Cedar attribute from a phasegate value: null and floats have no Cedar
/// form and are left out; lists become sets, objects records.
fn attr(v: &Value) -> Option<Json> {
    let j = v.to_json();
    match j {
        Json::Null => None,
        Json::Number(ref n) if n.is_f64() => None,
        Json::Array(items) => Some(Json::Array(
            items
                .iter()
                .map(|i| attr(&Value::from_json(i)))
                .collect::<Option<Vec<_>>>()?,
        )),
        Json::Object(o) => Some(Json::Object(
            o.iter()
                .filter_map(|(k, x)| Some((k.clone(), attr(&Value::from_json(x))?)))
                .collect(),
        )),
        other => Some(other),
    }
}

/// The listed attributes of an item that have a Cedar form.
fn attrs(item: &Value, keys: &[&str]) -> Map<String, Json> {
    keys.iter()
        .filter_map(|k| Some((k.to_string(), attr(item.get(k))?)))
        .collect()
}

fn items(v: &Value) -> Vec<Value> {
    v.as_array().map(|a| a.to_vec()).unwrap_or_default()
}

fn uid(kind: &str, id: &str) -> EntityUid {
    let text = format!("{kind}::{}", json!(id));
    EntityUid::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

impl CedarRule {
    /// Cedar's version of a compared rule on an input, or `None` where Cedar
    /// cannot express the rule (`peer_review`: see docs/benchmarks.md).
    pub fn new(pkg: &str, doc: &Value) -> Option<CedarRule> {
        let (kind, list, keys, context): (&str, Vec<Value>, &[&str], Json) = match pkg {
            "sast_clean" => {
                let kinds: Vec<Json> = items(doc.get("sources"))
                    .iter()
                    .filter_map(|s| attr(s.get("kind")))
                    .collect();
                (
                    "Finding",
                    items(doc.get("findings")),
                    &["category", "suppressed", "severity"],
                    json!({"source_kinds": kinds}),
                )
            }
            "sca_clean" => (
                "Vulnerability",
                items(doc.get("vulnerabilities")),
                &["suppressed", "severity", "fix_available", "id", "aliases"],
                json!({"only_fixable": true, "accepted": []}),
            ),
            "container_hardening" => {
                let list = items(doc.get("manifests"))
                    .iter()
                    .flat_map(|m| {
                        items(m.get("containers")).into_iter().map(move |c| {
                            let mut o = attrs(
                                &c,
                                &[
                                    "run_as_non_root",
                                    "privileged",
                                    "read_only_root_filesystem",
                                    "latest_tag",
                                ],
                            );
                            o.insert("workload".into(), json!(m.get("workload").is_true()));
                            let limits =
                                attr(c.get("resources").get("limits")).unwrap_or(json!({}));
                            o.insert("limits".into(), limits);
                            Value::from_json(&Json::Object(o))
                        })
                    })
                    .collect();
                (
                    "Container",
                    list,
                    &[
                        "workload",
                        "run_as_non_root",
                        "privileged",
                        "read_only_root_filesystem",
                        "latest_tag",
                        "limits",
                    ],
                    json!({}),
                )
            }
            _ => return None,
        };
        let text = policy_text(&format!("cedar/{pkg}.cedar"));
        let policies = PolicySet::from_str(&text).unwrap_or_else(|e| panic!("{pkg}.cedar: {e}"));
        let entities: Vec<Json> = list
            .iter()
            .enumerate()
            .map(|(i, item)| {
                json!({"uid": {"type": kind, "id": i.to_string()}, "attrs": attrs(item, keys), "parents": []})
            })
            .collect();
        let entities = Entities::from_json_value(Json::Array(entities), None)
            .unwrap_or_else(|e| panic!("{pkg} entities: {e}"));
        let context = Context::from_json_value(context, None)
            .unwrap_or_else(|e| panic!("{pkg} context: {e}"));
        let requests = (0..list.len())
            .map(|i| {
                Request::new(
                    uid("Pipeline", "ci"),
                    uid("Action", "gate"),
                    uid(kind, &i.to_string()),
                    context.clone(),
                    None,
                )
                .unwrap_or_else(|e| panic!("{pkg} request: {e}"))
            })
            .collect();
        Some(CedarRule {
            policies,
            entities,
            requests,
            authorizer: Authorizer::new(),
        })
    }

    /// One evaluation: authorize every item; the number of (item, forbid)
    /// pairs that denied.
    pub fn eval(&self) -> usize {
        self.requests
            .iter()
            .map(|r| {
                let resp = self
                    .authorizer
                    .is_authorized(r, &self.policies, &self.entities);
                if resp.decision() == Decision::Deny {
                    resp.diagnostics().reason().count()
                } else {
                    0
                }
            })
            .sum()
    }

    /// The verdict: `fail` when any item is denied; one message per (item, forbid).
    pub fn verdict(&self) -> Verdict {
        let mut messages = Vec::new();
        for r in &self.requests {
            let resp = self
                .authorizer
                .is_authorized(r, &self.policies, &self.entities);
            if let Some(e) = resp.diagnostics().errors().next() {
                panic!("Cedar evaluation error: {e}");
            }
            if resp.decision() == Decision::Deny {
                for p in resp.diagnostics().reason() {
                    messages.push(format!("{:?}:{p}", r.resource()));
                }
            }
        }
        let status = if messages.is_empty() { "pass" } else { "fail" };
        Verdict::new(status, messages)
    }
}
