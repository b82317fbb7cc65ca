//! The Python exceptions and the errors behind them.
//!
//! Every error is first a [`Failure`] (plain Rust data, built with or
//! without the GIL), then raised as `PolicyError`, `EvidenceError`,
//! `LimitExceeded` or `NotImplementedError` carrying `.code`, `.file`,
//! `.line`, `.column`, `.help` and `.diagnostics`; `str(e)` is the
//! miette report without colour.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use phasegate_engine::CompileError;
use phasegate_lang::Diagnostic;
use pyo3::exceptions::{PyException, PyNotImplementedError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

pyo3::create_exception!(
    phasegate,
    PhasegateError,
    PyException,
    "Base class of the phasegate exceptions. Carries `code`, `file`, `line`, `column`, `help` and `diagnostics`; `str(e)` is the rendered report."
);
pyo3::create_exception!(
    phasegate,
    PolicyError,
    PhasegateError,
    "The policies could not be loaded or compiled: syntax, names, types, params, unreadable files, unknown packs."
);
pyo3::create_exception!(
    phasegate,
    EvidenceError,
    PhasegateError,
    "An input or context could not be read or converted: invalid JSON/YAML, unsupported Python types, NaN, non-string keys, a bad `now`."
);
pyo3::create_exception!(
    phasegate,
    LimitExceeded,
    PhasegateError,
    "An input is larger or deeper than the conversion limits, or `limits=` is misused. Limits hit while evaluating a rule are not exceptions: the rule gets status `error`."
);

/// Which exception a [`Failure`] becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `PolicyError`.
    Policy,
    /// `EvidenceError`.
    Evidence,
    /// `LimitExceeded`.
    Limit,
    /// `NotImplementedError` (a feature not built into this package).
    NotImplemented,
}

/// One diagnostic as shown in `e.diagnostics`.
#[derive(Clone, Debug, Default)]
pub struct DiagInfo {
    /// Stable code.
    pub code: String,
    /// `error` or `warning`.
    pub severity: String,
    /// The message.
    pub message: String,
    /// File name.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// How to fix it.
    pub help: Option<String>,
}

impl DiagInfo {
    /// From a language diagnostic.
    pub fn of(d: &Diagnostic) -> DiagInfo {
        let j = d.to_json();
        DiagInfo {
            code: j.code.to_string(),
            severity: j.severity.to_string(),
            message: j.message,
            file: Some(j.file),
            line: Some(j.line),
            column: Some(j.column),
            help: j.help,
        }
    }

    /// As a Python dict.
    pub fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("code", &self.code)?;
        d.set_item("severity", &self.severity)?;
        d.set_item("message", &self.message)?;
        d.set_item("file", &self.file)?;
        d.set_item("line", self.line)?;
        d.set_item("column", self.column)?;
        d.set_item("help", &self.help)?;
        Ok(d)
    }
}

/// An error on its way to Python.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The exception class.
    pub kind: Kind,
    /// The rendered report (`str(e)`).
    pub rendered: String,
    /// The first (or only) diagnostic; its fields become the exception's attributes.
    pub first: DiagInfo,
    /// Every diagnostic (`e.diagnostics`).
    pub all: Vec<DiagInfo>,
}

/// A source snippet to show under an error.
pub struct Snippet<'a> {
    /// Display name.
    pub name: &'a str,
    /// The text.
    pub text: &'a str,
    /// Byte offset of the problem.
    pub offset: usize,
}

/// Longest text shown as a snippet under an input error.
const MAX_SNIPPET_SOURCE: usize = 1 << 20;

fn handler() -> GraphicalReportHandler {
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100)
}

/// Render a miette diagnostic without colour at width 100.
pub fn render(diag: &dyn miette::Diagnostic) -> String {
    let mut out = String::new();
    match handler().render_report(&mut out, diag) {
        Ok(()) => out.trim_end().to_string(),
        Err(_) => diag.to_string(),
    }
}

impl Failure {
    /// A failure with one diagnostic, rendered from its fields.
    pub fn new(kind: Kind, code: &str, message: impl Into<String>) -> Failure {
        let info = DiagInfo {
            code: code.to_string(),
            severity: "error".into(),
            message: message.into(),
            ..DiagInfo::default()
        };
        let mut f = Failure {
            kind,
            rendered: String::new(),
            first: info.clone(),
            all: vec![info],
        };
        f.rerender(None);
        f
    }

    /// An `EvidenceError`.
    pub fn evidence(code: &str, message: impl Into<String>) -> Failure {
        Failure::new(Kind::Evidence, code, message)
    }

    /// A `LimitExceeded`.
    pub fn limit(code: &str, message: impl Into<String>) -> Failure {
        Failure::new(Kind::Limit, code, message)
    }

    /// A `NotImplementedError` for a feature this build lacks.
    pub fn not_built(what: &str) -> Failure {
        Failure::new(
            Kind::NotImplemented,
            "phasegate::not_built",
            format!("{what} is not built into this phasegate package (see `phasegate.FEATURES`)"),
        )
    }

    /// Set the file.
    pub fn file(mut self, file: impl Into<String>) -> Failure {
        let file = file.into();
        self.first.file = Some(file.clone());
        if let Some(d) = self.all.first_mut() {
            d.file = Some(file);
        }
        self.rerender(None);
        self
    }

    /// Set the help text.
    pub fn help(mut self, help: impl Into<String>) -> Failure {
        let help = help.into();
        self.first.help = Some(help.clone());
        if let Some(d) = self.all.first_mut() {
            d.help = Some(help);
        }
        self.rerender(None);
        self
    }

    /// Set line and column, showing the source around them when given.
    pub fn at(mut self, line: usize, column: usize, snippet: Option<Snippet<'_>>) -> Failure {
        self.first.line = Some(line);
        self.first.column = Some(column);
        if let Some(d) = self.all.first_mut() {
            d.line = Some(line);
            d.column = Some(column);
        }
        self.rerender(snippet);
        self
    }

    /// Prefix the message (e.g. with `inputs[3]: `).
    pub fn prefixed(mut self, prefix: &str) -> Failure {
        self.first.message = format!("{prefix}{}", self.first.message);
        if let Some(d) = self.all.first_mut() {
            d.message = self.first.message.clone();
        }
        self.rerender(None);
        self
    }

    fn rerender(&mut self, snippet: Option<Snippet<'_>>) {
        let i = &self.first;
        let mut message = i.message.clone();
        if let (Some(file), None) = (&i.file, &snippet) {
            if !message.contains(file.as_str()) {
                message = match (i.line, i.column) {
                    (Some(l), Some(c)) => format!("{file}:{l}:{c}: {message}"),
                    _ => format!("{file}: {message}"),
                };
            }
        }
        let mut d = MietteDiagnostic::new(message).with_code(i.code.clone());
        if let Some(h) = &i.help {
            d = d.with_help(h.clone());
        }
        self.rendered = match snippet {
            Some(s) if s.text.len() <= MAX_SNIPPET_SOURCE => {
                let offset = s.offset.min(s.text.len());
                let d = d.with_label(LabeledSpan::at_offset(offset, "here"));
                let report = miette::Report::new(d)
                    .with_source_code(NamedSource::new(s.name, s.text.to_string()));
                render(report.as_ref())
            }
            _ => render(&d),
        };
    }

    /// From an engine compile error.
    pub fn compile(e: &CompileError) -> Failure {
        let diags = e.diagnostics();
        if !diags.is_empty() {
            let all: Vec<DiagInfo> = diags.iter().map(DiagInfo::of).collect();
            let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
            let shown: Vec<&Diagnostic> = if errors.is_empty() {
                diags.iter().collect()
            } else {
                errors
            };
            let rendered = shown
                .iter()
                .map(|d| render(*d))
                .collect::<Vec<_>>()
                .join("\n\n");
            let first = shown.first().map(|d| DiagInfo::of(d)).unwrap_or_default();
            return Failure {
                kind: Kind::Policy,
                rendered,
                first,
                all,
            };
        }
        let code = miette::Diagnostic::code(e)
            .map(|c| c.to_string())
            .unwrap_or_else(|| "phasegate::compile".into());
        let help = miette::Diagnostic::help(e).map(|h| h.to_string());
        let (mut file, mut line, mut column) = (None, None, None);
        match e {
            CompileError::Io { path, .. } => file = Some(path.display().to_string()),
            CompileError::MissingParam { location, .. } => {
                let mut parts = location.rsplitn(3, ':');
                let c = parts.next().and_then(|x| x.parse().ok());
                let l = parts.next().and_then(|x| x.parse().ok());
                if let (Some(c), Some(l), Some(f)) = (c, l, parts.next()) {
                    (file, line, column) = (Some(f.to_string()), Some(l), Some(c));
                }
            }
            _ => {}
        }
        let info = DiagInfo {
            code,
            severity: "error".into(),
            message: e.to_string(),
            file,
            line,
            column,
            help,
        };
        Failure {
            kind: Kind::Policy,
            rendered: render(e),
            first: info.clone(),
            all: vec![info],
        }
    }

    /// Raise as a Python exception.
    pub fn into_pyerr(self, py: Python<'_>) -> PyErr {
        let err = match self.kind {
            Kind::Policy => PolicyError::new_err(self.rendered.clone()),
            Kind::Evidence => EvidenceError::new_err(self.rendered.clone()),
            Kind::Limit => LimitExceeded::new_err(self.rendered.clone()),
            Kind::NotImplemented => return PyNotImplementedError::new_err(self.first.message),
        };
        if let Err(e) = self.decorate(py, &err) {
            return e;
        }
        err
    }

    fn decorate(&self, py: Python<'_>, err: &PyErr) -> PyResult<()> {
        let value = err.value(py);
        let i = &self.first;
        value.setattr("code", &i.code)?;
        value.setattr("message", &i.message)?;
        value.setattr("file", &i.file)?;
        value.setattr("line", i.line)?;
        value.setattr("column", i.column)?;
        value.setattr("help", &i.help)?;
        let list = PyList::empty(py);
        for d in &self.all {
            list.append(d.to_py(py)?)?;
        }
        value.setattr("diagnostics", list)?;
        Ok(())
    }
}

/// Turn a `Result<T, Failure>` into a `PyResult<T>`.
pub trait IntoPy<T> {
    /// Raise the failure, if any.
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Failure> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|f| f.into_pyerr(py))
    }
}
