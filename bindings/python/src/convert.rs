//! Python objects ⇄ phasegate values, walked directly (no JSON round trip).

use crate::errors::Failure;
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

/// What was wrong with a value; the path to it is added while the error
/// travels back up, so converting a good input does no bookkeeping.
enum Bad {
    IntRange(String),
    Float(f64),
    Key { repr: String, type_name: String },
    Unicode,
    Depth(usize),
    Type(String),
}

/// A bad value and the steps from it back up to the root (innermost first).
struct Located {
    bad: Bad,
    steps: Vec<Step>,
}

impl Located {
    fn new(bad: Bad) -> Located {
        Located {
            bad,
            steps: Vec::new(),
        }
    }

    fn under(mut self, step: Step) -> Located {
        self.steps.push(step);
        self
    }

    /// `input.findings[3].level`: deep paths keep their first and last steps.
    fn path(&self, root: &str) -> String {
        let mut out = root.to_string();
        let n = self.steps.len();
        for (i, s) in self.steps.iter().rev().enumerate() {
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

    fn into_failure(self, root: &str) -> Failure {
        let path = self.path(root);
        let at = |code: &str, what: String| Failure::evidence(code, format!("{path}: {what}"));
        match self.bad {
            Bad::IntRange(n) => at(
                "phasegate::input::int_range",
                format!("the integer {n} does not fit in 64 bits"),
            ),
            Bad::Float(v) => at(
                "phasegate::input::float",
                format!("{v} is not allowed (JSON has no NaN or infinity)"),
            )
            .help("use null, or a string such as \"inf\""),
            Bad::Key { repr, type_name } => at(
                "phasegate::input::key",
                format!("the key {repr} is a {type_name}, not a str"),
            )
            .help("evidence objects have string keys, as in JSON"),
            Bad::Unicode => at(
                "phasegate::input::unicode",
                "a str that is not valid Unicode (lone surrogate)".into(),
            ),
            Bad::Depth(max) => Failure::limit(
                "phasegate::limits::input_depth",
                format!(
                    "{path}: the input nests deeper than max_input_depth = {max} (or contains itself)"
                ),
            )
            .help("flatten the input, or raise limits={\"max_input_depth\": …} (at most 1000)"),
            Bad::Type(type_name) => at(
                "phasegate::input::type",
                format!("a {type_name} cannot be evidence"),
            )
            .help(
                "use None, bool, int, float, str, list, tuple or dict (e.g. dates as RFC 3339 strings)",
            ),
        }
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
    convert(obj, limits.max_depth, 0).map_err(|e| e.into_failure(root).into_pyerr(obj.py()))
}

fn convert(obj: &Bound<'_, PyAny>, max_depth: usize, depth: usize) -> Result<Value, Located> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // Exact types first (the common case), subclasses after.
    if let Ok(s) = obj.cast_exact::<PyString>() {
        return text(s).map(Value::Str);
    }
    if let Ok(d) = obj.cast_exact::<PyDict>() {
        return dict(d, max_depth, depth);
    }
    if let Ok(l) = obj.cast_exact::<PyList>() {
        return items(l.iter(), l.len(), max_depth, depth);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        return obj.extract::<i64>().map(Value::Int).map_err(|_| {
            Located::new(Bad::IntRange(
                obj.str().map(|s| s.to_string()).unwrap_or_default(),
            ))
        });
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        if !v.is_finite() {
            return Err(Located::new(Bad::Float(v)));
        }
        return Ok(Value::Float(v));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return text(s).map(Value::Str);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return dict(d, max_depth, depth);
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return items(l.iter(), l.len(), max_depth, depth);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return items(t.iter(), t.len(), max_depth, depth);
    }
    Err(Located::new(Bad::Type(type_name(obj))))
}

fn deeper(max_depth: usize, depth: usize) -> Result<(), Located> {
    if depth >= max_depth {
        return Err(Located::new(Bad::Depth(max_depth)));
    }
    Ok(())
}

fn dict(d: &Bound<'_, PyDict>, max_depth: usize, depth: usize) -> Result<Value, Located> {
    deeper(max_depth, depth)?;
    let mut out = Object::with_capacity_and_hasher(d.len(), Default::default());
    for (k, v) in d.iter() {
        let Ok(ks) = k.cast::<PyString>() else {
            return Err(Located::new(Bad::Key {
                repr: k.repr().map(|s| s.to_string()).unwrap_or_default(),
                type_name: type_name(&k),
            }));
        };
        let key = text(ks)?;
        match convert(&v, max_depth, depth + 1) {
            Ok(value) => {
                out.insert(key, value);
            }
            Err(e) => return Err(e.under(Step::Key(key.to_string()))),
        }
    }
    Ok(Value::object(out))
}

fn items<'py>(
    iter: impl Iterator<Item = Bound<'py, PyAny>>,
    len: usize,
    max_depth: usize,
    depth: usize,
) -> Result<Value, Located> {
    deeper(max_depth, depth)?;
    let mut out = Vec::with_capacity(len);
    for (i, item) in iter.enumerate() {
        match convert(&item, max_depth, depth + 1) {
            Ok(v) => out.push(v),
            Err(e) => return Err(e.under(Step::Index(i))),
        }
    }
    Ok(Value::array(out))
}

/// The text of a str, borrowed from Python's cached UTF-8 (no copy but the
/// one into the `Arc`).
fn text(s: &Bound<'_, PyString>) -> Result<Arc<str>, Located> {
    s.to_str()
        .map(Arc::from)
        .map_err(|_| Located::new(Bad::Unicode))
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
