//! Source text → [`ast::File`](crate::ast::File), with recovery and limits.

mod build;
mod comments;
mod depth;
mod errors;
mod expr;
mod grammar;
mod scan;
pub(crate) mod strings;

use crate::ast::{File, Span};
use crate::diag::{Code, Diagnostic};
use crate::source::SourceFile;
use pest::Parser;

pub(crate) use grammar::{GateParser, Rule};

/// Largest `.gate` file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Deepest bracket nesting accepted (`(`, `[`, `{`).
pub const MAX_NESTING: usize = 64;
/// Deepest expression tree accepted (operators, accesses and brackets).
pub const MAX_EXPR_DEPTH: usize = 256;

/// What parsing a file produced: the (possibly partial) AST and diagnostics.
#[derive(Debug)]
pub struct Parsed {
    /// The source file.
    pub source: SourceFile,
    /// The AST; when there are errors it holds the items that did parse.
    pub file: File,
    /// Syntax errors (empty on success).
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// `true` when there is no error.
    pub fn is_ok(&self) -> bool {
        self.diagnostics.iter().all(|d| !d.is_error())
    }
}

/// Parse raw bytes: checks UTF-8 and size before parsing.
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Parsed {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(&SourceFile::new(name, text)),
        Err(e) => {
            let valid = e.valid_up_to();
            // Show the text with bad bytes replaced, so the location is visible.
            let shown = String::from_utf8_lossy(bytes).into_owned();
            let source = SourceFile::new(name, shown);
            let (line, col) = source.line_col(valid);
            let d = Diagnostic::new(
                Code::InvalidUtf8,
                &source,
                Span::new(valid, valid + char::REPLACEMENT_CHARACTER.len_utf8()),
                format!("file is not valid UTF-8 (first bad byte at line {line}, column {col}, byte offset {valid})"),
            )
            .label("not UTF-8")
            .help("save the file as UTF-8");
            Parsed {
                source,
                file: empty_file(),
                diagnostics: vec![d],
            }
        }
    }
}

/// Parse a source file.
pub fn parse(source: &SourceFile) -> Parsed {
    let text: &str = &source.text;
    let fail = |d: Diagnostic| Parsed {
        source: source.clone(),
        file: empty_file(),
        diagnostics: vec![d],
    };
    if text.len() > MAX_FILE_BYTES {
        return fail(
            Diagnostic::new(
                Code::FileTooLarge,
                source,
                Span::new(0, 0),
                format!(
                    "file is {} bytes; the limit is {} bytes",
                    text.len(),
                    MAX_FILE_BYTES
                ),
            )
            .help("split the policy into several files of one package"),
        );
    }
    let sc = scan::scan(text, MAX_NESTING);
    if sc.blank {
        return fail(
            Diagnostic::new(Code::EmptyFile, source, Span::new(0, text.len()), "file contains no declarations")
                .label("nothing but whitespace and comments")
                .help("a policy file holds at least one `rule`, `fn`, `param` or `test`; remove the file if it is not needed"),
        );
    }
    if let Some(span) = sc.too_deep {
        return fail(too_deep(source, span));
    }

    let mut diagnostics = Vec::new();
    let mut exact_comments = None;
    let file = match GateParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let b = build::Builder::new(source, 0);
            match pairs.next() {
                Some(p) => {
                    let file = b.file(p, &mut diagnostics);
                    exact_comments = Some(comments::collect(text, &b.into_literals()));
                    file
                }
                None => empty_file(),
            }
        }
        Err(_) => recover(source, &sc.item_starts, &mut diagnostics),
    };
    let mut file = file;
    file.comments = exact_comments.unwrap_or(sc.comments);
    depth::check_depth(source, &mut file, &mut diagnostics);
    Parsed {
        source: source.clone(),
        file,
        diagnostics,
    }
}

/// Parse each top-level declaration on its own so that every syntax error of
/// the file is reported, and keep the declarations that parse.
fn recover(source: &SourceFile, starts: &[usize], diagnostics: &mut Vec<Diagnostic>) -> File {
    let text: &str = &source.text;
    let mut bounds: Vec<usize> = starts.to_vec();
    if bounds.first() != Some(&0) {
        bounds.insert(0, 0);
    }
    bounds.push(text.len());
    let mut file = empty_file();
    for w in bounds.windows(2) {
        let (start, end) = (w[0], w[1]);
        let chunk = &text[start..end];
        if chunk.trim().is_empty() || chunk_is_only_comments(chunk) {
            continue;
        }
        match GateParser::parse(Rule::chunk, chunk) {
            Ok(mut pairs) => {
                if let Some(p) = pairs.next() {
                    build::Builder::new(source, start).chunk(p, &mut file, diagnostics);
                }
            }
            Err(e) => diagnostics.push(errors::syntax(source, start, chunk, e)),
        }
    }
    file
}

/// The diagnostic for nesting found too deep by the scan at `span` (a
/// bracket, or an `if` or quantifier keyword).
fn too_deep(source: &SourceFile, span: Span) -> Diagnostic {
    let what = source.slice(span);
    let label = if what.len() == 1 {
        "this bracket is too deep".to_string()
    } else {
        format!("this `{what}` is nested too deep")
    };
    Diagnostic::new(
        Code::TooDeep,
        source,
        span,
        format!("brackets, `if`s and quantifiers nest more than {MAX_NESTING} levels deep"),
    )
    .label(label)
    .help("flatten the expression with `let` bindings or functions")
}

/// Names declared by the top-level items of `text`, found lexically (also in
/// items that failed to parse): `(keyword, name)` such as `("fn", "is_bot")`.
pub(crate) fn declared_names(text: &str) -> Vec<(&'static str, String)> {
    let sc = scan::scan(text, MAX_NESTING);
    let mut out = Vec::new();
    for &start in &sc.item_starts {
        let rest = &text[start..];
        let Some(kw) = ["param", "fn", "rule"]
            .into_iter()
            .find(|k| rest.starts_with(k))
        else {
            continue;
        };
        let after = rest[kw.len()..].trim_start_matches([' ', '\t']);
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .collect();
        let name = if kw == "rule" {
            name
        } else {
            name.split('.').next().unwrap_or("").to_string()
        };
        if !name.is_empty() {
            out.push((kw, name));
        }
    }
    out
}

fn chunk_is_only_comments(chunk: &str) -> bool {
    chunk.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    })
}

fn empty_file() -> File {
    File::default()
}

/// Parse a standalone expression (used by tools and tests).
#[allow(clippy::result_large_err)] // a diagnostic is the natural error; this is not hot
pub fn parse_expr(source: &SourceFile) -> Result<crate::ast::Expr, Diagnostic> {
    let text: &str = &source.text;
    let sc = scan::scan(text, MAX_NESTING);
    if let Some(span) = sc.too_deep {
        return Err(too_deep(source, span));
    }
    let mut pairs = GateParser::parse(Rule::standalone_expr, text)
        .map_err(|e| errors::syntax(source, 0, text, e))?;
    let b = build::Builder::new(source, 0);
    let mut diags = Vec::new();
    let expr = pairs
        .next()
        .and_then(|p| p.into_inner().next())
        .map(|p| b.expr(p, &mut diags))
        .ok_or_else(|| {
            Diagnostic::new(
                Code::Syntax,
                source,
                Span::new(0, text.len()),
                "expected an expression",
            )
        })?;
    let mut expr = expr;
    depth::check_expr_depth(source, &mut expr, &mut diags);
    match diags.into_iter().next() {
        Some(d) => Err(d),
        None => Ok(expr),
    }
}
