//! SBOMs → `components`: CycloneDX JSON 1.2–1.6 (also its embedded
//! `vulnerabilities`, and VEX statements from `analysis`) and SPDX 2.3 JSON.

use super::fragment::Fragment;
use super::util::{self, items, path, s, str_list, Obj};
use super::AdapterError;
use phasegate_lang::value::ObjectHasher;
use phasegate_lang::Value;
use std::collections::HashMap;

/// Nested `components` deeper than this are not flattened.
const MAX_NESTING: usize = 32;

/// A CycloneDX SBOM: components, embedded vulnerabilities and VEX analyses.
pub(crate) fn cyclonedx(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "CycloneDX JSON SBOM";
    util::require_object(doc, file, EXPECTED)?;
    let tool = tool_name(doc);
    let mut flat = Vec::new();
    flatten(file, doc.get("components"), 0, &mut flat)?;
    out.list("components");
    for c in &flat {
        out.push("components", component(file, c));
    }
    let by_ref = refs(&flat);
    if !doc.get("vulnerabilities").is_null() {
        out.list("vulnerabilities");
        vulnerabilities(file, doc, &tool, &by_ref, out)?;
    }
    Ok(())
}

/// A CycloneDX VEX document: its statements go to `vex` (and any embedded
/// components to `components`).
pub(crate) fn vex(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "CycloneDX VEX";
    util::require_object(doc, file, EXPECTED)?;
    let vulns = util::list_at(
        doc.get("vulnerabilities"),
        file,
        EXPECTED,
        "vulnerabilities",
    )?;
    out.list("vex");
    let mut flat = Vec::new();
    flatten(file, doc.get("components"), 0, &mut flat)?;
    for c in &flat {
        out.push("components", component(file, c));
    }
    let by_ref = refs(&flat);
    for (i, v) in vulns.iter().enumerate() {
        util::require_item(v, file, EXPECTED, "vulnerabilities", i)?;
        if !v.get("analysis").is_null() {
            out.push("vex", statement(file, doc, v, &by_ref));
        }
    }
    Ok(())
}

/// Components by their `bom-ref` (borrowed from the document).
type ByRef<'a> = HashMap<&'a str, &'a Value, ObjectHasher>;

fn refs(flat: &[Value]) -> ByRef<'_> {
    flat.iter()
        .filter_map(|c| Some((c.get("bom-ref").as_str()?, c)))
        .collect()
}

/// The name of the tool that wrote the BOM (1.2–1.4 list, or 1.5+ object).
fn tool_name(doc: &Value) -> Value {
    let tools = path(doc, &["metadata", "tools"]);
    let first = match tools {
        Value::Array(a) => a.first().cloned(),
        _ => items(tools.get("components")).first().cloned(),
    };
    first
        .map(|t| s(t.get("name")))
        .filter(|v| !v.is_null())
        .unwrap_or_else(|| Value::str("cyclonedx"))
}

fn flatten(
    file: &str,
    list: &Value,
    depth: usize,
    out: &mut Vec<Value>,
) -> Result<(), AdapterError> {
    if depth > MAX_NESTING {
        return Ok(());
    }
    let list = util::list_at(list, file, "CycloneDX JSON SBOM", "components")?;
    for (i, c) in list.iter().enumerate() {
        util::require_item(c, file, "CycloneDX JSON SBOM", "components", i)?;
        out.push(c.clone());
        flatten(file, c.get("components"), depth + 1, out)?;
    }
    Ok(())
}

/// License ids, names or expressions of a CycloneDX component.
fn licenses(c: &Value) -> Value {
    let names = items(c.get("licenses")).iter().filter_map(|l| {
        let lic = l.get("license");
        lic.get("id")
            .as_str()
            .or_else(|| lic.get("name").as_str())
            .or_else(|| l.get("expression").as_str())
    });
    str_list(names)
}

fn component(file: &str, c: &Value) -> Value {
    Obj::new()
        .set("name", s(c.get("name")))
        .set("version", s(c.get("version")))
        .set("group", s(c.get("group")))
        .set("type", s(c.get("type")))
        .set("purl", s(c.get("purl")))
        .set("licenses", licenses(c))
        .set("bom_ref", s(c.get("bom-ref")))
        .set("source", file)
        .build()
}

fn worst_rating(v: &Value) -> (&'static str, Value) {
    let mut sev = "unknown";
    let mut score: Option<f64> = None;
    for r in items(v.get("ratings")) {
        let name = util::severity_name(r.get("severity").as_str().unwrap_or(""));
        if util::severity_rank(name) > util::severity_rank(sev) {
            sev = name;
        }
        if let Some(x) = util::number(r.get("score")) {
            score = Some(score.map_or(x, |y: f64| y.max(x)));
        }
    }
    (sev, score.map(Value::Float).unwrap_or(Value::Null))
}

fn vulnerabilities(
    file: &str,
    doc: &Value,
    tool: &Value,
    by_ref: &ByRef<'_>,
    out: &mut Fragment,
) -> Result<(), AdapterError> {
    let list = util::list_at(
        doc.get("vulnerabilities"),
        file,
        "CycloneDX",
        "vulnerabilities",
    )?;
    for (i, v) in list.iter().enumerate() {
        util::require_item(v, file, "CycloneDX", "vulnerabilities", i)?;
        if !v.get("analysis").is_null() {
            out.push("vex", statement(file, doc, v, by_ref));
        }
        let (severity, score) = worst_rating(v);
        for a in items(v.get("affects")) {
            let r = a.get("ref").as_str().unwrap_or("");
            let comp = by_ref.get(r).map_or(Value::Null, |c| (*c).clone());
            let purl = match comp.get("purl") {
                p @ Value::Str(_) => p.clone(),
                _ if r.starts_with("pkg:") => Value::str(r),
                _ => Value::Null,
            };
            let fixed = items(a.get("versions"))
                .iter()
                .find(|x| x.get("status").as_str() == Some("unaffected"))
                .map(|x| s(x.get("version")))
                .unwrap_or(Value::Null);
            let item = Obj::new()
                .set("id", s(v.get("id")))
                .set("aliases", Value::array(vec![]))
                .set("tool", tool.clone())
                .set("severity", severity)
                .set("score", score.clone())
                .set("package", s(comp.get("name")))
                .set("installed_version", s(comp.get("version")))
                .set("fixed_version", fixed.clone())
                .set("fix_available", !fixed.is_null())
                .set("purl", purl)
                .set("bom_ref", Value::str(r))
                .set("title", s(v.get("description")))
                .set("location", Value::Null)
                .set("suppressed", false)
                .set("vex", Value::Null)
                .set("source", file);
            out.push("vulnerabilities", item.build());
        }
    }
    Ok(())
}

/// A VEX statement: the analysis of one vulnerability for the refs it affects.
fn statement(file: &str, doc: &Value, v: &Value, by_ref: &ByRef<'_>) -> Value {
    let product = path(doc, &["metadata", "component"]);
    let product_refs: Vec<&str> = [product.get("bom-ref"), product.get("purl")]
        .into_iter()
        .filter_map(|x| x.as_str())
        .collect();
    let mut targets = Vec::new();
    let mut whole_product = items(v.get("affects")).is_empty();
    for a in items(v.get("affects")) {
        let Some(r) = a.get("ref").as_str() else {
            continue;
        };
        if product_refs.contains(&r) {
            whole_product = true;
        }
        let purl = by_ref
            .get(r)
            .and_then(|c| c.get("purl").as_str())
            .unwrap_or(r);
        targets.push(purl.to_string());
    }
    let analysis = v.get("analysis");
    Obj::new()
        .set("id", s(v.get("id")))
        .set("state", s(analysis.get("state")))
        .set("justification", s(analysis.get("justification")))
        .set("detail", s(analysis.get("detail")))
        .set("affects", str_list(targets))
        .set("whole_product", whole_product)
        .set("source", file)
        .build()
}

/// SPDX 2.3 JSON: packages → components.
pub(crate) fn spdx(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "SPDX 2.3 JSON";
    util::require_object(doc, file, EXPECTED)?;
    let packages = util::list_at(doc.get("packages"), file, EXPECTED, "packages")?;
    out.list("components");
    for (i, p) in packages.iter().enumerate() {
        util::require_item(p, file, EXPECTED, "packages", i)?;
        let purl = items(p.get("externalRefs"))
            .iter()
            .find(|r| r.get("referenceType").as_str() == Some("purl"))
            .map(|r| s(r.get("referenceLocator")))
            .unwrap_or(Value::Null);
        let license = [p.get("licenseConcluded"), p.get("licenseDeclared")]
            .into_iter()
            .filter_map(|l| l.as_str())
            .find(|l| !matches!(*l, "NOASSERTION" | "NONE" | ""));
        let item = Obj::new()
            .set("name", s(p.get("name")))
            .set("version", s(p.get("versionInfo")))
            .set("group", Value::Null)
            .set("type", util::lower(p.get("primaryPackagePurpose")))
            .set("purl", purl)
            .set("licenses", str_list(license))
            .set("spdx_id", s(p.get("SPDXID")))
            .set("supplier", s(p.get("supplier")))
            .set("source", file);
        out.push("components", item.build());
    }
    Ok(())
}
