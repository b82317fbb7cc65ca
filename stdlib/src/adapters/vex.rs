//! Applying VEX statements to the merged vulnerabilities.
//!
//! A statement matches a vulnerability when its id is the vulnerability's
//! id or one of its aliases, and it covers the vulnerability's package: it
//! names the whole product (no `affects`, or the VEX document's own
//! component), the package's purl (qualifiers ignored; a purl without a
//! version covers every version), or its bom-ref. States `not_affected` and
//! `false_positive` suppress the vulnerability; other states are only
//! attached as information.

use super::util::{items, Obj};
use phasegate_lang::Value;
use std::sync::Arc;

const SUPPRESSING: &[&str] = &["not_affected", "false_positive"];

/// The vulnerabilities with `suppressed` and `vex` set from the matching statements.
pub(crate) fn apply(statements: &[Value], vulns: &[Value]) -> Vec<Value> {
    vulns
        .iter()
        .map(|v| {
            let matching: Vec<&Value> = statements.iter().filter(|x| matches(x, v)).collect();
            let chosen = matching
                .iter()
                .find(|x| {
                    x.get("state")
                        .as_str()
                        .is_some_and(|st| SUPPRESSING.contains(&st))
                })
                .or(matching.first());
            let Some(x) = chosen else {
                return v.clone();
            };
            let suppress = x
                .get("state")
                .as_str()
                .is_some_and(|st| SUPPRESSING.contains(&st));
            let mut o = v.as_object().map(|o| (**o).clone()).unwrap_or_default();
            let info = Obj::new()
                .set("state", x.get("state").clone())
                .set("justification", x.get("justification").clone())
                .set("detail", x.get("detail").clone())
                .set("source", x.get("source").clone())
                .build();
            if suppress {
                o.insert(Arc::from("suppressed"), Value::Bool(true));
            }
            o.insert(Arc::from("vex"), info);
            Value::object(o)
        })
        .collect()
}

fn matches(x: &Value, v: &Value) -> bool {
    let Some(id) = x.get("id").as_str() else {
        return false;
    };
    let same_id = v.get("id").as_str() == Some(id)
        || items(v.get("aliases"))
            .iter()
            .any(|a| a.as_str() == Some(id));
    if !same_id {
        return false;
    }
    if x.get("whole_product").is_true() || items(x.get("affects")).is_empty() {
        return true;
    }
    let purl = v.get("purl").as_str();
    let bom_ref = v.get("bom_ref").as_str();
    items(x.get("affects"))
        .iter()
        .filter_map(|a| a.as_str())
        .any(|a| Some(a) == bom_ref || purl.is_some_and(|p| purl_covers(a, p)))
}

/// Whether purl `a` (from a VEX statement) covers purl `b` (of a package).
fn purl_covers(a: &str, b: &str) -> bool {
    let strip = |p: &str| -> String {
        let end = p.find(['?', '#']).unwrap_or(p.len());
        p[..end].to_string()
    };
    let (a, b) = (strip(a), strip(b));
    if a == b {
        return true;
    }
    // The version is after the last '@' that follows the last '/'.
    let without_version = |p: &str| -> String {
        let name_start = p.rfind('/').map_or(0, |i| i + 1);
        match p[name_start..].rfind('@') {
            Some(i) => p[..name_start + i].to_string(),
            None => p.to_string(),
        }
    };
    a == without_version(&a) && a == without_version(&b)
}

#[cfg(test)]
mod tests {
    use super::purl_covers;

    #[test]
    fn purls_match_without_qualifiers_and_versions() {
        assert!(purl_covers(
            "pkg:npm/jquery@3.3.9",
            "pkg:npm/jquery@3.3.9?arch=x"
        ));
        assert!(purl_covers("pkg:npm/jquery", "pkg:npm/jquery@3.3.9"));
        assert!(!purl_covers("pkg:npm/jquery@3.4.0", "pkg:npm/jquery@3.3.9"));
        assert!(purl_covers(
            "pkg:npm/%40vercel/fun",
            "pkg:npm/%40vercel/fun@1.1.0"
        ));
        assert!(!purl_covers("pkg:npm/jquery", "pkg:npm/jquery-ui@1.0"));
    }
}
