//! Loading files and merging them into one evidence document.

use super::fragment::{Fragment, LIST_KEYS, SINGLE_KEYS};
use super::util::Obj;
use super::{decode, detect, AdapterError, Kind};
use super::{
    github_config, github_events, github_graphql, kubernetes, sarif, sast, sbom, scorecard,
    secrets, sonar, vulns, zap,
};
use indexmap::IndexMap;
use phasegate_lang::value::Object;
use phasegate_lang::Value;
use std::path::Path;
use std::sync::Arc;

/// The order of the top-level keys of the evidence document.
const ORDER: &[&str] = &[
    "findings",
    "secrets",
    "vulnerabilities",
    "vex",
    "components",
    "pull_request",
    "reviews",
    "checks",
    "deployment",
    "deployment_statuses",
    "deployment_reviews",
    "release",
    "push",
    "alerts",
    "workflows",
    "dependency_updates",
    "manifests",
    "quality_gate",
    "scorecard",
];

/// Normalise one file of a known kind into an evidence document (the same
/// shape as a bundle of that one file).
pub fn load(kind: &Kind, file_name: &str, bytes: &[u8]) -> Result<Value, AdapterError> {
    merge(&[(file_name, Some(kind), bytes)])
}

/// Merge several files into one evidence document. A file with no kind is
/// detected from its content.
pub fn load_bundle(files: &[(String, Option<Kind>, Vec<u8>)]) -> Result<Value, AdapterError> {
    let refs: Vec<(&str, Option<&Kind>, &[u8])> = files
        .iter()
        .map(|(n, k, b)| (n.as_str(), k.as_ref(), b.as_slice()))
        .collect();
    merge(&refs)
}

/// Merge every file under a directory (recursively, in sorted order, named
/// by their path relative to it with `/` separators), skipping `README.md`
/// and `SOURCES.md`. Kinds are detected from content. Each file may hold at
/// most [`DEFAULT_MAX_FILE_BYTES`](super::DEFAULT_MAX_FILE_BYTES).
pub fn load_dir(path: &Path) -> Result<Value, AdapterError> {
    let with_kinds: Vec<(String, Option<Kind>, Vec<u8>)> = read_dir(path)?
        .into_iter()
        .map(|(n, b)| (n, None, b))
        .collect();
    load_bundle(&with_kinds)
}

/// The files [`load_dir`] reads: `(name, bytes)` of every file under a
/// directory, recursively, sorted by their path relative to it (the name,
/// with `/` separators), without `README.md` and `SOURCES.md`. For callers
/// that combine several directories and files into one bundle. Each file may
/// hold at most [`DEFAULT_MAX_FILE_BYTES`](super::DEFAULT_MAX_FILE_BYTES).
pub fn read_dir(path: &Path) -> Result<Vec<(String, Vec<u8>)>, AdapterError> {
    read_dir_with_limit(path, super::DEFAULT_MAX_FILE_BYTES)
}

/// [`read_dir`] with another size limit per file, in bytes: a larger file is
/// [`AdapterError::TooLarge`] (see [`read_file`](super::read_file)).
pub fn read_dir_with_limit(
    path: &Path,
    max_bytes: u64,
) -> Result<Vec<(String, Vec<u8>)>, AdapterError> {
    let mut files = Vec::new();
    walk(path, path, 0, max_bytes, &mut files)?;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

const MAX_DIR_DEPTH: usize = 16;

fn walk(
    root: &Path,
    dir: &Path,
    depth: usize,
    max_bytes: u64,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), AdapterError> {
    let io = |p: &Path| {
        let file = p.display().to_string();
        move |source| AdapterError::Io { file, source }
    };
    if depth > MAX_DIR_DEPTH {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let p = entry.map_err(io(dir))?.path();
        let meta = std::fs::metadata(&p).map_err(io(&p))?;
        if meta.is_dir() {
            walk(root, &p, depth + 1, max_bytes, out)?;
            continue;
        }
        let base = p
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if base == "readme.md" || base == "sources.md" {
            continue;
        }
        let rel = p.strip_prefix(root).unwrap_or(&p);
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = super::read_file(&p, max_bytes)?;
        out.push((name, bytes));
    }
    Ok(())
}

/// Decode the bytes of a file of a known kind.
fn decode_for(kind: &Kind, file: &str, bytes: &[u8]) -> Result<Value, AdapterError> {
    match kind {
        Kind::Trufflehog | Kind::Nuclei => match decode::json(file, bytes) {
            Ok(v @ Value::Object(_)) => Ok(Value::array(vec![v])),
            Ok(v) => Ok(v),
            Err(e) if decode::is_trailing(&e) => decode::json_lines(file, bytes),
            Err(e) => Err(e),
        },
        Kind::GithubWorkflow | Kind::Dependabot => {
            decode::yaml_one(file, bytes, &kind.format_name())
        }
        Kind::Kubernetes => decode::yaml_docs(file, bytes).map(Value::array),
        _ => decode::json(file, bytes),
    }
}

/// Normalise one decoded document.
fn normalise(kind: &Kind, file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    match kind {
        Kind::Sarif => sarif::load(file, doc, out),
        Kind::Gitleaks => secrets::gitleaks(file, doc, out),
        Kind::Trufflehog => secrets::trufflehog(file, doc, out),
        Kind::TrivySecrets => vulns::trivy(file, doc, true, out),
        Kind::Trivy => vulns::trivy(file, doc, false, out),
        Kind::CycloneDx => sbom::cyclonedx(file, doc, out),
        Kind::Spdx => sbom::spdx(file, doc, out),
        Kind::Vex => sbom::vex(file, doc, out),
        Kind::Grype => vulns::grype(file, doc, out),
        Kind::Osv => vulns::osv(file, doc, out),
        Kind::NpmAudit => vulns::npm_audit(file, doc, out),
        Kind::PipAudit => vulns::pip_audit(file, doc, out),
        Kind::Semgrep => sast::semgrep(file, doc, out),
        Kind::Bandit => sast::bandit(file, doc, out),
        Kind::Checkov => sast::checkov(file, doc, out),
        Kind::Hadolint => sast::hadolint(file, doc, out),
        Kind::Eslint => sast::eslint(file, doc, out),
        Kind::SonarQualityGate => sonar::quality_gate(file, doc, out),
        Kind::SonarIssues => sonar::issues(file, doc, out),
        Kind::GithubEvent(event) => github_events::load(event, file, doc, out),
        Kind::GithubGraphqlPr => github_graphql::load(file, doc, out),
        Kind::GithubDeploymentReviews => github_events::deployment_reviews(file, doc, out),
        Kind::GithubWorkflow => github_config::workflow(file, doc, out),
        Kind::Dependabot => github_config::dependabot(file, doc, out),
        Kind::Renovate => github_config::renovate(file, doc, out),
        Kind::Kubernetes => kubernetes::load(file, doc, out),
        Kind::Scorecard => scorecard::load(file, doc, out),
        Kind::Zap => zap::zap(file, doc, out),
        Kind::Nuclei => zap::nuclei(file, doc, out),
    }
}

/// How a single-object key identifies what it describes; two files giving
/// the same identity are merged, different identities are a conflict.
fn identity(key: &str) -> &'static [&'static str] {
    match key {
        "pull_request" => &["number"],
        "deployment" => &["id"],
        "release" => &["id", "tag_name"],
        "push" => &["after"],
        _ => &[],
    }
}

struct Merged {
    lists: IndexMap<&'static str, Vec<Value>>,
    singles: IndexMap<&'static str, (Object, String)>,
}

impl Merged {
    fn add(&mut self, file: &str, frag: Fragment) -> Result<(), AdapterError> {
        for (k, items) in frag.lists {
            self.lists.entry(k).or_default().extend(items);
        }
        for (k, v) in frag.singles {
            let new = v.as_object().map(|o| (**o).clone()).unwrap_or_default();
            let Some((old, first)) = self.singles.get_mut(k) else {
                self.singles.insert(k, (new, file.to_string()));
                continue;
            };
            let ids = identity(k);
            let id_of = |o: &Object| {
                ids.iter()
                    .map(|i| o.get(*i).cloned().unwrap_or(Value::Null))
                    .find(|v| !v.is_null())
            };
            let same = match (id_of(old), id_of(&new)) {
                (Some(a), Some(b)) => a == b,
                (None, None) => !ids.is_empty(),
                _ => true,
            };
            if !same || ids.is_empty() {
                let show = |o: &Object| id_of(o).map(|v| v.render()).unwrap_or_else(|| "?".into());
                let detail = if ids.is_empty() {
                    "given twice".to_string()
                } else {
                    format!("{} {} vs {}", ids[0], show(old), show(&new))
                };
                return Err(AdapterError::Conflict {
                    what: k.to_string(),
                    first: first.clone(),
                    second: file.to_string(),
                    detail,
                });
            }
            // Same thing seen twice (e.g. a webhook and GraphQL data): fill what is missing.
            for (nk, nv) in new {
                let missing = old.get(&nk).is_none_or(|v| v.is_null());
                if missing {
                    old.insert(nk, nv);
                }
            }
        }
        Ok(())
    }
}

fn merge(files: &[(&str, Option<&Kind>, &[u8])]) -> Result<Value, AdapterError> {
    let mut merged = Merged {
        lists: IndexMap::new(),
        singles: IndexMap::new(),
    };
    let mut sources = Vec::new();
    let mut raw = Object::default();
    for (file, kind, bytes) in files {
        let (kind, doc) = match kind {
            Some(k) => ((*k).clone(), decode_for(k, file, bytes)?),
            None => detect::sniff(file, bytes)?,
        };
        let mut frag = Fragment::default();
        normalise(&kind, file, &doc, &mut frag)?;
        if raw.contains_key(*file) {
            return Err(AdapterError::Conflict {
                what: "file name".into(),
                first: file.to_string(),
                second: file.to_string(),
                detail: "two files of the bundle have the same name".into(),
            });
        }
        merged.add(file, frag)?;
        sources.push(
            Obj::new()
                .set("file", *file)
                .set("kind", kind.as_str().as_ref())
                .build(),
        );
        raw.insert(Arc::from(*file), doc);
    }
    if let (Some(vex), Some(vulns)) = (merged.lists.get("vex"), merged.lists.get("vulnerabilities"))
    {
        let applied = super::vex::apply(vex, vulns);
        merged.lists.insert("vulnerabilities", applied);
    }
    let mut out = Object::default();
    for key in ORDER {
        debug_assert!(LIST_KEYS.contains(key) || SINGLE_KEYS.contains(key));
        if let Some(items) = merged.lists.shift_remove(key) {
            out.insert(Arc::from(*key), Value::array(items));
        } else if let Some((obj, _)) = merged.singles.shift_remove(key) {
            out.insert(Arc::from(*key), Value::object(obj));
        }
    }
    out.insert(Arc::from("sources"), Value::array(sources));
    out.insert(Arc::from("raw"), Value::object(raw));
    Ok(Value::object(out))
}
