//! `test` blocks → [`TestCase`]s with constant input, params and context.

use super::ir::Program;
use super::Compiler;
use crate::decision::{Location, Status};
use crate::testcase::{Expectation, TestCase};
use indexmap::IndexMap;
use phasegate_lang::ast::{Expr, Item, Span, Test};
use phasegate_lang::diag::did_you_mean;
use phasegate_lang::{Code, Value};
use std::sync::Arc;

impl Compiler<'_> {
    pub(super) fn tests(&mut self, program: &Program) -> Vec<TestCase> {
        let files = self.files;
        let mut out = Vec::new();
        for (fid, f) in files.iter().enumerate() {
            for item in &f.items {
                if let Item::Test(t) = item {
                    out.push(self.test(fid, t, program));
                }
            }
        }
        out
    }

    fn test(&mut self, fid: usize, t: &Test, program: &Program) -> TestCase {
        let konst = |c: &mut Self, e: &Option<Expr>, what: &str| match e {
            Some(e) => c.const_value(fid, e, what).unwrap_or_default(),
            None => Value::Null,
        };
        let input = konst(self, &t.input, "a test input");
        let context = konst(self, &t.context, "a test context");
        let params_value = konst(self, &t.params, "test params");
        let mut params = IndexMap::new();
        if let Some(o) = params_value.as_object() {
            for (k, v) in o.iter() {
                params.insert(k.to_string(), v.clone());
            }
        }
        let ids: Vec<&str> = program.rules.iter().map(|r| &*r.info.id).collect();
        let mut expects = Vec::new();
        for e in &t.expects {
            let rule = e.rule.name.to_string();
            if !ids.contains(&rule.as_str()) {
                let help = did_you_mean(&rule, ids.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"));
                self.error(
                    fid,
                    Code::UnknownRule,
                    e.rule.span,
                    format!("no rule `{rule}`"),
                    "unknown rule",
                    help,
                );
            }
            let Some(status) = Status::parse(&e.status.name) else {
                let help = did_you_mean(&e.status.name, ["pass", "fail", "skip", "error"])
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| "one of pass, fail, skip, error".into());
                self.error(
                    fid,
                    Code::InvalidStatus,
                    e.status.span,
                    format!("`{}` is not a status", e.status.name),
                    "unknown status",
                    Some(help),
                );
                continue;
            };
            expects.push(Expectation {
                rule,
                status,
                message: e.message.as_ref().map(|m| m.value.clone()),
                location: self.location(fid, e.span),
            });
        }
        TestCase {
            name: t.name.value.clone(),
            location: self.location(fid, t.span),
            input,
            params,
            context,
            expects,
        }
    }

    fn location(&self, fid: usize, span: Span) -> Location {
        match self.sources.get(fid) {
            Some(source) => Location {
                file: source.name.clone(),
                line: source.line_col(span.start).0,
            },
            None => Location {
                file: Arc::from(""),
                line: 0,
            },
        }
    }
}
