//! Coverage recording and reports.

use crate::{CoverageMap, CoverageReport, EvalContext, PointKind, PolicySet, Status, Value};

const POLICY: &str = r#"
package cov

fn is_bot(login) = ends_with(login, "[bot]")

rule cov.review {
  title "review"
  phase build
  severity high
  when input.pr != null else "no pr"
  let author = input.pr.user
  require input.approved and not is_bot(author) else "not approved"
  require (if input.big then count(input.reviews) >= 2 else true)
}

rule cov.findings {
  title "findings"
  phase build
  severity high
  require no f in input.findings: f.level == "error" or f.level == "critical"
}
"#;

fn set() -> PolicySet {
    PolicySet::builder()
        .source("cov.gate", POLICY)
        .build()
        .expect("the test policy compiles")
}

fn doc(json: &str) -> Value {
    serde_json::from_str(json).expect("test JSON")
}

fn run(set: &PolicySet, inputs: &[&str]) -> CoverageReport {
    let mut map = CoverageMap::new();
    for i in inputs {
        let (d, m) = set.evaluate_with_coverage(&doc(i), &EvalContext::new());
        assert_eq!(d, set.evaluate(&doc(i), &EvalContext::new()));
        map.merge(&m);
    }
    set.coverage_report(&map)
}

fn never_ran(r: &CoverageReport, rule: &str) -> Vec<(PointKind, String)> {
    r.rules
        .iter()
        .find(|x| x.rule == rule)
        .expect("rule in report")
        .never_ran()
        .map(|p| (p.kind, p.text.clone()))
        .collect()
}

#[test]
fn nothing_ran_without_evaluations() {
    let r = run(&set(), &[]);
    assert_eq!(r.evaluations, 0);
    assert_eq!(r.totals.points_covered, 0);
    assert_eq!(r.totals.outcomes_covered, 0);
    // pass+fail+skip for the rule with a `when`, pass+fail for the other.
    assert_eq!(r.totals.outcomes, 5);
    let review = &r.rules[0];
    assert!(review.can_skip);
    assert!(!r.rules[1].can_skip);
    assert_eq!(
        review.missing_outcomes(),
        [Status::Pass, Status::Fail, Status::Skip]
    );
    assert_eq!(review.never_ran().count(), review.points.len());
}

#[test]
fn a_skipped_rule_never_runs_its_requires() {
    let r = run(&set(), &[r#"{"findings": []}"#]);
    let review = &r.rules[0];
    assert_eq!(review.outcomes.skip, 1);
    assert_eq!(review.outcomes.total, 1);
    let missing = never_ran(&r, "cov.review");
    assert!(missing.contains(&(PointKind::Let, "let author = input.pr.user".into())));
    assert!(missing.contains(&(
        PointKind::Require,
        "require input.approved and not is_bot(author)".into()
    )));
    let when = &review.points[0];
    assert_eq!(when.kind, PointKind::When);
    assert_eq!((when.hits, when.was_true, when.was_false), (1, false, true));
    assert_eq!(
        (when.file.as_str(), when.line, when.column),
        ("cov.gate", 10, 3)
    );
}

#[test]
fn short_circuit_operands_and_branches_are_reported() {
    let set = set();
    let r = run(
        &set,
        &[r#"{"pr": {"user": "a"}, "approved": false, "big": false, "findings": []}"#],
    );
    let missing = never_ran(&r, "cov.review");
    assert!(missing.contains(&(PointKind::AndRight, "not is_bot(author)".into())));
    assert!(missing.contains(&(PointKind::Then, "count(input.reviews) >= 2".into())));
    assert!(!missing.iter().any(|(k, _)| *k == PointKind::Else));
    // The function was never called.
    assert_eq!(r.functions.len(), 1);
    assert_eq!(r.functions[0].name, "is_bot");
    assert_eq!(r.functions[0].calls, 0);
    // The quantifier body never ran on an empty list; the statement did.
    let findings = never_ran(&r, "cov.findings");
    assert_eq!(
        findings,
        [
            (
                PointKind::QuantifierBody,
                r#"f.level == "error" or f.level == "critical""#.into()
            ),
            (PointKind::OrLeft, r#"f.level == "error""#.into()),
            (PointKind::OrRight, r#"f.level == "critical""#.into()),
        ]
    );

    let r = run(
        &set,
        &[
            r#"{"pr": {"user": "a"}, "approved": false, "big": false, "findings": []}"#,
            r#"{"pr": {"user": "b"}, "approved": true, "big": true, "reviews": [1, 2],
                "findings": [{"level": "error"}, {"level": "note"}]}"#,
        ],
    );
    assert_eq!(never_ran(&r, "cov.review"), []);
    assert_eq!(r.functions[0].calls, 1);
    let review = &r.rules[0];
    assert_eq!((review.outcomes.pass, review.outcomes.fail), (1, 1));
    assert_eq!(review.missing_outcomes(), [Status::Skip]);
    // `f.level == "critical"` ran for the "note" item only.
    let findings = never_ran(&r, "cov.findings");
    assert_eq!(findings, []);
    let body = r.rules[1]
        .points
        .iter()
        .find(|p| p.kind == PointKind::QuantifierBody)
        .expect("quantifier body point");
    assert_eq!((body.hits, body.was_true, body.was_false), (2, true, true));
    let stmt = &r.rules[1].points[0];
    assert_eq!(stmt.kind, PointKind::Require);
    // Held on the empty list, failed on the "error" item.
    assert_eq!((stmt.hits, stmt.was_true, stmt.was_false), (2, true, true));
}

#[test]
fn errors_are_recorded_and_counted() {
    let r = run(&set(), &[r#"{"pr": {"user": "a"}, "approved": null}"#]);
    let review = &r.rules[0];
    assert_eq!(review.outcomes.error, 1);
    let require = review
        .points
        .iter()
        .find(|p| p.kind == PointKind::Require)
        .expect("a require");
    assert!(require.errored);
    assert_eq!(r.rules[1].outcomes.error, 1, "iterating null is an error");
}

#[test]
fn maps_of_param_variants_merge() {
    let src = r#"
rule p.min {
  title "min"
  phase build
  severity low
  param strict: bool = false
  require (if strict then input.n > 1 else input.n > 0)
}
"#;
    let base = PolicySet::builder()
        .source("p.gate", src)
        .build()
        .expect("compiles");
    let mut params = indexmap::IndexMap::new();
    params.insert("strict".to_string(), Value::Bool(true));
    let strict = base.with_params(&params).expect("valid override");
    let input = doc(r#"{"n": 1}"#);
    let (_, a) = base.evaluate_with_coverage(&input, &EvalContext::new());
    let (_, b) = strict.evaluate_with_coverage(&input, &EvalContext::new());
    let mut map = a.clone();
    map.merge(&b);
    assert_eq!(map.evaluations(), 2);
    let r = base.coverage_report(&map);
    assert_eq!((r.rules[0].outcomes.pass, r.rules[0].outcomes.fail), (1, 1));
    assert_eq!(r.totals.outcomes_covered, 2);
}

#[test]
fn expected_statuses_are_marked_once() {
    let mut r = run(&set(), &[]);
    r.mark_expected("cov.review", Status::Pass);
    r.mark_expected("cov.review", Status::Pass);
    r.mark_expected("no.such-rule", Status::Fail);
    assert_eq!(r.rules[0].expected, [Status::Pass]);
    let json = serde_json::to_value(&r).expect("serialises");
    assert_eq!(json["rules"][0]["expected"][0], "pass");
    assert_eq!(json["rules"][0]["points"][0]["kind"], "when");
}
