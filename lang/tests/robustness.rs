//! Parsing and checking never panic, whatever the input.

mod common;

use common::catalog::AgreedCatalog;
use phasegate_lang::{check, parse_bytes};
use proptest::prelude::*;

const TOKENS: &[&str] = &[
    "rule",
    "a.b",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "title",
    "\"t\"",
    "phase",
    "build",
    "severity",
    "high",
    "require",
    "when",
    "else",
    "let",
    "x",
    "=",
    "param",
    "p",
    ":",
    "int",
    "list<string>",
    "fn",
    "f",
    "test",
    "input",
    "params",
    "context",
    "expect",
    "pass",
    "with",
    "package",
    "import",
    "q.r",
    "as",
    "any",
    "all",
    "no",
    "in",
    "not",
    "and",
    "or",
    "if",
    "then",
    "for",
    "|",
    ",",
    ".",
    "==",
    "<",
    "+",
    "-",
    "*",
    "/",
    "%",
    "1",
    "2.5",
    "-3",
    "null",
    "true",
    "\"{x}\"",
    "\"\\q\"",
    "count",
    "matches",
    "\"(\"",
    "default",
    "#c",
    "\n",
    " ",
];

fn policy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..120).prop_map(|t| t.join(" "))
}

/// A realistic policy to mutate.
const BASE: &str = r#"package p.q
import p.q as self
param limit: int = 2
fn helper(xs) = [x in xs | x.ok]
rule a.b {
  title "T"
  phase build
  severity high
  param n: list<string> = ["a"]
  when input.x != null else "skip {input.x}"
  let ys = helper(default(input.ys, []))
  require count(ys) <= limit and all y in ys: y.v in n
  require no y in ys: matches(y.name, "^a[0-9]+$") else "{y.name}"
}
test "t" {
  input { x: 1, ys: [{ok: true, v: "a", name: "a1"}] }
  params { limit: 3 }
  expect a.b pass
}
"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(src in policy()) {
        let p = parse_bytes("soup.gate", src.as_bytes());
        let _ = check(&[p], &AgreedCatalog);
    }

    #[test]
    fn mutated_policies_never_panic(cuts in prop::collection::vec((0..BASE.len(), 0..8usize, any::<u8>()), 1..6)) {
        let mut bytes = BASE.as_bytes().to_vec();
        for (at, len, b) in cuts {
            let at = at.min(bytes.len());
            let end = (at + len).min(bytes.len());
            bytes.splice(at..end, [b]);
        }
        let p = parse_bytes("mutated.gate", &bytes);
        let c = check(&[p], &AgreedCatalog);
        for d in &c.diagnostics {
            prop_assert!(d.span.start <= d.span.end);
            prop_assert!(d.span.end <= d.file.text.len());
            let _ = d.line_col();
        }
    }
}

#[test]
fn the_base_policy_is_clean() {
    let p = parse_bytes("base.gate", BASE.as_bytes());
    let c = check(&[p], &AgreedCatalog);
    let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["phasegate::check::import_cycle"]);
}

#[test]
fn nesting_at_the_limits_is_checked_without_overflow() {
    // 60 brackets and a 250-deep chain are accepted and fully checked.
    let brackets = format!("fn f() = {}1{}\n", "[".repeat(60), "]".repeat(60));
    let chain = format!("fn g() = {}\n", vec!["1"; 250].join(" + "));
    let ifs = format!(
        "fn h(c) = {}1{}\n",
        "if c then ".repeat(60),
        " else 2".repeat(60)
    );
    for (name, src) in [("b.gate", brackets), ("c.gate", chain), ("i.gate", ifs)] {
        let p = parse_bytes(name, src.as_bytes());
        let c = check(&[p], &AgreedCatalog);
        assert!(c.diagnostics.is_empty(), "{name}: {:?}", c.diagnostics);
    }
    // Deeper inputs of every kind are refused with `too_deep`, not a crash.
    let deep = [
        format!("fn f() = {}1{}\n", "(".repeat(5000), ")".repeat(5000)),
        format!(
            "fn g(c) = {}1{}\n",
            "if c then ".repeat(5000),
            " else 2".repeat(5000)
        ),
        format!("fn h(xs) = {}true\n", "all x in xs: ".repeat(5000)),
        format!("fn k(x) = x{}\n", ".a".repeat(50_000)),
        format!("fn m() = {}1\n", "not ".repeat(5000)),
    ];
    for src in deep {
        let p = parse_bytes("deep.gate", src.as_bytes());
        let c = check(&[p], &AgreedCatalog);
        let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["phasegate::parse::too_deep"], "{}", &src[..40]);
    }
}

#[test]
fn the_deepest_accepted_nesting_parses_on_a_small_stack() {
    // The nesting bound is checked before pest runs, so pest's recursion is
    // bounded by it (pest is held at a version without its own stack probe:
    // Cargo.toml). Brackets, `if`, quantifiers and message holes mixed, at
    // the deepest accepted level, on a 1 MiB thread stack (half the default of a Rust thread).
    let mut expr = String::from("1");
    // 12 rounds of five levels each (the quantifier and its parenthesis count
    // two): 60 levels, the limit is 64.
    for i in 0..48 {
        expr = match i % 4 {
            0 => format!("[{expr}]"),
            1 => format!("if c then {expr} else 2"),
            2 => format!("all x in xs: ({expr})"),
            _ => format!("({expr})"),
        };
    }
    let src = format!("fn f(c, xs) = {expr}\n");
    let worker = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            let p = parse_bytes("deep.gate", src.as_bytes());
            let codes: Vec<String> = p
                .diagnostics
                .iter()
                .map(|d| d.code.as_str().to_string())
                .collect();
            codes
        });
    let codes = match worker.map(|h| h.join()) {
        Ok(Ok(codes)) => codes,
        _ => panic!("parsing the deepest accepted nesting failed on a 1 MiB stack"),
    };
    assert!(codes.is_empty(), "{codes:?}");
}
