//! # phasegate-engine
//!
//! Compiles phasegate policies (`.gate` files) to an IR and evaluates them,
//! sandboxed and bounded, against evidence documents. The result is a
//! [`Decision`]: one [`RuleResult`] per rule (pass, fail, skip or error) with
//! messages and [`Evidence`], and a [`Summary`].
//!
//! ```
//! use phasegate_engine::{EvalContext, PolicySet, Status};
//!
//! let policies = PolicySet::builder()
//!     .source("review.gate", r#"
//! rule build.peer-review {
//!   title "Pull requests are approved"
//!   phase build
//!   severity high
//!   param min_approvals: int = 1
//!   let approvals = [r in input.reviews | r.state == "approved"]
//!   require count(approvals) >= min_approvals
//!     else "{count(approvals)} approval(s), needs {min_approvals}"
//! }
//! "#)
//!     .build()?;
//!
//! let decision = policies.evaluate_json(r#"{"reviews": []}"#, &EvalContext::new())?;
//! let result = decision.result("build.peer-review").unwrap();
//! assert_eq!(result.status, Status::Fail);
//! assert_eq!(result.messages, ["0 approval(s), needs 1"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod builtins;
mod compile;
mod context;
mod coverage;
mod decision;
mod error;
mod eval;
mod evidence;
mod explain;
mod limits;
mod loader;
pub mod plugin;
mod policy_set;
mod tally;
mod testcase;

pub use builtins::{Builtins, Extended, Standard};
pub use compile::ir::MAX_POLICY_FILES;
pub use context::EvalContext;
pub use coverage::{
    CoverageMap, CoveragePoint, CoverageReport, CoverageTotals, FunctionCoverage, PointKind,
    RuleCoverage,
};
pub use decision::{
    Counts, Decision, Evidence, Location, RuleInfo, RuleResult, Status, Summary, Texts,
};
pub use error::{CompileError, InputError, UnknownRule};
pub use explain::{ExplainNode, Explanation};
pub use limits::Limits;
pub use loader::read_policy_file;
pub use phasegate_lang::Value;
pub use policy_set::{PolicySet, PolicySetBuilder};
pub use tally::{Tally, TallyKey};
pub use testcase::{Expectation, TestCase};
