//! Rules: unique ids, metadata, statement order, and the expressions of
//! their bodies.

use super::decls::param_default;
use super::exprs::{LocalKind, Walker};
use super::{ctx::Ctx, meta, RuleInfo};
use crate::ast::{Condition, ExprKind, Item, Quantifier, Rule, RuleStmt, Span};
use crate::diag::Code;
use crate::model::{FileId, ItemRef};
use crate::types::Ty;
use foldhash::{HashMap, HashMapExt};

/// Check every rule; give the infos of those with valid metadata.
pub(crate) fn check(cx: &mut Ctx<'_>) -> Vec<RuleInfo> {
    let mut first: HashMap<&str, (FileId, Span)> = HashMap::new();
    let mut out = Vec::new();
    let files = cx.files;
    for (fid, file) in files.iter().enumerate() {
        for (i, item) in file.items.iter().enumerate() {
            let Item::Rule(r) = item else { continue };
            let dup = match first.get(&*r.id.name) {
                Some(&(ffile, fspan)) => {
                    duplicate(cx, fid, r, ffile, fspan);
                    true
                }
                None => {
                    first.insert(&r.id.name, (fid, r.id.span));
                    false
                }
            };
            let m = meta::check(cx, fid, r);
            body(cx, fid, r);
            if let (true, false, Some(title), Some(phase), Some(severity)) =
                (m.ok, dup, m.title, m.phase, m.severity)
            {
                out.push(RuleInfo {
                    id: r.id.name.to_string(),
                    item: ItemRef { file: fid, item: i },
                    package: cx.package(fid).to_string(),
                    phase,
                    severity,
                    title,
                    description: m.description,
                    tags: m.tags,
                    references: m.references,
                    remediation: m.remediation,
                    span: r.span,
                });
            }
        }
    }
    out
}

fn duplicate(cx: &mut Ctx<'_>, fid: FileId, r: &Rule, first_file: FileId, first: Span) {
    let mut d = cx
        .diag(
            Code::DuplicateRule,
            fid,
            r.id.span,
            format!("rule id `{}` is used twice", r.id.name),
        )
        .label("second rule with this id");
    if first_file == fid {
        d = d
            .also(first, "first rule with this id")
            .help("rule ids are unique across all loaded files; rename one of them");
    } else {
        d = d.help(format!(
            "the first rule with this id is at {}; rule ids are unique across all loaded files",
            cx.location(first_file, first.start)
        ));
    }
    cx.push(fid, d);
}

/// The span of the keyword at the start of a statement.
fn keyword(c: &Condition, word: &str) -> Span {
    Span::new(c.span.start, (c.span.start + word.len()).min(c.span.end))
}

fn body(cx: &mut Ctx<'_>, fid: FileId, r: &Rule) {
    let mut w = Walker::new(cx, fid);
    w.push();
    for stmt in &r.body {
        if let RuleStmt::Param(p) = stmt {
            param_default(w.cx, fid, p);
            w.bind(&p.name, Ty::from(&p.ty), LocalKind::Param);
        }
    }
    let mut first_require: Option<Span> = None;
    for stmt in &r.body {
        match stmt {
            RuleStmt::Meta(_) | RuleStmt::Param(_) => {}
            RuleStmt::Let(l) => {
                let t = w.expr(&l.value);
                w.bind(&l.name, t, LocalKind::Let);
            }
            RuleStmt::When(c) => {
                if let Some(req) = first_require {
                    let d = w
                        .cx
                        .diag(Code::WhenAfterRequire, fid, keyword(c, "when"), "`when` after a `require`")
                        .label("this `when` comes after a `require`")
                        .also(req, "first `require`")
                        .help("move every `when` above the first `require`: applicability is decided before any requirement");
                    w.cx.push(fid, d);
                }
                w.cond(&c.cond, "`when`");
                if let Some(m) = &c.message {
                    w.template(m);
                }
            }
            RuleStmt::Require(c) => {
                first_require.get_or_insert(keyword(c, "require"));
                w.cond(&c.cond, "`require`");
                if let Some(m) = &c.message {
                    // `require all/no x in xs: …` renders the message per item, with `x`.
                    let mut cond = &c.cond;
                    while let ExprKind::Paren(inner) = &cond.kind {
                        cond = inner;
                    }
                    match &cond.kind {
                        ExprKind::Quantified {
                            q: Quantifier::All | Quantifier::No,
                            var,
                            ..
                        } => {
                            w.push();
                            w.bind(var, Ty::Any, LocalKind::LoopVar);
                            w.template(m);
                            w.pop();
                        }
                        _ => w.template(m),
                    }
                }
            }
        }
    }
    w.pop();
    if first_require.is_none() {
        let d = cx
            .diag(Code::NoCondition, fid, r.id.span, format!("rule `{}` has no `require`", r.id.name))
            .label("nothing is required")
            .help("add `require <condition> else \"<failure message>\"`; a rule without requirements can never fail");
        cx.push(fid, d);
    }
}
