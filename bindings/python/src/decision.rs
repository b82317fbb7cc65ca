//! `Decision`: the typed, read-only view of an engine decision (shared,
//! never copied).

use crate::convert::serialize_to_py;
use crate::decision_json::decision_from_json;
use crate::errors::{Failure, IntoPy};
use crate::reports;
use crate::rule_result::PyRuleResult;
use phasegate_engine::{Decision, RuleResult, Status};
use phasegate_lang::model::RuleSeverity;
use phasegate_report::Gate;
use pyo3::exceptions::{PyIndexError, PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple, PyType};
use std::sync::Arc;

/// Parse a severity name (any case).
pub fn severity(s: &str) -> PyResult<RuleSeverity> {
    RuleSeverity::parse(&s.to_ascii_lowercase()).ok_or_else(|| {
        PyValueError::new_err(format!(
            "{s:?} is not a severity; use one of info, low, medium, high, critical"
        ))
    })
}

/// The decision for one input: every rule's result, in load order.
#[pyclass(module = "phasegate", name = "Decision", frozen)]
pub struct PyDecision {
    pub(crate) inner: Arc<Decision>,
}

impl PyDecision {
    /// Wrap an engine decision.
    pub fn new(d: Decision) -> PyDecision {
        PyDecision { inner: Arc::new(d) }
    }

    fn view(&self, index: usize) -> PyRuleResult {
        PyRuleResult::new(self.inner.clone(), index)
    }

    fn select(&self, keep: impl Fn(&RuleResult) -> bool) -> Vec<PyRuleResult> {
        (0..self.inner.results.len())
            .filter(|&i| keep(&self.inner.results[i]))
            .map(|i| self.view(i))
            .collect()
    }
}

#[pymethods]
impl PyDecision {
    /// Every rule's result, in load order.
    #[getter]
    fn results(&self) -> Vec<PyRuleResult> {
        self.select(|_| true)
    }

    /// Status counts: `total`, `pass`, `fail`, `skip`, `error`, plus
    /// `by_phase` and `by_severity` (every phase and severity listed).
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner.summary)
    }

    /// `True` when no rule failed or errored (skips do not count).
    #[getter]
    fn passed(&self) -> bool {
        self.inner.is_clean()
    }

    /// Failed rules (status `fail`), only those at or above `severity` when given.
    #[pyo3(signature = (severity=None))]
    fn failed(&self, severity: Option<&str>) -> PyResult<Vec<PyRuleResult>> {
        let min = severity.map(self::severity).transpose()?;
        Ok(self.select(|r| r.status == Status::Fail && min.is_none_or(|m| r.severity >= m)))
    }

    /// Rules that could not be evaluated (status `error`: a run-time error or an exceeded limit).
    fn errors(&self) -> Vec<PyRuleResult> {
        self.select(|r| r.status == Status::Error)
    }

    /// Rules that did not apply (status `skip`).
    fn skipped(&self) -> Vec<PyRuleResult> {
        self.select(|r| r.status == Status::Skip)
    }

    /// The results that stop a pipeline, as `phasegate check --fail-on`
    /// decides: failures at or above `fail_on`, every error, and skips at or
    /// above `fail_on` when `fail_on_skip`.
    #[pyo3(signature = (fail_on="high", fail_on_skip=false))]
    fn blocking(&self, fail_on: &str, fail_on_skip: bool) -> PyResult<Vec<PyRuleResult>> {
        let gate = Gate {
            fail_on: severity(fail_on)?,
            fail_on_skip,
        };
        let blocking = gate.blocking(&self.inner);
        Ok(self.select(|r| blocking.iter().any(|b| std::ptr::eq(*b, r))))
    }

    /// `True` when nothing blocks (see `blocking`): the exit code 0 of `phasegate check`.
    #[pyo3(signature = (fail_on="high", fail_on_skip=false))]
    fn gate(&self, fail_on: &str, fail_on_skip: bool) -> PyResult<bool> {
        Ok(self.blocking(fail_on, fail_on_skip)?.is_empty())
    }

    /// The result of one rule by id, or `None`.
    fn result(&self, id: &str) -> Option<PyRuleResult> {
        self.inner
            .results
            .iter()
            .position(|r| &*r.id == id)
            .map(|i| self.view(i))
    }

    /// The decision as plain Python data (the JSON document of `to_json()`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &*self.inner)
    }

    /// The stable JSON document of `phasegate check --format json`.
    #[pyo3(signature = (pretty=true))]
    fn to_json(&self, py: Python<'_>, pretty: bool) -> String {
        let d = self.inner.clone();
        py.detach(move || reports::to_json(&d, pretty))
    }

    /// The report `phasegate check` prints: results grouped by phase and the verdict.
    #[pyo3(signature = (fail_on="high", fail_on_skip=false, color=false, verbose=false))]
    fn to_text(
        &self,
        fail_on: &str,
        fail_on_skip: bool,
        color: bool,
        verbose: bool,
    ) -> PyResult<String> {
        let gate = Gate {
            fail_on: severity(fail_on)?,
            fail_on_skip,
        };
        Ok(reports::text(&self.inner, &gate, color, verbose))
    }

    /// A SARIF 2.1.0 log of the failing rules.
    fn to_sarif(&self, py: Python<'_>) -> PyResult<String> {
        reports::to_sarif(&self.inner).py_err(py)
    }

    /// A JUnit XML report: one test case per rule.
    fn to_junit(&self, py: Python<'_>) -> PyResult<String> {
        reports::to_junit(&self.inner).py_err(py)
    }

    fn __len__(&self) -> usize {
        self.inner.results.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyList::new(py, self.results())?.try_iter()?.into_any())
    }

    /// `decision["rule.id"]` or `decision[index]`.
    fn __getitem__(&self, key: &Bound<'_, PyAny>) -> PyResult<PyRuleResult> {
        if let Ok(id) = key.cast::<PyString>() {
            let id = id.to_cow()?;
            return self
                .result(&id)
                .ok_or_else(|| PyKeyError::new_err(id.into_owned()));
        }
        let n = self.inner.results.len() as i64;
        let i: i64 = key.extract().map_err(|_| {
            PyTypeError::new_err("index a Decision by rule id (str) or position (int)")
        })?;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(PyIndexError::new_err("result index out of range"));
        }
        Ok(self.view(j as usize))
    }

    fn __contains__(&self, id: &str) -> bool {
        self.inner.result(id).is_some()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyDecision>()
            .is_ok_and(|o| *o.get().inner == *self.inner)
    }

    fn __repr__(&self) -> String {
        let c = self.inner.summary.counts;
        format!(
            "<Decision {} rules: {} pass, {} fail, {} skip, {} error>",
            c.total, c.pass, c.fail, c.skip, c.error
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let json = reports::to_json(&slf.get().inner, false);
        let restore = slf.get_type().getattr("_from_json")?;
        PyTuple::new(py, [restore, PyTuple::new(py, [json])?.into_any()])
    }

    /// Rebuild a decision from `to_json()` output (used by pickle).
    #[classmethod]
    fn _from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, json: &str) -> PyResult<PyDecision> {
        decision_from_json(json).map(PyDecision::new).map_err(|e| {
            Failure::evidence(
                "phasegate::decision",
                format!("not a decision document: {e}"),
            )
            .into_pyerr(py)
        })
    }
}
