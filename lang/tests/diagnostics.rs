//! One rendered snapshot per diagnostic code, from a policy that triggers it.

mod common;

use common::catalog::AgreedCatalog;
use phasegate_lang::{check, parse, parse_bytes, Code, Diagnostic, Parsed, SourceFile};

/// The policy files of one case: `(name, bytes)`.
type Files = Vec<(&'static str, Vec<u8>)>;

fn one(name: &'static str, text: &str) -> Files {
    vec![(name, text.as_bytes().to_vec())]
}

/// A valid rule around `body` lines (title, phase and severity included).
fn rule(id: &str, body: &str) -> String {
    format!("rule {id} {{\n  title \"Example\"\n  phase build\n  severity high\n{body}}}\n")
}

/// A policy that triggers `code`. No wildcard arm: a new code does not
/// compile until it has a case here.
fn case(code: Code) -> Files {
    match code {
        Code::InvalidUtf8 => vec![("latin1.gate", b"rule a.b {\n  title \"caf\xe9\"\n}\n".to_vec())],
        Code::EmptyFile => one("empty.gate", "# Nothing but a comment.\n\n"),
        Code::FileTooLarge => {
            let mut big = String::from("# generated\n");
            big.push_str(&"\n".repeat(16 * 1024 * 1024));
            vec![("big.gate", big.into_bytes())]
        }
        Code::TooDeep => {
            let brackets = format!("fn f() =\n{}{}\n", "[\n".repeat(10_000), "]".repeat(10_000));
            let chain = format!("fn g() =\n{}1\n", "1 +\n".repeat(99_999));
            vec![("brackets.gate", brackets.into_bytes()), ("chain.gate", chain.into_bytes())]
        }
        Code::Syntax => one("syntax.gate", &rule("build.sast", "  require input.a && input.b\n")),
        Code::BadNumber => one("number.gate", "fn big() = 99999999999999999999\n"),
        Code::BadEscape => one("escape.gate", "fn pattern() = \"C:\\temp\\x\"\n"),
        Code::BadFilter => one("filter.gate", "fn high(xs) = [x.level == \"high\" | x]\n"),
        Code::UnknownName => one(
            "name.gate",
            &rule("build.review", "  let approvals = input.reviews\n  require count(aprovals) > 0\n"),
        ),
        Code::UnknownFunction => one("function.gate", &rule("build.review", "  require cuont(input.reviews) > 0\n")),
        Code::Arity => one("arity.gate", &rule("build.branch", "  require starts_with(input.branch)\n")),
        Code::TypeMismatch => one(
            "types.gate",
            &rule("build.findings", "  require count(input.findings) <= \"3\"\n"),
        ),
        Code::DuplicateRule => one(
            "dup.gate",
            &(rule("build.review", "  require true\n") + &rule("build.review", "  require true\n")),
        ),
        Code::DuplicateName => one(
            "dupname.gate",
            &rule("build.review", "  let n = count(input.reviews)\n  let n = 2\n  require n > 0\n"),
        ),
        Code::InvalidPhase => one(
            "phase.gate",
            "rule build.review {\n  title \"Reviewed\"\n  phase biuld\n  severity high\n  require true\n}\n",
        ),
        Code::InvalidSeverity => one(
            "severity.gate",
            "rule build.review {\n  title \"Reviewed\"\n  phase build\n  severity hihg\n  require true\n}\n",
        ),
        Code::MissingMetadata => one("missing.gate", "rule build.review {\n  title \"Reviewed\"\n  require true\n}\n"),
        Code::DuplicateMetadata => one(
            "dupmeta.gate",
            &rule("build.review", "  title \"Reviewed again\"\n  require true\n"),
        ),
        Code::NoCondition => one("nocond.gate", &rule("build.review", "  when input.pull_request != null\n")),
        Code::WhenAfterRequire => one(
            "order.gate",
            &rule("build.review", "  require count(input.reviews) > 0\n  when input.pull_request != null\n"),
        ),
        Code::UnusedLet => one(
            "unusedlet.gate",
            &rule("build.review", "  let author = input.pull_request.user\n  require count(input.reviews) > 0\n"),
        ),
        Code::UnusedParam => one(
            "unusedparam.gate",
            &("param max_findings: int = 0\n\n".to_string() + &rule("build.review", "  require true\n")),
        ),
        Code::UnresolvedImport => vec![
            ("a.gate", b"package secure.build\nimport secure.commons\nfn f() = 1\n".to_vec()),
            ("b.gate", b"package secure.common\nfn g() = 1\n".to_vec()),
        ],
        Code::ImportCycle => vec![
            ("a.gate", b"package secure.build\nimport secure.common\nfn f() = common.g()\n".to_vec()),
            ("b.gate", b"package secure.common\nimport secure.build\nfn g() = build.f()\n".to_vec()),
        ],
        Code::ParamType => one(
            "paramtype.gate",
            &rule("build.review", "  param min_approvals: int = \"two\"\n  require count(input.reviews) >= min_approvals\n"),
        ),
        Code::UnknownRule => one(
            "unknownrule.gate",
            &(rule("build.review", "  require true\n") + "\ntest \"t\" {\n  input {}\n  expect build.reveiw pass\n}\n"),
        ),
        Code::InvalidStatus => one(
            "status.gate",
            &(rule("build.review", "  require true\n") + "\ntest \"t\" {\n  input {}\n  expect build.review passed\n}\n"),
        ),
        Code::NotConstant => one(
            "constant.gate",
            &(rule("build.review", "  require true\n")
                + "\ntest \"t\" {\n  input { reviews: input.reviews }\n  expect build.review pass\n}\n"),
        ),
        Code::BadPattern => one(
            "pattern.gate",
            &rule("build.branch", "  require matches(input.branch, \"^release/([0-9]+\")\n"),
        ),
        Code::EmptyTest => one(
            "emptytest.gate",
            &(rule("build.review", "  require true\n") + "\ntest \"reviewed\" {\n  input { reviews: [] }\n}\n"),
        ),
        Code::PluginLoad => one(
            "plugin.gate",
            &("plugin tickets = \"plugins/tickets.wasm\"\n\n".to_string()
                + &rule("plan.ticket", "  require tickets.valid(input.pull_request.title)\n")),
        ),
    }
}

fn run(files: &Files) -> Vec<Diagnostic> {
    let parsed: Vec<Parsed> = files.iter().map(|(n, b)| parse_bytes(n, b)).collect();
    check(&parsed, &AgreedCatalog).diagnostics
}

fn render(d: &Diagnostic) -> String {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100);
    let mut out = String::new();
    handler
        .render_report(&mut out, d)
        .expect("rendering into a String");
    out
}

/// `unknown_name` for `phasegate::check::unknown_name`.
fn short(code: Code) -> &'static str {
    code.as_str().rsplit("::").next().unwrap_or("")
}

#[test]
fn every_code_renders_with_its_snippet() {
    for &code in Code::ALL {
        let found: Vec<Diagnostic> = run(&case(code))
            .into_iter()
            .filter(|d| d.code == code)
            .collect();
        assert!(
            !found.is_empty(),
            "the case for {code:?} does not trigger it"
        );
        let text: String = found.iter().map(render).collect::<Vec<_>>().join("\n");
        insta::assert_snapshot!(short(code), text);
    }
}

#[test]
fn every_code_has_a_committed_snapshot() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for &code in Code::ALL {
        let snap = dir.join(format!("diagnostics__{}.snap", short(code)));
        assert!(snap.is_file(), "missing snapshot {}", snap.display());
    }
}

#[test]
fn cases_trigger_nothing_but_their_code_and_warnings() {
    // Each case is minimal: no unrelated error hides in it.
    for &code in Code::ALL {
        let other: Vec<String> = run(&case(code))
            .into_iter()
            .filter(|d| d.code != code && d.is_error())
            .map(|d| format!("{}: {}", d.code.as_str(), d.message))
            .collect();
        assert!(other.is_empty(), "{code:?} case also reports {other:?}");
    }
}

#[test]
fn three_independent_errors_in_three_rules_are_all_reported() {
    let src = rule("build.a", "  require count(input.xs) > \"1\"\n")
        + &rule("build.b", "  require input.ok &&\n")
        + &rule("build.c", "  require lenght(input.xs) > 0\n");
    let parsed = parse(&SourceFile::new("three.gate", src));
    let diags = check(&[parsed], &AgreedCatalog).diagnostics;
    let codes: Vec<&str> = diags.iter().map(|d| short(d.code)).collect();
    assert_eq!(codes, ["type_mismatch", "syntax", "unknown_function"]);
    let lines: Vec<usize> = diags.iter().map(|d| d.line_col().0).collect();
    assert_eq!(lines, [5, 11, 17]);
}

#[test]
fn diagnostics_are_sorted_by_file_then_offset() {
    let files: Files = vec![
        (
            "z.gate",
            rule("z.one", "  require nope\n  require count(1, 2) > 0\n").into_bytes(),
        ),
        ("a.gate", rule("a.one", "  require nope2\n").into_bytes()),
    ];
    let diags = run(&files);
    let at: Vec<(String, usize)> = diags
        .iter()
        .map(|d| (d.file.name.to_string(), d.span.start))
        .collect();
    let mut sorted = at.clone();
    sorted.sort_by_key(|(f, s)| (f != "z.gate", *s));
    assert_eq!(at, sorted);
    assert_eq!(diags.len(), 3);
}
