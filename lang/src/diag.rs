//! Diagnostics: every error and warning the language layer reports.
//!
//! A [`Diagnostic`] is a `thiserror` error and a `miette::Diagnostic` with a
//! stable code (`phasegate::parse::…`, `phasegate::check::…`), a labelled span
//! in its source file, and help text.

use crate::ast::Span;
use crate::source::SourceFile;
use miette::{LabeledSpan, SourceCode};
use serde::Serialize;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Does not stop compilation.
    Warning,
    /// Stops compilation.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident => $code:literal, $sev:ident; )*) => {
        /// Every kind of diagnostic, with its stable code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// The stable code string, e.g. `phasegate::check::unknown_name`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }
            /// The default severity of this kind.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }
            /// All codes (for documentation and exhaustive tests).
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];
        }
    };
}

codes! {
    /// The file is not valid UTF-8.
    InvalidUtf8 => "phasegate::parse::invalid_utf8", Error;
    /// The file is empty or only comments.
    EmptyFile => "phasegate::parse::empty_file", Error;
    /// The file exceeds the size limit.
    FileTooLarge => "phasegate::parse::file_too_large", Error;
    /// Brackets or expressions nest deeper than the limit.
    TooDeep => "phasegate::parse::too_deep", Error;
    /// A syntax error.
    Syntax => "phasegate::parse::syntax", Error;
    /// A number literal out of range.
    BadNumber => "phasegate::parse::bad_number", Error;
    /// A bad escape sequence in a string.
    BadEscape => "phasegate::parse::bad_escape", Error;
    /// `[x in xs | cond]` not of that form.
    BadFilter => "phasegate::parse::bad_filter", Error;
    /// A name that is not defined.
    UnknownName => "phasegate::check::unknown_name", Error;
    /// A function that is not defined.
    UnknownFunction => "phasegate::check::unknown_function", Error;
    /// A call with the wrong number of arguments.
    Arity => "phasegate::check::arity", Error;
    /// A type error visible without input.
    TypeMismatch => "phasegate::check::type_mismatch", Error;
    /// Two rules with the same id.
    DuplicateRule => "phasegate::check::duplicate_rule", Error;
    /// Two definitions of one name in the same scope.
    DuplicateName => "phasegate::check::duplicate_name", Error;
    /// `phase` is not one of the eight phases.
    InvalidPhase => "phasegate::check::invalid_phase", Error;
    /// `severity` is not one of the five severities.
    InvalidSeverity => "phasegate::check::invalid_severity", Error;
    /// Required metadata is missing.
    MissingMetadata => "phasegate::check::missing_metadata", Error;
    /// Metadata given twice.
    DuplicateMetadata => "phasegate::check::duplicate_metadata", Error;
    /// A rule with no `require`.
    NoCondition => "phasegate::check::no_condition", Error;
    /// A `when` placed after a `require`.
    WhenAfterRequire => "phasegate::check::when_after_require", Error;
    /// A `let` that is never used.
    UnusedLet => "phasegate::check::unused_let", Warning;
    /// A `param` that is never used.
    UnusedParam => "phasegate::check::unused_param", Warning;
    /// An import of a package that is not loaded.
    UnresolvedImport => "phasegate::check::unresolved_import", Error;
    /// Packages importing each other.
    ImportCycle => "phasegate::check::import_cycle", Error;
    /// A param default (or override) of the wrong type.
    ParamType => "phasegate::check::param_type", Error;
    /// A test expects a rule that does not exist.
    UnknownRule => "phasegate::check::unknown_rule", Error;
    /// A test expects a status that does not exist.
    InvalidStatus => "phasegate::check::invalid_status", Error;
    /// A test input, param default or override that is not a constant.
    NotConstant => "phasegate::check::not_constant", Error;
    /// A literal regex or glob that does not compile.
    BadPattern => "phasegate::check::bad_pattern", Error;
    /// A test without any `expect`.
    EmptyTest => "phasegate::check::empty_test", Error;
    /// A declared WebAssembly plugin that cannot be loaded.
    PluginLoad => "phasegate::check::plugin", Error;
}

/// One error or warning, located in a source file.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{message}")]
pub struct Diagnostic {
    /// Kind and stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// The main message.
    pub message: String,
    /// The file it is in.
    pub file: SourceFile,
    /// The primary location.
    pub span: Span,
    /// What to write at the primary location.
    pub label: String,
    /// Further labelled locations in the same file.
    pub secondary: Vec<(Span, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `code`'s default severity.
    pub fn new(
        code: Code,
        file: &SourceFile,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            file: file.clone(),
            span,
            label: String::new(),
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Set the primary label.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Set the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Add a secondary label.
    pub fn also(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push((span, label.into()));
        self
    }

    /// `true` for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column of the primary span.
    pub fn line_col(&self) -> (usize, usize) {
        self.file.line_col(self.span.start)
    }

    /// The machine-readable form used by `--format json`.
    pub fn to_json(&self) -> DiagnosticJson {
        let (line, column) = self.line_col();
        DiagnosticJson {
            code: self.code.as_str(),
            severity: self.severity,
            message: self.message.clone(),
            file: self.file.name.to_string(),
            line,
            column,
            help: self.help.clone(),
        }
    }
}

/// The JSON shape of a diagnostic.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct DiagnosticJson {
    /// Stable code.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// Message.
    pub message: String,
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Help text.
    pub help: Option<String>,
}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.file as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let clamp = |s: Span| {
            let len = self.file.text.len();
            let start = s.start.min(len);
            Span::new(start, s.end.clamp(start, len))
        };
        let primary = LabeledSpan::new_primary_with_span(
            (!self.label.is_empty()).then(|| self.label.clone()),
            clamp(self.span),
        );
        let rest = self
            .secondary
            .iter()
            .map(move |(s, l)| LabeledSpan::new_with_span(Some(l.clone()), clamp(*s)));
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }
}

impl Diagnostic {
    /// A miette report of this diagnostic (it shows the file name and snippet).
    pub fn report(&self) -> miette::Report {
        miette::Report::new(self.clone())
    }
}

/// Closest candidate to `name` among `candidates`, if any is close enough.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let score = strsim::jaro_winkler(name, c);
        let close = score >= 0.8 || strsim::damerau_levenshtein(name, c) <= (name.len() / 3).max(1);
        if close && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}
