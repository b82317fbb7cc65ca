//! Strings, message templates and calls as the grammar reads them: escapes
//! at the start, middle and end of a run of text, escaped braces and quotes,
//! holes next to escapes, and names that are or are not calls. The grammar
//! skips runs of plain text in one search and looks ahead for `name(` before
//! parsing a call; these cases pin that the accepted text did not change.

mod common;

use common::ast::first_require_message;
use phasegate_lang::ast::{ExprKind, Item, TemplatePart};
use phasegate_lang::{parse, SourceFile};

fn parsed_ok(src: &str) -> phasegate_lang::ast::File {
    let parsed = parse(&SourceFile::new("l.gate", src));
    assert!(parsed.is_ok(), "{src}: {:?}", parsed.diagnostics);
    parsed.file
}

/// The message of the rule's `require`, as text with holes shown as `{…}`
/// around their source text.
fn message(msg: &str) -> String {
    let src = format!(
        "rule a.b {{\n  title \"t\"\n  phase build\n  severity high\n  let x = 1\n  require true else \"{msg}\"\n}}\n"
    );
    let file = parsed_ok(&src);
    let template = first_require_message(&file).unwrap_or_else(|| panic!("{src}: no message"));
    template
        .parts
        .iter()
        .map(|p| match p {
            TemplatePart::Text(t) => format!("[{t}]"),
            TemplatePart::Expr(e) => format!("{{{}}}", &src[e.span.start..e.span.end]),
        })
        .collect()
}

/// The value of a string literal written as a function body.
fn string(lit: &str) -> String {
    let src = format!("fn f() = \"{lit}\"\n");
    let file = parsed_ok(&src);
    let body = file.items.iter().find_map(|i| match i {
        Item::Function(f) => Some(&f.body),
        _ => None,
    });
    match body.map(|b| &b.kind) {
        Some(ExprKind::Str(s)) => s.clone(),
        other => panic!("{src}: not a string: {other:?}"),
    }
}

#[test]
fn template_text_runs_and_escapes_split_the_same_way() {
    let cases = [
        ("plain text", "[plain text]"),
        ("\\{x\\} is literal", "[{x} is literal]"),
        ("\\u{41}BC", "[ABC]"),
        ("ab\\u{41}", "[abA]"),
        ("\\\\", "[\\]"),
        ("say \\\"hi\\\"", "[say \"hi\"]"),
        ("{x}", "{x}"),
        ("{x}{x}", "{x}{x}"),
        ("a{x}b", "[a]{x}[b]"),
        ("\\u{41}{x}\\u{42}", "[A]{x}[B]"),
        ("\\n{x} \\t", "[\n]{x}[ \t]"),
        ("caf\\u{e9} and \\u{1F600}!", "[café and 😀!]"),
        ("", ""),
    ];
    for (msg, want) in cases {
        assert_eq!(message(msg), want, "message \"{msg}\"");
    }
}

#[test]
fn string_escapes_are_read_wherever_they_stand() {
    let cases = [
        ("", ""),
        ("abc", "abc"),
        ("\\\"", "\""),
        ("\\\"a", "\"a"),
        ("a\\\"", "a\""),
        ("a\\\\b\\\\c", "a\\b\\c"),
        ("{not a hole}", "{not a hole}"),
        ("tab\\there", "tab\there"),
    ];
    for (lit, want) in cases {
        assert_eq!(string(lit), want, "string \"{lit}\"");
    }
}

#[test]
fn unterminated_strings_and_templates_are_still_errors() {
    for src in [
        "fn f() = \"abc\n",
        "fn f() = \"abc\\\"\n",
        "rule a.b {\n  title \"t\"\n  phase build\n  severity high\n  require true else \"a {1\n}\n",
        "rule a.b {\n  title \"t\"\n  phase build\n  severity high\n  require true else \"a \\\n}\n",
    ] {
        let parsed = parse(&SourceFile::new("u.gate", src));
        assert!(!parsed.is_ok(), "accepted: {src}");
    }
}

#[test]
fn only_a_name_followed_directly_by_a_parenthesis_is_a_call() {
    let body = |expr: &str| {
        let src = format!("fn g(a) = {expr}\n");
        let file = parsed_ok(&src);
        let kind = file.items.iter().find_map(|i| match i {
            Item::Function(f) => Some(f.body.kind.clone()),
            _ => None,
        });
        match kind {
            Some(ExprKind::Call(name, args)) => format!("call {} /{}", name.dotted(), args.len()),
            Some(ExprKind::Name(n)) => format!("name {}", n.name),
            Some(ExprKind::Access(..)) => "access".to_string(),
            other => format!("{other:?}"),
        }
    };
    assert_eq!(body("count(a)"), "call count /1");
    assert_eq!(body("strings.lower(a)"), "call strings.lower /1");
    assert_eq!(body("_f1()"), "call _f1 /0");
    assert_eq!(body("a"), "name a");
    assert_eq!(body("a.b"), "access");
    assert_eq!(body("a2"), "name a2");
    assert_eq!(body("a.b.c(a, 1)"), "call a.b.c /2");
    assert_eq!(body("count(a).x"), "access");
    assert_eq!(body("a.b.c"), "access");
    // After a dot a keyword is a function name (then unknown to the checker),
    // never the start of an expression.
    assert_eq!(body("pkg.if(a)"), "call pkg.if /1");
    let spaced = parse(&SourceFile::new("s.gate", "fn g(a) = count (a)\n"));
    assert!(!spaced.is_ok(), "`count (a)` is not a call");
    let dotted = parse(&SourceFile::new("s.gate", "fn g(a) = strings . lower(a)\n"));
    assert!(!dotted.is_ok(), "no whitespace around the dots of a callee");
}

#[test]
fn a_call_spans_its_callee_and_its_arguments() {
    let src = "fn g(a) = strings.lower( a )\n";
    let file = parsed_ok(src);
    let Some(Item::Function(f)) = file.items.first() else {
        panic!("no function in {file:?}");
    };
    let ExprKind::Call(name, args) = &f.body.kind else {
        panic!("not a call: {:?}", f.body.kind);
    };
    assert_eq!(&src[name.span.start..name.span.end], "strings.lower");
    assert_eq!(
        &src[f.body.span.start..f.body.span.end],
        "strings.lower( a )"
    );
    let parts: Vec<&str> = name
        .parts
        .iter()
        .map(|p| &src[p.span.start..p.span.end])
        .collect();
    assert_eq!(parts, ["strings", "lower"]);
    assert_eq!(&src[args[0].span.start..args[0].span.end], "a");
}
