//! Same policies + same input ⇒ byte-identical decision JSON, from any thread.

mod common;
use phasegate_engine::{EvalContext, PolicySet, Value};

const POLICY: &str = r#"package acme.build
fn latest(reviews) = [r in reviews | r.state != "dismissed"]

rule build.review {
  title "Reviewed"
  phase build
  severity high
  tags ["review"]
  param min: int = 2
  when input.pr != null else "no PR"
  let approvals = [r in latest(input.reviews) | r.state == "approved"]
  require count(approvals) >= min else "{count(approvals)} of {min}"
  require all r in input.reviews: r.user != input.pr.author else "self-review by {r.user}"
}

rule build.findings {
  title "No findings"
  phase build
  severity critical
  require no f in input.findings: f.level == "error" else "{f.id} in {f.file}"
}

rule deploy.env {
  title "Env"
  phase deploy
  severity low
  require input.env.name in ["prod", "staging"]
}

rule deploy.broken {
  title "Errors"
  phase deploy
  severity medium
  require input.env.replicas > "3"
}
"#;

const INPUT: &str = r#"{
  "pr": {"author": "alice", "number": 7},
  "reviews": [
    {"user": "bob", "state": "approved"},
    {"user": "alice", "state": "approved"},
    {"user": "carol", "state": "dismissed"}
  ],
  "findings": [
    {"id": "F1", "level": "error", "file": "a.rs", "extra": {"z": 1, "a": 2}},
    {"id": "F2", "level": "warning", "file": "b.rs"},
    {"id": "F3", "level": "error", "file": "c.rs"}
  ],
  "env": {"name": "dev", "replicas": 5}
}"#;

#[test]
fn decisions_are_byte_identical_across_runs_and_threads() {
    let set = PolicySet::builder()
        .source("d.gate", POLICY)
        .build()
        .unwrap();
    let input: Value = serde_json::from_str(INPUT).unwrap();
    let ctx = EvalContext::new();
    let first = serde_json::to_string(&set.evaluate(&input, &ctx)).unwrap();
    // Every status shows up, so every code path is covered.
    for s in ["\"pass\"", "\"fail\"", "\"error\""] {
        assert!(first.contains(s), "{s} missing in {first}");
    }
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let set = set.clone();
            let input = input.clone();
            std::thread::spawn(move || {
                (0..100)
                    .map(|_| {
                        serde_json::to_string(&set.evaluate(&input, &EvalContext::new())).unwrap()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for t in threads {
        for out in t.join().unwrap() {
            assert_eq!(out, first);
        }
    }
    // A freshly parsed input and a recompiled set give the same bytes too.
    let again = PolicySet::builder()
        .source("d.gate", POLICY)
        .build()
        .unwrap();
    let d = again.evaluate_json(INPUT, &EvalContext::new()).unwrap();
    assert_eq!(serde_json::to_string(&d).unwrap(), first);
}
