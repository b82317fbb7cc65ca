//! Vulnerability reports → `vulnerabilities`: Trivy, Grype, OSV-Scanner,
//! npm audit v2 and pip-audit. (CycloneDX vulnerabilities and VEX are read
//! in `sbom.rs`.) Trivy reports also carry secrets and misconfigurations.

use super::fragment::Fragment;
use super::util::{self, items, path, s, str_list, Obj};
use super::AdapterError;
use phasegate_lang::Value;

/// A vulnerability item with every field present (null until set).
fn base(file: &str, tool: &str) -> Obj {
    Obj::new()
        .set("id", Value::Null)
        .set("aliases", Value::array(vec![]))
        .set("tool", tool)
        .set("severity", "unknown")
        .set("score", Value::Null)
        .set("package", Value::Null)
        .set("installed_version", Value::Null)
        .set("fixed_version", Value::Null)
        .set("fix_available", false)
        .set("purl", Value::Null)
        .set("bom_ref", Value::Null)
        .set("title", Value::Null)
        .set("location", Value::Null)
        .set("suppressed", false)
        .set("vex", Value::Null)
        .set("source", file)
}

/// Set `fixed_version` and `fix_available`.
fn with_fix(o: Obj, fixed: Option<String>) -> Obj {
    let available = fixed.is_some();
    o.set(
        "fixed_version",
        fixed.map(Value::from).unwrap_or(Value::Null),
    )
    .set("fix_available", available)
}

/// The nearest fix above the installed version among those listed.
fn nearest_fix<'a>(
    installed: Option<&str>,
    fixes: impl Iterator<Item = &'a str>,
) -> Option<String> {
    let mut fixes: Vec<&str> = fixes.map(str::trim).filter(|f| !f.is_empty()).collect();
    fixes.sort_by(|a, b| util::version_cmp(a, b));
    let above = installed.and_then(|i| {
        fixes
            .iter()
            .find(|f| util::version_cmp(f, i) == std::cmp::Ordering::Greater)
    });
    above.or(fixes.last()).map(|f| f.to_string())
}

/// Trivy JSON (schema 2): vulnerabilities, secrets and misconfigurations of every result.
pub(crate) fn trivy(
    file: &str,
    doc: &Value,
    secrets_scan: bool,
    out: &mut Fragment,
) -> Result<(), AdapterError> {
    const EXPECTED: &str = "Trivy JSON report";
    util::require_object(doc, file, EXPECTED)?;
    let results = util::list_at(doc.get("Results"), file, EXPECTED, "Results")?;
    // A key is present when some result scanned for it (its `Class`).
    let before = out.lists.len();
    for (i, r) in results.iter().enumerate() {
        util::require_item(r, file, EXPECTED, "Results", i)?;
        let target = r.get("Target");
        let class = r.get("Class").as_str().unwrap_or("");
        if !r.get("Secrets").is_null() || class == "secret" {
            out.list("secrets");
            super::secrets::trivy(file, target, r.get("Secrets"), out);
        }
        if !r.get("Misconfigurations").is_null() || class == "config" {
            out.list("findings");
            super::sast::trivy_misconfigs(file, target, r.get("Misconfigurations"), out);
        }
        if !r.get("Vulnerabilities").is_null() || class.ends_with("-pkgs") {
            out.list("vulnerabilities");
        }
        for v in items(r.get("Vulnerabilities")) {
            let installed = v.get("InstalledVersion").as_str();
            let fixed = nearest_fix(
                installed,
                v.get("FixedVersion").as_str().unwrap_or("").split(','),
            );
            let score = v
                .get("CVSS")
                .as_object()
                .into_iter()
                .flat_map(|o| o.values())
                .filter_map(|c| util::number(c.get("V3Score")))
                .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |y| y.max(x))));
            let item = with_fix(base(file, "trivy"), fixed)
                .set("id", s(v.get("VulnerabilityID")))
                .set("severity", util::severity(v.get("Severity")))
                .set("score", score.map(Value::Float).unwrap_or(Value::Null))
                .set("package", s(v.get("PkgName")))
                .set("installed_version", s(v.get("InstalledVersion")))
                .set("purl", s(path(v, &["PkgIdentifier", "PURL"])))
                .set("title", s(v.get("Title")))
                .set("location", util::location(target, &Value::Null))
                .set("status", s(v.get("Status")));
            out.push("vulnerabilities", item.build());
        }
    }
    if out.lists.len() == before {
        out.list(if secrets_scan {
            "secrets"
        } else {
            "vulnerabilities"
        });
    }
    Ok(())
}

/// Grype `-o json`.
pub(crate) fn grype(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "Grype JSON report";
    util::require_object(doc, file, EXPECTED)?;
    let matches = util::list_at(doc.get("matches"), file, EXPECTED, "matches")?;
    out.list("vulnerabilities");
    for (i, m) in matches.iter().enumerate() {
        util::require_item(m, file, EXPECTED, "matches", i)?;
        let v = m.get("vulnerability");
        let a = m.get("artifact");
        let installed = a.get("version").as_str();
        let fixed = match path(v, &["fix", "state"]).as_str() {
            Some("fixed") => nearest_fix(
                installed,
                items(path(v, &["fix", "versions"]))
                    .iter()
                    .filter_map(|x| x.as_str()),
            ),
            _ => None,
        };
        let score = items(v.get("cvss"))
            .iter()
            .filter_map(|c| util::number(path(c, &["metrics", "baseScore"])))
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |y| y.max(x))));
        let aliases = items(m.get("relatedVulnerabilities"))
            .iter()
            .filter_map(|r| r.get("id").as_str())
            .filter(|x| Some(*x) != v.get("id").as_str());
        let loc = items(a.get("locations"))
            .first()
            .map(|l| l.get("path").clone());
        let item = with_fix(base(file, "grype"), fixed)
            .set("id", s(v.get("id")))
            .set("aliases", str_list(aliases))
            .set("severity", util::severity(v.get("severity")))
            .set("score", score.map(Value::Float).unwrap_or(Value::Null))
            .set("package", s(a.get("name")))
            .set("installed_version", s(a.get("version")))
            .set("purl", s(a.get("purl")))
            .set("title", s(v.get("description")))
            .set(
                "location",
                util::location(&loc.unwrap_or(Value::Null), &Value::Null),
            );
        out.push("vulnerabilities", item.build());
    }
    Ok(())
}

/// OSV-Scanner `--format json`.
pub(crate) fn osv(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "OSV-Scanner JSON report";
    util::require_object(doc, file, EXPECTED)?;
    let results = util::list_at(doc.get("results"), file, EXPECTED, "results")?;
    out.list("vulnerabilities");
    for (i, r) in results.iter().enumerate() {
        util::require_item(r, file, EXPECTED, "results", i)?;
        let uri = path(r, &["source", "path"]);
        for p in items(r.get("packages")) {
            let pkg = p.get("package");
            let name = pkg.get("name").as_str();
            for v in items(p.get("vulnerabilities")) {
                let id = v.get("id").as_str().unwrap_or("");
                let fixes = items(v.get("affected"))
                    .iter()
                    .filter(|a| path(a, &["package", "name"]).as_str() == name)
                    .flat_map(|a| items(a.get("ranges")).iter())
                    .flat_map(|r| items(r.get("events")).iter())
                    .filter_map(|e| e.get("fixed").as_str());
                let fixed = nearest_fix(pkg.get("version").as_str(), fixes);
                // Severity: the advisory's own label, else the group's max CVSS score.
                let group = items(p.get("groups"))
                    .iter()
                    .find(|g| items(g.get("ids")).iter().any(|x| x.as_str() == Some(id)));
                let score = group.and_then(|g| util::number(g.get("max_severity")));
                let severity = match path(v, &["database_specific", "severity"]).as_str() {
                    Some(label) => util::severity_name(label),
                    None => score.map(util::severity_from_score).unwrap_or("unknown"),
                };
                let item = with_fix(base(file, "osv-scanner"), fixed)
                    .set("id", s(v.get("id")))
                    .set("aliases", Value::array(items(v.get("aliases")).to_vec()))
                    .set("severity", severity)
                    .set("score", score.map(Value::Float).unwrap_or(Value::Null))
                    .set("package", s(pkg.get("name")))
                    .set("installed_version", s(pkg.get("version")))
                    .set("ecosystem", s(pkg.get("ecosystem")))
                    .set("title", s(v.get("summary")))
                    .set("location", util::location(uri, &Value::Null));
                out.push("vulnerabilities", item.build());
            }
        }
    }
    Ok(())
}

/// `npm audit --json` (auditReportVersion 2): one item per vulnerable package.
/// Packages vulnerable only through a dependency have `id: null` and list
/// those dependencies in `via`.
pub(crate) fn npm_audit(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "npm audit v2 JSON";
    util::require_object(doc, file, EXPECTED)?;
    let vulns = match doc.get("vulnerabilities") {
        Value::Object(o) => o.clone(),
        Value::Null => Default::default(),
        other => {
            return Err(AdapterError::shape(
                file,
                EXPECTED,
                format!(
                    "`vulnerabilities` is {}, expected an object",
                    util::a_kind(other)
                ),
            ))
        }
    };
    out.list("vulnerabilities");
    for (name, v) in vulns.iter() {
        let advisories: Vec<&Value> = items(v.get("via"))
            .iter()
            .filter(|x| x.as_object().is_some())
            .collect();
        let ids: Vec<String> = advisories
            .iter()
            .filter_map(|a| a.get("url").as_str())
            .filter_map(|u| u.rsplit('/').next().map(str::to_string))
            .collect();
        let via: Vec<&str> = items(v.get("via"))
            .iter()
            .filter_map(|x| x.as_str())
            .collect();
        let fix = v.get("fixAvailable");
        let fixed = match fix {
            Value::Object(_) if fix.get("name").as_str() == Some(name) => {
                fix.get("version").as_str().map(str::to_string)
            }
            _ => None,
        };
        let available = fix.is_true() || fix.as_object().is_some();
        let score = advisories
            .iter()
            .filter_map(|a| util::number(path(a, &["cvss", "score"])))
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |y| y.max(x))));
        let item = with_fix(base(file, "npm-audit"), fixed)
            .set("fix_available", available)
            .set("id", ids.first().map(Value::str).unwrap_or(Value::Null))
            .set("aliases", str_list(ids.iter().skip(1)))
            .set("severity", util::severity(v.get("severity")))
            .set("score", score.map(Value::Float).unwrap_or(Value::Null))
            .set("package", Value::str(&**name))
            .set("vulnerable_range", s(v.get("range")))
            .set("direct", util::boolean(v.get("isDirect")))
            .set("via", str_list(via))
            .set(
                "title",
                advisories
                    .first()
                    .map(|a| s(a.get("title")))
                    .unwrap_or(Value::Null),
            )
            .set(
                "location",
                util::location(
                    items(v.get("nodes")).first().unwrap_or(&Value::Null),
                    &Value::Null,
                ),
            );
        out.push("vulnerabilities", item.build());
    }
    Ok(())
}

/// `pip-audit -f json`: dependencies with their vulnerabilities.
pub(crate) fn pip_audit(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "pip-audit JSON";
    // Old pip-audit wrote the dependency list as the whole document.
    let deps = match doc {
        Value::Array(_) => util::list_at(doc, file, EXPECTED, "(report)")?,
        _ => {
            util::require_object(doc, file, EXPECTED)?;
            util::list_at(doc.get("dependencies"), file, EXPECTED, "dependencies")?
        }
    };
    out.list("vulnerabilities");
    for (i, d) in deps.iter().enumerate() {
        util::require_item(d, file, EXPECTED, "dependencies", i)?;
        for v in items(d.get("vulns")) {
            let fixes = items(v.get("fix_versions"))
                .iter()
                .filter_map(|x| x.as_str());
            let fixed = nearest_fix(d.get("version").as_str(), fixes);
            let item = with_fix(base(file, "pip-audit"), fixed)
                .set("id", s(v.get("id")))
                .set("aliases", Value::array(items(v.get("aliases")).to_vec()))
                .set("package", s(d.get("name")))
                .set("installed_version", s(d.get("version")))
                .set("title", s(v.get("description")));
            out.push("vulnerabilities", item.build());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::nearest_fix;

    #[test]
    fn nearest_fix_prefers_the_branch_fix() {
        let fixes = ["2.2.25", "3.1.14", "3.2.10"];
        assert_eq!(
            nearest_fix(Some("3.2.9"), fixes.into_iter()).as_deref(),
            Some("3.2.10")
        );
        assert_eq!(
            nearest_fix(Some("3.1.2"), fixes.into_iter()).as_deref(),
            Some("3.1.14")
        );
        assert_eq!(
            nearest_fix(None, [" 1.2", " 1.10"].into_iter()).as_deref(),
            Some("1.10")
        );
        assert_eq!(nearest_fix(Some("1.0"), ["", " "].into_iter()), None);
    }
}
