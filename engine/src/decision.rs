//! The outcome of evaluating a policy set against one input.

use crate::tally::Tally;
use phasegate_lang::model::{Phase, RuleSeverity};
use phasegate_lang::Value;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// The status of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every `require` held.
    Pass,
    /// At least one `require` was false.
    Fail,
    /// A `when` was false: the rule does not apply.
    Skip,
    /// A run-time error or an exceeded limit.
    Error,
}

impl Status {
    /// All statuses.
    pub const ALL: [Status; 4] = [Status::Pass, Status::Fail, Status::Skip, Status::Error];

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skip => "skip",
            Status::Error => "error",
        }
    }

    /// Parse a lowercase name.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a rule is defined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// File name as given when loading (shared by everything defined in the file).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: usize,
}

/// A shared list of texts (a rule's tags and references).
pub type Texts = Arc<[Arc<str>]>;

/// The metadata of a rule, as written in its policy. Texts are shared
/// (`Arc`): a compiled set holds each once, and every [`RuleResult`] of every
/// evaluation points to them instead of copying them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleInfo {
    /// Dotted id.
    pub id: Arc<str>,
    /// One-line summary.
    pub title: Arc<str>,
    /// Longer text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Arc<str>>,
    /// Delivery phase.
    pub phase: Phase,
    /// Severity.
    pub severity: RuleSeverity,
    /// Package the rule belongs to.
    pub package: Arc<str>,
    /// Free labels.
    pub tags: Texts,
    /// Links (OWASP, CWE, SLSA…).
    pub references: Texts,
    /// How to fix a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<Arc<str>>,
    /// Where the rule is defined.
    pub location: Location,
}

/// One piece of evidence: a value that made a condition fail, and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    /// The sub-expression as written in the policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expr: Option<String>,
    /// The input path of the value (`input.findings[3]`), when it comes from the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Input paths of the items of a derived list (e.g. the result of a filter).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub item_paths: Vec<String>,
    /// The value (a short summary string when it is too large to show).
    pub value: Value,
    /// `true` when `value` is a summary of a larger value.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

/// The result of one rule: its outcome, and its metadata ([`RuleInfo`],
/// reached through `Deref`: `result.id`, `result.title`, `result.tags`…).
///
/// The metadata is the compiled set's own copy, shared: making a result
/// touches one reference count, not one per text, so that threads gating with
/// one set do not contend on the counts of its texts (`docs/benchmarks.md`).
#[derive(Clone, Debug)]
pub struct RuleResult {
    /// The rule's metadata.
    pub info: Arc<RuleInfo>,
    /// Outcome.
    pub status: Status,
    /// Failure messages (fail), the reason (skip) or the error (error); empty on pass.
    pub messages: Vec<String>,
    /// What made the rule fail.
    pub evidence: Vec<Evidence>,
}

impl std::ops::Deref for RuleResult {
    type Target = RuleInfo;
    fn deref(&self) -> &RuleInfo {
        &self.info
    }
}

/// A result as reports show it: outcome and metadata in one object, in this
/// order (the rule's `description` is not repeated in every result).
#[derive(PartialEq, Serialize)]
struct ResultView<'a> {
    id: &'a str,
    title: &'a str,
    phase: Phase,
    severity: RuleSeverity,
    status: Status,
    messages: &'a [String],
    evidence: &'a [Evidence],
    package: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [Arc<str>],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    references: &'a [Arc<str>],
    #[serde(skip_serializing_if = "Option::is_none")]
    remediation: Option<&'a str>,
    location: &'a Location,
}

impl Serialize for RuleResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.view().serialize(s)
    }
}

/// Two results are equal when they show the same (a result read back from
/// its JSON has no `description`).
impl PartialEq for RuleResult {
    fn eq(&self, other: &RuleResult) -> bool {
        self.view() == other.view()
    }
}

impl RuleResult {
    fn view(&self) -> ResultView<'_> {
        let i = &*self.info;
        ResultView {
            id: &i.id,
            title: &i.title,
            phase: i.phase,
            severity: i.severity,
            status: self.status,
            messages: &self.messages,
            evidence: &self.evidence,
            package: &i.package,
            tags: &i.tags,
            references: &i.references,
            remediation: i.remediation.as_deref(),
            location: &i.location,
        }
    }
}

impl RuleResult {
    /// A result for `info` with the given outcome.
    pub(crate) fn new(
        info: &Arc<RuleInfo>,
        status: Status,
        messages: Vec<String>,
        evidence: Vec<Evidence>,
    ) -> RuleResult {
        RuleResult {
            info: info.clone(),
            status,
            messages,
            evidence,
        }
    }
}

/// Numbers of rules per status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// All rules.
    pub total: usize,
    /// Passed.
    pub pass: usize,
    /// Failed.
    pub fail: usize,
    /// Skipped.
    pub skip: usize,
    /// Errored.
    pub error: usize,
}

impl Counts {
    fn add(&mut self, s: Status) {
        self.total += 1;
        match s {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Skip => self.skip += 1,
            Status::Error => self.error += 1,
        }
    }
}

/// Status counts overall, per phase (all eight, in delivery order) and per
/// severity (all five, lowest first).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// All rules.
    #[serde(flatten)]
    pub counts: Counts,
    /// Per phase, every phase listed (in delivery order: the order of [`Phase`]).
    pub by_phase: Tally<Phase>,
    /// Per severity, every severity listed (lowest first: the order of [`RuleSeverity`]).
    pub by_severity: Tally<RuleSeverity>,
}

impl Summary {
    /// Count the results.
    pub fn of(results: &[RuleResult]) -> Summary {
        let mut s = Summary {
            counts: Counts::default(),
            by_phase: Tally::default(),
            by_severity: Tally::default(),
        };
        for r in results {
            s.counts.add(r.status);
            if let Some(c) = s.by_phase.get_mut(&r.phase) {
                c.add(r.status);
            }
            if let Some(c) = s.by_severity.get_mut(&r.severity) {
                c.add(r.status);
            }
        }
        s
    }
}

/// The decision for one input: every rule's result and a summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// One result per rule, in load order.
    pub results: Vec<RuleResult>,
    /// Counts.
    pub summary: Summary,
}

impl Decision {
    /// Build a decision from results.
    pub fn new(results: Vec<RuleResult>) -> Decision {
        let summary = Summary::of(&results);
        Decision { results, summary }
    }

    /// The result of a rule by id.
    pub fn result(&self, id: &str) -> Option<&RuleResult> {
        self.results.iter().find(|r| &*r.id == id)
    }

    /// The results grouped by phase, in delivery order, each with its counts;
    /// phases without any rule are left out.
    pub fn phases(&self) -> Vec<(Phase, Vec<&RuleResult>, Counts)> {
        Phase::ALL
            .into_iter()
            .filter_map(|phase| {
                let rules: Vec<&RuleResult> =
                    self.results.iter().filter(|r| r.phase == phase).collect();
                if rules.is_empty() {
                    return None;
                }
                let counts = self
                    .summary
                    .by_phase
                    .get(&phase)
                    .copied()
                    .unwrap_or_default();
                Some((phase, rules, counts))
            })
            .collect()
    }

    /// `true` when no rule failed or errored.
    pub fn is_clean(&self) -> bool {
        self.summary.counts.fail == 0 && self.summary.counts.error == 0
    }
}
