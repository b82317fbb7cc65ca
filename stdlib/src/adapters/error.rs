//! The error of the evidence adapters.

/// Why an evidence file could not be read or normalised. Every variant
/// names the file and says what was expected.
#[derive(Debug, thiserror::Error)]
pub enum AdapterError {
    /// The file could not be read from disk.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The path.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid JSON.
    #[error("{file}: not valid JSON at line {line} column {column}: {message}")]
    Json {
        /// The file name.
        file: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON parser reported.
        message: String,
    },
    /// The file is not valid YAML.
    #[error("{file}: not valid YAML{at}: {message}")]
    Yaml {
        /// The file name.
        file: String,
        /// ` at line L column C` when known, else empty.
        at: String,
        /// What the YAML parser reported.
        message: String,
    },
    /// The file is larger than the size limit (see
    /// [`DEFAULT_MAX_FILE_BYTES`](super::DEFAULT_MAX_FILE_BYTES)).
    #[error("{file}: {}more than the limit of {limit} bytes", .size.map(|n| format!("{n} bytes, ")).unwrap_or_default())]
    TooLarge {
        /// The path.
        file: String,
        /// Its size, when the metadata tells it (else the limit was found while reading).
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file parsed, but does not have the shape of the format it was read as.
    #[error("{file}: not a valid {expected} document: {problem}")]
    Shape {
        /// The file name.
        file: String,
        /// The format that was expected (e.g. `SARIF 2.1.0`).
        expected: String,
        /// What is wrong.
        problem: String,
    },
    /// The format could not be recognised from the content.
    #[error(
        "{file}: unknown evidence format ({looked_like}); name its kind explicitly, e.g. {example}"
    )]
    Unknown {
        /// The file name.
        file: String,
        /// What the content looked like (e.g. `JSON with keys a, b, c`).
        looked_like: String,
        /// An example of an explicit `kind=file` argument.
        example: String,
    },
    /// A kind name that does not exist.
    #[error("unknown evidence kind `{name}`{hint}; known kinds: {known}")]
    UnknownKind {
        /// The name given.
        name: String,
        /// ` (did you mean `x`?)` or empty.
        hint: String,
        /// The known kind names.
        known: String,
    },
    /// Two files describe different instances of something the evidence
    /// holds only once (e.g. two different pull requests).
    #[error("{what} in {second} differs from the one in {first} ({detail}); an evidence bundle describes one change")]
    Conflict {
        /// The top-level key (e.g. `pull_request`).
        what: String,
        /// The file that gave it first.
        first: String,
        /// The file that gave a different one.
        second: String,
        /// How they differ.
        detail: String,
    },
}

impl AdapterError {
    pub(crate) fn shape(
        file: &str,
        expected: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        AdapterError::Shape {
            file: file.to_string(),
            expected: expected.into(),
            problem: problem.into(),
        }
    }
}
