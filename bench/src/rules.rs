//! The four compared rules on the phasegate side, taken verbatim from the
//! `secure-devops` pack (so the bench never drifts from the shipped rule),
//! and the verdict every engine must agree on before it is timed.

use phasegate_engine::{EvalContext, Limits, PolicySet, Status};
use phasegate_lang::Value;
use phasegate_stdlib::packs;

/// The compared rules: `(rule id, Rego package under bench/policies/rego)`.
pub const COMPARED: [(&str, &str); 4] = [
    ("build.peer-review", "peer_review"),
    ("build.sast-clean", "sast_clean"),
    ("monitor.sca-clean", "sca_clean"),
    ("deploy.container-hardening", "container_hardening"),
];

/// What an engine decided about one rule on one input: `pass`, `fail` or
/// `skip`, and the sorted messages of a failure (one per offending item).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// `pass`, `fail`, `skip` (or `error` for phasegate).
    pub status: String,
    /// The failure messages, sorted.
    pub messages: Vec<String>,
}

impl Verdict {
    /// A verdict with its messages sorted.
    pub fn new(status: &str, mut messages: Vec<String>) -> Verdict {
        messages.sort();
        Verdict {
            status: status.to_string(),
            messages,
        }
    }
}

/// Limits of the bench: the defaults, except that every message is rendered
/// (the peers produce every violation too, so phasegate must not stop at 100).
pub fn limits() -> Limits {
    Limits {
        max_messages: 1_000_000,
        ..Limits::default()
    }
}

/// The `secure-devops` pack's files `(name, text)`.
pub fn pack_files() -> &'static [(&'static str, &'static str)] {
    match packs::get("secure-devops") {
        Some(p) => p.files,
        None => panic!("the secure-devops pack is missing"),
    }
}

/// The source of one pack rule alone: its file's header (comments, package,
/// imports) and the rule's block, without the other rules and the tests.
pub fn rule_source(id: &str) -> String {
    let start = format!("rule {id} {{");
    for (_, text) in pack_files() {
        let lines: Vec<&str> = text.lines().collect();
        let Some(at) = lines.iter().position(|l| l.trim_end() == start) else {
            continue;
        };
        let header = lines.iter().take_while(|l| {
            !l.starts_with("rule ") && !l.starts_with("test ") && !l.starts_with("fn ")
        });
        let block = lines[at..].iter().take_while(|l| **l != "}");
        let mut out: Vec<&str> = header.copied().collect();
        out.extend(block);
        out.push("}");
        return out.join("\n") + "\n";
    }
    panic!("rule {id} is not in the secure-devops pack")
}

/// The pack's shared helpers (`secure_devops.common`).
pub fn common_source() -> &'static str {
    pack_files()
        .iter()
        .find(|(n, _)| n.ends_with("common.gate"))
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("common.gate is not in the secure-devops pack"))
}

/// One pack rule compiled alone (with the common helpers).
pub fn compile_rule(id: &str) -> PolicySet {
    let built = PolicySet::builder()
        .source("secure-devops/common.gate", common_source())
        .source(format!("{id}.gate"), rule_source(id))
        .limits(limits())
        .build();
    match built {
        Ok(set) => set,
        Err(e) => panic!("{id} does not compile alone: {e}"),
    }
}

/// The whole `secure-devops` pack.
pub fn compile_pack() -> PolicySet {
    match PolicySet::builder()
        .pack("secure-devops")
        .limits(limits())
        .build()
    {
        Ok(set) => set,
        Err(e) => panic!("the secure-devops pack does not compile: {e}"),
    }
}

/// The evaluation context of every run (a fixed `now`, so age rules are stable).
pub fn context() -> EvalContext {
    match time::OffsetDateTime::from_unix_timestamp(1_795_392_000) {
        Ok(t) => EvalContext::new().with_now(t),
        Err(e) => panic!("bad fixed time: {e}"),
    }
}

/// phasegate's verdict on one rule.
pub fn phasegate_verdict(set: &PolicySet, id: &str, input: &Value) -> Verdict {
    let decision = set.evaluate(input, &context());
    let Some(r) = decision.result(id) else {
        panic!("{id} has no result")
    };
    let status = match r.status {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Skip => "skip",
        Status::Error => "error",
    };
    let messages = if r.status == Status::Fail {
        r.messages.clone()
    } else {
        Vec::new()
    };
    Verdict::new(status, messages)
}
