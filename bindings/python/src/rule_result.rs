//! `RuleResult`, `Evidence` and `Location`: read-only views into a shared decision.

use crate::convert::{serialize_to_py, to_py};
use phasegate_engine::{Decision, RuleResult, Status};
use pyo3::prelude::*;
use std::sync::Arc;

/// The result of one rule.
#[pyclass(module = "phasegate", name = "RuleResult", frozen)]
pub struct PyRuleResult {
    decision: Arc<Decision>,
    index: usize,
}

impl PyRuleResult {
    /// The view of result `index` of `decision`.
    pub fn new(decision: Arc<Decision>, index: usize) -> PyRuleResult {
        PyRuleResult { decision, index }
    }
}

impl PyRuleResult {
    fn r(&self) -> &RuleResult {
        &self.decision.results[self.index]
    }
}

#[pymethods]
impl PyRuleResult {
    /// Dotted rule id.
    #[getter]
    fn id(&self) -> &str {
        &self.r().id
    }
    /// One-line summary.
    #[getter]
    fn title(&self) -> &str {
        &self.r().title
    }
    /// Delivery phase: plan, code, build, test, release, deploy, operate, monitor.
    #[getter]
    fn phase(&self) -> &'static str {
        self.r().phase.as_str()
    }
    /// Severity: info, low, medium, high, critical.
    #[getter]
    fn severity(&self) -> &'static str {
        self.r().severity.as_str()
    }
    /// Outcome: pass, fail, skip, error.
    #[getter]
    fn status(&self) -> &'static str {
        self.r().status.as_str()
    }
    /// `True` when the status is `pass`.
    #[getter]
    fn passed(&self) -> bool {
        self.r().status == Status::Pass
    }
    /// Failure messages (fail), the reason (skip) or the error (error); empty on pass.
    #[getter]
    fn messages(&self) -> Vec<String> {
        self.r().messages.clone()
    }
    /// What made the rule fail.
    #[getter]
    fn evidence(&self) -> Vec<PyEvidence> {
        (0..self.r().evidence.len())
            .map(|i| PyEvidence {
                decision: self.decision.clone(),
                result: self.index,
                index: i,
            })
            .collect()
    }
    /// Package of the rule.
    #[getter]
    fn package(&self) -> &str {
        &self.r().package
    }
    /// Free labels.
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.r().tags.iter().map(|t| t.to_string()).collect()
    }
    /// Links (OWASP, CWE, SLSA…).
    #[getter]
    fn references(&self) -> Vec<String> {
        self.r().references.iter().map(|u| u.to_string()).collect()
    }
    /// How to fix a failure, if the rule says.
    #[getter]
    fn remediation(&self) -> Option<&str> {
        self.r().remediation.as_deref()
    }
    /// Where the rule is defined.
    #[getter]
    fn location(&self) -> PyLocation {
        let l = &self.r().location;
        PyLocation {
            file: l.file.to_string(),
            line: l.line,
        }
    }
    /// The result as plain Python data (as in the decision's JSON).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, self.r())
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyRuleResult>()
            .is_ok_and(|o| o.get().r() == self.r())
    }
    fn __repr__(&self) -> String {
        let r = self.r();
        format!(
            "<RuleResult {} {} ({}, {})>",
            r.id, r.status, r.phase, r.severity
        )
    }
}

/// One piece of evidence: a value that made a condition fail, and where it came from.
#[pyclass(module = "phasegate", name = "Evidence", frozen)]
pub struct PyEvidence {
    decision: Arc<Decision>,
    result: usize,
    index: usize,
}

impl PyEvidence {
    fn e(&self) -> &phasegate_engine::Evidence {
        &self.decision.results[self.result].evidence[self.index]
    }
}

#[pymethods]
impl PyEvidence {
    /// The sub-expression as written in the policy.
    #[getter]
    fn expr(&self) -> Option<&str> {
        self.e().expr.as_deref()
    }
    /// The input path of the value (`input.findings[3]`), when it comes from the input.
    #[getter]
    fn path(&self) -> Option<&str> {
        self.e().path.as_deref()
    }
    /// Input paths of the items of a derived list (e.g. the result of a filter).
    #[getter]
    fn item_paths(&self) -> Vec<String> {
        self.e().item_paths.clone()
    }
    /// The value (a short summary string when `truncated`).
    #[getter]
    fn value<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.e().value)
    }
    /// `True` when `value` summarises a larger value.
    #[getter]
    fn truncated(&self) -> bool {
        self.e().truncated
    }
    /// The evidence as plain Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, self.e())
    }
    fn __repr__(&self) -> String {
        let e = self.e();
        let what = e.path.as_deref().or(e.expr.as_deref()).unwrap_or("value");
        format!("<Evidence {what} = {}>", e.value)
    }
}

/// Where a rule is defined.
#[pyclass(module = "phasegate", name = "Location", frozen, eq)]
#[derive(PartialEq)]
pub struct PyLocation {
    /// File name as given when loading.
    #[pyo3(get)]
    file: String,
    /// 1-based line.
    #[pyo3(get)]
    line: usize,
}

#[pymethods]
impl PyLocation {
    fn __repr__(&self) -> String {
        format!("<Location {}:{}>", self.file, self.line)
    }
    fn __str__(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}
