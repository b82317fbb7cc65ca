//! Python objects ⇄ phasegate values, walked directly (no JSON round trip).

use crate::errors::{Failure, IntoPy};
use crate::limits::InputLimits;
use phasegate_lang::value::Object;
use phasegate_lang::Value;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use std::sync::Arc;

/// Deepest value turned back into Python objects.
const MAX_OUTPUT_DEPTH: usize = 1000;

/// One step of the path to a value inside an input.
enum Step {
    Key(String),
    Index(usize),
}

/// Where the converter is: `input.findings[3].level`.
struct Walk<'a> {
    root: &'a str,
    steps: Vec<Step>,
    limits: &'a InputLimits,
}

impl Walk<'_> {
    fn path(&self) -> String {
        let mut out = self.root.to_string();
        let n = self.steps.len();
        for (i, s) in self.steps.iter().enumerate() {
            // Deep paths keep their first and last steps.
            if n > 16 && (6..n - 6).contains(&i) {
                if i == 6 {
                    out.push('…');
                }
                continue;
            }
            match s {
                Step::Index(i) => out.push_str(&format!("[{i}]")),
                Step::Key(k) if is_ident(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Key(k) => out.push_str(&format!("[{k:?}]")),
            }
        }
        out
    }

    fn fail(&self, code: &str, what: String) -> Failure {
        Failure::evidence(code, format!("{}: {what}", self.path()))
    }
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .qualname()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

/// Convert a Python value (None, bool, int, float, str, dict with str keys,
/// list, tuple — subclasses included) into a phasegate value. `root` names
/// the value in error messages (`input`, `context`, `params["x"]`).
pub fn to_value(obj: &Bound<'_, PyAny>, root: &str, limits: &InputLimits) -> PyResult<Value> {
    let mut walk = Walk {
        root,
        steps: Vec::new(),
        limits,
    };
    let py = obj.py();
    convert(obj, &mut walk, 0).py_err(py)
}

fn convert(obj: &Bound<'_, PyAny>, w: &mut Walk<'_>, depth: usize) -> Result<Value, Failure> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        return obj.extract::<i64>().map(Value::Int).map_err(|_| {
            w.fail(
                "phasegate::input::int_range",
                format!(
                    "the integer {} does not fit in 64 bits",
                    obj.str().map(|s| s.to_string()).unwrap_or_default()
                ),
            )
        });
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        if !v.is_finite() {
            return Err(w
                .fail(
                    "phasegate::input::float",
                    format!("{v} is not allowed (JSON has no NaN or infinity)"),
                )
                .help("use null, or a string such as \"inf\""));
        }
        return Ok(Value::Float(v));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return text(s, w).map(|t| Value::Str(Arc::from(t)));
    }
    let container = obj.cast::<PyDict>().is_ok()
        || obj.cast::<PyList>().is_ok()
        || obj.cast::<PyTuple>().is_ok();
    if container && depth >= w.limits.max_depth {
        return Err(Failure::limit(
            "phasegate::limits::input_depth",
            format!(
                "{}: the input nests deeper than max_input_depth = {} (or contains itself)",
                w.path(),
                w.limits.max_depth
            ),
        )
        .help("flatten the input, or raise limits={\"max_input_depth\": …} (at most 1000)"));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut out = Object::with_capacity(d.len());
        for (k, v) in d.iter() {
            let Ok(ks) = k.cast::<PyString>() else {
                return Err(w
                    .fail(
                        "phasegate::input::key",
                        format!(
                            "the key {} is a {}, not a str",
                            k.repr().map(|s| s.to_string()).unwrap_or_default(),
                            type_name(&k)
                        ),
                    )
                    .help("evidence objects have string keys, as in JSON"));
            };
            let key = text(ks, w)?;
            w.steps.push(Step::Key(key.clone()));
            let value = convert(&v, w, depth + 1)?;
            w.steps.pop();
            out.insert(Arc::from(key), value);
        }
        return Ok(Value::object(out));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return items(l.iter(), l.len(), w, depth);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return items(t.iter(), t.len(), w, depth);
    }
    Err(w
        .fail(
            "phasegate::input::type",
            format!("a {} cannot be evidence", type_name(obj)),
        )
        .help(
            "use None, bool, int, float, str, list, tuple or dict (e.g. dates as RFC 3339 strings)",
        ))
}

fn items<'py>(
    iter: impl Iterator<Item = Bound<'py, PyAny>>,
    len: usize,
    w: &mut Walk<'_>,
    depth: usize,
) -> Result<Value, Failure> {
    let mut out = Vec::with_capacity(len);
    for (i, item) in iter.enumerate() {
        w.steps.push(Step::Index(i));
        out.push(convert(&item, w, depth + 1)?);
        w.steps.pop();
    }
    Ok(Value::array(out))
}

fn text(s: &Bound<'_, PyString>, w: &Walk<'_>) -> Result<String, Failure> {
    s.to_cow().map(|c| c.into_owned()).map_err(|_| {
        w.fail(
            "phasegate::input::unicode",
            "a str that is not valid Unicode (lone surrogate)".into(),
        )
    })
}

/// Convert a phasegate value into Python objects (dict, list, str, int,
/// float, bool, None).
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    out(py, v, 0)
}

fn out<'py>(py: Python<'py>, v: &Value, depth: usize) -> PyResult<Bound<'py, PyAny>> {
    if depth > MAX_OUTPUT_DEPTH {
        return Err(Failure::limit(
            "phasegate::limits::output_depth",
            format!("a value nests deeper than {MAX_OUTPUT_DEPTH} levels"),
        )
        .into_pyerr(py));
    }
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::Float(f) => PyFloat::new(py, *f).into_any(),
        Value::Str(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let l = PyList::empty(py);
            for x in a.iter() {
                l.append(out(py, x, depth + 1)?)?;
            }
            l.into_any()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o.iter() {
                d.set_item(&**k, out(py, x, depth + 1)?)?;
            }
            d.into_any()
        }
    })
}

/// Convert anything serde can serialize (decisions, rule metadata) into
/// Python objects, through [`Value`].
pub fn serialize_to_py<'py, T: serde::Serialize>(
    py: Python<'py>,
    x: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(x).map_err(|e| {
        Failure::evidence("phasegate::output", format!("cannot serialize: {e}")).into_pyerr(py)
    })?;
    to_py(py, &Value::from_json(&json))
}
