//! `phasegate.compile(...)`: reading its arguments and building a policy set.

use crate::convert::to_value;
use crate::errors::{Failure, IntoPy};
use crate::limits::{bad_value, AllLimits};
use crate::packs;
use crate::policy_set::PyPolicySet;
use indexmap::IndexMap;
use phasegate_engine::PolicySet;
use phasegate_lang::Value;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};
use std::path::PathBuf;

/// What a policy set is compiled from.
#[derive(Default)]
pub struct Options {
    /// Policy texts: `(display name, text)`.
    pub sources: Vec<(String, String)>,
    /// `.gate` files and directories.
    pub paths: Vec<PathBuf>,
    /// Param overrides.
    pub params: IndexMap<String, Value>,
    /// Limits.
    pub limits: AllLimits,
}

/// `sources=`: a str, a dict of name → text, or a sequence of str.
pub fn read_sources(obj: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(vec![("<source>".into(), s.to_cow()?.into_owned())]);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut out = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let name: String = k
                .extract()
                .map_err(|_| PyTypeError::new_err("sources: dict keys are file names (str)"))?;
            let text: String = v.extract().map_err(|_| {
                PyTypeError::new_err(format!("sources[{name:?}]: the policy text must be a str"))
            })?;
            out.push((name, text));
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    for (i, item) in obj
        .try_iter()
        .map_err(|_| {
            PyTypeError::new_err("sources must be a str, a dict of name → text, or a list of str")
        })?
        .enumerate()
    {
        let text: String = item?.extract().map_err(|_| {
            PyTypeError::new_err(format!("sources[{i}]: the policy text must be a str"))
        })?;
        out.push((format!("<source-{}>", i + 1), text));
    }
    Ok(out)
}

/// `paths=`: one path (str or os.PathLike) or a sequence of them.
pub fn read_paths(obj: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if obj.cast::<PyString>().is_ok() || obj.hasattr("__fspath__")? {
        return Ok(vec![obj.extract()?]);
    }
    let mut out = Vec::new();
    for item in obj
        .try_iter()
        .map_err(|_| PyTypeError::new_err("paths must be a path or a list of paths"))?
    {
        out.push(
            item?.extract().map_err(|_| {
                PyTypeError::new_err("paths: every item must be a str or os.PathLike")
            })?,
        );
    }
    Ok(out)
}

/// `params=`: a dict of override key → value.
pub fn read_params(
    obj: &Bound<'_, PyAny>,
    limits: &AllLimits,
) -> PyResult<IndexMap<String, Value>> {
    let d = obj
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err("params must be a dict of name → value"))?;
    let mut out = IndexMap::with_capacity(d.len());
    for (k, v) in d.iter() {
        let key: String = k
            .extract()
            .map_err(|_| PyTypeError::new_err("params: keys are param names (str)"))?;
        let value = to_value(&v, &format!("params[{key:?}]"), &limits.input)?;
        out.insert(key, value);
    }
    Ok(out)
}

/// `limits=`: a dict of limit name → non-negative int.
pub fn read_limits(obj: &Bound<'_, PyAny>) -> PyResult<AllLimits> {
    let py = obj.py();
    let d = obj.cast::<PyDict>().map_err(|_| {
        Failure::limit(
            "phasegate::limits::invalid",
            "limits must be a dict of limit name → int",
        )
        .into_pyerr(py)
    })?;
    let mut limits = AllLimits::default();
    for (k, v) in d.iter() {
        let key: String = k.extract().map_err(|_| {
            Failure::limit(
                "phasegate::limits::invalid",
                "limits: keys are limit names (str)",
            )
            .into_pyerr(py)
        })?;
        let shown = v.repr().map(|r| r.to_string()).unwrap_or_default();
        if v.cast::<PyBool>().is_ok() || v.cast::<PyInt>().is_err() {
            return Err(bad_value(&key, &shown).into_pyerr(py));
        }
        let n: u64 = v
            .extract()
            .map_err(|_| bad_value(&key, &shown).into_pyerr(py))?;
        limits.set(&key, n).py_err(py)?;
    }
    Ok(limits)
}

/// Compile a policy set from its options (the GIL is released while
/// reading files and compiling).
pub fn build(py: Python<'_>, opts: Options) -> PyResult<PyPolicySet> {
    let Options {
        sources,
        paths,
        params,
        limits,
    } = opts;
    let overrides = params.clone();
    let built = py.detach(move || {
        let mut b = PolicySet::builder().params(overrides).limits(limits.eval);
        for (name, text) in sources {
            b = b.source(name, text);
        }
        for p in paths {
            b = if p.is_dir() { b.dir(p) } else { b.file(p) };
        }
        b.build().map_err(|e| Failure::compile(&e))
    });
    let inner = built.py_err(py)?;
    Ok(PyPolicySet::new(inner, params, limits))
}

/// Compile policies into a `PolicySet`.
///
/// `sources`: policy text (a str, a dict of file name → text, or a list of
/// str); `paths`: `.gate` files and directories (searched recursively);
/// `pack`: a built-in rule pack such as `"secure-devops"`; `params`:
/// overrides keyed `name`, `<package>.<name>` or `<rule-id>.<name>`;
/// `limits`: evaluation limits (`fuel_per_rule`, `fuel_total`,
/// `max_call_depth`, `max_value_size`, `max_messages`, `max_message_len`)
/// and input conversion limits (`max_input_depth`, `max_input_bytes`).
///
/// Raises `PolicyError` for policy errors, unreadable files, bad params and
/// unknown packs; `LimitExceeded` for a misused `limits=`.
#[pyfunction]
#[pyo3(signature = (sources=None, paths=None, pack=None, params=None, limits=None))]
pub fn compile(
    py: Python<'_>,
    sources: Option<&Bound<'_, PyAny>>,
    paths: Option<&Bound<'_, PyAny>>,
    pack: Option<&str>,
    params: Option<&Bound<'_, PyAny>>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyPolicySet> {
    let mut opts = Options::default();
    if let Some(l) = limits.filter(|l| !l.is_none()) {
        opts.limits = read_limits(l)?;
    }
    if let Some(name) = pack {
        opts.sources = packs::sources(name).py_err(py)?;
    }
    if let Some(s) = sources.filter(|s| !s.is_none()) {
        opts.sources.extend(read_sources(s)?);
    }
    if let Some(p) = paths.filter(|p| !p.is_none()) {
        opts.paths = read_paths(p)?;
    }
    if let Some(p) = params.filter(|p| !p.is_none()) {
        opts.params = read_params(p, &opts.limits)?;
    }
    build(py, opts)
}
