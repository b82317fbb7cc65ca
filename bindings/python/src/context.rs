//! `now=` and `context=`: what rules see besides the input.

use crate::convert::to_value;
use crate::errors::Failure;
use crate::limits::InputLimits;
use phasegate_engine::EvalContext;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyType};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn datetime_type<'py>(py: Python<'py>) -> PyResult<&'py Bound<'py, PyType>> {
    static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DATETIME.import(py, "datetime", "datetime")
}

fn bad_now(py: Python<'_>, message: String) -> PyErr {
    Failure::evidence("phasegate::input::now", message)
        .help(
            "pass a timezone-aware datetime or an RFC 3339 string such as \"2024-05-01T12:00:00Z\"",
        )
        .into_pyerr(py)
}

fn parse_rfc3339(py: Python<'_>, s: &str) -> PyResult<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(|e| {
        bad_now(
            py,
            format!("now = {s:?} is not an RFC 3339 timestamp ({e})"),
        )
    })
}

/// `now` as a timezone-aware `datetime.datetime` or an RFC 3339 string.
pub fn parse_now(now: Option<&Bound<'_, PyAny>>) -> PyResult<Option<OffsetDateTime>> {
    let Some(now) = now else {
        return Ok(None);
    };
    let py = now.py();
    if let Ok(s) = now.cast::<PyString>() {
        return parse_rfc3339(py, &s.to_cow()?).map(Some);
    }
    if now.is_instance(datetime_type(py)?)? {
        if now.call_method0("utcoffset")?.is_none() {
            return Err(bad_now(
                py,
                format!("now = {} is a naive datetime (no timezone)", now.repr()?),
            ));
        }
        let iso: String = now.call_method0("isoformat")?.extract()?;
        return parse_rfc3339(py, &iso).map(Some);
    }
    Err(PyTypeError::new_err(format!(
        "now must be a datetime.datetime or an RFC 3339 str, not {}",
        now.get_type().qualname()?
    )))
}

/// The evaluation context: `context` (a `now` field in it sets the time
/// when `now` is not given), and the time, defaulting to the current time
/// as `phasegate check` does.
pub fn build(
    now: Option<&Bound<'_, PyAny>>,
    context: Option<&Bound<'_, PyAny>>,
    limits: &InputLimits,
) -> PyResult<EvalContext> {
    let now = parse_now(now)?;
    let mut ctx = match context {
        Some(c) if !c.is_none() => {
            let py = c.py();
            let value = to_value(c, "context", limits)?;
            EvalContext::from_value(value).map_err(|e| bad_now(py, format!("context: {e}")))?
        }
        _ => EvalContext::new(),
    };
    let now = now.or(ctx.now).unwrap_or_else(OffsetDateTime::now_utc);
    ctx = ctx.with_now(now);
    Ok(ctx)
}
