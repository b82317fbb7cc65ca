//! Errors of the engine's public API.

use phasegate_lang::Diagnostic;
use std::path::PathBuf;

/// Policies could not be loaded or compiled.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// Errors in the policy text (syntax, names, types, patterns…).
    #[error("{}", policy_summary(.0))]
    Policy(Vec<Diagnostic>),
    /// A policy file or directory could not be read.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// No policy was given, or a directory holds no `.gate` file.
    #[error("no policies: {what}")]
    NoPolicies {
        /// What was searched.
        what: String,
    },
    /// More policy files than one set can be compiled from.
    #[error("{count} policy files; at most {limit} can be compiled into one set")]
    TooManyFiles {
        /// How many files the sources expand to.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// No rule pack has this name.
    #[error("unknown pack `{name}`{}; known packs: {known}", .suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownPack {
        /// The name asked for.
        name: String,
        /// The closest pack name.
        suggestion: Option<String>,
        /// Every pack name, comma-separated.
        known: String,
    },
    /// A param override is unknown or has the wrong type.
    #[error("bad param override `{key}`: {reason}")]
    BadParam {
        /// The override key as given.
        key: String,
        /// What is wrong.
        reason: String,
        /// A suggestion (e.g. "did you mean `min_approvals`?").
        help: Option<String>,
    },
    /// A param has no default and no override.
    #[error("param `{key}` has no default and no override was given (declared at {location})")]
    MissingParam {
        /// The qualified name (`<package>.<name>` or `<rule-id>.<name>`).
        key: String,
        /// `file:line:column` of the declaration.
        location: String,
    },
}

fn policy_summary(diags: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    match errors.first() {
        Some(d) => {
            let (line, col) = d.line_col();
            let more = match errors.len() {
                1 => String::new(),
                n => format!(" (and {} more error(s))", n - 1),
            };
            format!("{}:{line}:{col}: {}{more}", d.file.name, d.message)
        }
        None => "policy errors".to_string(),
    }
}

impl CompileError {
    /// The language diagnostics, for [`CompileError::Policy`].
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            CompileError::Policy(d) => d,
            _ => &[],
        }
    }
}

impl miette::Diagnostic for CompileError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        let code = match self {
            CompileError::Policy(_) => "phasegate::compile::policy",
            CompileError::Io { .. } => "phasegate::compile::io",
            CompileError::NoPolicies { .. } => "phasegate::compile::no_policies",
            CompileError::TooManyFiles { .. } => "phasegate::compile::too_many_files",
            CompileError::UnknownPack { .. } => "phasegate::compile::unknown_pack",
            CompileError::BadParam { .. } => "phasegate::compile::bad_param",
            CompileError::MissingParam { .. } => "phasegate::compile::missing_param",
        };
        Some(Box::new(code))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        match self {
            CompileError::BadParam { help: Some(h), .. } => Some(Box::new(h)),
            CompileError::MissingParam { key, .. } => Some(Box::new(format!(
                "give it a value, e.g. `--param {key}=…`, or add a default"
            ))),
            CompileError::NoPolicies { .. } => Some(Box::new(
                "point at a `.gate` file or a directory holding some, or select a pack",
            )),
            CompileError::TooManyFiles { .. } => Some(Box::new(
                "merge small files: one file can hold many rules, and a package can span several files",
            )),
            _ => None,
        }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        match self {
            CompileError::Policy(d) => {
                Some(Box::new(d.iter().map(|x| x as &dyn miette::Diagnostic)))
            }
            _ => None,
        }
    }
}

/// An input or context document could not be parsed.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Invalid JSON.
    #[error("invalid JSON input: {0}")]
    Json(#[from] serde_json::Error),
    /// Invalid YAML.
    #[error("invalid YAML input: {0}")]
    Yaml(#[from] serde_yaml::Error),
    /// `context.now` is not an RFC 3339 timestamp.
    #[error("context.now is not an RFC 3339 timestamp: {0}")]
    BadNow(String),
}

impl miette::Diagnostic for InputError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("phasegate::input"))
    }
}

/// [`crate::PolicySet::explain`] was asked about a rule that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no rule `{id}`{}", .suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
pub struct UnknownRule {
    /// The id asked for.
    pub id: String,
    /// The closest existing id.
    pub suggestion: Option<String>,
}
