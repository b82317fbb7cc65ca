//! Repository and platform configuration: workflows, dependabot, renovate,
//! Kubernetes manifests, Scorecard results, SonarQube quality gates.

#[path = "adapters_support.rs"]
mod support;

use phasegate_lang::Value;
use phasegate_stdlib::adapters::{load, Kind};
use support::*;

fn uses_of(doc: &Value) -> Vec<(String, bool, bool)> {
    list(doc, "workflows")[0]
        .get("uses")
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                st(u, "action").to_string(),
                u.get("pinned_sha").is_true(),
                u.get("third_party").is_true(),
            )
        })
        .collect()
}

#[test]
fn workflow_with_every_action_pinned() {
    let doc = load_real(
        "config/github-workflow.codeql.scorecard.yml",
        "github-workflow",
    );
    let w = &list(&doc, "workflows")[0];
    assert_eq!(
        (st(w, "name"), st(w, "path")),
        ("CodeQL", "config/github-workflow.codeql.scorecard.yml")
    );
    assert_eq!(
        w.get("triggers"),
        &Value::array(vec![sv("push"), sv("pull_request"), sv("schedule")])
    );
    let uses = uses_of(&doc);
    assert_eq!(uses.len(), 6);
    assert!(uses.iter().all(|(_, pinned, _)| *pinned));
    assert_eq!(
        uses[0],
        ("step-security/harden-runner".to_string(), true, true)
    );
    assert_eq!(uses[1], ("actions/checkout".to_string(), true, false));
    let job = &w.get("jobs").as_array().unwrap()[0];
    assert_eq!(
        (st(job, "id"), st(job, "runs_on")),
        ("analyze", "ubuntu-latest")
    );
    assert_eq!(st(job.get("permissions"), "security-events"), "write");
    assert_eq!(st(w.get("permissions"), "contents"), "read");
}

#[test]
fn workflow_with_tag_references_and_an_environment() {
    let doc = load_real(
        "config/github-workflow.deploy-ecs.starter-template.yml",
        "github-workflow",
    );
    let uses = uses_of(&doc);
    assert_eq!(uses.len(), 5);
    assert!(uses.iter().all(|(_, pinned, _)| !pinned));
    assert_eq!(uses.iter().filter(|(_, _, third)| *third).count(), 4);
    let w = &list(&doc, "workflows")[0];
    let job = &w.get("jobs").as_array().unwrap()[0];
    assert_eq!(st(job, "environment"), "production");
    let u = &w.get("uses").as_array().unwrap()[1];
    assert_eq!(
        (st(u, "ref"), st(u, "job"), st(u, "step")),
        ("v1", "deploy", "Configure AWS credentials")
    );
}

#[test]
fn reusable_workflows_and_branch_references_count_as_uses() {
    let doc = load_real(
        "config/github-workflow.release-slsa.scorecard.yaml",
        "github-workflow",
    );
    let uses = uses_of(&doc);
    let generator = uses
        .iter()
        .find(|(a, _, _)| a.ends_with("generator_generic_slsa3.yml"))
        .unwrap();
    assert!(!generator.1, "a tag is not a commit SHA");
    let w = &list(&doc, "workflows")[0];
    let provenance = w
        .get("jobs")
        .as_array()
        .unwrap()
        .iter()
        .find(|j| st(j, "id") == "provenance")
        .unwrap();
    assert!(st(provenance, "uses").starts_with("slsa-framework/slsa-github-generator/"));
    assert_eq!(
        provenance.get("needs"),
        &Value::array(vec![sv("goreleaser")])
    );
    let scorecards = load_real(
        "config/github-workflow.scorecards.scorecard-action.yml",
        "github-workflow",
    );
    let unpinned: Vec<String> = uses_of(&scorecards)
        .into_iter()
        .filter(|u| !u.1)
        .map(|u| u.0)
        .collect();
    assert_eq!(unpinned, ["ossf/scorecard-action"]);
    for f in [
        "config/github-workflow.codeql.scorecard-action.yml",
        "config/github-workflow.sonarcloud.starter-template.yml",
    ] {
        let doc = load_real(f, "github-workflow");
        assert!(uses_of(&doc).iter().all(|u| u.1), "{f}");
    }
}

#[test]
fn dependabot_updates() {
    let doc = load_real("config/dependabot.scorecard.yml", "dependabot");
    let d = &list(&doc, "dependency_updates")[0];
    assert_eq!(st(d, "tool"), "dependabot");
    assert_eq!(
        d.get("ecosystems"),
        &Value::array(vec![sv("gomod"), sv("github-actions"), sv("docker")])
    );
    let updates = d.get("updates").as_array().unwrap();
    assert_eq!(
        (st(&updates[1], "interval"), updates[1].get("directories")),
        ("weekly", &Value::array(vec![sv("/")]))
    );
    assert_eq!(
        updates[2].get("directories").as_array().map(|a| a.len()),
        Some(8)
    );
    let other = load_real("config/dependabot.scorecard-action.yml", "dependabot");
    assert!(list(&other, "dependency_updates")[0]
        .get("ecosystems")
        .as_array()
        .is_some_and(|e| e.contains(&sv("github-actions"))));
}

#[test]
fn renovate_config() {
    let doc = load_real("config/renovate.opentelemetry-collector.json", "renovate");
    let r = &list(&doc, "dependency_updates")[0];
    assert_eq!(
        (st(r, "tool"), r.get("enabled")),
        ("renovate", &Value::Bool(true))
    );
    assert_eq!(
        r.get("extends"),
        &Value::array(vec![sv("config:recommended")])
    );
    assert_eq!(r.get("schedule"), &Value::array(vec![sv("every tuesday")]));
    // No enabledManagers: every manager runs.
    assert!(r.get("ecosystems").is_null());
    assert!(r
        .get("package_rules")
        .as_array()
        .is_some_and(|p| p.len() > 5));
}

#[test]
fn kubernetes_multi_document_manifests() {
    let doc = load_real("config/k8s.guestbook-all-in-one.yaml", "kubernetes");
    let m = list(&doc, "manifests");
    assert_eq!(m.len(), 6);
    let kinds: Vec<&str> = m.iter().map(|x| st(x, "kind")).collect();
    assert_eq!(
        kinds,
        [
            "Service",
            "Deployment",
            "Service",
            "Deployment",
            "Service",
            "Deployment"
        ]
    );
    let redis = &m[1];
    assert_eq!(
        (
            st(redis, "name"),
            redis.get("document"),
            redis.get("workload")
        ),
        ("redis-master", &Value::Int(1), &Value::Bool(true))
    );
    let c = &redis.get("containers").as_array().unwrap()[0];
    assert_eq!(
        (st(c, "image"), st(c, "image_tag"), c.get("pinned_digest")),
        ("registry.k8s.io/redis:e2e", "e2e", &Value::Bool(false))
    );
    assert_eq!(st(c.get("resources").get("requests"), "memory"), "100Mi");
    assert_eq!(
        c.get("resources").get("limits"),
        &Value::object(Default::default())
    );
    // No securityContext: nothing is known about the user, defaults for the rest.
    assert!(c.get("run_as_non_root").is_null());
    assert_eq!(
        (c.get("privileged"), c.get("read_only_root_filesystem")),
        (&Value::Bool(false), &Value::Bool(false))
    );
    let vllm = load_real("config/k8s.deployment.vllm.yaml", "kubernetes");
    let c = &list(&vllm, "manifests")[0]
        .get("containers")
        .as_array()
        .unwrap()[0];
    assert_eq!(
        (
            st(c.get("resources").get("limits"), "memory"),
            st(c, "image_tag")
        ),
        ("10Gi", "v0.11.0")
    );
    let nginx = load_real("config/k8s.deployment.nginx.k8s-website.yaml", "kubernetes");
    assert_eq!(
        st(&list(&nginx, "manifests")[0], "name"),
        "nginx-deployment"
    );
}

#[test]
fn kubernetes_effective_security_context() {
    let digest = "a".repeat(64);
    let text = format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: nightly, namespace: ops}}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          securityContext: {{runAsNonRoot: true, runAsUser: 1000}}\n          initContainers:\n          - {{name: init, image: busybox}}\n          containers:\n          - name: app\n            image: ghcr.io/acme/app@sha256:{digest}\n            securityContext: {{runAsUser: 0, privileged: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {{drop: [ALL], add: [NET_ADMIN]}}}}\n            resources: {{limits: {{cpu: 500m, memory: 128Mi}}}}\n---\napiVersion: v1\nkind: List\nitems:\n- {{apiVersion: v1, kind: Pod, metadata: {{name: p}}, spec: {{hostNetwork: true, containers: [{{name: c, image: 'nginx:latest'}}]}}}}\n"
    );
    let doc = load(&Kind::Kubernetes, "k.yaml", text.as_bytes()).unwrap();
    let m = list(&doc, "manifests");
    assert_eq!(m.len(), 2);
    let cs = m[0].get("containers").as_array().unwrap();
    let (init, app) = (&cs[0], &cs[1]);
    assert_eq!(
        (init.get("init"), init.get("latest_tag")),
        (&Value::Bool(true), &Value::Bool(true))
    );
    // The pod says non-root; the init container inherits it.
    assert_eq!(
        (init.get("run_as_non_root"), init.get("run_as_user")),
        (&Value::Bool(true), &Value::Int(1000))
    );
    // The app container overrides the user with root; runAsNonRoot still comes from the pod.
    assert_eq!(
        (app.get("run_as_user"), app.get("run_as_non_root")),
        (&Value::Int(0), &Value::Bool(true))
    );
    assert_eq!(
        (app.get("privileged"), app.get("read_only_root_filesystem")),
        (&Value::Bool(true), &Value::Bool(true))
    );
    assert_eq!(app.get("allow_privilege_escalation"), &Value::Bool(false));
    assert_eq!(
        (app.get("capabilities_drop"), app.get("capabilities_add")),
        (
            &Value::array(vec![sv("ALL")]),
            &Value::array(vec![sv("NET_ADMIN")])
        )
    );
    assert_eq!(app.get("pinned_digest"), &Value::Bool(true));
    assert_eq!(st(app.get("resources").get("limits"), "cpu"), "500m");
    assert_eq!(
        (
            st(&m[1], "kind"),
            m[1].get("host_network"),
            m[1].get("document")
        ),
        ("Pod", &Value::Bool(true), &Value::Int(1))
    );
}

#[test]
fn scorecard_result() {
    let doc = load_real(
        "config/scorecard.result.scorecard-OIDC-test.json",
        "scorecard",
    );
    let sc = doc.get("scorecard");
    assert_eq!(
        (sc.get("score"), st(sc, "repo")),
        (&Value::Float(5.8), "github.com/ossf-tests/scorecard-action")
    );
    let checks = sc.get("checks").as_array().unwrap();
    assert_eq!(checks.len(), 19);
    assert_eq!(sc.get("scores").get("Pinned-Dependencies"), &Value::Int(8));
    assert_eq!(sc.get("scores").get("Code-Review"), &Value::Int(0));
    let packaging = checks
        .iter()
        .find(|c| st(c, "name") == "Packaging")
        .unwrap();
    assert_eq!(
        (packaging.get("score"), packaging.get("applicable")),
        (&Value::Int(-1), &Value::Bool(false))
    );
}

#[test]
fn sonarqube_quality_gates() {
    let doc = load_real(
        "config/sonarqube.qualitygate.project_status.error.json",
        "sonar-quality-gate",
    );
    let qg = doc.get("quality_gate");
    assert_eq!(
        (st(qg, "status"), qg.get("passed")),
        ("ERROR", &Value::Bool(false))
    );
    let conds = qg.get("conditions").as_array().unwrap();
    assert_eq!(conds.len(), 7);
    let failed: Vec<&str> = conds
        .iter()
        .filter(|c| !c.get("passed").is_true())
        .map(|c| st(c, "metric"))
        .collect();
    assert_eq!(
        failed,
        [
            "new_coverage",
            "new_blocker_violations",
            "new_critical_violations",
            "open_issues"
        ]
    );
    assert_eq!(
        (conds[0].get("threshold"), conds[0].get("actual")),
        (&Value::Int(85), &Value::Float(82.50562381034781))
    );
    // Recorded API responses (WireMock) hold the body as a string.
    let ok = load_real(
        "config/sonarqube.qualitygate.project_status.ok.wiremock-recording.json",
        "sonar-quality-gate",
    );
    assert_eq!(ok.get("quality_gate").get("passed"), &Value::Bool(true));
    let cov = load_real(
        "config/sonarqube.qualitygate.project_status.error-coverage.wiremock-recording.json",
        "sonar-quality-gate",
    );
    assert_eq!(st(cov.get("quality_gate"), "status"), "ERROR");
}

#[test]
fn configs_of_the_wrong_shape() {
    let cases: &[(Kind, &[u8], &str)] = &[
        (
            Kind::GithubWorkflow,
            b"on: push\njobs: [a]\n",
            "`jobs` is a list, expected a mapping of job ids to jobs",
        ),
        (
            Kind::GithubWorkflow,
            b"a: 1\n---\nb: 2\n",
            "the file holds 2 YAML documents, expected one",
        ),
        (
            Kind::GithubWorkflow,
            b"on: push\njobs:\n  a:\n    steps: 3\n",
            "`jobs.a.steps` is an int",
        ),
        (Kind::Dependabot, b"version: 2\n", "no `updates` list"),
        (Kind::Renovate, b"[1]", "the document is a list"),
        (Kind::Kubernetes, b"- a\n", "`(documents)[0]` is a list"),
        (Kind::Kubernetes, b"kind: [\n", "not valid YAML at line"),
        (Kind::Scorecard, b"{\"checks\":{}}", "`checks` is an object"),
        (
            Kind::SonarQualityGate,
            b"{\"response\":{\"body\":\"{oops\"}}",
            "not valid JSON at line 1 column 2",
        ),
        (Kind::SonarQualityGate, b"{}", "no `projectStatus` object"),
    ];
    for (kind, text, want) in cases {
        let err = load(kind, "c.yml", text).unwrap_err().to_string();
        assert!(err.starts_with("c.yml: "), "{err}");
        assert!(err.contains(want), "{err} should contain {want}");
    }
}
