//! Random token soups: valid-looking token sequences for expressions, put
//! in a file with random spacing, line breaks, blank lines and comments
//! between every two tokens.

use super::pick;
use proptest::prelude::*;

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
pub fn soup_file_strategy() -> impl Strategy<Value = String> {
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
