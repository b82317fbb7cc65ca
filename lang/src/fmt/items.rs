//! Declarations and statements → [`Doc`], with their comments.
//!
//! Layout: `package`, then the imports and plugins (one per line), then the items, one
//! blank line between top-level declarations; two spaces of indentation per
//! block; `else` messages move to a continuation line when a statement is
//! too long. Test sections are printed in the order `input`, `params`,
//! `context`, then the `expect`s.

use super::comments::{Attached, Block, BlockSpec, Comments, NodeSpec, Note, Placed};
use super::doc::{bracketed, concat, group, indent, text, Doc};
use super::expr::{continues_previous, expr, string, template};
use crate::ast::{
    Condition, Expect, File, Function, Import, Item, Let, Meta, MetaValue, Param, PluginDecl, Rule,
    RuleStmt, Span, Test,
};

/// A top-level declaration ready to print.
pub(crate) struct Prepared {
    /// Its span as the parser gave it.
    span: Span,
    /// Consecutive imports are not separated by a blank line.
    is_import: bool,
    /// The whole declaration, or its head up to and including `{`.
    head: Doc,
    /// For declarations with a `{ … }` body: where to look for `{`, and the
    /// statements (span and document) in printing order.
    body: Option<(usize, Vec<(Span, Doc)>)>,
}

/// Prepare every top-level declaration of `file`, in order.
pub(crate) fn prepare(file: &File) -> Vec<Prepared> {
    let mut out = Vec::with_capacity(file.items.len() + file.imports.len() + 1);
    if let Some(p) = &file.package {
        out.push(simple(
            p.span,
            false,
            text(format!("package {}", p.dotted())),
        ));
    }
    // Imports and plugin declarations, in source order (they may interleave).
    let mut heads: Vec<(Span, Doc)> = file.imports.iter().map(|i| (i.span, import(i))).collect();
    heads.extend(file.plugins.iter().map(|p| (p.span, plugin(p))));
    heads.sort_by_key(|(span, _)| span.start);
    for (span, doc) in heads {
        out.push(simple(span, true, doc));
    }
    for item in &file.items {
        out.push(match item {
            Item::Param(p) => simple(p.span, false, param(p)),
            Item::Function(f) if f.lets.is_empty() => simple(f.span, false, function_expr(f)),
            Item::Function(f) => function_block(f),
            Item::Rule(r) => rule(r),
            Item::Test(t) => test(t),
        });
    }
    out
}

fn simple(span: Span, is_import: bool, head: Doc) -> Prepared {
    Prepared {
        span,
        is_import,
        head,
        body: None,
    }
}

/// What comment placement needs to know about the declarations.
pub(crate) fn specs(prepared: &[Prepared], cx: &Comments<'_>) -> Vec<NodeSpec> {
    prepared
        .iter()
        .map(|p| NodeSpec {
            span: cx.tight(p.span),
            block: p.body.as_ref().map(|(from, stmts)| BlockSpec {
                open: cx.open_brace(*from).unwrap_or(p.span.start),
                stmts: stmts.iter().map(|(s, _)| cx.tight(*s)).collect(),
            }),
        })
        .collect()
}

/// The whole file.
pub(crate) fn file(prepared: Vec<Prepared>, placed: &Placed) -> Doc {
    let mut entries: Vec<(bool, Doc)> = Vec::new();
    let mut prev_import = None;
    for (i, p) in prepared.into_iter().enumerate() {
        let doc = match p.body {
            None => p.head,
            Some((_, stmts)) => block(p.head, stmts, placed.block(i)),
        };
        let mut es = attached(placed.node(i), doc);
        if let Some(first) = es.first_mut() {
            first.0 = match prev_import {
                None => false,
                Some(prev) => !(prev && p.is_import),
            };
        }
        prev_import = Some(p.is_import);
        entries.extend(es);
    }
    entries.extend(placed.end.iter().map(|n| (n.blank_before, comment(n))));
    if entries.is_empty() {
        return text("");
    }
    concat(vec![lines(entries), Doc::HardLine])
}

/// A comment on its own line.
fn comment(n: &Note) -> Doc {
    text(format!("#{}", n.text))
}

/// The lines of one anchor: leading comments, moved inner comments, then
/// the anchor with its trailing comment. Each line says whether a blank
/// line precedes it.
fn attached(att: &Attached, doc: Doc) -> Vec<(bool, Doc)> {
    let mut v: Vec<(bool, Doc)> = att
        .leading
        .iter()
        .map(|n| (n.blank_before, comment(n)))
        .collect();
    let mut blank = att.blank_before;
    for n in &att.inner {
        v.push((blank, comment(n)));
        blank = false;
    }
    let doc = match &att.trailing {
        Some(t) => concat(vec![doc, Doc::Suffix(format!(" #{t}"))]),
        None => doc,
    };
    v.push((blank, doc));
    v
}

/// Lines separated by line breaks (two where a blank line is wanted).
fn lines(entries: Vec<(bool, Doc)>) -> Doc {
    let mut parts = Vec::with_capacity(entries.len() * 3);
    for (i, (blank, d)) in entries.into_iter().enumerate() {
        if i > 0 {
            parts.push(Doc::HardLine);
            if blank {
                parts.push(Doc::HardLine);
            }
        }
        parts.push(d);
    }
    concat(parts)
}

/// `head` (ending in `{`), the statements one per line, then `}`.
fn block(head: Doc, stmts: Vec<(Span, Doc)>, comments: Option<&Block>) -> Doc {
    let mut entries: Vec<(bool, Doc)> = Vec::new();
    for (j, (_, d)) in stmts.into_iter().enumerate() {
        let att = comments.map_or(&super::comments::NONE, |b| b.stmt(j));
        entries.extend(attached(att, d));
    }
    let header = comments.and_then(|b| b.header.as_ref());
    if let Some(b) = comments {
        entries.extend(b.end.iter().map(|n| (n.blank_before, comment(n))));
    }
    if let Some(first) = entries.first_mut() {
        first.0 = false;
    }
    if entries.is_empty() && header.is_none() {
        return concat(vec![head, text("}")]);
    }
    let mut parts = vec![head];
    if let Some(h) = header {
        parts.push(Doc::Suffix(format!(" #{h}")));
    }
    if !entries.is_empty() {
        parts.push(indent(concat(vec![Doc::HardLine, lines(entries)])));
    }
    parts.extend([Doc::HardLine, text("}")]);
    concat(parts)
}

fn import(i: &Import) -> Doc {
    let mut s = format!("import {}", i.path.dotted());
    if let Some(a) = &i.alias {
        s.push_str(&format!(" as {}", a.name));
    }
    text(s)
}

fn plugin(p: &PluginDecl) -> Doc {
    text(format!(
        "plugin {} = {}",
        p.name.name,
        string(&p.path.value)
    ))
}

fn param(p: &Param) -> Doc {
    let mut parts = vec![text(format!("param {}: {}", p.name.name, p.ty))];
    if let Some(d) = &p.default {
        parts.extend([text(" = "), expr(d)]);
    }
    group(concat(parts))
}

fn fn_head(f: &Function) -> Doc {
    let params = f.params.iter().map(|p| text(&*p.name)).collect();
    concat(vec![
        text(format!("fn {}", f.name.name)),
        bracketed("(", params, ")"),
    ])
}

fn function_expr(f: &Function) -> Doc {
    group(concat(vec![fn_head(f), text(" = "), expr(&f.body)]))
}

fn function_block(f: &Function) -> Prepared {
    let mut stmts: Vec<(Span, Doc)> = f.lets.iter().map(|l| (l.span, let_stmt(l))).collect();
    // After a `let`, a result starting with `-x` or `[x]` would read as a
    // subtraction or an index continuing the `let`'s value: parenthesize it.
    // (Parsed files never contain this; only hand-built trees do.)
    let body = if continues_previous(&f.body) {
        concat(vec![text("("), expr(&f.body), text(")")])
    } else {
        expr(&f.body)
    };
    stmts.push((f.body.span, group(body)));
    Prepared {
        span: f.span,
        is_import: false,
        head: group(concat(vec![fn_head(f), text(" {")])),
        body: Some((f.name.span.end, stmts)),
    }
}

fn let_stmt(l: &Let) -> Doc {
    group(concat(vec![
        text(format!("let {} = ", l.name.name)),
        expr(&l.value),
    ]))
}

fn rule(r: &Rule) -> Prepared {
    let stmts = r
        .body
        .iter()
        .map(|s| match s {
            RuleStmt::Meta(m) => (m.span, meta(m)),
            RuleStmt::Param(p) => (p.span, param(p)),
            RuleStmt::Let(l) => (l.span, let_stmt(l)),
            RuleStmt::When(c) => (c.span, condition("when", c)),
            RuleStmt::Require(c) => (c.span, condition("require", c)),
        })
        .collect();
    Prepared {
        span: r.span,
        is_import: false,
        head: text(format!("rule {} {{", r.id.name)),
        body: Some((r.id.span.end, stmts)),
    }
}

fn meta(m: &Meta) -> Doc {
    let key = text(format!("{} ", m.key.keyword()));
    let value = match &m.value {
        MetaValue::Word(w) => text(&*w.name),
        MetaValue::Str(s) => text(string(&s.value)),
        MetaValue::List(xs) => bracketed(
            "[",
            xs.iter().map(|s| text(string(&s.value))).collect(),
            "]",
        ),
    };
    group(concat(vec![key, value]))
}

fn condition(keyword: &str, c: &Condition) -> Doc {
    let mut parts = vec![text(format!("{keyword} ")), expr(&c.cond)];
    if let Some(m) = &c.message {
        parts.push(indent(concat(vec![
            Doc::Line,
            text("else "),
            text(template(m)),
        ])));
    }
    group(concat(parts))
}

fn test(t: &Test) -> Prepared {
    let mut stmts: Vec<(Span, Doc)> = Vec::new();
    for (kw, section) in [
        ("input", &t.input),
        ("params", &t.params),
        ("context", &t.context),
    ] {
        if let Some(e) = section {
            stmts.push((e.span, group(concat(vec![text(format!("{kw} ")), expr(e)]))));
        }
    }
    stmts.extend(t.expects.iter().map(|e| (e.span, expect(e))));
    Prepared {
        span: t.span,
        is_import: false,
        head: text(format!("test {} {{", string(&t.name.value))),
        body: Some((t.name.span.end, stmts)),
    }
}

fn expect(e: &Expect) -> Doc {
    let mut s = format!("expect {} {}", e.rule.name, e.status.name);
    if let Some(m) = &e.message {
        s.push_str(&format!(" with {}", string(&m.value)));
    }
    text(s)
}
