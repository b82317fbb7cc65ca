//! docs/stdlib.md documents every builtin (signature, description, errors,
//! example) and nothing else, so the docs cannot drift from the registry.

use phasegate_stdlib::registry;

fn docs() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/stdlib.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// The sections of the docs, keyed by their `### ` heading.
fn sections(docs: &str) -> Vec<(String, String)> {
    docs.split("\n### ")
        .skip(1)
        .map(|s| {
            let (head, body) = s.split_once('\n').unwrap_or((s, ""));
            // A section ends at the next `## ` family heading.
            let body = body.split("\n## ").next().unwrap_or("");
            (head.trim().to_string(), body.to_string())
        })
        .collect()
}

#[test]
fn every_builtin_has_a_complete_section() {
    let docs = docs();
    let sections = sections(&docs);
    for b in registry().all() {
        let heading = format!("`{}`", b.signature_text());
        let Some((_, body)) = sections.iter().find(|(h, _)| *h == heading) else {
            panic!("docs/stdlib.md has no section `### {heading}`");
        };
        assert!(
            body.contains(b.doc),
            "{}: description missing: {}",
            b.sig.name,
            b.doc
        );
        assert!(
            body.contains("**Errors:**"),
            "{}: no errors paragraph",
            b.sig.name
        );
        let example = format!("**Example:** `{}`", b.example);
        assert!(
            body.contains(&example),
            "{}: example missing: {example}",
            b.sig.name
        );
    }
}

#[test]
fn every_documented_builtin_exists() {
    let docs = docs();
    let sections = sections(&docs);
    assert_eq!(sections.len(), registry().all().len());
    for (head, _) in sections {
        let name = head
            .trim_start_matches('`')
            .split('(')
            .next()
            .unwrap_or_default();
        assert!(
            registry().get(name).is_some(),
            "documented but not a builtin: {head}"
        );
    }
}
