//! Decisions shared by the reporter tests, made by the real engine.
#![allow(dead_code)]

use phasegate_engine::{Decision, EvalContext, PolicySet};

/// Policies with every status, several phases and every evidence-location shape.
pub const POLICY: &str = r#"
package demo

rule code.sast-clean {
  title "No error-level SAST finding"
  phase code
  severity critical
  tags ["sast", "code"]
  references ["https://owasp.org/www-project-devsecops-guideline/", "CWE-20"]
  remediation "Fix the findings."
  require no f in input.findings: f.level == "error"
    else "{f.rule_id} at {f.location.uri}:{f.location.line}"
}

rule code.raw-sarif {
  title "No open code-scanning alert"
  phase code
  severity medium
  require no a in input.alerts: a.state == "open" else "alert {a.ruleId} is open"
}

rule build.manifest-pins {
  title "Dependencies are pinned"
  phase build
  severity low
  references ["javascript:alert(1)"]
  let loose = [d in input.deps | starts_with(d.version, "^")]
  require count(loose) == 0 else "{count(loose)} unpinned dependency(ies)"
}

rule build.reviewed {
  title "Changes are reviewed"
  phase build
  severity high
  require input.approvals >= 1 else "{input.approvals} approval(s)"
}

rule test.files {
  title "No test file was deleted"
  phase test
  severity info
  require no t in input.deleted: true else "{t.file} deleted"
}

rule release.signed {
  title "Releases are signed"
  phase release
  severity high
  require input.release.signed else "not signed"
}

rule release.sbom {
  title "An SBOM is attached"
  phase release
  severity medium
  when input.sbom != null else "no SBOM in the evidence"
  require count(input.sbom.components) > 0
}

rule deploy.approved {
  title "Deploys are approved"
  phase deploy
  severity high
  require input.deploy.approved == true
}
"#;

/// Evidence for [`POLICY`].
pub const INPUT: &str = r#"{
  "findings": [
    {"rule_id": "py/sqli", "level": "error", "source": "semgrep.sarif",
     "location": {"uri": "src/db/query.py", "line": 42}},
    {"rule_id": "py/unused", "level": "note", "location": {"uri": "src/app.py", "line": 3}}
  ],
  "alerts": [
    {"ruleId": "js/xss", "state": "open",
     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "web/app ui.js"},
                                         "region": {"startLine": 7}}}]}
  ],
  "deps": [
    {"name": "left-pad", "version": "^1.0.0", "file": "package.json", "line": 12},
    {"name": "chalk", "version": "5.0.0", "file": "package.json", "line": 13},
    {"name": "lodash", "version": "^4.17.0", "source": "package.json"}
  ],
  "approvals": 0,
  "deleted": [{"file": "tests/test_auth.py"}],
  "release": {"signed": "yes"},
  "deploy": {"approved": true}
}"#;

/// Evaluate `policy` against a JSON `input`.
pub fn decide(policy: &str, input: &str) -> Decision {
    let set = match PolicySet::builder()
        .source("policies/demo.gate", policy)
        .build()
    {
        Ok(s) => s,
        Err(e) => panic!("compile error: {e}\n{:?}", e.diagnostics()),
    };
    set.evaluate_json(input, &EvalContext::new())
        .expect("valid JSON input")
}

/// The decision of [`POLICY`] on [`INPUT`]: 2 pass... see the assertions in each test.
pub fn demo() -> Decision {
    decide(POLICY, INPUT)
}

/// A message made of what each output format must neutralise.
pub const HOSTILE: &str = "</script><script>window.__pwned=1</script> & <b>]]> \"q\" 'a' \u{1}end";

/// A failing rule whose message, title, remediation and evidence carry [`HOSTILE`].
pub fn hostile() -> Decision {
    let policy = r#"
rule code.hostile {
  title "Title with <i>markup</i> & \"quotes\""
  phase code
  severity high
  references ["https://example.test/a?b=1&c=2", "javascript:alert(1)", "https://example.test/<x>"]
  remediation "Run <script>fix()</script> & relax"
  require input.text == "" else "{input.text}"
}
"#;
    let input = serde_json::json!({ "text": HOSTILE }).to_string();
    decide(policy, &input)
}

/// A decision with no rule.
pub fn empty() -> Decision {
    Decision::new(Vec::new())
}
