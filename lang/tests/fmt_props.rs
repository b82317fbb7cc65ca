//! Property tests of the formatter on generated input:
//!
//! * random syntax trees, printed with `format_file`: the text parses back
//!   to the same tree (ignoring the parentheses the printer had to add),
//!   and formatting that text is a fixed point;
//! * random token soups with random spacing, line breaks and comments
//!   between the tokens: when they parse, the output is idempotent, parses
//!   to the same tree (parentheses included: none may be added or lost) and
//!   keeps every comment.

mod fmt_support;

use fmt_support::{check_properties, tree, tree_without_parens};
use phasegate_lang::ast::*;
use phasegate_lang::fmt::{format, format_file};
use phasegate_lang::{parse, SourceFile};
use proptest::prelude::*;
use std::sync::Arc;

fn id(name: &str) -> Ident {
    Ident {
        name: Arc::from(name),
        span: Span::default(),
    }
}

fn ex(kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: Span::default(),
    }
}

fn lit(value: String) -> StrLit {
    StrLit {
        value,
        span: Span::default(),
    }
}

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> + Clone {
    prop::sample::select(options)
}

/// Text with the characters that need escaping.
fn text_strategy() -> impl Strategy<Value = String> + Clone {
    "[a-z \"\\\\{}\n\t\u{7}é#|]{0,6}"
}

fn leaf() -> impl Strategy<Value = Expr> + Clone {
    prop_oneof![
        Just(ex(ExprKind::Null)),
        any::<bool>().prop_map(|b| ex(ExprKind::Bool(b))),
        prop_oneof![0i64..1000, Just(i64::MAX)].prop_map(|i| ex(ExprKind::Int(i))),
        prop_oneof![
            0.0f64..1e6,
            Just(1e300),
            Just(5e-324),
            Just(0.1),
            Just(1e21)
        ]
        .prop_map(|f| ex(ExprKind::Float(f))),
        text_strategy().prop_map(|s| ex(ExprKind::Str(s))),
        pick(&["a", "b", "xs", "input", "context", "_tmp", "r2"])
            .prop_map(|n| ex(ExprKind::Name(id(n)))),
    ]
}

const BINOPS: &[BinOp] = &[
    BinOp::Or,
    BinOp::And,
    BinOp::Eq,
    BinOp::Ne,
    BinOp::Lt,
    BinOp::Le,
    BinOp::Gt,
    BinOp::Ge,
    BinOp::In,
    BinOp::NotIn,
    BinOp::Add,
    BinOp::Sub,
    BinOp::Mul,
    BinOp::Div,
    BinOp::Rem,
];

fn expr_strategy() -> impl Strategy<Value = Expr> + Clone {
    leaf().prop_recursive(4, 40, 3, |inner| {
        let b = |e: Expr| Box::new(e);
        let var = pick(&["x", "item"]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|xs| ex(ExprKind::Array(xs))),
            prop::collection::vec(
                (
                    pick(&["a", "in", "key_1", "x-y", "", "with space", "\"q\""]),
                    inner.clone()
                ),
                0..3
            )
            .prop_map(|kvs| ex(ExprKind::Object(
                kvs.into_iter().map(|(k, v)| (lit(k.into()), v)).collect()
            ))),
            (
                pick(&["f", "count", "pkg.g", "a.b.c"]),
                prop::collection::vec(inner.clone(), 0..3)
            )
                .prop_map(|(name, args)| {
                    let parts = name.split('.').map(id).collect();
                    ex(ExprKind::Call(
                        QualName {
                            parts,
                            span: Span::default(),
                        },
                        args,
                    ))
                }),
            (inner.clone(), pick(&["f", "in", "not", "null", "e5"]))
                .prop_map(move |(e, f)| ex(ExprKind::Access(b(e), Access::Field(id(f))))),
            (inner.clone(), inner.clone())
                .prop_map(move |(e, i)| ex(ExprKind::Access(b(e), Access::Index(b(i))))),
            (prop_oneof![Just(UnOp::Not), Just(UnOp::Neg)], inner.clone())
                .prop_map(move |(op, e)| ex(ExprKind::Unary(op, b(e)))),
            (prop::sample::select(BINOPS), inner.clone(), inner.clone())
                .prop_map(move |(op, l, r)| ex(ExprKind::Binary(op, b(l), b(r)))),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(move |(c, t, e)| ex(ExprKind::If(b(c), b(t), b(e)))),
            (
                prop_oneof![
                    Just(Quantifier::Any),
                    Just(Quantifier::All),
                    Just(Quantifier::No)
                ],
                var.clone(),
                inner.clone(),
                inner.clone()
            )
                .prop_map(move |(q, v, coll, cond)| ex(ExprKind::Quantified {
                    q,
                    var: id(v),
                    coll: b(coll),
                    cond: b(cond)
                })),
            (var.clone(), inner.clone(), inner.clone()).prop_map(move |(v, coll, cond)| ex(
                ExprKind::Filter {
                    var: id(v),
                    coll: b(coll),
                    cond: b(cond)
                }
            )),
            (
                inner.clone(),
                var,
                inner.clone(),
                prop::option::of(inner.clone())
            )
                .prop_map(move |(e, v, coll, cond)| ex(ExprKind::Map {
                    expr: b(e),
                    var: id(v),
                    coll: b(coll),
                    cond: cond.map(b)
                })),
        ]
    })
}

fn template_strategy() -> impl Strategy<Value = Template> {
    prop::collection::vec(
        prop_oneof![
            "[a-z \"\\\\{}\n\té]{1,5}".prop_map(TemplatePart::Text),
            expr_strategy().prop_map(TemplatePart::Expr),
        ],
        0..4,
    )
    .prop_map(|parts| {
        // The parser merges adjacent text: so must the generator.
        let mut merged: Vec<TemplatePart> = Vec::new();
        for p in parts {
            match (merged.last_mut(), p) {
                (Some(TemplatePart::Text(a)), TemplatePart::Text(b)) => a.push_str(&b),
                (_, p) => merged.push(p),
            }
        }
        Template {
            parts: merged,
            span: Span::default(),
        }
    })
}

fn object_strategy() -> impl Strategy<Value = Expr> {
    prop::collection::vec(
        (pick(&["min_approvals", "r.x.n", "now"]), expr_strategy()),
        0..3,
    )
    .prop_map(|kvs| {
        ex(ExprKind::Object(
            kvs.into_iter().map(|(k, v)| (lit(k.into()), v)).collect(),
        ))
    })
}

fn file_strategy() -> impl Strategy<Value = File> {
    let e = expr_strategy;
    (
        (e(), e(), e(), template_strategy()),
        (e(), e(), e(), e(), object_strategy()),
        text_strategy(),
    )
        .prop_map(
            |((v, when, req, msg), (fn_let, fn_body, default, input, params), name)| {
                let cond = |cond: Expr, message: Option<Template>| Condition {
                    cond,
                    message,
                    span: Span::default(),
                };
                let rule = Rule {
                    id: id("gen.rule-1"),
                    body: vec![
                        RuleStmt::Meta(Meta {
                            key: MetaKey::Tags,
                            value: MetaValue::List(vec![lit(name.clone()), lit("x".into())]),
                            span: Span::default(),
                        }),
                        RuleStmt::Let(Let {
                            name: id("v"),
                            value: v,
                            span: Span::default(),
                        }),
                        RuleStmt::When(cond(when, None)),
                        RuleStmt::Require(cond(req, Some(msg))),
                    ],
                    span: Span::default(),
                };
                let function = Function {
                    name: id("helper"),
                    params: vec![id("x"), id("ys")],
                    lets: vec![Let {
                        name: id("y"),
                        value: fn_let,
                        span: Span::default(),
                    }],
                    body: fn_body,
                    span: Span::default(),
                };
                let param = Param {
                    name: id("limit"),
                    ty: TypeExpr::List(Some(Box::new(TypeExpr::List(Some(Box::new(
                        TypeExpr::Int,
                    )))))),
                    ty_span: Span::default(),
                    default: Some(default),
                    span: Span::default(),
                };
                let test = Test {
                    name: lit(name),
                    input: Some(input),
                    params: Some(params),
                    context: None,
                    expects: vec![Expect {
                        rule: id("gen.rule-1"),
                        status: id("fail"),
                        message: Some(lit("needs \"2\"".into())),
                        span: Span::default(),
                    }],
                    span: Span::default(),
                };
                File {
                    package: Some(QualName {
                        parts: vec![id("gen"), id("pkg")],
                        span: Span::default(),
                    }),
                    imports: vec![Import {
                        path: QualName {
                            parts: vec![id("gen"), id("common")],
                            span: Span::default(),
                        },
                        alias: Some(id("c")),
                        span: Span::default(),
                    }],
                    items: vec![
                        Item::Param(param),
                        Item::Function(function),
                        Item::Rule(rule),
                        Item::Test(test),
                    ],
                    comments: Vec::new(),
                }
            },
        )
}

// ---------- token soups ----------

fn soup(inner: BoxedStrategy<Vec<String>>) -> BoxedStrategy<Vec<String>> {
    let words = |xs: &'static [&'static str]| pick(xs).prop_map(|w| vec![w.to_string()]);
    let join = |parts: Vec<Vec<String>>| parts.concat();
    let tok = |s: &str| vec![s.to_string()];
    let atom = prop_oneof![
        3 => words(&["a", "b", "xs", "input", "1", "2.5", "1e3", "\"s\"", "null", "true"]),
        1 => inner.clone().prop_map(move |e| join(vec![tok("f("), e, tok(","), tok(")")])),
        1 => (inner.clone(), inner.clone())
            .prop_map(move |(x, y)| join(vec![tok("pkg.g("), x, tok(","), y, tok(")")])),
        1 => (inner.clone(), inner.clone())
            .prop_map(move |(x, y)| join(vec![tok("["), x, tok(","), y, tok("]")])),
        1 => Just(vec!["[".to_string(), "]".to_string(), "{".to_string(), "}".to_string()])
            .prop_map(|v| v[..2].to_vec()),
        1 => inner.clone().prop_map(move |x| join(vec![tok("{"), tok("k"), tok(":"), x, tok("}")])),
        1 => inner.clone().prop_map(move |x| join(vec![tok("("), x, tok(")")])),
        1 => (inner.clone(), inner.clone(), inner.clone()).prop_map(move |(c, t, e)| join(vec![
            tok("if"), c, tok("then"), t, tok("else"), e
        ])),
        1 => (pick(&["any", "all", "no"]), inner.clone(), inner.clone()).prop_map(
            move |(q, c, b)| join(vec![tok(q), tok("x"), tok("in"), c, tok(":"), b])
        ),
        1 => (inner.clone(), inner.clone()).prop_map(move |(c, b)| join(vec![
            tok("["), tok("x"), tok("in"), c, tok("|"), b, tok("]")
        ])),
        1 => (inner.clone(), inner.clone(), prop::option::of(inner.clone())).prop_map(
            move |(e, c, f)| {
                let mut v = join(vec![tok("["), e, tok("for"), tok("x"), tok("in"), c]);
                if let Some(f) = f {
                    v.push("if".into());
                    v.extend(f);
                }
                v.push("]".into());
                v
            }
        ),
    ];
    let prefixes = prop::collection::vec(pick(&["not", "-"]), 0..2);
    let postfixes = prop::collection::vec(
        prop_oneof![
            pick(&["f", "in", "e5"]).prop_map(|f| vec![".".to_string(), f.to_string()]),
            inner
                .clone()
                .prop_map(|i| [vec!["[".to_string()], i, vec!["]".to_string()]].concat()),
        ],
        0..2,
    );
    let operand = (prefixes, atom, postfixes).prop_map(|(pre, a, post)| {
        let mut v: Vec<String> = pre.into_iter().map(String::from).collect();
        v.extend(a);
        v.extend(post.concat());
        v
    });
    let infix = pick(&[
        "or", "and", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "+", "-", "*", "/", "%",
    ]);
    (
        operand.clone(),
        prop::collection::vec((infix, operand), 0..3),
    )
        .prop_map(|(first, rest)| {
            let mut v = first;
            for (op, o) in rest {
                v.push(op.to_string());
                v.extend(o);
            }
            v
        })
        .boxed()
}

fn soup_strategy() -> impl Strategy<Value = Vec<String>> + Clone {
    let base = soup(Just(vec!["a".to_string()]).boxed());
    base.prop_recursive(2, 24, 2, |inner| soup(inner.boxed()))
}

/// Tokens of a file using three soups, then the separators to put between
/// them (spaces, line breaks, blank lines and comments).
fn soup_file_strategy() -> impl Strategy<Value = String> {
    (
        soup_strategy(),
        soup_strategy(),
        soup_strategy(),
        prop::collection::vec(0usize..9, 200),
    )
        .prop_map(|(a, b, c, seps)| {
            let t = |s: &str| vec![s.to_string()];
            let tokens: Vec<String> = [
                t("package"),
                t("p.q"),
                t("rule"),
                t("r.x"),
                t("{"),
                t("title"),
                t("\"t\""),
                t("let"),
                t("v"),
                t("="),
                a.clone(),
                t("require"),
                b.clone(),
                t("else"),
                t("\"m {"),
                a,
                t("} n\""),
                t("}"),
                t("fn"),
                t("g("),
                t("x"),
                t(")"),
                t("{"),
                t("let"),
                t("y"),
                t("="),
                c.clone(),
                b,
                t("}"),
                t("test"),
                t("\"t\""),
                t("{"),
                t("input"),
                c,
                t("expect"),
                t("r.x"),
                t("pass"),
                t("}"),
            ]
            .concat();
            let mut out = String::new();
            for (i, tok) in tokens.iter().enumerate() {
                out.push_str(tok);
                let sep = seps.get(i % seps.len()).copied().unwrap_or(0);
                out.push_str(match sep {
                    0..=2 => " ",
                    3 => "\n",
                    4 => "\n\n",
                    5 => "\t ",
                    6 => " # c1\n",
                    7 => "   #c2  \n\n",
                    _ => "\n  # c3\n",
                });
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn printed_trees_parse_back_to_the_same_tree(file in file_strategy()) {
        let text = format_file(&file);
        let parsed = parse(&SourceFile::new("gen.gate", text.as_str()));
        prop_assert!(parsed.is_ok(), "does not parse: {:?}\n{}", parsed.diagnostics, text);
        prop_assert_eq!(
            tree_without_parens(&parsed.file),
            tree(&file),
            "tree changed:\n{}",
            text
        );
        let again = format(&parsed);
        prop_assert_eq!(again.as_deref().ok(), Some(text.as_str()), "{:?}", again);
    }

    #[test]
    fn token_soups_with_comments_keep_their_meaning(text in soup_file_strategy()) {
        if let Err(e) = check_properties("soup.gate", &text) {
            prop_assert!(false, "{}", e);
        }
    }
}

#[test]
fn the_soup_generator_mostly_produces_files_that_parse() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = soup_file_strategy();
    let mut ok = 0;
    for _ in 0..100 {
        let text = strategy
            .new_tree(&mut runner)
            .expect("strategy produces values")
            .current();
        if parse(&SourceFile::new("s", text.as_str())).is_ok() {
            ok += 1;
        }
    }
    // Otherwise the property above would test little.
    assert!(ok >= 30, "only {ok} of 100 generated files parse");
}
