//! The canonical formatter behind `phasegate fmt`.
//!
//! [`format`] lays a parsed file out in the one canonical style: two spaces
//! of indentation, one blank line between top-level declarations, `package`
//! and imports first, lines of at most [`MAX_WIDTH`] columns where possible
//! (long conditions break before `and`/`or`, long lists, objects and calls
//! put one element per line, long `when`/`require` statements put
//! `else "…"` on a continuation line), strings re-escaped, parentheses as the
//! author wrote them plus only those the tree needs. Every comment is kept
//! (see the `comments` module for where each one goes).
//!
//! The formatter refuses files with syntax errors, and checks its own output:
//! it must parse to the same syntax tree (ignoring locations) with the same
//! comments, or [`format`] returns [`FormatError::Internal`] instead.

mod comments;
mod doc;
mod expr;
mod items;
mod verify;

use crate::ast::{Expr, File};
use crate::diag::Diagnostic;
use crate::parse::{parse, Parsed};
use crate::source::SourceFile;

/// Lines longer than this are broken where the syntax allows.
pub const MAX_WIDTH: usize = 100;

/// Why a file could not be formatted.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file has syntax errors; it is never rewritten.
    #[error("{file}: cannot format a file with syntax errors ({} found)", diagnostics.len())]
    Syntax {
        /// The file name.
        file: String,
        /// The syntax errors.
        diagnostics: Vec<Diagnostic>,
    },
    /// The formatted text failed the formatter's self-check (a bug in the
    /// formatter); the file must be left as it is.
    #[error("{file}: the formatter refused its own output ({reason}); the file was not changed")]
    Internal {
        /// The file name.
        file: String,
        /// What the self-check found.
        reason: String,
    },
}

/// Format a parsed file. Fails on syntax errors, never returns broken output.
pub fn format(parsed: &Parsed) -> Result<String, FormatError> {
    let name = parsed.source.name.to_string();
    if !parsed.is_ok() {
        return Err(FormatError::Syntax {
            file: name,
            diagnostics: parsed
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect(),
        });
    }
    let cx = comments::Comments::new(&parsed.source.text, &parsed.file.comments);
    let prepared = items::prepare(&parsed.file);
    let placed = cx.place(&items::specs(&prepared, &cx));
    let out = doc::render(&items::file(prepared, &placed), MAX_WIDTH);
    verify::check(parsed, &out).map_err(|reason| FormatError::Internal { file: name, reason })?;
    Ok(out)
}

/// Parse and format a source file.
pub fn format_source(source: &SourceFile) -> Result<String, FormatError> {
    format(&parse(source))
}

/// Print a syntax tree in the canonical style, without comments or blank
/// lines of its own. For trees built by tools: names must be valid
/// identifiers. Parentheses are added wherever the tree needs them.
pub fn format_file(file: &File) -> String {
    let placed = comments::Placed::default();
    doc::render(&items::file(items::prepare(file), &placed), MAX_WIDTH)
}

/// An expression on a single line, as `phasegate fmt` would write it
/// (for messages such as "not applicable: <condition>").
pub fn expr_to_string(e: &Expr) -> String {
    expr::expr_flat(e)
}
