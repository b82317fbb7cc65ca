//! Rules, functions and message templates → IR.

use super::ir::{Check, FnDef, Node, NodeKind, Piece, RuleDef, Stmt, TemplateIr};
use super::{Compiler, Ctx};
use crate::decision::{Location, RuleInfo};
use phasegate_lang::ast::{
    Condition, Item, MetaKey, MetaValue, Quantifier, Rule, RuleStmt, Template, TemplatePart,
};
use phasegate_lang::model::{ItemRef, Phase, RuleSeverity};
use phasegate_lang::{Code, Value};
use std::sync::Arc;

impl Compiler<'_> {
    pub(super) fn function(&mut self, r: ItemRef) -> FnDef {
        let files = self.files;
        let Some(Item::Function(f)) = files.get(r.file).and_then(|f| f.items.get(r.item)) else {
            return FnDef {
                name: String::new(),
                loc: Default::default(),
                arity: 0,
                frame_size: 0,
                lets: Box::default(),
                body: Node {
                    kind: self.constant(Value::Null, super::ir::ConstOrigin::Literal),
                    loc: Default::default(),
                },
            };
        };
        let mut cx = Ctx::new(r.file);
        cx.scopes.push();
        for p in &f.params {
            let slot = cx.alloc();
            cx.scopes.bind(p.name.clone(), slot);
        }
        let mut lets = Vec::new();
        for l in &f.lets {
            let value = self.expr(&mut cx, &l.value);
            let slot = cx.alloc();
            cx.scopes.bind(l.name.name.clone(), slot);
            lets.push((slot, value));
        }
        let body = self.expr(&mut cx, &f.body);
        FnDef {
            name: f.name.name.to_string(),
            loc: cx.loc(f.span),
            arity: f.params.len(),
            frame_size: cx.next_slot as usize,
            lets: lets.into_boxed_slice(),
            body,
        }
    }

    pub(super) fn rule(&mut self, r: ItemRef, rule: &Rule) -> Option<RuleDef> {
        let info = self.rule_info(r, rule);
        let params = self.rule_params.remove(&r).unwrap_or_default();
        let mut cx = Ctx::new(r.file);
        cx.rule_params = Some(&params);
        cx.scopes.push();
        let mut stmts = Vec::new();
        for s in &rule.body {
            match s {
                RuleStmt::Meta(_) | RuleStmt::Param(_) => {}
                RuleStmt::Let(l) => {
                    let value = self.expr(&mut cx, &l.value);
                    let slot = cx.alloc();
                    cx.scopes.bind(l.name.name.clone(), slot);
                    stmts.push(Stmt::Let {
                        slot,
                        name: self.intern(&l.name.name),
                        value,
                        loc: cx.loc(l.span),
                    });
                }
                RuleStmt::When(c) => stmts.push(Stmt::When(self.check(&mut cx, c))),
                RuleStmt::Require(c) => stmts.push(self.require(&mut cx, c)),
            }
        }
        let info = info?;
        Some(RuleDef {
            info: Arc::new(info),
            frame_size: cx.next_slot as usize,
            stmts: stmts.into_boxed_slice(),
        })
    }

    fn check(&mut self, cx: &mut Ctx, c: &Condition) -> Check {
        let cond = self.expr(cx, &c.cond);
        let message = c.message.as_ref().map(|t| self.template(cx, t));
        Check {
            cond,
            message,
            loc: cx.loc(c.span),
        }
    }

    /// A `require`; `all`/`no` quantifiers get one message per offending item.
    /// The statement shares the loop of the compiled condition (which is
    /// still evaluated as a whole when explaining).
    fn require(&mut self, cx: &mut Ctx, c: &Condition) -> Stmt {
        let cond = self.expr(cx, &c.cond);
        let mut inner = &cond;
        while let NodeKind::Paren(x) = &inner.kind {
            inner = x;
        }
        let each = match &inner.kind {
            NodeKind::Quant(each) if matches!(each.q, Quantifier::All | Quantifier::No) => {
                each.clone()
            }
            _ => {
                let message = c.message.as_ref().map(|t| self.template(cx, t));
                let loc = cx.loc(c.span);
                return Stmt::Require(Check { cond, message, loc });
            }
        };
        cx.scopes.push();
        let var = self.intern(&each.lp.var);
        cx.scopes.bind(var, each.lp.slot);
        let message = c.message.as_ref().map(|t| self.template(cx, t));
        cx.scopes.pop();
        Stmt::RequireEach {
            check: Check {
                cond,
                message,
                loc: cx.loc(c.span),
            },
            each,
        }
    }

    fn template(&mut self, cx: &mut Ctx, t: &Template) -> TemplateIr {
        let parts = t
            .parts
            .iter()
            .map(|p| match p {
                TemplatePart::Text(s) => Piece::Text(self.intern(s)),
                TemplatePart::Expr(e) => Piece::Expr(self.expr(cx, e)),
            })
            .collect();
        TemplateIr { parts }
    }

    /// Metadata of a rule; `None` (with diagnostics) when required keys are missing or invalid.
    fn rule_info(&mut self, r: ItemRef, rule: &Rule) -> Option<RuleInfo> {
        let text = |m: MetaKey| match rule.meta(m).map(|m| &m.value) {
            Some(MetaValue::Str(s)) => Some(s.value.clone()),
            Some(MetaValue::Word(w)) => Some(w.name.to_string()),
            Some(MetaValue::List(_)) | None => None,
        };
        let list = |m: MetaKey| match rule.meta(m).map(|m| &m.value) {
            Some(MetaValue::List(xs)) => xs.iter().map(|s| s.value.clone()).collect(),
            Some(MetaValue::Str(s)) => vec![s.value.clone()],
            _ => Vec::new(),
        };
        let mut ok = true;
        // The parser's shared copy of the id (kept, not copied).
        let id = rule.id.name.clone();
        for key in [MetaKey::Title, MetaKey::Phase, MetaKey::Severity] {
            if text(key).is_none() {
                ok = false;
                self.error(
                    r.file,
                    Code::MissingMetadata,
                    rule.id.span,
                    format!("rule `{id}` has no `{}`", key.keyword()),
                    "in this rule",
                    Some(format!("add a `{}` statement", key.keyword())),
                );
            }
        }
        let phase = text(MetaKey::Phase).and_then(|p| {
            let parsed = Phase::parse(&p);
            if parsed.is_none() {
                self.meta_error(
                    r,
                    rule,
                    MetaKey::Phase,
                    Code::InvalidPhase,
                    &p,
                    "plan code build test release deploy operate monitor",
                );
            }
            parsed
        });
        let severity = text(MetaKey::Severity).and_then(|s| {
            let parsed = RuleSeverity::parse(&s);
            if parsed.is_none() {
                self.meta_error(
                    r,
                    rule,
                    MetaKey::Severity,
                    Code::InvalidSeverity,
                    &s,
                    "info low medium high critical",
                );
            }
            parsed
        });
        let (Some(title), Some(phase), Some(severity), true) =
            (text(MetaKey::Title), phase, severity, ok)
        else {
            return None;
        };
        let file = match self.sources.get(r.file) {
            Some(source) => source.name.clone(),
            None => Arc::from(""),
        };
        let line = self.line_of(r.file, rule.span.start);
        let package = self.globals.file_package.get(r.file).cloned();
        Some(RuleInfo {
            id,
            title: title.into(),
            description: text(MetaKey::Description).map(Arc::from),
            phase,
            severity,
            package: self.intern(package.as_deref().unwrap_or_default()),
            tags: self.intern_list(list(MetaKey::Tags)),
            references: self.intern_list(list(MetaKey::References)),
            remediation: text(MetaKey::Remediation).map(Arc::from),
            location: Location { file, line },
        })
    }

    fn meta_error(
        &mut self,
        r: ItemRef,
        rule: &Rule,
        key: MetaKey,
        code: Code,
        got: &str,
        valid: &str,
    ) {
        let span = rule.meta(key).map(|m| m.span).unwrap_or(rule.id.span);
        let help = phasegate_lang::diag::did_you_mean(got, valid.split(' '))
            .map(|s| format!("did you mean `{s}`? valid: {valid}"))
            .unwrap_or_else(|| format!("valid: {valid}"));
        self.error(
            r.file,
            code,
            span,
            format!("`{got}` is not a valid {}", key.keyword()),
            "unknown value",
            Some(help),
        );
    }
}
