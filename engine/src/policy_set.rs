//! [`PolicySet`]: compiled policies, ready to evaluate inputs.

use crate::builtins::{Builtins, Standard};
use crate::compile::{compile, ir::Program};
use crate::context::EvalContext;
use crate::coverage::{CoverageMap, CoverageReport};
use crate::decision::{Decision, RuleInfo};
use crate::error::{CompileError, InputError, UnknownRule};
use crate::eval::Machine;
use crate::explain::{self, Explanation};
use crate::limits::Limits;
use crate::loader::{load, PolicySource};
use crate::plugin::{PluginLoader, PluginTable};
use crate::testcase::TestCase;
use indexmap::IndexMap;
use phasegate_lang::diag::did_you_mean;
use phasegate_lang::{parse, Diagnostic, Parsed, SourceFile, Value};
use std::path::Path;
use std::sync::Arc;

/// Compiled policies. Immutable, `Send + Sync` and cheap to clone: evaluate
/// any number of inputs from any number of threads without recompiling.
#[derive(Clone, Debug)]
pub struct PolicySet {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    program: Program,
    tests: Vec<TestCase>,
    warnings: Vec<Diagnostic>,
    limits: Limits,
    builtins: Arc<dyn Builtins>,
    plugins: Arc<PluginTable>,
    params: IndexMap<String, Value>,
}

/// Collects policy sources and options, then compiles them: see [`PolicySet::builder`].
#[derive(Clone, Debug)]
pub struct PolicySetBuilder {
    sources: Vec<PolicySource>,
    params: IndexMap<String, Value>,
    limits: Limits,
    builtins: Arc<dyn Builtins>,
    plugins: Option<Arc<dyn PluginLoader>>,
}

impl PolicySetBuilder {
    /// Add policy text under a display name (used in messages).
    pub fn source(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.sources.push(PolicySource::Text {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Add a `.gate` file (read by [`PolicySetBuilder::build`]).
    pub fn file(mut self, path: impl AsRef<Path>) -> Self {
        self.sources
            .push(PolicySource::File(path.as_ref().to_path_buf()));
        self
    }

    /// Add every `.gate` file under a directory, recursively, in sorted path
    /// order. A missing directory, or one without `.gate` files, is an error.
    pub fn dir(mut self, path: impl AsRef<Path>) -> Self {
        self.sources
            .push(PolicySource::Dir(path.as_ref().to_path_buf()));
        self
    }

    /// Add a rule pack of the standard library by name (`"secure-devops"`;
    /// see `phasegate_stdlib::packs`). Its files are named like
    /// `secure-devops/build.gate` in messages. An unknown name fails the
    /// build with [`CompileError::UnknownPack`].
    pub fn pack(mut self, name: impl Into<String>) -> Self {
        self.sources.push(PolicySource::Pack(name.into()));
        self
    }

    /// Param overrides keyed `<package>.<name>`, `<rule-id>.<name>` or a bare
    /// `<name>` (sets every param of that name; a qualified key wins over a
    /// bare one). Added to earlier overrides.
    pub fn params(mut self, overrides: IndexMap<String, Value>) -> Self {
        self.params.extend(overrides);
        self
    }

    /// One param override (see [`PolicySetBuilder::params`]).
    pub fn param(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.params.insert(key.into(), value.into());
        self
    }

    /// Evaluation limits (default: [`Limits::default`]).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The builtin functions calls resolve against (default: the standard library).
    pub fn builtins(mut self, builtins: Arc<dyn Builtins>) -> Self {
        self.builtins = builtins;
        self
    }

    /// The loader of the plugins policies declare (`plugin x = "x.wasm"`;
    /// see [`crate::plugin`]). Without one, a policy that declares a plugin
    /// fails to build with `phasegate::check::plugin`.
    pub fn plugins(mut self, loader: Arc<dyn PluginLoader>) -> Self {
        self.plugins = Some(loader);
        self
    }

    /// Read, parse and compile. Any policy error, unreadable source, unknown
    /// or ill-typed override, missing param value, or plugin that cannot be
    /// loaded fails the build.
    pub fn build(self) -> Result<PolicySet, CompileError> {
        let parsed = load(&self.sources)?;
        let plugins = Arc::new(PluginTable::load(&parsed, self.plugins.as_deref()));
        PolicySet::compile(parsed, self.builtins, plugins, self.params, self.limits)
    }
}

impl PolicySet {
    /// Start building a policy set.
    pub fn builder() -> PolicySetBuilder {
        PolicySetBuilder {
            sources: Vec::new(),
            params: IndexMap::new(),
            limits: Limits::default(),
            builtins: Arc::new(Standard),
            plugins: None,
        }
    }

    /// Compile parsed sources. The AST is not kept (it is several times the
    /// size of the IR): [`PolicySet::with_params`] parses the sources again.
    fn compile(
        parsed: Vec<Parsed>,
        builtins: Arc<dyn Builtins>,
        plugins: Arc<PluginTable>,
        params: IndexMap<String, Value>,
        limits: Limits,
    ) -> Result<PolicySet, CompileError> {
        let c = compile(parsed, builtins.as_ref(), &plugins, &params)?;
        Ok(PolicySet {
            inner: Arc::new(Inner {
                program: c.program,
                tests: c.tests,
                warnings: c.warnings,
                limits,
                builtins,
                plugins,
                params,
            }),
        })
    }

    /// The same policies compiled with more param overrides (merged over
    /// this set's own); used e.g. by `test` blocks with `params { … }`.
    pub fn with_params(
        &self,
        overrides: &IndexMap<String, Value>,
    ) -> Result<PolicySet, CompileError> {
        let mut params = self.inner.params.clone();
        params.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
        let parsed: Vec<Parsed> = self.inner.program.sources.iter().map(parse).collect();
        PolicySet::compile(
            parsed,
            self.inner.builtins.clone(),
            self.inner.plugins.clone(),
            params,
            self.inner.limits,
        )
    }

    /// A fresh evaluator for one input (the input is shared, not copied).
    fn machine<'a>(&'a self, input: &Value, ctx: &'a EvalContext) -> Machine<'a> {
        let inner = &*self.inner;
        Machine::new(&inner.program, &inner.limits, input.clone(), ctx)
    }

    /// Evaluate every rule against `input`. Never fails: run-time errors and
    /// exceeded limits become rules with status `error`.
    pub fn evaluate(&self, input: &Value, ctx: &EvalContext) -> Decision {
        let mut m = self.machine(input, ctx);
        Decision::new(m.run_all())
    }

    /// Evaluate every rule like [`PolicySet::evaluate`], and record what ran:
    /// statements, sub-conditions and rule statuses. Merge the maps of many
    /// evaluations with [`CoverageMap::merge`] and read them with
    /// [`PolicySet::coverage_report`].
    pub fn evaluate_with_coverage(
        &self,
        input: &Value,
        ctx: &EvalContext,
    ) -> (Decision, CoverageMap) {
        let mut m = self.machine(input, ctx);
        m.coverage = Some(CoverageMap::new());
        let decision = Decision::new(m.run_all());
        let mut map = m.coverage.take().unwrap_or_default();
        map.decision(&decision);
        (decision, map)
    }

    /// The coverage of these policies by the evaluations recorded in `map`
    /// (which may come from this set or from [`PolicySet::with_params`]
    /// variants of it): per rule the statuses produced, and every statement
    /// and sub-condition with how often it ran.
    pub fn coverage_report(&self, map: &CoverageMap) -> CoverageReport {
        crate::coverage::report(&self.inner.program, map)
    }

    /// Parse a JSON document and evaluate it.
    pub fn evaluate_json(&self, json: &str, ctx: &EvalContext) -> Result<Decision, InputError> {
        let input: Value = serde_json::from_str(json)?;
        Ok(self.evaluate(&input, ctx))
    }

    /// Parse a YAML document and evaluate it.
    pub fn evaluate_yaml(&self, yaml: &str, ctx: &EvalContext) -> Result<Decision, InputError> {
        let input: Value = serde_yaml::from_str(yaml)?;
        Ok(self.evaluate(&input, ctx))
    }

    /// Evaluate one rule with tracing: every statement and sub-condition with its value.
    pub fn explain(
        &self,
        rule_id: &str,
        input: &Value,
        ctx: &EvalContext,
    ) -> Result<Explanation, UnknownRule> {
        let inner = &*self.inner;
        let Some(rule) = inner.program.rules.iter().find(|r| &*r.info.id == rule_id) else {
            let ids = inner.program.rules.iter().map(|r| &*r.info.id);
            return Err(UnknownRule {
                id: rule_id.to_string(),
                suggestion: did_you_mean(rule_id, ids).map(String::from),
            });
        };
        let mut m = self.machine(input, ctx);
        let mut steps = Vec::new();
        let result = m.run_rule(rule, Some(&mut steps));
        Ok(Explanation {
            rule: result.id.to_string(),
            title: result.title.to_string(),
            status: result.status,
            messages: result.messages,
            steps: explain::nodes(steps, &mut m),
        })
    }

    /// Metadata of every rule, in load order.
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &RuleInfo> + '_ {
        self.inner.program.rules.iter().map(|r| &*r.info)
    }

    /// The `test` blocks of the policies.
    pub fn tests(&self) -> &[TestCase] {
        &self.inner.tests
    }

    /// Warnings found while compiling (errors fail the build instead).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.inner.warnings
    }

    /// The limits evaluations run under.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// The policy source files, in load order.
    pub fn sources(&self) -> &[SourceFile] {
        &self.inner.program.sources
    }
}
