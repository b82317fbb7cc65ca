//! Deterministic generators of raw evidence files (no large file is committed).
//!
//! Every generator is a pure function of its size arguments: the same call
//! always returns the same bytes, so runs on different machines measure the
//! same work.

use serde_json::{json, Value as Json};

/// Severity names cycled through by the generators (a fixed pattern, not random).
const SEVERITIES: [&str; 5] = ["critical", "high", "medium", "low", "info"];

/// A small, fast, deterministic pseudo-random sequence (SplitMix64).
#[derive(Clone, Debug)]
pub struct Seq(u64);

impl Seq {
    /// A sequence from a seed.
    pub fn new(seed: u64) -> Seq {
        Seq(seed)
    }

    /// The next number of the sequence.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// The small input: one pull request by `alice` and `reviews` reviews in the
/// normalised evidence shape (`pull_request`, `reviews`). Bob's latest
/// decisive review is an approval; alice approves herself (not counted);
/// carol comments.
pub fn pull_request(reviews: usize) -> Json {
    let users = ["bob", "carol", "alice", "dave"];
    let states = ["changes_requested", "commented", "approved", "approved"];
    let list: Vec<Json> = (0..reviews)
        .map(|i| {
            json!({
                "user": users[i % users.len()],
                "state": states[i % states.len()],
                "submitted_at": format!("2026-11-{:02}T{:02}:00:00Z", 10 + i / 24, i % 24),
            })
        })
        .collect();
    json!({
        "pull_request": {"number": 42, "author": "alice", "user": {"login": "alice"}},
        "reviews": list,
    })
}

/// The medium input: a SARIF 2.1.0 log of one tool with `results` results
/// over 40 rules, levels error/warning/note, one in 7 suppressed.
pub fn sarif(results: usize) -> Json {
    let levels = ["error", "warning", "note"];
    let rules: Vec<Json> = (0..40)
        .map(|r| {
            json!({
                "id": format!("bench/rule-{r}"),
                "name": format!("BenchRule{r}"),
                "defaultConfiguration": {"level": levels[r % levels.len()]},
            })
        })
        .collect();
    let mut seq = Seq::new(7);
    let list: Vec<Json> = (0..results)
        .map(|i| {
            let rule = seq.below(40) as usize;
            let mut r = json!({
                "ruleId": format!("bench/rule-{rule}"),
                "ruleIndex": rule,
                "message": {"text": format!("finding {i} of rule {rule}")},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": format!("src/module_{}/file_{i}.py", i % 17)},
                    "region": {"startLine": 1 + seq.below(900)},
                }}],
            });
            if i % 5 == 0 {
                r["level"] = json!(levels[seq.below(3) as usize]);
            }
            if i % 7 == 3 {
                r["suppressions"] = json!([{"kind": "inSource", "status": "accepted"}]);
            }
            r
        })
        .collect();
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "BenchSAST", "version": "1.0.0", "rules": rules}},
            "results": list,
        }],
    })
}

/// The large input: a CycloneDX 1.6 SBOM of `components` npm components and
/// `vulns` vulnerabilities, each affecting one component; one in 3 has a
/// fixed version.
pub fn cyclonedx(components: usize, vulns: usize) -> Json {
    let comps: Vec<Json> = (0..components)
        .map(|i| {
            let purl = format!("pkg:npm/pkg-{i}@{}.{}.{}", i % 7, i % 13, i % 5);
            json!({
                "bom-ref": purl,
                "type": "library",
                "name": format!("pkg-{i}"),
                "version": format!("{}.{}.{}", i % 7, i % 13, i % 5),
                "purl": purl,
                "licenses": [{"license": {"id": if i % 4 == 0 { "Apache-2.0" } else { "MIT" }}}],
            })
        })
        .collect();
    let mut seq = Seq::new(11);
    let list: Vec<Json> = (0..vulns)
        .map(|i| {
            let c = seq.below(components as u64) as usize;
            let purl = format!("pkg:npm/pkg-{c}@{}.{}.{}", c % 7, c % 13, c % 5);
            let sev = SEVERITIES[seq.below(5) as usize];
            let mut versions = vec![
                json!({"version": format!("{}.{}.{}", c % 7, c % 13, c % 5), "status": "affected"}),
            ];
            if i % 3 == 0 {
                versions.push(
                    json!({"version": format!("{}.{}.99", c % 7, c % 13), "status": "unaffected"}),
                );
            }
            json!({
                "id": format!("CVE-2026-{:05}", 10_000 + i),
                "source": {"name": "NVD"},
                "ratings": [{"severity": sev, "score": 1.5 + (i % 8) as f64, "method": "CVSSv31"}],
                "description": format!("vulnerability {i} in pkg-{c}"),
                "affects": [{"ref": purl, "versions": versions}],
            })
        })
        .collect();
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "version": 1,
        "metadata": {
            "tools": {"components": [{"type": "application", "name": "bench-gen", "version": "1.0"}]},
            "component": {"bom-ref": "app", "type": "application", "name": "app"},
        },
        "components": comps,
        "vulnerabilities": list,
    })
}

/// Kubernetes manifests (multi-document YAML): `workloads` Deployments of two
/// containers each plus one Service per Deployment. Most containers are
/// hardened; every fifth misses a limit, runs `latest` or is privileged.
pub fn manifests(workloads: usize) -> String {
    let mut out = String::new();
    for i in 0..workloads {
        let mut containers = String::new();
        for j in 0..2 {
            let weak = (i * 2 + j) % 5 == 0;
            let image = if weak && i % 2 == 0 {
                format!("ghcr.io/acme/app-{i}:latest")
            } else {
                format!("ghcr.io/acme/app-{i}:1.{j}.0")
            };
            let limits = if weak {
                "memory: 128Mi"
            } else {
                "cpu: 500m\n                memory: 128Mi"
            };
            containers.push_str(&format!(
                "          - name: c{j}\n            image: {image}\n            securityContext:\n              runAsNonRoot: true\n              privileged: {priv}\n              readOnlyRootFilesystem: {ro}\n            resources:\n              limits:\n                {limits}\n",
                priv = weak && i % 3 == 0,
                ro = !(weak && i % 4 == 0),
            ));
        }
        out.push_str(&format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: bench\nspec:\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        app: app-{i}\n    spec:\n      containers:\n{containers}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-{i}\nspec:\n  ports:\n    - port: 80\n---\n"
        ));
    }
    out
}
