//! The pass/fail verdict a pipeline acts on.

use phasegate_engine::{Decision, RuleResult, Status};
use phasegate_lang::model::RuleSeverity;

/// When a decision should stop the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gate {
    /// Failing rules at or above this severity stop the pipeline.
    pub fail_on: RuleSeverity,
    /// Treat skipped rules (at or above `fail_on`) as failures.
    pub fail_on_skip: bool,
}

impl Default for Gate {
    fn default() -> Self {
        Gate {
            fail_on: RuleSeverity::High,
            fail_on_skip: false,
        }
    }
}

impl Gate {
    /// The results that stop the pipeline: failures at or above `fail_on`,
    /// every error (an error is never a pass), and skips when `fail_on_skip`.
    pub fn blocking<'d>(&self, decision: &'d Decision) -> Vec<&'d RuleResult> {
        decision
            .results
            .iter()
            .filter(|r| match r.status {
                Status::Error => true,
                Status::Fail => r.severity >= self.fail_on,
                Status::Skip => self.fail_on_skip && r.severity >= self.fail_on,
                Status::Pass => false,
            })
            .collect()
    }

    /// `true` when nothing blocks.
    pub fn passes(&self, decision: &Decision) -> bool {
        self.blocking(decision).is_empty()
    }
}
