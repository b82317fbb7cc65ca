//! Compile parsed policies to the evaluator's IR.
//!
//! The compiler resolves every name itself (with [`Globals`] and [`Scopes`])
//! and never panics on partial or unchecked ASTs: anything it cannot resolve
//! becomes a diagnostic, and any error diagnostic fails the compilation.

mod expr;
mod fold;
pub(crate) mod ir;
mod params;
mod rules;
mod test_blocks;
#[cfg(test)]
mod tests;

use crate::builtins::Builtins;
use crate::decision::Texts;
use crate::error::CompileError;
use crate::plugin::PluginTable;
use crate::testcase::TestCase;
use indexmap::IndexMap;
use ir::{ConstOrigin, Key, Loc, NodeKind, Program};
use phasegate_lang::ast::{File, Item, Span};
use phasegate_lang::diag::did_you_mean;
use phasegate_lang::model::{FileId, Globals, ItemRef, Scopes};
use phasegate_lang::{Code, Diagnostic, Parsed, SourceFile, Value};
// foldhash: names are hashed often while checking and compiling.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::Arc;

/// The result of a successful compilation.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub program: Program,
    pub tests: Vec<TestCase>,
    pub warnings: Vec<Diagnostic>,
}

/// Compile parsed files with the given builtins, loaded plugins and param
/// overrides.
pub(crate) fn compile(
    parsed: Vec<Parsed>,
    builtins: &dyn Builtins,
    plugins: &PluginTable,
    overrides: &IndexMap<String, Value>,
) -> Result<Compiled, CompileError> {
    // The static checker runs first: it reports every problem of every file
    // (names, types, imports, metadata, tests, plugins) with the same codes
    // as `lint`.
    let catalog = crate::builtins::WithPlugins { builtins, plugins };
    let checked = phasegate_lang::check_owned(parsed, &catalog);
    if checked.has_errors() {
        return Err(CompileError::Policy(checked.diagnostics));
    }
    // The checker's ASTs (moved, not copied, into it) and its tables are the
    // compiler's input: nothing is copied nor built a second time.
    let phasegate_lang::Checked {
        sources,
        files,
        globals,
        diagnostics: mut diags,
        ..
    } = checked;
    let mut c = Compiler {
        sources: &sources,
        globals,
        files: &files,
        builtins,
        plugins,
        diags: Vec::new(),
        package_params: HashMap::new(),
        rule_params: HashMap::new(),
        fn_index: HashMap::new(),
        names: HashSet::new(),
        consts: HashMap::new(),
        keys: HashSet::new(),
        lists: HashMap::new(),
        line_cursor: (0, 0, 1),
    };
    c.check_imports();
    let param_errors = c.resolve_params(overrides);
    let program = c.program();
    let tests = c.tests(&program);
    diags.append(&mut c.diags);
    if diags.iter().any(|d| d.is_error()) {
        return Err(CompileError::Policy(diags));
    }
    if let Some(e) = param_errors.into_iter().next() {
        return Err(e);
    }
    Ok(Compiled {
        program,
        tests,
        warnings: diags,
    })
}

/// Compilation state shared by all files.
pub(crate) struct Compiler<'a> {
    sources: &'a [SourceFile],
    files: &'a [File],
    globals: Globals,
    builtins: &'a dyn Builtins,
    plugins: &'a PluginTable,
    diags: Vec<Diagnostic>,
    /// Values of package-level params after overrides.
    package_params: HashMap<ItemRef, Value>,
    /// Values of rule params after overrides, per rule item.
    rule_params: HashMap<ItemRef, IndexMap<Arc<str>, Value>>,
    /// Index of each user function in `Program::functions`.
    fn_index: HashMap<ItemRef, u32>,
    /// One shared copy of each name and string literal the program keeps
    /// (field keys, loop variables, literals): a compiled policy set holds
    /// each text once, however many rules use it.
    names: HashSet<Arc<str>>,
    /// One shared copy of each scalar and string constant (`null`, `true`,
    /// `"approved"`, a param's value…) the IR's `Const` nodes point to.
    consts: HashMap<ConstKey, Arc<Value>>,
    /// One shared copy of each field key.
    keys: HashSet<Key>,
    /// Where the last rule was found: file, byte offset and line. Rules are
    /// located in file order by counting lines from there, so a compiled set
    /// does not build (and keep) a line table for each file; one is built on
    /// the first message that needs a line and column.
    line_cursor: (FileId, usize, usize),
    /// One shared copy of each list of texts (rule tags and references).
    lists: HashMap<Box<[Arc<str>]>, Texts>,
}

/// What makes two scalar constants the same (floats by their bits).
#[derive(PartialEq, Eq, Hash)]
enum ConstKey {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(Arc<str>),
}

/// Per-body compilation state: scopes and slot allocation.
pub(crate) struct Ctx<'c> {
    pub file: FileId,
    pub scopes: Scopes<u32>,
    pub next_slot: u32,
    pub rule_params: Option<&'c IndexMap<Arc<str>, Value>>,
    /// Only constants are allowed (param defaults, test data).
    pub const_only: bool,
}

impl<'c> Ctx<'c> {
    pub fn new(file: FileId) -> Ctx<'c> {
        Ctx {
            file,
            scopes: Scopes::default(),
            next_slot: 0,
            rule_params: None,
            const_only: false,
        }
    }

    pub fn constant(file: FileId) -> Ctx<'c> {
        Ctx {
            const_only: true,
            ..Ctx::new(file)
        }
    }

    pub fn alloc(&mut self) -> u32 {
        let s = self.next_slot;
        self.next_slot = self.next_slot.saturating_add(1);
        s
    }

    pub fn loc(&self, span: Span) -> Loc {
        Loc::new(self.file as u32, span)
    }
}

impl<'a> Compiler<'a> {
    /// The shared copy of `text` (see `Compiler::names`).
    pub(crate) fn intern(&mut self, text: &str) -> Arc<str> {
        if let Some(t) = self.names.get(text) {
            return t.clone();
        }
        let t: Arc<str> = Arc::from(text);
        self.names.insert(t.clone());
        t
    }

    /// The 1-based line of `offset` in `file`, counted from the last line
    /// asked for when it is earlier in the same file (see `line_cursor`).
    pub(crate) fn line_of(&mut self, file: FileId, offset: usize) -> usize {
        let Some(text) = self.sources.get(file).map(|s| s.text.as_bytes()) else {
            return 0;
        };
        let offset = offset.min(text.len());
        let (f, from, line) = self.line_cursor;
        let (from, line) = if f == file && from <= offset {
            (from, line)
        } else {
            (0, 1)
        };
        let line = line + text[from..offset].iter().filter(|&&b| b == b'\n').count();
        self.line_cursor = (file, offset, line);
        line
    }

    /// The shared copy of a list of texts, each text shared too.
    pub(crate) fn intern_list(&mut self, texts: Vec<String>) -> Texts {
        let texts: Box<[Arc<str>]> = texts.iter().map(|t| self.intern(t)).collect();
        if let Some(l) = self.lists.get(&texts) {
            return l.clone();
        }
        let l: Texts = Arc::from(texts.clone());
        self.lists.insert(texts, l.clone());
        l
    }

    /// The shared copy of a field key.
    pub(crate) fn key(&mut self, text: &str) -> Key {
        if let Some(k) = self.keys.get(text) {
            return k.clone();
        }
        let k = Key::from(text);
        self.keys.insert(k.clone());
        k
    }

    /// A constant node: scalars and strings shared (see `Compiler::consts`),
    /// lists and objects (rare: folded literals, list params) kept apart.
    pub(crate) fn constant(&mut self, v: Value, origin: ConstOrigin) -> NodeKind {
        let key = match &v {
            Value::Null => ConstKey::Null,
            Value::Bool(b) => ConstKey::Bool(*b),
            Value::Int(i) => ConstKey::Int(*i),
            Value::Float(f) => ConstKey::Float(f.to_bits()),
            Value::Str(s) => ConstKey::Str(s.clone()),
            Value::Array(_) | Value::Object(_) => return NodeKind::Const(Arc::new(v), origin),
        };
        let shared = self.consts.entry(key).or_insert_with(|| Arc::new(v));
        NodeKind::Const(shared.clone(), origin)
    }

    /// Record an error diagnostic.
    pub(crate) fn error(
        &mut self,
        file: FileId,
        code: Code,
        span: Span,
        message: impl Into<String>,
        label: &str,
        help: Option<String>,
    ) {
        let Some(source) = self.sources.get(file) else {
            return;
        };
        let mut d = Diagnostic::new(code, source, span, message).label(label);
        if let Some(h) = help {
            d = d.help(h);
        }
        self.diags.push(d);
    }

    /// An import of a package that is not loaded is an error.
    fn check_imports(&mut self) {
        let files = self.files;
        for (fid, f) in files.iter().enumerate() {
            for imp in &f.imports {
                let target = imp.path.dotted();
                if !self.globals.packages.contains_key(&target) {
                    let help =
                        did_you_mean(&target, self.globals.packages.keys().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?"));
                    self.error(
                        fid,
                        Code::UnresolvedImport,
                        imp.path.span,
                        format!("package `{target}` is not loaded"),
                        "unknown package",
                        help,
                    );
                }
            }
        }
    }

    fn program(&mut self) -> Program {
        let mut refs = Vec::new();
        for (fid, f) in self.files.iter().enumerate() {
            for (i, item) in f.items.iter().enumerate() {
                if let Item::Function(_) = item {
                    let r = ItemRef { file: fid, item: i };
                    self.fn_index.insert(r, refs.len() as u32);
                    refs.push(r);
                }
            }
        }
        let functions = refs.iter().map(|r| self.function(*r)).collect();
        let mut rules = Vec::new();
        let mut seen: HashMap<String, Span> = HashMap::new();
        for (fid, f) in self.files.iter().enumerate() {
            for (i, item) in f.items.iter().enumerate() {
                if let Item::Rule(rule) = item {
                    let id = rule.id.name.to_string();
                    if seen.contains_key(&id) {
                        self.error(
                            fid,
                            Code::DuplicateRule,
                            rule.id.span,
                            format!("rule `{id}` is defined more than once"),
                            "second definition",
                            Some("rule ids are unique across all loaded policies".into()),
                        );
                        continue;
                    }
                    seen.insert(id, rule.id.span);
                    if let Some(r) = self.rule(ItemRef { file: fid, item: i }, rule) {
                        rules.push(r);
                    }
                }
            }
        }
        // A compiled set lives long: no spare capacity is kept.
        rules.shrink_to_fit();
        Program {
            sources: self.sources.to_vec(),
            functions,
            rules,
            plugins: self
                .plugins
                .modules
                .iter()
                .map(|(_, m)| m.clone())
                .collect(),
        }
    }
}
