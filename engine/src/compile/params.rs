//! Param values: defaults, overrides from outside, and their type checks.

use super::{Compiler, Ctx};
use crate::compile::ir::NodeKind;
use crate::error::CompileError;
use indexmap::{IndexMap, IndexSet};
use phasegate_lang::ast::{Expr, Item, Param, RuleStmt, TypeExpr};
use phasegate_lang::diag::did_you_mean;
use phasegate_lang::model::{FileId, ItemRef};
use phasegate_lang::{Code, Value};
use std::sync::Arc;

/// One declared param.
struct Site<'a> {
    /// `<package>.<name>` or `<rule-id>.<name>`.
    qual: String,
    param: &'a Param,
    file: FileId,
    /// `Some(rule item)` for a rule param.
    rule: Option<ItemRef>,
    /// The package param's item.
    item: ItemRef,
}

impl<'a> Compiler<'a> {
    /// Compute every param's value; fills `package_params` and `rule_params`.
    /// Returns override errors (unknown key, wrong type) and missing values.
    pub(super) fn resolve_params(
        &mut self,
        overrides: &IndexMap<String, Value>,
    ) -> Vec<CompileError> {
        let files = self.files;
        let mut sites: Vec<Site<'a>> = Vec::new();
        for (pkg, info) in &self.globals.packages {
            for (name, r) in &info.params {
                if let Some(Item::Param(p)) = files.get(r.file).and_then(|f| f.items.get(r.item)) {
                    sites.push(Site {
                        qual: format!("{pkg}.{name}"),
                        param: p,
                        file: r.file,
                        rule: None,
                        item: *r,
                    });
                }
            }
        }
        for (fid, f) in files.iter().enumerate() {
            for (i, item) in f.items.iter().enumerate() {
                let Item::Rule(rule) = item else { continue };
                let r = ItemRef { file: fid, item: i };
                for stmt in &rule.body {
                    if let RuleStmt::Param(p) = stmt {
                        sites.push(Site {
                            qual: format!("{}.{}", rule.id.name, p.name.name),
                            param: p,
                            file: fid,
                            rule: Some(r),
                            item: r,
                        });
                    }
                }
            }
        }

        let mut errors = Vec::new();
        for key in overrides.keys() {
            let known = sites
                .iter()
                .any(|s| s.qual == *key || (!key.contains('.') && *s.param.name.name == **key));
            if !known {
                let mut candidates: IndexSet<&str> = IndexSet::new();
                for s in &sites {
                    candidates.insert(&s.qual);
                    candidates.insert(&s.param.name.name);
                }
                let help = did_you_mean(key, candidates.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| {
                        (!candidates.is_empty()).then(|| {
                            let list: Vec<&str> = candidates.iter().copied().take(10).collect();
                            format!("known params: {}", list.join(", "))
                        })
                    });
                errors.push(CompileError::BadParam {
                    key: key.clone(),
                    reason: "no param of that name".into(),
                    help,
                });
            }
        }

        for s in &sites {
            let name: &str = &s.param.name.name;
            let given = overrides
                .get_key_value(s.qual.as_str())
                .or_else(|| overrides.get_key_value(name));
            let value = match given {
                Some((key, v)) => match conform(v, &s.param.ty) {
                    Ok(v) => Some(v),
                    Err(got) => {
                        errors.push(CompileError::BadParam {
                            key: key.clone(),
                            reason: format!(
                                "`{}` is declared `{}`, the override is {got}",
                                s.qual, s.param.ty
                            ),
                            help: Some(format!("give a value of type `{}`", s.param.ty)),
                        });
                        None
                    }
                },
                None => match &s.param.default {
                    Some(d) => self.default_value(s.file, s.param, d),
                    None => {
                        let loc = self.describe_at(s.file, s.param.span.start);
                        errors.push(CompileError::MissingParam {
                            key: s.qual.clone(),
                            location: loc,
                        });
                        None
                    }
                },
            };
            let value = value.unwrap_or(Value::Null);
            match s.rule {
                Some(r) => {
                    self.rule_params
                        .entry(r)
                        .or_default()
                        .entry(s.param.name.name.clone())
                        .or_insert(value);
                }
                None => {
                    self.package_params.insert(s.item, value);
                }
            }
        }
        errors
    }

    fn default_value(&mut self, file: FileId, p: &Param, d: &Expr) -> Option<Value> {
        let v = self.const_value(file, d, "a param default")?;
        match conform(&v, &p.ty) {
            Ok(v) => Some(v),
            Err(got) => {
                self.error(
                    file,
                    Code::ParamType,
                    d.span,
                    format!(
                        "the default of `{}` is {got}, but the param is declared `{}`",
                        p.name.name, p.ty
                    ),
                    "wrong type",
                    Some(format!("write a value of type `{}`", p.ty)),
                );
                None
            }
        }
    }

    /// Evaluate a constant expression at compile time (param defaults, test data).
    pub(super) fn const_value(&mut self, file: FileId, e: &Expr, what: &str) -> Option<Value> {
        let before = self.diags.len();
        let mut cx = Ctx::constant(file);
        let node = self.expr(&mut cx, e);
        match node.kind {
            NodeKind::Const(v, _) => Some(Arc::unwrap_or_clone(v)),
            _ => {
                if self.diags.len() == before {
                    self.error(
                        file,
                        Code::NotConstant,
                        e.span,
                        format!("{what} must be a constant"),
                        "not a constant",
                        Some("use literal values only: numbers, strings, lists and objects".into()),
                    );
                }
                None
            }
        }
    }

    pub(super) fn describe_at(&self, file: FileId, offset: usize) -> String {
        match self.sources.get(file) {
            Some(source) => {
                let (l, c) = source.line_col(offset);
                format!("{}:{l}:{c}", source.name)
            }
            None => "<unknown>".into(),
        }
    }
}

/// Check `v` against a declared type; ints are accepted (and converted) where
/// floats are expected. `Err` describes what `v` is.
pub(crate) fn conform(v: &Value, ty: &TypeExpr) -> Result<Value, String> {
    let bad = || Err(kind_phrase(v));
    match (ty, v) {
        (TypeExpr::Any, _) => Ok(v.clone()),
        (TypeExpr::Bool, Value::Bool(_))
        | (TypeExpr::Int, Value::Int(_))
        | (TypeExpr::Float, Value::Float(_))
        | (TypeExpr::Number, Value::Int(_) | Value::Float(_))
        | (TypeExpr::String, Value::Str(_))
        | (TypeExpr::Object, Value::Object(_))
        | (TypeExpr::List(None), Value::Array(_)) => Ok(v.clone()),
        (TypeExpr::Float, Value::Int(i)) => Ok(Value::Float(*i as f64)),
        (TypeExpr::List(Some(t)), Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, x) in items.iter().enumerate() {
                match conform(x, t) {
                    Ok(x) => out.push(x),
                    Err(got) => return Err(format!("a list whose item {i} is {got}")),
                }
            }
            Ok(Value::Array(Arc::new(out)))
        }
        _ => bad(),
    }
}

/// "an int", "a string", "null".
pub(crate) fn kind_phrase(v: &Value) -> String {
    use phasegate_lang::value::Kind;
    match v.kind() {
        Kind::Null => "null".to_string(),
        k @ (Kind::Int | Kind::Object) => format!("an {k}"),
        k => format!("a {k}"),
    }
}
