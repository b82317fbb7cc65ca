//! `plugin` declarations: parsing, formatting, and the checks of calls
//! against what the (test) catalog says the module exports.

mod common;

use common::catalog::AgreedCatalog;
use phasegate_lang::{check, fmt, parse, Code, Diagnostic, SourceFile};

const RULE: &str =
    "rule code.licences {\n  title \"Licences are allowed\"\n  phase code\n  severity medium\n";

fn diags(src: &str) -> Vec<Diagnostic> {
    let parsed = parse(&SourceFile::new("plugins.gate", src));
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    check(&[parsed], &AgreedCatalog).diagnostics
}

fn render(ds: &[Diagnostic]) -> String {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100);
    let mut out = String::new();
    for d in ds {
        handler
            .render_report(&mut out, d)
            .expect("render into a String");
    }
    out
}

#[test]
fn a_declaration_parses_with_its_name_and_path() {
    let src = "package acme\nimport acme.common\nplugin licences = \"plugins/licences.wasm\"\n";
    let parsed = parse(&SourceFile::new("p.gate", src));
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let p = &parsed.file.plugins[0];
    assert_eq!(&*p.name.name, "licences");
    assert_eq!(p.path.value, "plugins/licences.wasm");
    assert_eq!(
        &src[p.path.span.start..p.path.span.end],
        "\"plugins/licences.wasm\""
    );
}

#[test]
fn calls_of_exported_functions_check_clean() {
    let src = format!(
        "plugin licences = \"licences.wasm\"\n\n{RULE}  require licences.classify(input.licence) == \"allowed\"\n  require count(licences.spdx_ids(1, 2, 3)) > 0\n}}\n"
    );
    let ds = diags(&src);
    assert!(ds.is_empty(), "{}", render(&ds));
}

#[test]
fn an_unknown_plugin_function_suggests_the_export() {
    let src = format!("plugin licences = \"licences.wasm\"\n\n{RULE}  require licences.clasify(input.licence)\n}}\n");
    let ds = diags(&src);
    assert_eq!(ds.len(), 1, "{}", render(&ds));
    assert_eq!(ds[0].code, Code::UnknownFunction);
    insta::assert_snapshot!("unknown_plugin_function", render(&ds));
}

#[test]
fn a_plugin_call_with_the_wrong_arity_is_an_error() {
    let src = format!("plugin licences = \"licences.wasm\"\n\n{RULE}  require licences.classify(input.a, input.b)\n}}\n");
    let ds = diags(&src);
    assert_eq!(ds.len(), 1, "{}", render(&ds));
    assert_eq!(ds[0].code, Code::Arity);
    insta::assert_snapshot!("plugin_arity", render(&ds));
}

#[test]
fn a_plugin_named_like_an_import_or_another_plugin_is_a_duplicate() {
    let src = "package acme\nimport acme as lic\nplugin lic = \"licences.wasm\"\nplugin lic = \"licences.wasm\"\n";
    let ds = diags(src);
    // (`acme` importing itself is also an import cycle; not the point here.)
    let dups: Vec<&Diagnostic> = ds
        .iter()
        .filter(|d| d.code == Code::DuplicateName)
        .collect();
    assert_eq!(dups.len(), 2, "{}", render(&ds));
    assert!(dups
        .iter()
        .all(|d| d.message == "`lic` is already the name of an import or plugin of this file"));
}

#[test]
fn an_undeclared_alias_suggests_the_plugin() {
    let src = format!("plugin licences = \"licences.wasm\"\n\n{RULE}  require licenses.classify(input.licence)\n}}\n");
    let ds = diags(&src);
    assert_eq!(ds.len(), 1, "{}", render(&ds));
    assert_eq!(ds[0].code, Code::UnknownFunction);
    assert!(
        ds[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `licences`?"),
        "{}",
        render(&ds)
    );
}

#[test]
fn the_formatter_keeps_plugins_in_place_with_their_comments() {
    let src = "package acme\n# shared helpers\nimport acme.common\n# licence classifier (Rust, see examples/plugins)\nplugin   licences=\"plugins/licences.wasm\"\nimport acme.other\n";
    let parsed = parse(&SourceFile::new("p.gate", src));
    let out = fmt::format(&parsed).expect("formats");
    assert_eq!(
        out,
        "package acme\n\n# shared helpers\nimport acme.common\n# licence classifier (Rust, see examples/plugins)\nplugin licences = \"plugins/licences.wasm\"\nimport acme.other\n"
    );
}
