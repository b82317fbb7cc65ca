//! `PolicySet`: compiled policies, shareable across threads and picklable.

use crate::compile::{build, read_limits, read_params, Options};
use crate::context;
use crate::convert::{serialize_to_py, to_py};
use crate::decision::PyDecision;
use crate::errors::{DiagInfo, Failure, IntoPy};
use crate::evidence::Source;
use crate::limits::AllLimits;
use indexmap::IndexMap;
use phasegate_engine::{Decision, EvalContext, PolicySet};
use phasegate_lang::Value;
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};
use std::sync::Mutex;

/// Compiled policies. Immutable and thread-safe: evaluate from any number
/// of threads. Pickles to its sources, params and limits, and recompiles
/// when unpickled (so it ships to worker processes).
#[pyclass(module = "phasegate", name = "PolicySet", frozen)]
pub struct PyPolicySet {
    inner: PolicySet,
    params: IndexMap<String, Value>,
    limits: AllLimits,
}

impl PyPolicySet {
    /// Wrap a compiled set with the options it was built with.
    pub fn new(inner: PolicySet, params: IndexMap<String, Value>, limits: AllLimits) -> Self {
        PyPolicySet {
            inner,
            params,
            limits,
        }
    }

    fn run(&self, source: Source, ctx: &EvalContext) -> Result<Decision, Failure> {
        let value = source.resolve(&self.limits.input)?;
        Ok(self.inner.evaluate(&value, ctx))
    }
}

/// Run `f` over `items` on `workers` threads (the calling thread is one of
/// them); results keep the order of `items`.
fn parallel<T: Send, R: Send>(items: Vec<T>, workers: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let n = items.len();
    if workers <= 1 || n <= 1 {
        return items.into_iter().map(f).collect();
    }
    let queue = Mutex::new(items.into_iter().enumerate());
    let slots: Mutex<Vec<Option<R>>> = Mutex::new((0..n).map(|_| None).collect());
    let work = || loop {
        let next = queue.lock().unwrap_or_else(|p| p.into_inner()).next();
        let Some((i, item)) = next else { break };
        let r = f(item);
        slots.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(r);
    };
    std::thread::scope(|s| {
        for _ in 1..workers.min(n) {
            // A thread that cannot be spawned leaves its share to the others.
            let _ = std::thread::Builder::new()
                .name("phasegate-eval".into())
                .stack_size(8 << 20)
                .spawn_scoped(s, work);
        }
        work();
    });
    slots
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

#[pymethods]
impl PyPolicySet {
    /// Evaluate every rule against one input and return the `Decision`.
    ///
    /// `input` is Python data (dict, list, str/int/float/bool/None values;
    /// converted directly), a JSON or YAML document as `str` or `bytes`, an
    /// `os.PathLike` to a JSON/YAML file or to an evidence directory, or a
    /// list of `os.PathLike` evidence files (or `(kind, path)` pairs).
    /// `now` (timezone-aware `datetime` or RFC 3339 str) is what `now()`
    /// returns; it defaults to `context["now"]`, then to the current time.
    /// `context` is the document rules see as `context`.
    ///
    /// The GIL is released while files are read and rules evaluated. Rule
    /// errors and exceeded evaluation limits are results (status `error`),
    /// not exceptions. Raises `EvidenceError` or `LimitExceeded` when the
    /// input cannot be read or converted.
    #[pyo3(signature = (input, *, now=None, context=None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        input: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        context: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyDecision> {
        let ctx = context::build(now, context, &self.limits.input)?;
        let source = Source::classify(input, "input", &self.limits.input)?;
        py.detach(|| self.run(source, &ctx))
            .map(PyDecision::new)
            .py_err(py)
    }

    /// Evaluate many inputs (each as in `evaluate`) in parallel on native
    /// threads, without the GIL; decisions come back in input order.
    /// `workers` defaults to the number of CPUs. The first input that cannot
    /// be read raises, naming its index (`inputs[3]`).
    #[pyo3(signature = (inputs, workers=None, *, now=None, context=None))]
    fn evaluate_many(
        &self,
        py: Python<'_>,
        inputs: &Bound<'_, PyAny>,
        workers: Option<i64>,
        now: Option<&Bound<'_, PyAny>>,
        context: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyDecision>> {
        let workers = match workers {
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
            Some(w) if w >= 1 => usize::try_from(w).unwrap_or(usize::MAX),
            Some(w) => {
                return Err(PyValueError::new_err(format!(
                    "workers must be at least 1, got {w}"
                )))
            }
        };
        let ctx = context::build(now, context, &self.limits.input)?;
        let mut sources = Vec::new();
        for (i, item) in inputs.try_iter()?.enumerate() {
            sources.push(Source::classify(
                &item?,
                &format!("inputs[{i}]"),
                &self.limits.input,
            )?);
        }
        let results = py.detach(|| parallel(sources, workers, |s| self.run(s, &ctx)));
        let mut out = Vec::with_capacity(results.len());
        for (i, r) in results.into_iter().enumerate() {
            match r {
                Ok(d) => out.push(PyDecision::new(d)),
                Err(f) => return Err(f.prefixed(&format!("inputs[{i}]: ")).into_pyerr(py)),
            }
        }
        Ok(out)
    }

    /// Evaluate one rule with tracing: a dict with the rule's `status`,
    /// `messages` and `steps` (every `when`, `let` and `require` with the
    /// values of its sub-conditions). Raises `KeyError` for an unknown rule.
    #[pyo3(signature = (rule_id, input, *, now=None, context=None))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        rule_id: &str,
        input: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
        context: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let ctx = context::build(now, context, &self.limits.input)?;
        let source = Source::classify(input, "input", &self.limits.input)?;
        let value = py
            .detach(|| source.resolve(&self.limits.input))
            .py_err(py)?;
        match py.detach(|| self.inner.explain(rule_id, &value, &ctx)) {
            Ok(x) => serialize_to_py(py, &x),
            Err(e) => Err(PyKeyError::new_err(e.to_string())),
        }
    }

    /// Metadata of every rule (id, title, phase, severity, package, tags,
    /// references, remediation, location), in load order.
    #[getter]
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.inner.rules().map(|r| serialize_to_py(py, r)).collect()
    }

    /// Compiler warnings (unused lets and params…) as dicts like `PolicyError.diagnostics`.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .warnings()
            .iter()
            .map(|d| DiagInfo::of(d).to_py(py))
            .collect()
    }

    /// The policy files as `(name, text)` pairs, in load order.
    #[getter]
    fn sources(&self) -> Vec<(String, String)> {
        self.inner
            .sources()
            .iter()
            .map(|s| (s.name.to_string(), s.text.to_string()))
            .collect()
    }

    /// The param overrides the set was compiled with.
    #[getter]
    fn params<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.params {
            d.set_item(k, to_py(py, v)?)?;
        }
        Ok(d)
    }

    /// Every limit with its value (evaluation and input conversion).
    #[getter]
    fn limits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in self.limits.entries() {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    fn __len__(&self) -> usize {
        self.inner.rules().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<PolicySet {} rules from {} file(s)>",
            self.inner.rules().len(),
            self.inner.sources().len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let this = slf.get();
        let state = PyDict::new(py);
        state.set_item("version", 1)?;
        state.set_item("sources", PyList::new(py, this.sources())?)?;
        state.set_item("params", this.params(py)?)?;
        state.set_item("limits", this.limits(py)?)?;
        let restore = slf.get_type().getattr("_from_state")?;
        PyTuple::new(py, [restore, PyTuple::new(py, [state])?.into_any()])
    }

    /// Recompile from the state `__reduce__` produced (used by pickle).
    #[classmethod]
    fn _from_state(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        state: &Bound<'_, PyDict>,
    ) -> PyResult<PyPolicySet> {
        let get = |key: &str| -> PyResult<Bound<'_, PyAny>> {
            state.get_item(key)?.ok_or_else(|| {
                PyValueError::new_err(format!("not a pickled PolicySet: no {key:?}"))
            })
        };
        let version: i64 = get("version")?.extract()?;
        if version != 1 {
            return Err(PyValueError::new_err(format!(
                "a PolicySet pickled with state version {version} cannot be loaded by this phasegate"
            )));
        }
        let limits = read_limits(&get("limits")?)?;
        let mut sources = Vec::new();
        for item in get("sources")?.try_iter()? {
            let (name, text): (String, String) = item?.extract()?;
            sources.push((name, text));
        }
        let opts = Options {
            sources,
            paths: Vec::new(),
            params: read_params(&get("params")?, &limits)?,
            limits,
        };
        build(py, opts)
    }
}
