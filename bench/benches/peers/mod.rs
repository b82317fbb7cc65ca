//! The peers wired to the bench inputs: Regorus (Rego) and Cedar, with the
//! check that each gives phasegate's verdict before anything is timed.

pub mod cedar;
pub mod rego;

use phasegate_bench::rules::{self, Verdict};
use phasegate_engine::PolicySet;
use phasegate_lang::Value;

/// One compared rule on one input, ready to time in every engine that can express it.
pub struct Case {
    /// The pack rule id.
    pub id: &'static str,
    /// The input's name.
    pub input: &'static str,
    /// phasegate: the rule compiled alone.
    pub phasegate: PolicySet,
    /// The evidence document.
    pub doc: Value,
    /// Regorus with the Rego equivalent loaded and the input set.
    pub rego: rego::RegoRule,
    /// Cedar, where it can express the rule.
    pub cedar: Option<cedar::CedarRule>,
}

impl Case {
    /// Prepare a rule on an input and check that every engine agrees with
    /// phasegate (same status; same messages for Rego; as many denials as
    /// messages for Cedar). Panics (failing even a smoke run) if not.
    pub fn new(id: &'static str, pkg: &str, input: &phasegate_bench::inputs::Input) -> Case {
        let phasegate = rules::compile_rule(id);
        let want = rules::phasegate_verdict(&phasegate, id, &input.doc);
        assert!(
            want.status == "pass" || want.status == "fail",
            "{id} on {}: phasegate says {:?}",
            input.name,
            want
        );
        let mut rego = rego::RegoRule::new(pkg, &input.json());
        let got = rego.verdict();
        assert_eq!(
            got, want,
            "{id} on {}: Rego disagrees with phasegate",
            input.name
        );
        let cedar = cedar::CedarRule::new(pkg, &input.doc);
        if let Some(c) = &cedar {
            let got = c.verdict();
            assert_eq!(
                (got.status.as_str(), got.messages.len()),
                (want.status.as_str(), want.messages.len()),
                "{id} on {}: Cedar disagrees with phasegate",
                input.name
            );
        }
        eprintln!(
            "{id} on {} ({}): every engine says {} with {} message(s){}",
            input.name,
            input.what,
            want.status,
            want.messages.len(),
            if cedar.is_some() {
                ""
            } else {
                " (Rego only: Cedar cannot express it)"
            }
        );
        Case {
            id,
            input: input.name,
            phasegate,
            doc: input.doc.clone(),
            rego,
            cedar,
        }
    }

    /// phasegate's verdict (also the one the peers were checked against).
    pub fn verdict(&self) -> Verdict {
        rules::phasegate_verdict(&self.phasegate, self.id, &self.doc)
    }
}
