//! The static checker: everything that can be found wrong in a set of `.gate`
//! files without any input.
//!
//! [`check`] resolves names, infers the types visible without input, checks
//! rule metadata, imports and tests, and reports *all* problems of all files
//! in one run. It never panics, also on partial ASTs from recovered parses.

mod calls;
mod consts;
mod ctx;
mod decls;
mod exprs;
mod imports;
mod meta;
mod names;
mod ops;
mod rules;
mod test_blocks;

pub use consts::const_value;

use crate::ast::{self, Span};
use crate::diag::Diagnostic;
use crate::model::{Globals, ItemRef, Phase, RuleSeverity};
use crate::parse::Parsed;
use crate::source::SourceFile;
use crate::types::Catalog;
use ctx::Ctx;
use serde::Serialize;

/// The result of checking a set of files.
#[derive(Debug)]
pub struct Checked {
    /// The source files, in input order (index = [`FileId`](crate::model::FileId)).
    pub sources: Vec<SourceFile>,
    /// Their ASTs, in the same order.
    pub files: Vec<ast::File>,
    /// Package, param, function and import tables.
    pub globals: Globals,
    /// The rules whose metadata is valid, in file then source order.
    pub rules: Vec<RuleInfo>,
    /// Parse and check diagnostics, sorted by file then offset.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// `true` when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// A rule's id, location and validated metadata.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleInfo {
    /// Dotted id such as `build.peer-review`.
    pub id: String,
    /// Where the rule is.
    pub item: ItemRef,
    /// The package of its file.
    pub package: String,
    /// `phase …`.
    pub phase: Phase,
    /// `severity …`.
    pub severity: RuleSeverity,
    /// `title "…"`.
    pub title: String,
    /// `description "…"`.
    pub description: Option<String>,
    /// `tags [...]`.
    pub tags: Vec<String>,
    /// `references [...]`.
    pub references: Vec<String>,
    /// `remediation "…"`.
    pub remediation: Option<String>,
    /// The whole rule.
    pub span: Span,
}

/// Check a set of parsed files together (they may import each other) against
/// a catalog of builtins.
pub fn check(parsed: &[Parsed], catalog: &dyn Catalog) -> Checked {
    let files = parsed.iter().map(|p| sanitize(p.file.clone())).collect();
    check_files(parsed, files, catalog)
}

/// [`check`] for a caller that no longer needs the parsed files: their ASTs
/// move into [`Checked::files`] instead of being copied (what is left in
/// `parsed` is each file's source and diagnostics).
pub fn check_owned(mut parsed: Vec<Parsed>, catalog: &dyn Catalog) -> Checked {
    let files = parsed
        .iter_mut()
        .map(|p| sanitize(std::mem::take(&mut p.file)))
        .collect();
    check_files(&parsed, files, catalog)
}

fn check_files(parsed: &[Parsed], files: Vec<ast::File>, catalog: &dyn Catalog) -> Checked {
    let sources: Vec<SourceFile> = parsed.iter().map(|p| p.source.clone()).collect();
    let globals = Globals::build(&files);
    let mut cx = Ctx::new(&sources, &files, &globals, catalog, parsed);
    for (fid, p) in parsed.iter().enumerate() {
        for d in &p.diagnostics {
            cx.push(fid, d.clone());
        }
    }
    imports::check(&mut cx);
    decls::check(&mut cx);
    let rules = rules::check(&mut cx);
    test_blocks::check(&mut cx);
    decls::unused_params(&mut cx);
    let diagnostics = cx.finish();
    Checked {
        sources,
        files,
        globals,
        rules,
        diagnostics,
    }
}

/// The AST without what only a hand-built AST can hold and the rest of the
/// crate assumes away (an import of an empty path).
fn sanitize(mut file: ast::File) -> ast::File {
    file.imports.retain(|i| !i.path.parts.is_empty());
    file
}

#[cfg(test)]
mod tests;
