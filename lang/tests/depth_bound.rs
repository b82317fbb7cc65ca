//! The parser skips the depth walk of an expression whose text is at most
//! `MAX_EXPR_DEPTH` bytes long, because a tree is never deeper than its span
//! is long. This checks that bound on random syntax trees printed as text,
//! and that long expressions are still walked and refused when too deep
//! (without overflowing the stack while they are built).

#[allow(dead_code)]
mod fmt_gen;

use fmt_gen::file_strategy;
use phasegate_lang::ast::{Expr, File, Item, RuleStmt, TemplatePart};
use phasegate_lang::fmt::format_file;
use phasegate_lang::parse::MAX_EXPR_DEPTH;
use phasegate_lang::{parse, Code, SourceFile};
use proptest::prelude::*;

/// Depth of `e`, after checking the bound at every node below it.
fn depth_within_span(e: &Expr) -> Result<usize, String> {
    let mut deepest = 0;
    let mut err = None;
    e.for_each_child(|c| match depth_within_span(c) {
        Ok(d) => deepest = deepest.max(d),
        Err(m) => err = Some(m),
    });
    if let Some(m) = err {
        return Err(m);
    }
    let depth = deepest + 1;
    let len = e.span.end - e.span.start;
    if depth > len.max(1) {
        return Err(format!("depth {depth} > span length {len}: {e:?}"));
    }
    Ok(depth)
}

fn roots(file: &File) -> Vec<&Expr> {
    let mut out = Vec::new();
    for item in &file.items {
        match item {
            Item::Param(p) => out.extend(p.default.as_ref()),
            Item::Function(f) => {
                out.extend(f.lets.iter().map(|l| &l.value));
                out.push(&f.body);
            }
            Item::Rule(r) => {
                for s in &r.body {
                    match s {
                        RuleStmt::Param(p) => out.extend(p.default.as_ref()),
                        RuleStmt::Let(l) => out.push(&l.value),
                        RuleStmt::When(c) | RuleStmt::Require(c) => {
                            out.push(&c.cond);
                            for part in c.message.iter().flat_map(|m| &m.parts) {
                                if let TemplatePart::Expr(e) = part {
                                    out.push(e);
                                }
                            }
                        }
                        RuleStmt::Meta(_) => {}
                    }
                }
            }
            Item::Test(t) => out.extend([&t.input, &t.params, &t.context].into_iter().flatten()),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_expression_is_deeper_than_its_text_is_long(file in file_strategy()) {
        let text = format_file(&file);
        let parsed = parse(&SourceFile::new("gen.gate", text.as_str()));
        prop_assert!(parsed.is_ok(), "does not parse: {:?}\n{}", parsed.diagnostics, text);
        for root in roots(&parsed.file) {
            if let Err(m) = depth_within_span(root) {
                prop_assert!(false, "{}\n{}", m, text);
            }
        }
    }
}

#[test]
fn a_long_chain_is_still_measured_and_refused() {
    let chain = format!("fn f(a) = a{}\n", " + a".repeat(MAX_EXPR_DEPTH + 1));
    let parsed = parse(&SourceFile::new("chain.gate", chain.as_str()));
    assert!(parsed.diagnostics.iter().any(|d| d.code == Code::TooDeep));
    let fits = format!("fn f(a) = a{}\n", " + a".repeat(MAX_EXPR_DEPTH - 2));
    let parsed = parse(&SourceFile::new("fits.gate", fits.as_str()));
    assert!(parsed.is_ok(), "{:?}", parsed.diagnostics);
}

#[test]
fn not_between_comparisons_cannot_overflow_the_stack() {
    // `not` binds looser than `==`, so each `== not a` nests one level deeper
    // in the tree and in the builder: 100,000 of them once overflowed the
    // stack while the AST was built, before the depth check could refuse it.
    let src = format!("fn f(a) = a{}\n", " == not a".repeat(100_000));
    let parsed = parse(&SourceFile::new("not.gate", src.as_str()));
    let deep: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::TooDeep)
        .collect();
    assert_eq!(deep.len(), 1, "{:?}", parsed.diagnostics);
    // Just under the limit it parses.
    let fits = format!(
        "fn f(a) = a{}\n",
        " == not a".repeat(MAX_EXPR_DEPTH / 2 - 1)
    );
    let parsed = parse(&SourceFile::new("fits.gate", fits.as_str()));
    assert!(parsed.is_ok(), "{:?}", parsed.diagnostics);
}
