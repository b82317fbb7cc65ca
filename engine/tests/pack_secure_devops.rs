//! The `secure-devops` pack: it compiles cleanly, every rule has passing,
//! failing and skipping test blocks, and every test block holds.

use phasegate_engine::{CompileError, EvalContext, PolicySet, Status, TestCase};

fn pack() -> PolicySet {
    match PolicySet::builder().pack("secure-devops").build() {
        Ok(s) => s,
        Err(e) => panic!("the pack does not compile: {e}\n{:#?}", e.diagnostics()),
    }
}

/// Run one test block; every failed expectation as a line.
fn run(set: &PolicySet, t: &TestCase) -> Vec<String> {
    let at = format!("{}:{} {:?}", t.location.file, t.location.line, t.name);
    let set = match set.with_params(&t.params) {
        Ok(s) => s,
        Err(e) => return vec![format!("{at}: params: {e}")],
    };
    let ctx = match EvalContext::from_value(t.context.clone()) {
        Ok(c) => c,
        Err(e) => return vec![format!("{at}: context: {e}")],
    };
    let decision = set.evaluate(&t.input, &ctx);
    let mut failures = Vec::new();
    for x in &t.expects {
        let Some(r) = decision.result(&x.rule) else {
            failures.push(format!("{at}: no rule {}", x.rule));
            continue;
        };
        let message_ok = x
            .message
            .as_ref()
            .is_none_or(|m| r.messages.iter().any(|got| got.contains(m.as_str())));
        if r.status != x.status || !message_ok {
            failures.push(format!(
                "{at} (line {}): {} expected {:?}{} but was {:?} {:?}",
                x.location.line,
                x.rule,
                x.status,
                x.message
                    .as_ref()
                    .map(|m| format!(" with {m:?}"))
                    .unwrap_or_default(),
                r.status,
                r.messages
            ));
        }
    }
    failures
}

#[test]
fn every_test_block_of_the_pack_holds() {
    let set = pack();
    assert!(set.warnings().is_empty(), "warnings: {:#?}", set.warnings());
    let tests = set.tests();
    assert!(tests.len() >= 40, "only {} test blocks", tests.len());
    let failures: Vec<String> = tests.iter().flat_map(|t| run(&set, t)).collect();
    assert!(
        failures.is_empty(),
        "{} failed expectation(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_passing_a_failing_and_a_skipping_test() {
    let set = pack();
    let mut seen: Vec<(String, Status)> = Vec::new();
    for t in set.tests() {
        for x in &t.expects {
            seen.push((x.rule.clone(), x.status));
        }
    }
    let mut missing = Vec::new();
    for r in set.rules() {
        for status in [Status::Pass, Status::Fail, Status::Skip] {
            if !seen.contains(&(r.id.to_string(), status)) {
                missing.push(format!("{} {status:?}", r.id));
            }
        }
    }
    assert!(missing.is_empty(), "untested outcomes: {missing:?}");
}

#[test]
fn the_pack_has_the_rules_of_every_phase() {
    let set = pack();
    let ids: Vec<&str> = set.rules().map(|r| &*r.id).collect();
    assert_eq!(
        ids,
        [
            "plan.security-threat-model",
            "code.security-checklist",
            "build.peer-review",
            "build.checks-passed",
            "build.quality-gate",
            "build.codeql-enabled",
            "build.actions-pinned",
            "build.sast-clean",
            "build.secret-scan-clean",
            "test.dast-clean",
            "release.automated",
            "release.notes-present",
            "release.signed",
            "deploy.approved",
            "deploy.container-hardening",
            "operate.scorecard",
            "monitor.dependency-updates",
            "monitor.sca-clean",
            "monitor.alert-sla",
        ]
    );
    for r in set.rules() {
        assert!(
            !r.references.is_empty() && r.remediation.is_some(),
            "{} needs references and remediation",
            r.id
        );
        assert!(
            r.id.starts_with(&format!("{}.", r.phase.as_str())),
            "{} is in phase {}",
            r.id,
            r.phase.as_str()
        );
    }
    let files: Vec<&str> = set.sources().iter().map(|f| &*f.name).collect();
    assert!(files.contains(&"secure-devops/build.gate"), "{files:?}");
}

#[test]
fn an_unknown_pack_is_an_error_with_a_suggestion() {
    let e = PolicySet::builder()
        .pack("secure-devop")
        .build()
        .unwrap_err();
    assert!(matches!(e, CompileError::UnknownPack { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "unknown pack `secure-devop` (did you mean `secure-devops`?); known packs: secure-devops"
    );
    let e = PolicySet::builder().pack("nope").build().unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown pack `nope`; known packs: secure-devops"
    );
}

#[test]
fn a_pack_combines_with_other_policies() {
    let set = PolicySet::builder()
        .pack("secure-devops")
        .source(
            "own.gate",
            "rule own.rule {\n  title \"t\"\n  phase build\n  severity low\n  require true\n}\n",
        )
        .param("build.peer-review.min_approvals", 3)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(set.rules().len(), 20);
    let input = serde_json::json!({
        "pull_request": {"number": 1, "author": "a"},
        "reviews": [{"user": "b", "state": "approved", "submitted_at": "2026-01-01T00:00:00Z"}]
    });
    let input: phasegate_engine::Value = serde_json::from_value(input).unwrap_or_default();
    let d = set.evaluate(&input, &EvalContext::new());
    let r = d
        .result("build.peer-review")
        .unwrap_or_else(|| panic!("no result"));
    assert_eq!(r.status, Status::Fail, "{:?}", r.messages);
    assert!(r.messages[0].ends_with("needs 3"), "{:?}", r.messages);
}

#[test]
fn docs_packs_md_documents_every_rule() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/packs.md"))
        .unwrap_or_else(|e| panic!("docs/packs.md: {e}"));
    let set = pack();
    let sections: Vec<&str> = doc.lines().filter_map(|l| l.strip_prefix("### ")).collect();
    let ids: Vec<&str> = set.rules().map(|r| &*r.id).collect();
    assert_eq!(sections, ids, "one section per rule, in load order");
    for r in set.rules() {
        let row = format!("| `{}` | {} |", r.id, r.severity.as_str());
        assert!(doc.contains(&row), "docs/packs.md lacks the row {row}");
    }
}

#[test]
fn large_bundles_stay_within_the_default_limits() {
    let n = 2000;
    let reviews: Vec<_> = (0..n)
        .map(|i| serde_json::json!({"user": format!("u{}", i % 300), "state": if i % 3 == 0 { "approved" } else { "commented" }, "submitted_at": format!("2026-01-01T00:{:02}:{:02}Z", (i / 60) % 60, i % 60)}))
        .collect();
    let checks: Vec<_> = (0..n)
        .map(|i| serde_json::json!({"name": format!("job-{}", i % 500), "workflow_name": "CI", "status": "completed", "conclusion": "success", "started_at": format!("2026-01-01T00:00:{:02}Z", i % 60)}))
        .collect();
    let findings: Vec<_> = (0..n)
        .map(|i| serde_json::json!({"tool": "semgrep", "category": "sast", "rule_id": format!("r{i}"), "severity": "low", "suppressed": false, "file": "a.py", "line": i}))
        .collect();
    let containers: Vec<_> = (0..20)
        .map(|i| serde_json::json!({"name": format!("c{i}"), "image": "ghcr.io/acme/x:1", "latest_tag": false, "run_as_non_root": true, "privileged": false, "read_only_root_filesystem": true, "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}))
        .collect();
    let manifests: Vec<_> = (0..100)
        .map(|i| serde_json::json!({"kind": "Deployment", "name": format!("d{i}"), "workload": true, "containers": containers}))
        .collect();
    let input = serde_json::json!({
        "pull_request": {"number": 1, "author": "u0", "body": "## Security\n- [x] ok\n", "labels": []},
        "reviews": reviews,
        "checks": checks,
        "findings": findings,
        "sources": [{"file": "semgrep.json", "kind": "semgrep"}],
        "manifests": manifests,
    });
    let input: phasegate_engine::Value = serde_json::from_value(input).unwrap_or_default();
    let d = pack().evaluate(&input, &EvalContext::new());
    let errors: Vec<_> = d
        .results
        .iter()
        .filter(|r| r.status == Status::Error)
        .map(|r| (&r.id, &r.messages))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for id in [
        "build.peer-review",
        "build.checks-passed",
        "build.sast-clean",
        "deploy.container-hardening",
        "code.security-checklist",
    ] {
        assert_eq!(d.result(id).map(|r| r.status), Some(Status::Pass), "{id}");
    }
}
