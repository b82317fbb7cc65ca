//! The validated model shared by the checker and the engine's compiler:
//! phases, severities, and the global name tables of a set of files.

use crate::ast::{File, Item, QualName};
use crate::types::Catalog;
use indexmap::IndexMap;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// The eight phases of the delivery cycle, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// plan
    Plan,
    /// code
    Code,
    /// build
    Build,
    /// test
    Test,
    /// release
    Release,
    /// deploy
    Deploy,
    /// operate
    Operate,
    /// monitor
    Monitor,
}

impl Phase {
    /// All phases in delivery order.
    pub const ALL: [Phase; 8] = [
        Phase::Plan,
        Phase::Code,
        Phase::Build,
        Phase::Test,
        Phase::Release,
        Phase::Deploy,
        Phase::Operate,
        Phase::Monitor,
    ];
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Plan => "plan",
            Phase::Code => "code",
            Phase::Build => "build",
            Phase::Test => "test",
            Phase::Release => "release",
            Phase::Deploy => "deploy",
            Phase::Operate => "operate",
            Phase::Monitor => "monitor",
        }
    }
    /// Parse a lowercase name.
    pub fn parse(s: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a failing rule matters, from `info` to `critical`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSeverity {
    /// info
    Info,
    /// low
    Low,
    /// medium
    Medium,
    /// high
    High,
    /// critical
    Critical,
}

impl RuleSeverity {
    /// All severities, lowest first.
    pub const ALL: [RuleSeverity; 5] = [
        RuleSeverity::Info,
        RuleSeverity::Low,
        RuleSeverity::Medium,
        RuleSeverity::High,
        RuleSeverity::Critical,
    ];
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleSeverity::Info => "info",
            RuleSeverity::Low => "low",
            RuleSeverity::Medium => "medium",
            RuleSeverity::High => "high",
            RuleSeverity::Critical => "critical",
        }
    }
    /// Parse a lowercase name.
    pub fn parse(s: &str) -> Option<RuleSeverity> {
        RuleSeverity::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

impl fmt::Display for RuleSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Index of a file in a checked set.
pub type FileId = usize;

/// A top-level item: which file, which index in `File::items`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ItemRef {
    /// The file.
    pub file: FileId,
    /// Index into that file's `items`.
    pub item: usize,
}

/// One package: all files that declare the same `package` name.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PackageInfo {
    /// Dotted name (`main` for files without a `package` line).
    pub name: String,
    /// Its files.
    pub files: Vec<FileId>,
    /// Package-level params by name.
    pub params: IndexMap<Arc<str>, ItemRef>,
    /// Functions by name.
    pub functions: IndexMap<Arc<str>, ItemRef>,
}

/// What a free name refers to (after local scopes were searched).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Global {
    /// `input`: the evidence document.
    Input,
    /// `context`: what the caller passes (`now`, …).
    Context,
    /// A package-level param.
    Param(ItemRef),
}

/// What a call refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Callee {
    /// A user-defined `fn`.
    User(ItemRef),
    /// A builtin of the catalog.
    Builtin(&'static str),
    /// A function of a WebAssembly plugin: `plugin` is the index of the
    /// declaration in `File::plugins` of `file`; the function name is the
    /// callee's last segment.
    Plugin {
        /// The file that declares the plugin.
        file: FileId,
        /// Index into that file's `plugins`.
        plugin: usize,
    },
}

/// The package name used for files without a `package` line.
pub const DEFAULT_PACKAGE: &str = "main";

/// Global name tables of a set of files.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Globals {
    /// Packages by dotted name, in first-seen order.
    pub packages: IndexMap<String, PackageInfo>,
    /// The package name of each file.
    pub file_package: Vec<String>,
    /// Per file: local import name → package name (only resolved imports).
    pub file_imports: Vec<IndexMap<Arc<str>, String>>,
    /// Per file: plugin name → index into `File::plugins` (first wins).
    pub file_plugins: Vec<IndexMap<Arc<str>, usize>>,
}

impl Globals {
    /// Build the tables. Duplicate names keep the first definition; the
    /// checker reports duplicates and unresolved imports separately.
    pub fn build(files: &[File]) -> Globals {
        let mut g = Globals::default();
        for (fid, f) in files.iter().enumerate() {
            let pkg = f
                .package
                .as_ref()
                .map(|q| q.dotted())
                .unwrap_or_else(|| DEFAULT_PACKAGE.to_string());
            g.file_package.push(pkg.clone());
            let info = g
                .packages
                .entry(pkg.clone())
                .or_insert_with(|| PackageInfo {
                    name: pkg,
                    ..Default::default()
                });
            info.files.push(fid);
            for (i, item) in f.items.iter().enumerate() {
                let r = ItemRef { file: fid, item: i };
                match item {
                    Item::Param(p) => {
                        info.params.entry(p.name.name.clone()).or_insert(r);
                    }
                    Item::Function(func) => {
                        info.functions.entry(func.name.name.clone()).or_insert(r);
                    }
                    _ => {}
                }
            }
        }
        for f in files {
            let mut imports = IndexMap::new();
            for imp in &f.imports {
                let target = imp.path.dotted();
                if g.packages.contains_key(&target) {
                    imports
                        .entry(imp.local_name().name.clone())
                        .or_insert(target);
                }
            }
            g.file_imports.push(imports);
            let mut plugins = IndexMap::new();
            for (i, p) in f.plugins.iter().enumerate() {
                plugins.entry(p.name.name.clone()).or_insert(i);
            }
            g.file_plugins.push(plugins);
        }
        g
    }

    /// The package a file belongs to.
    pub fn package_of(&self, file: FileId) -> Option<&PackageInfo> {
        self.file_package
            .get(file)
            .and_then(|p| self.packages.get(p))
    }

    /// Resolve a free name used in `file` (locals must be searched first).
    pub fn resolve_name(&self, file: FileId, name: &str) -> Option<Global> {
        match name {
            "input" => return Some(Global::Input),
            "context" => return Some(Global::Context),
            _ => {}
        }
        self.package_of(file)?
            .params
            .get(name)
            .copied()
            .map(Global::Param)
    }

    /// Resolve a call target: `f` is a function of the file's package or a
    /// builtin (user functions shadow builtins); `pkg.f` is a function of an
    /// imported package, or of a plugin the file declares (imports win; the
    /// checker reports a plugin named like an import).
    pub fn resolve_call(
        &self,
        file: FileId,
        callee: &QualName,
        catalog: &dyn Catalog,
    ) -> Option<Callee> {
        match callee.parts.as_slice() {
            [name] => {
                if let Some(r) = self
                    .package_of(file)
                    .and_then(|p| p.functions.get(&name.name))
                {
                    return Some(Callee::User(*r));
                }
                catalog
                    .signature(&name.name)
                    .map(|s| Callee::Builtin(s.name))
            }
            [alias, name] => {
                let Some(pkg) = self.file_imports.get(file)?.get(&alias.name) else {
                    let plugin = *self.file_plugins.get(file)?.get(&alias.name)?;
                    return Some(Callee::Plugin { file, plugin });
                };
                self.packages
                    .get(pkg)?
                    .functions
                    .get(&name.name)
                    .copied()
                    .map(Callee::User)
            }
            _ => None,
        }
    }

    /// Names visible as functions in `file` (for suggestions).
    pub fn visible_functions(&self, file: FileId, catalog: &dyn Catalog) -> Vec<String> {
        let mut out: Vec<String> = catalog.names().into_iter().map(String::from).collect();
        if let Some(p) = self.package_of(file) {
            out.extend(p.functions.keys().map(|k| k.to_string()));
        }
        if let Some(imps) = self.file_imports.get(file) {
            for (alias, pkg) in imps {
                if let Some(p) = self.packages.get(pkg) {
                    out.extend(p.functions.keys().map(|k| format!("{alias}.{k}")));
                }
            }
        }
        out
    }
}

/// A stack of lexical scopes mapping names to `T` (slots, types, …).
#[derive(Clone, Debug)]
pub struct Scopes<T> {
    names: Vec<(Arc<str>, T)>,
    marks: Vec<usize>,
}

impl<T> Default for Scopes<T> {
    fn default() -> Self {
        Scopes {
            names: Vec::new(),
            marks: Vec::new(),
        }
    }
}

impl<T> Scopes<T> {
    /// Open a scope.
    pub fn push(&mut self) {
        self.marks.push(self.names.len());
    }
    /// Close the innermost scope, returning its bindings in binding order.
    pub fn pop(&mut self) -> Vec<(Arc<str>, T)> {
        let mark = self.marks.pop().unwrap_or(0);
        self.names.split_off(mark)
    }
    /// Bind a name in the innermost scope (shadows outer bindings).
    pub fn bind(&mut self, name: Arc<str>, value: T) {
        self.names.push((name, value));
    }
    /// The innermost binding of a name.
    pub fn lookup(&self, name: &str) -> Option<&T> {
        self.names
            .iter()
            .rev()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v)
    }
    /// Mutable access to the innermost binding of a name.
    pub fn lookup_mut(&mut self, name: &str) -> Option<&mut T> {
        self.names
            .iter_mut()
            .rev()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v)
    }
    /// Whether the name is bound in the innermost scope.
    pub fn in_current(&self, name: &str) -> bool {
        let mark = self.marks.last().copied().unwrap_or(0);
        self.names[mark..].iter().any(|(n, _)| &**n == name)
    }
    /// All bound names, innermost last.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|(n, _)| &**n)
    }
}
