//! # phasegate-python
//!
//! The `phasegate._native` extension module behind the `phasegate` Python
//! package: compile policies, evaluate evidence (natively, without the GIL,
//! in parallel), and read typed decisions. The Python API is documented in
//! `docs/python.md`; the stubs are in `python/phasegate/_native.pyi`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Errors carry a rendered report and diagnostics; they travel on the cold path.
#![allow(clippy::result_large_err)]

/// Rust allocations of the extension go through mimalloc (measured in
/// docs/benchmarks.md: converting a Python input is mostly small allocations).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod adapters;
mod compile;
mod context;
mod convert;
mod decision;
mod decision_json;
mod errors;
mod evidence;
mod limits;
mod packs;
mod policy_set;
mod reports;
mod rule_result;

use errors::{EvidenceError, IntoPy, LimitExceeded, PhasegateError, PolicyError};
use pyo3::prelude::*;
use pyo3::types::PyFrozenSet;

/// Read an input as `PolicySet.evaluate` does (data, a JSON/YAML `str` or
/// `bytes`, a path to a file or evidence directory, or a list of evidence
/// files) and return the evidence document as Python data.
///
/// Raises `EvidenceError` or `LimitExceeded` when it cannot be read.
#[pyfunction]
fn load_input<'py>(py: Python<'py>, input: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let limits = limits::InputLimits::default();
    let source = evidence::Source::classify(input, "input", &limits)?;
    let value = py.detach(|| source.resolve(&limits)).py_err(py)?;
    convert::to_py(py, &value)
}

/// The `phasegate._native` module.
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("FEATURES", PyFrozenSet::new(py, reports::features())?)?;
    m.add("PhasegateError", py.get_type::<PhasegateError>())?;
    m.add("PolicyError", py.get_type::<PolicyError>())?;
    m.add("EvidenceError", py.get_type::<EvidenceError>())?;
    m.add("LimitExceeded", py.get_type::<LimitExceeded>())?;
    m.add_class::<policy_set::PyPolicySet>()?;
    m.add_class::<decision::PyDecision>()?;
    m.add_class::<rule_result::PyRuleResult>()?;
    m.add_class::<rule_result::PyEvidence>()?;
    m.add_class::<rule_result::PyLocation>()?;
    m.add_function(wrap_pyfunction!(compile::compile, m)?)?;
    m.add_function(wrap_pyfunction!(load_input, m)?)?;
    Ok(())
}
