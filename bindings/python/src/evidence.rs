//! What `evaluate` accepts as input, and turning it into the evidence document.
//!
//! With the GIL held, [`Source::classify`] looks at the Python object: data
//! (dict, list, scalars) is converted at once; documents and paths are kept
//! as bytes and paths so that [`Source::resolve`] can read and parse them
//! without the GIL, on any thread.

use crate::convert::to_value;
use crate::errors::{Failure, Snippet};
use crate::limits::InputLimits;
use phasegate_lang::Value;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};
use std::path::PathBuf;

/// One input, ready to be resolved without the GIL.
pub enum Source {
    /// Python data, already converted.
    Value(Value),
    /// A JSON or YAML document given as `str` or `bytes`.
    Document(Vec<u8>),
    /// A JSON or YAML file (`os.PathLike`).
    File(PathBuf),
    /// An evidence directory (`os.PathLike`): the evidence adapters read every file.
    Dir(PathBuf),
    /// Evidence files, each with an optional explicit kind: the adapters merge them.
    Files(Vec<(Option<String>, PathBuf)>),
}

fn path_like<'py>(py: Python<'py>) -> PyResult<&'py Bound<'py, PyType>> {
    static PATH_LIKE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    PATH_LIKE.import(py, "os", "PathLike")
}

fn as_path(obj: &Bound<'_, PyAny>) -> PyResult<Option<PathBuf>> {
    if obj.is_instance(path_like(obj.py())?)? {
        return Ok(Some(obj.extract::<PathBuf>()?));
    }
    Ok(None)
}

/// `(kind, path)` with a str kind and a path-like path.
fn kind_and_path(obj: &Bound<'_, PyAny>) -> PyResult<Option<(String, PathBuf)>> {
    let Ok(t) = obj.cast::<PyTuple>() else {
        return Ok(None);
    };
    if t.len() != 2 {
        return Ok(None);
    }
    let (k, p) = (t.get_item(0)?, t.get_item(1)?);
    match (k.cast::<PyString>(), as_path(&p)?) {
        (Ok(k), Some(p)) => Ok(Some((k.to_cow()?.into_owned(), p))),
        _ => Ok(None),
    }
}

fn evidence_file(obj: &Bound<'_, PyAny>) -> PyResult<Option<(Option<String>, PathBuf)>> {
    if let Some(p) = as_path(obj)? {
        return Ok(Some((None, p)));
    }
    Ok(kind_and_path(obj)?.map(|(k, p)| (Some(k), p)))
}

impl Source {
    /// Classify a Python object: `os.PathLike` → file or directory;
    /// a list whose first item is path-like (or `(kind, path)`) → evidence
    /// files; `str`/`bytes` → a document; anything else → data.
    pub fn classify(obj: &Bound<'_, PyAny>, root: &str, limits: &InputLimits) -> PyResult<Source> {
        let py = obj.py();
        // The common case first: a dict is data (isinstance against the
        // os.PathLike ABC costs more than converting a small input).
        if obj.cast_exact::<PyDict>().is_ok() {
            return Ok(Source::Value(to_value(obj, root, limits)?));
        }
        if let Some(p) = as_path(obj)? {
            return Ok(if p.is_dir() {
                Source::Dir(p)
            } else {
                Source::File(p)
            });
        }
        if let Ok(s) = obj.cast::<PyString>() {
            let text = s.to_cow().map_err(|_| {
                Failure::evidence(
                    "phasegate::input::unicode",
                    format!("{root}: a str that is not valid Unicode (lone surrogate)"),
                )
                .into_pyerr(py)
            })?;
            return Ok(Source::Document(text.as_bytes().to_vec()));
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Source::Document(b.as_bytes().to_vec()));
        }
        if let Ok(l) = obj.cast::<PyList>() {
            if let Some(first) = l.iter().next() {
                if evidence_file(&first)?.is_some() {
                    let mut files = Vec::with_capacity(l.len());
                    for (i, item) in l.iter().enumerate() {
                        match evidence_file(&item)? {
                            Some(f) => files.push(f),
                            None => {
                                return Err(Failure::evidence(
                                    "phasegate::input::files",
                                    format!("{root}[{i}] is not a path, but {root}[0] is: a list of evidence files holds only os.PathLike items or (kind, path) pairs"),
                                )
                                .into_pyerr(py))
                            }
                        }
                    }
                    return Ok(Source::Files(files));
                }
            }
        }
        Ok(Source::Value(to_value(obj, root, limits)?))
    }

    /// Read, parse and adapt the input into one evidence document.
    pub fn resolve(self, limits: &InputLimits) -> Result<Value, Failure> {
        match self {
            Source::Value(v) => Ok(v),
            Source::Document(bytes) => {
                check_size("<input>", bytes.len() as u64, limits)?;
                parse_document("<input>", &bytes)
            }
            Source::File(p) => {
                let name = p.display().to_string();
                let io = |e: std::io::Error| {
                    Failure::evidence("phasegate::input::io", format!("cannot read: {e}"))
                        .file(name.clone())
                };
                let meta = std::fs::metadata(&p).map_err(io)?;
                check_size(&name, meta.len(), limits)?;
                let bytes = std::fs::read(&p).map_err(io)?;
                check_size(&name, bytes.len() as u64, limits)?;
                parse_document(&name, &bytes)
            }
            Source::Dir(p) => crate::adapters::load_dir(&p),
            Source::Files(files) => {
                let mut loaded = Vec::with_capacity(files.len());
                for (kind, p) in files {
                    let name = p.display().to_string();
                    let bytes = std::fs::read(&p).map_err(|e| {
                        Failure::evidence("phasegate::input::io", format!("cannot read: {e}"))
                            .file(name.clone())
                    })?;
                    check_size(&name, bytes.len() as u64, limits)?;
                    loaded.push((name, kind, bytes));
                }
                crate::adapters::load_files(loaded)
            }
        }
    }
}

fn check_size(name: &str, len: u64, limits: &InputLimits) -> Result<(), Failure> {
    if len > limits.max_bytes as u64 {
        return Err(Failure::limit(
            "phasegate::limits::input_bytes",
            format!(
                "{name} is {len} bytes; the limit is max_input_bytes = {}",
                limits.max_bytes
            ),
        )
        .file(name));
    }
    Ok(())
}

/// Parse a JSON or YAML document as `phasegate check --input` does: JSON
/// for `.json` names or text starting with `{` or `[`, YAML otherwise.
pub fn parse_document(name: &str, bytes: &[u8]) -> Result<Value, Failure> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Failure::evidence(
            "phasegate::input::utf8",
            format!("{name} is not valid UTF-8: {e}"),
        )
        .file(name)
    })?;
    if text.trim().is_empty() {
        return Err(
            Failure::evidence("phasegate::input::empty", format!("{name} is empty")).file(name),
        );
    }
    let lower = name.to_ascii_lowercase();
    let yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
    let json = lower.ends_with(".json") || (!yaml && text.trim_start().starts_with(['{', '[']));
    let snippet = |line: usize, column: usize| Snippet {
        name,
        text,
        offset: offset_of(text, line, column),
    };
    if json {
        serde_json::from_str::<Value>(text).map_err(|e| {
            let (line, column) = (e.line(), e.column());
            Failure::evidence(
                "phasegate::input::json",
                format!("{name} is not valid JSON: {e}"),
            )
            .file(name)
            .at(line, column, Some(snippet(line, column)))
        })
    } else {
        serde_yaml::from_str::<Value>(text).map_err(|e| {
            let f = Failure::evidence(
                "phasegate::input::yaml",
                format!("{name} is not valid YAML: {e}"),
            )
            .file(name);
            match e.location() {
                Some(l) => {
                    let snip = Snippet {
                        name,
                        text,
                        offset: l.index(),
                    };
                    f.at(l.line(), l.column(), Some(snip))
                }
                None => f,
            }
        })
    }
}

/// Byte offset of a 1-based line and column (columns counted in characters).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map(|(b, _)| b)
                .unwrap_or(l.len());
            return offset + col;
        }
        offset += l.len();
    }
    text.len()
}
