//! SBOMs → components (CycloneDX 1.2–1.6, SPDX 2.3), embedded CycloneDX
//! vulnerabilities, and VEX.

#[path = "adapters_support.rs"]
mod support;

use phasegate_lang::Value;
use phasegate_stdlib::adapters::{load, load_bundle, Kind};
use support::*;

fn by_name<'a>(items: &'a [Value], name: &str) -> &'a Value {
    filter(items, "name", &sv(name))
        .first()
        .copied()
        .unwrap_or_else(|| panic!("no component {name}"))
}

#[test]
fn cyclonedx_1_2_components_with_licenses() {
    let doc = load_real("sbom/cyclonedx-1.2.cern-vdm-editor.json", "cyclonedx");
    let comps = list(&doc, "components");
    assert_eq!(comps.len(), 43);
    let p = by_name(comps, "puppeteer");
    assert_eq!(st(p, "version"), "1.19.0");
    assert_eq!(st(p, "purl"), "pkg:npm/puppeteer@1.19.0");
    assert_eq!(p.get("licenses"), &Value::array(vec![sv("Apache-2.0")]));
    assert_eq!(st(p, "source"), "sbom/cyclonedx-1.2.cern-vdm-editor.json");
    // An SBOM without vulnerabilities says nothing about them.
    assert!(doc.get("vulnerabilities").is_null());
}

#[test]
fn cyclonedx_1_6_from_trivy_with_a_vulnerability() {
    let doc = load_real("sbom/trivy.npm.cyclonedx-1.6.json", "cyclonedx");
    let comps = list(&doc, "components");
    assert_eq!(comps.len(), 13);
    let jq = by_name(comps, "jquery");
    assert_eq!(st(jq, "purl"), "pkg:npm/jquery@3.3.9");
    assert_eq!(jq.get("licenses"), &Value::array(vec![sv("MIT")]));
    let vulns = list(&doc, "vulnerabilities");
    assert_eq!(vulns.len(), 1);
    let v = &vulns[0];
    assert_eq!(st(v, "id"), "CVE-2019-11358");
    // The worst of the ratings (all medium, one low).
    assert_eq!(st(v, "severity"), "medium");
    assert_eq!(v.get("score"), &Value::Float(6.1));
    // The affected ref is resolved to the component.
    assert_eq!(
        (st(v, "package"), st(v, "installed_version")),
        ("jquery", "3.3.9")
    );
    assert_eq!(st(v, "purl"), "pkg:npm/jquery@3.3.9");
    assert_eq!(st(v, "tool"), "trivy");
    assert_eq!(v.get("fix_available"), &Value::Bool(false));
}

#[test]
fn cyclonedx_1_5_worst_rating_is_critical() {
    let doc = load_real(
        "sbom/trivy.maven-pom.cyclonedx-1.5.with-vulns.json",
        "cyclonedx",
    );
    let vulns = list(&doc, "vulnerabilities");
    let ids: Vec<&str> = vulns.iter().map(|v| st(v, "id")).collect();
    assert_eq!(ids, ["CVE-2020-9548", "CVE-2021-20190"]);
    assert_eq!(st(&vulns[0], "severity"), "critical");
    assert_eq!(vulns[0].get("score"), &Value::Float(9.8));
    assert_eq!(st(&vulns[0], "package"), "jackson-databind");
    assert_eq!(
        st(
            by_name(list(&doc, "components"), "jackson-databind"),
            "group"
        ),
        "com.fasterxml.jackson.core"
    );
}

#[test]
fn spdx_packages_become_components() {
    let doc = load_real("sbom/spdx-2.3.spec-example.json", "spdx");
    let comps = list(&doc, "components");
    assert_eq!(comps.len(), 4);
    let glibc = by_name(comps, "glibc");
    assert_eq!(st(glibc, "version"), "2.11.1");
    assert_eq!(
        glibc.get("licenses"),
        &Value::array(vec![sv("(LGPL-2.0-only OR LicenseRef-3)")])
    );
    assert_eq!(
        st(by_name(comps, "Jena"), "purl"),
        "pkg:maven/org.apache.jena/apache-jena@3.12.0"
    );
    // NOASSERTION is no license.
    assert_eq!(
        by_name(comps, "Apache Commons Lang").get("licenses"),
        &Value::array(vec![])
    );
    let conda = load_real("sbom/trivy.conda.spdx-2.3.json", "spdx");
    let openssl = by_name(list(&conda, "components"), "openssl");
    assert_eq!(
        (st(openssl, "purl"), st(openssl, "type")),
        ("pkg:conda/openssl@1.1.1q", "library")
    );
}

#[test]
fn nested_cyclonedx_components_are_flattened() {
    let text = br#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
        {"name":"app","components":[{"name":"lib","version":"2","licenses":[{"expression":"MIT OR Apache-2.0"},{"license":{"name":"Custom"}}]}]}]}"#;
    let doc = load(&Kind::CycloneDx, "bom.json", text).unwrap();
    let comps = list(&doc, "components");
    assert_eq!(comps.len(), 2);
    assert_eq!(
        comps[1].get("licenses"),
        &Value::array(vec![sv("MIT OR Apache-2.0"), sv("Custom")])
    );
}

#[test]
fn real_vex_statements() {
    let doc = load_real("vulns/cyclonedx-1.4.vex.cisa-case2.json", "vex");
    let vex = list(&doc, "vex");
    assert_eq!(vex.len(), 19);
    let x = &vex[0];
    assert_eq!(st(x, "id"), "CVE-2020-11896");
    assert_eq!(
        (st(x, "state"), st(x, "justification")),
        ("not_affected", "code_not_reachable")
    );
    // It names the product of the VEX document itself.
    assert_eq!(x.get("whole_product"), &Value::Bool(true));
}

/// A Trivy report (synthetic, shaped like `vulns/trivy.*.json`) with one
/// Ripple20 CVE the real VEX covers and one it does not.
const TRIVY_RIPPLE20: &[u8] = br#"{"SchemaVersion":2,"ArtifactName":"abc","Results":[{"Target":"abc","Class":"os-pkgs","Vulnerabilities":[
  {"VulnerabilityID":"CVE-2020-11896","PkgName":"treck-tcpip","InstalledVersion":"6.0.1.66","Severity":"CRITICAL"},
  {"VulnerabilityID":"CVE-2021-44228","PkgName":"log4j-core","InstalledVersion":"2.14.1","FixedVersion":"2.15.0","Severity":"CRITICAL"}]}]}"#;

#[test]
fn a_not_affected_vex_statement_suppresses_the_matching_vulnerability() {
    let files = vec![
        ("scan.json".to_string(), None, TRIVY_RIPPLE20.to_vec()),
        (
            "vex.json".to_string(),
            None,
            real("vulns/cyclonedx-1.4.vex.cisa-case2.json"),
        ),
    ];
    let doc = load_bundle(&files).unwrap();
    let vulns = list(&doc, "vulnerabilities");
    assert_eq!(vulns.len(), 2);
    assert_eq!(vulns[0].get("suppressed"), &Value::Bool(true));
    assert_eq!(
        st(vulns[0].get("vex"), "justification"),
        "code_not_reachable"
    );
    assert_eq!(st(vulns[0].get("vex"), "source"), "vex.json");
    assert_eq!(vulns[1].get("suppressed"), &Value::Bool(false));
    assert!(vulns[1].get("vex").is_null());
}

#[test]
fn vex_scoped_to_a_purl_only_covers_that_package() {
    let vex = |purl: &str, state: &str| {
        format!(
            r#"{{"bomFormat":"CycloneDX","specVersion":"1.5","vulnerabilities":[{{"id":"CVE-2019-11358",
            "analysis":{{"state":"{state}"}},"affects":[{{"ref":"{purl}"}}]}}]}}"#
        )
        .into_bytes()
    };
    let sbom = real("sbom/trivy.npm.cyclonedx-1.6.json");
    let run = |vex_bytes: Vec<u8>| {
        let files = vec![
            ("sbom.json".to_string(), None, sbom.clone()),
            ("vex.json".to_string(), Some(Kind::Vex), vex_bytes),
        ];
        let doc = load_bundle(&files).unwrap();
        list(&doc, "vulnerabilities")[0].clone()
    };
    assert!(run(vex("pkg:npm/jquery@3.3.9", "not_affected"))
        .get("suppressed")
        .is_true());
    // A purl without version covers every version.
    assert!(run(vex("pkg:npm/jquery", "false_positive"))
        .get("suppressed")
        .is_true());
    assert!(!run(vex("pkg:npm/jquery@3.4.0", "not_affected"))
        .get("suppressed")
        .is_true());
    // Other states are attached but do not suppress.
    let exploitable = run(vex("pkg:npm/jquery@3.3.9", "exploitable"));
    assert!(!exploitable.get("suppressed").is_true());
    assert_eq!(st(exploitable.get("vex"), "state"), "exploitable");
}

#[test]
fn inline_cyclonedx_analysis_suppresses_its_own_vulnerability() {
    let text = br#"{"bomFormat":"CycloneDX","specVersion":"1.5",
        "components":[{"bom-ref":"c1","name":"x","version":"1","purl":"pkg:npm/x@1"}],
        "vulnerabilities":[{"id":"CVE-1","ratings":[{"severity":"high"}],"affects":[{"ref":"c1"}],"analysis":{"state":"not_affected","justification":"code_not_present"}},
                           {"id":"CVE-2","ratings":[{"severity":"low"}],"affects":[{"ref":"c1","versions":[{"version":"2","status":"unaffected"}]}]}]}"#;
    let doc = load(&Kind::CycloneDx, "bom.json", text).unwrap();
    let vulns = list(&doc, "vulnerabilities");
    assert!(vulns[0].get("suppressed").is_true());
    assert!(!vulns[1].get("suppressed").is_true());
    assert_eq!(
        (
            st(&vulns[1], "fixed_version"),
            vulns[1].get("fix_available")
        ),
        ("2", &Value::Bool(true))
    );
    assert_eq!(list(&doc, "vex").len(), 1);
}

#[test]
fn normalised_components_share_their_keys() {
    let doc = load_real("sbom/trivy.npm.cyclonedx-1.6.json", "cyclonedx");
    let comps = list(&doc, "components");
    let key = |v: &Value, k: &str| {
        v.as_object()
            .and_then(|o| o.get_key_value(k))
            .map(|(k, _)| k.clone())
            .unwrap_or_else(|| panic!("no {k} in {v:?}"))
    };
    for k in ["name", "version", "purl", "source"] {
        assert!(
            std::sync::Arc::ptr_eq(&key(&comps[0], k), &key(&comps[1], k)),
            "`{k}` is one shared key"
        );
    }
    // Objects are built at their final size, keys in the order written.
    let first = comps[0].as_object().expect("an object");
    assert_eq!(first.capacity(), first.len(), "{first:?}");
    assert_eq!(first.get_index(0).map(|(k, _)| &**k), Some("name"));
}
