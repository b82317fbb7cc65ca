//! Random syntax trees for the formatter's property tests.

use phasegate_lang::ast::*;
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

pub fn pick(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> + Clone {
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

pub fn file_strategy() -> impl Strategy<Value = File> {
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
                let plugin_path = format!("plugins/{name}.wasm");
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
                    plugins: vec![PluginDecl {
                        name: id("lic"),
                        path: lit(plugin_path),
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

pub mod soup;
