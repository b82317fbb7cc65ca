//! The state shared by the checks: inputs, collected diagnostics, and what
//! is known about items lost to syntax errors.

use crate::ast::{File, Span};
use crate::diag::{did_you_mean, Code, Diagnostic};
use crate::model::{FileId, Globals, ItemRef};
use crate::parse::Parsed;
use crate::source::SourceFile;
use crate::types::Catalog;
// foldhash: names are hashed often while checking and compiling.
use foldhash::{HashMap, HashSet, HashSetExt};

/// Names declared by items that failed to parse. Unknown-name errors about
/// them would only repeat the syntax error, so they are not reported.
#[derive(Debug, Default)]
pub(crate) struct Broken {
    /// Package → functions declared in items that did not parse.
    fns: HashMap<String, HashSet<String>>,
    /// Package → params declared in items that did not parse.
    params: HashMap<String, HashSet<String>>,
    /// Rule ids of rules that did not parse.
    rules: HashSet<String>,
    /// Packages with at least one file with a parse error.
    packages: HashSet<String>,
}

/// Inputs and outputs of one checker run.
pub(crate) struct Ctx<'a> {
    pub sources: &'a [SourceFile],
    pub files: &'a [File],
    pub globals: &'a Globals,
    pub catalog: &'a dyn Catalog,
    /// Package-level params used by a rule or function.
    pub used_params: HashSet<ItemRef>,
    pub broken: Broken,
    diags: Vec<(FileId, Diagnostic)>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        sources: &'a [SourceFile],
        files: &'a [File],
        globals: &'a Globals,
        catalog: &'a dyn Catalog,
        parsed: &[Parsed],
    ) -> Ctx<'a> {
        let mut cx = Ctx {
            sources,
            files,
            globals,
            catalog,
            used_params: HashSet::new(),
            broken: Broken::default(),
            diags: Vec::new(),
        };
        cx.find_broken(parsed);
        cx
    }

    fn find_broken(&mut self, parsed: &[Parsed]) {
        let parsed_rules: HashSet<&str> = self
            .files
            .iter()
            .flat_map(|f| f.items.iter())
            .filter_map(|i| match i {
                crate::ast::Item::Rule(r) => Some(&*r.id.name),
                _ => None,
            })
            .collect();
        for (fid, p) in parsed.iter().enumerate() {
            if p.is_ok() {
                continue;
            }
            let pkg = self.package(fid).to_string();
            let info = self.globals.packages.get(&pkg);
            for (kw, name) in crate::parse::declared_names(&p.source.text) {
                match kw {
                    "fn" if !info.is_some_and(|i| i.functions.contains_key(name.as_str())) => {
                        self.broken.fns.entry(pkg.clone()).or_default().insert(name);
                    }
                    "param" if !info.is_some_and(|i| i.params.contains_key(name.as_str())) => {
                        self.broken
                            .params
                            .entry(pkg.clone())
                            .or_default()
                            .insert(name);
                    }
                    "rule" if !parsed_rules.contains(name.as_str()) => {
                        self.broken.rules.insert(name);
                    }
                    _ => {}
                }
            }
            self.broken.packages.insert(pkg);
        }
    }

    /// The package name of a file.
    pub fn package(&self, file: FileId) -> &'a str {
        self.globals
            .file_package
            .get(file)
            .map(String::as_str)
            .unwrap_or(crate::model::DEFAULT_PACKAGE)
    }

    /// A function of this file's package lost to a syntax error.
    pub fn is_broken_fn(&self, file: FileId, name: &str) -> bool {
        self.broken
            .fns
            .get(self.package(file))
            .is_some_and(|s| s.contains(name))
    }

    /// A package param of this file's package lost to a syntax error.
    pub fn is_broken_param(&self, file: FileId, name: &str) -> bool {
        self.broken
            .params
            .get(self.package(file))
            .is_some_and(|s| s.contains(name))
    }

    /// A rule lost to a syntax error.
    pub fn is_broken_rule(&self, id: &str) -> bool {
        self.broken.rules.contains(id)
    }

    /// Whether a file of the package failed to parse.
    pub fn package_has_parse_errors(&self, package: &str) -> bool {
        self.broken.packages.contains(package)
    }

    /// A new diagnostic in `file`.
    pub fn diag(
        &self,
        code: Code,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(code, &self.sources[file], span, message)
    }

    /// Record a diagnostic.
    pub fn push(&mut self, file: FileId, d: Diagnostic) {
        self.diags.push((file, d));
    }

    /// `file:line:column` of an offset, for pointing at another file.
    pub fn location(&self, file: FileId, offset: usize) -> String {
        let src = &self.sources[file];
        let (line, col) = src.line_col(offset);
        format!("{}:{line}:{col}", src.name)
    }

    /// All diagnostics, sorted by file then offset (stable: parse
    /// diagnostics first among equals).
    pub fn finish(self) -> Vec<Diagnostic> {
        let mut diags = self.diags;
        diags.sort_by_key(|(f, d)| (*f, d.span.start));
        diags.into_iter().map(|(_, d)| d).collect()
    }
}

/// `did you mean `x`?` for the closest candidate, or `fallback`. Names of one
/// or two characters are only matched ignoring case (any other short name
/// would be "close").
pub(crate) fn suggest<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    fallback: impl Into<String>,
) -> String {
    let short = name.chars().count() <= 2;
    let candidates = candidates
        .into_iter()
        .filter(|c| !short || c.eq_ignore_ascii_case(name));
    match did_you_mean(name, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => fallback.into(),
    }
}
