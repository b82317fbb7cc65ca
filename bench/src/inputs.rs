//! The benchmark inputs: raw files from [`crate::gen`], normalised through
//! phasegate's own evidence adapters into the evidence document every engine
//! evaluates (phasegate as a [`Value`], Rego as JSON, Cedar as entities).

use crate::gen;
use phasegate_lang::Value;
use phasegate_stdlib::adapters::{self, Kind};
use std::path::{Path, PathBuf};

/// Reviews of the small input.
pub const SMALL_REVIEWS: usize = 5;
/// Results of the medium SARIF input.
pub const MEDIUM_RESULTS: usize = 500;
/// Components of the large SBOM input.
pub const LARGE_COMPONENTS: usize = 5_000;
/// Vulnerabilities of the large SBOM input.
pub const LARGE_VULNS: usize = 2_000;
/// Deployments of the manifests input (two containers each, plus a Service each).
pub const MANIFEST_WORKLOADS: usize = 100;

/// One named input: its raw files and its normalised evidence document.
#[derive(Clone, Debug)]
pub struct Input {
    /// Short name used in bench ids and tables (`small`, `medium`, …).
    pub name: &'static str,
    /// What it holds, for the tables.
    pub what: String,
    /// The raw files `(name, kind, bytes)`, as a pipeline would hand them over.
    pub files: Vec<(String, Option<Kind>, Vec<u8>)>,
    /// The normalised evidence document, without its `raw` copy of the files
    /// (no rule reads it; every engine gets the same document).
    pub doc: Value,
}

impl Input {
    /// The evidence document as JSON text (for Rego and for the CLI).
    pub fn json(&self) -> String {
        self.doc.to_json().to_string()
    }

    /// Normalise the raw files again (what the input-loading bench times).
    pub fn load(&self) -> Value {
        normalise(&self.files)
    }
}

fn normalise(files: &[(String, Option<Kind>, Vec<u8>)]) -> Value {
    match adapters::load_bundle(files) {
        Ok(v) => without_raw(v),
        Err(e) => panic!("the generated evidence does not load: {e}"),
    }
}

fn without_raw(v: Value) -> Value {
    match v.as_object() {
        Some(o) => {
            let mut o = (**o).clone();
            o.shift_remove("raw");
            Value::object(o)
        }
        None => v,
    }
}

fn json_file(
    name: &str,
    kind: Option<Kind>,
    doc: &serde_json::Value,
) -> (String, Option<Kind>, Vec<u8>) {
    (name.to_string(), kind, doc.to_string().into_bytes())
}

/// Small: one pull request with [`SMALL_REVIEWS`] reviews (already in the
/// normalised shape: a webhook payload adds nothing the rule reads).
pub fn small() -> Input {
    let doc = gen::pull_request(SMALL_REVIEWS);
    Input {
        name: "small",
        what: format!("1 PR, {SMALL_REVIEWS} reviews"),
        files: vec![json_file("pr.json", None, &doc)],
        doc: Value::from_json(&doc),
    }
}

/// Medium: a SARIF log of [`MEDIUM_RESULTS`] results.
pub fn medium() -> Input {
    let files = vec![json_file(
        "scan.sarif",
        Some(Kind::Sarif),
        &gen::sarif(MEDIUM_RESULTS),
    )];
    let doc = normalise(&files);
    Input {
        name: "medium",
        what: format!("SARIF, {MEDIUM_RESULTS} results"),
        files,
        doc,
    }
}

/// Large: a CycloneDX SBOM of [`LARGE_COMPONENTS`] components and [`LARGE_VULNS`] vulnerabilities.
pub fn large() -> Input {
    let files = vec![json_file(
        "sbom.cdx.json",
        Some(Kind::CycloneDx),
        &gen::cyclonedx(LARGE_COMPONENTS, LARGE_VULNS),
    )];
    let doc = normalise(&files);
    Input {
        name: "large",
        what: format!("SBOM, {LARGE_COMPONENTS} components, {LARGE_VULNS} vulnerabilities"),
        files,
        doc,
    }
}

/// Kubernetes manifests: [`MANIFEST_WORKLOADS`] Deployments and as many Services (YAML).
pub fn manifests() -> Input {
    let files = vec![(
        "k8s.yaml".to_string(),
        Some(Kind::Kubernetes),
        gen::manifests(MANIFEST_WORKLOADS).into_bytes(),
    )];
    let doc = normalise(&files);
    Input {
        name: "k8s",
        what: format!("{MANIFEST_WORKLOADS} Deployments x 2 containers (YAML)"),
        files,
        doc,
    }
}

/// The repository root (the parent of this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// `examples/evidence/` of the repository, as raw files with detected kinds.
pub fn examples() -> Input {
    let dir = repo_root().join("examples/evidence");
    let files: Vec<(String, Option<Kind>, Vec<u8>)> = match adapters::read_dir(&dir) {
        Ok(f) => f.into_iter().map(|(n, b)| (n, None, b)).collect(),
        Err(e) => panic!("cannot read {}: {e}", dir.display()),
    };
    let doc = normalise(&files);
    Input {
        name: "examples",
        what: "examples/evidence/ (15 files, JSON + YAML + SARIF)".to_string(),
        files,
        doc,
    }
}
