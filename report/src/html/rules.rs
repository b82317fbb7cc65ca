//! The rule list of the HTML report: one `<details>` per rule, failing and
//! errored rules first and open, with messages, evidence, remediation and
//! references.

use crate::locate::value_locations;
use crate::sarif::is_web_uri;
use maud::{html, Markup};
use phasegate_engine::{Decision, Evidence, RuleResult, Status};

/// Display order of statuses: problems first.
fn status_order(s: Status) -> u8 {
    match s {
        Status::Error => 0,
        Status::Fail => 1,
        Status::Skip => 2,
        Status::Pass => 3,
    }
}

/// Every rule, problems first, then by severity (highest first), phase and id.
pub(super) fn list(decision: &Decision, blocking: &[&str]) -> Markup {
    let mut rules: Vec<&RuleResult> = decision.results.iter().collect();
    rules.sort_by(|a, b| {
        status_order(a.status)
            .cmp(&status_order(b.status))
            .then(b.severity.cmp(&a.severity))
            .then(a.phase.cmp(&b.phase))
            .then(a.id.cmp(&b.id))
    });
    html! {
        section class="rules" aria-label="Rules" {
            @for r in rules { (rule(r, blocking.contains(&&*r.id))) }
            p class="no-match" id="no-match" data-testid="no-match" hidden {
                "No rule matches the filters."
            }
        }
    }
}

fn label(s: Status) -> &'static str {
    match s {
        Status::Pass => "PASS",
        Status::Fail => "FAIL",
        Status::Skip => "SKIP",
        Status::Error => "ERROR",
    }
}

fn rule(r: &RuleResult, blocks: bool) -> Markup {
    let open = matches!(r.status, Status::Fail | Status::Error);
    html! {
        details class="rule" data-testid="rule" data-id=(r.id) data-phase=(r.phase.as_str())
            data-severity=(r.severity.as_str()) data-status=(r.status.as_str()) open[open] {
            summary {
                span class=(format!("badge {}", r.status.as_str())) data-testid="rule-status" {
                    (label(r.status))
                }
                span class=(format!("sev {}", r.severity.as_str())) { (r.severity.as_str()) }
                code class="rule-id" { (r.id) }
                span class="rule-title" { (r.title) }
                @if blocks { span class="blocks" data-testid="blocking" { "blocks the gate" } }
                span class="phase-tag" { (r.phase.as_str()) }
            }
            div class="body" {
                @if r.messages.is_empty() && r.status == Status::Pass {
                    p class="meta" { "Every requirement held." }
                }
                @if !r.messages.is_empty() {
                    ul class="messages" {
                        @for m in &r.messages { li data-testid="message" { (m) } }
                    }
                }
                @if r.status == Status::Fail && !r.evidence.is_empty() {
                    h3 { "Evidence" }
                    @for e in &r.evidence { (evidence(e)) }
                }
                @if let Some(fix) = &r.remediation {
                    @if r.status != Status::Pass {
                        h3 { "Remediation" }
                        p data-testid="remediation" { (fix) }
                    }
                }
                @if !r.references.is_empty() {
                    h3 { "References" }
                    ul {
                        @for u in r.references.iter() {
                            li data-testid="reference" {
                                @if is_web_uri(u) {
                                    a href=(u) rel="noopener noreferrer" { (u) }
                                } @else {
                                    (u)
                                }
                            }
                        }
                    }
                }
                p class="meta" {
                    "Defined in " code { (r.location.file) ":" (r.location.line) }
                    " · package " code { (r.package) }
                    @if !r.tags.is_empty() { " · tags " (r.tags.join(", ")) }
                }
            }
        }
    }
}

fn evidence(e: &Evidence) -> Markup {
    let pretty = serde_json::to_string_pretty(&e.value).unwrap_or_else(|_| e.value.to_string());
    let from: Vec<String> = value_locations(&e.value)
        .into_iter()
        .map(|l| match l.line {
            Some(n) => format!("{}:{n}", l.file),
            None => l.file,
        })
        .collect();
    html! {
        div class="evidence" data-testid="evidence" {
            div class="ev-head" {
                @if let Some(x) = &e.expr { code { (x) } }
                @if let Some(p) = &e.path { " at " code { (p) } }
                @if !from.is_empty() {
                    " from " code data-testid="evidence-location" { (from.join(", ")) }
                }
                @if e.truncated { " (shortened)" }
                @if !e.item_paths.is_empty() {
                    " · items " code { (e.item_paths.join(", ")) }
                }
            }
            pre { (pretty) }
        }
    }
}
