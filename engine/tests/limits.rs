//! Every evaluation limit trips, names itself and its value, and leaves the
//! other rules running.

mod common;
use common::{decide, result, rule};
use phasegate_engine::{Limits, PolicySet, Status};

fn set_with(src: &str, limits: Limits) -> PolicySet {
    PolicySet::builder()
        .source("t.gate", src)
        .limits(limits)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn with_bystander(body_rule: String) -> String {
    format!(
        "{body_rule}{}",
        rule("t.bystander", "  require input.ok == true")
    )
}

#[test]
fn fuel_per_rule_stops_an_exponential_comprehension() {
    let src = with_bystander(rule(
        "t.explode",
        "  let xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]\n  let big = [[[[[x for x in xs] for y in xs] for z in xs] for w in xs] for v in xs]\n  require count(big) == 0",
    ));
    let s = set_with(&src, Limits::default());
    let d = decide(&s, r#"{"ok": true}"#);
    let r = result(&d, "t.explode");
    assert_eq!(r.status, Status::Error);
    assert!(
        r.messages[0]
            .starts_with("evaluation limit exceeded: fuel_per_rule = 1000000 steps at t.gate:"),
        "{}",
        r.messages[0]
    );
    assert_eq!(result(&d, "t.bystander").status, Status::Pass);
}

#[test]
fn max_call_depth_stops_deep_recursion() {
    let src = format!(
        "fn down(n) = if n == 0 then 0 else 1 + down(n - 1)\n{}",
        with_bystander(rule("t.deep", "  require down(input.n) > 0"))
    );
    let s = set_with(&src, Limits::default());
    // Within the limit it works.
    let d = decide(&s, r#"{"ok": true, "n": 50}"#);
    assert_eq!(result(&d, "t.deep").status, Status::Pass);
    let d = decide(&s, r#"{"ok": true, "n": 100000}"#);
    let r = result(&d, "t.deep");
    assert_eq!(r.status, Status::Error);
    assert!(
        r.messages[0].starts_with(
            "evaluation limit exceeded: max_call_depth = 64 nested calls at t.gate:1:"
        ),
        "{}",
        r.messages[0]
    );
    assert_eq!(result(&d, "t.bystander").status, Status::Pass);
}

#[test]
fn a_huge_call_depth_limit_cannot_overflow_the_stack() {
    let src = format!(
        "fn down(n) = if n == 0 then 0 else 1 + down(n - 1)\n{}",
        rule("t.deep", "  require down(input.n) == input.n")
    );
    let limits = Limits {
        max_call_depth: u32::MAX,
        fuel_per_rule: u64::MAX,
        fuel_total: u64::MAX,
        ..Limits::default()
    };
    let s = set_with(&src, limits);
    // Run on a small thread stack: stacker grows the stack on the heap.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || decide(&s, r#"{"n": 20000}"#))
        .unwrap();
    let d = handle.join().unwrap();
    assert_eq!(result(&d, "t.deep").status, Status::Pass);
}

#[test]
fn max_value_size_stops_a_string_doubling_loop() {
    let src = format!(
        "fn dbl(s, n) = if n == 0 then s else dbl(s + s, n - 1)\n{}",
        with_bystander(rule("t.double", "  require count(dbl(\"ab\", 40)) > 0"))
    );
    let s = set_with(&src, Limits::default());
    let d = decide(&s, r#"{"ok": true}"#);
    let r = result(&d, "t.double");
    assert_eq!(r.status, Status::Error);
    assert!(
        r.messages[0].starts_with(
            "evaluation limit exceeded: max_value_size = 1000000 items or bytes at t.gate:1:"
        ),
        "{}",
        r.messages[0]
    );
    assert_eq!(result(&d, "t.bystander").status, Status::Pass);
}

#[test]
fn max_value_size_stops_list_growth() {
    let src = format!(
        "fn grow(xs, n) = if n == 0 then xs else grow(xs + xs, n - 1)\n{}{}",
        rule("t.concat", "  require count(grow([1], 20)) > 0"),
        rule("t.map", "  require count([x * 2 for x in input.xs]) > 0"),
    );
    let limits = Limits {
        max_value_size: 500,
        ..Limits::default()
    };
    let xs: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
    let d = decide(
        &set_with(&src, limits),
        &format!("{{\"xs\": [{}]}}", xs.join(",")),
    );
    for id in ["t.concat", "t.map"] {
        let r = result(&d, id);
        assert_eq!(r.status, Status::Error);
        assert!(
            r.messages[0].contains("max_value_size = 500"),
            "{}",
            r.messages[0]
        );
    }
}

#[test]
fn max_messages_summarises_the_rest() {
    let src = with_bystander(rule(
        "t.many",
        "  require all x in input.xs: x < 0 else \"{x} is not negative\"",
    ));
    let s = set_with(&src, Limits::default());
    let xs: Vec<String> = (0..250).map(|i| i.to_string()).collect();
    let d = decide(&s, &format!("{{\"ok\": true, \"xs\": [{}]}}", xs.join(",")));
    let r = result(&d, "t.many");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(r.messages.len(), 101);
    assert_eq!(r.messages[0], "0 is not negative");
    assert_eq!(r.messages[99], "99 is not negative");
    assert_eq!(r.messages[100], "… and 150 more");
    assert_eq!(result(&d, "t.bystander").status, Status::Pass);
}

#[test]
fn max_message_len_cuts_long_messages() {
    let src = rule("t.long", "  require false else \"{input.s}\"");
    let limits = Limits {
        max_message_len: 20,
        ..Limits::default()
    };
    let s = set_with(&src, limits);
    let d = decide(&s, &format!("{{\"s\": \"{}\"}}", "é".repeat(100)));
    let m = &result(&d, "t.long").messages[0];
    assert!(m.len() <= 20, "{} bytes", m.len());
    assert!(m.ends_with('…'));
    assert!(m.starts_with("éé"));
}

#[test]
fn fuel_total_stops_the_remaining_rules() {
    // Each rule spends about 30 000 steps; the total allows only a few.
    let body =
        "  let grid = [[x + y for x in input.xs] for y in input.xs]\n  require count(grid) > 0";
    let mut src = String::new();
    for i in 0..10 {
        src.push_str(&rule(&format!("t.r{i}"), body));
    }
    let limits = Limits {
        fuel_total: 100_000,
        ..Limits::default()
    };
    let s = set_with(&src, limits);
    let xs: Vec<String> = (0..100).map(|i| i.to_string()).collect();
    let d = decide(&s, &format!("{{\"xs\": [{}]}}", xs.join(",")));
    assert_eq!(d.results.len(), 10);
    assert_eq!(result(&d, "t.r0").status, Status::Pass);
    let errors: Vec<_> = d
        .results
        .iter()
        .filter(|r| r.status == Status::Error)
        .collect();
    assert!(errors.len() >= 5, "{} errors", errors.len());
    for r in &errors {
        assert!(
            r.messages[0]
                .starts_with("evaluation limit exceeded: fuel_total = 100000 steps for all rules"),
            "{}",
            r.messages[0]
        );
    }
    // The rule that ran out points at the expression being evaluated; the
    // ones after it say there was no fuel left.
    assert!(errors[0].messages[0].contains(" at t.gate:"));
    assert!(errors.last().unwrap().messages[0].contains("no fuel left to evaluate this rule"));
    assert_eq!(d.summary.counts.error, errors.len());
}

#[test]
fn limits_deserialize_with_defaults() {
    let l: Limits = serde_json::from_str(r#"{"fuel_per_rule": 5}"#).unwrap();
    assert_eq!(l.fuel_per_rule, 5);
    assert_eq!(l.max_call_depth, Limits::default().max_call_depth);
    assert!(serde_json::from_str::<Limits>(r#"{"fuel": 5}"#).is_err());
}

/// The smallest `fuel_per_rule` with which `src` passes on `input`, found by
/// bisection; `coverage` evaluates node by node (as `phasegate test
/// --coverage` does) instead of reading field chains in place.
fn least_fuel(src: &str, input: &str, coverage: bool) -> u64 {
    let doc: phasegate_lang::Value = serde_json::from_str(input).unwrap_or_else(|e| panic!("{e}"));
    let passes = |fuel: u64| {
        let limits = Limits {
            fuel_per_rule: fuel,
            ..Limits::default()
        };
        let s = set_with(src, limits);
        let ctx = phasegate_engine::EvalContext::new();
        let d = if coverage {
            s.evaluate_with_coverage(&doc, &ctx).0
        } else {
            s.evaluate(&doc, &ctx)
        };
        let r = result(&d, "t.places");
        if r.status == Status::Error {
            assert!(r.messages[0].contains("fuel_per_rule"), "{}", r.messages[0]);
        }
        r.status == Status::Pass
    };
    let (mut lo, mut hi) = (1u64, 10_000u64);
    assert!(passes(hi) && !passes(lo));
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if passes(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

#[test]
fn reading_field_chains_in_place_costs_the_same_fuel_as_node_by_node() {
    // Field chains from the input, a local and a constant, compared in place
    // and read in place, inside a loop and in a message.
    let src = rule(
        "t.places",
        "  let pr = input.pull_request\n  let others = [r in input.reviews | r.user.login != pr.user.login and (r.state) == \"approved\"]\n  require count(others) >= 2 and pr.base.ref == input.policy.branch\n    else \"{pr.number}: {count(others)}\"",
    );
    let input = r#"{"pull_request": {"number": 7, "user": {"login": "ann"}, "base": {"ref": "main"}},
        "policy": {"branch": "main"},
        "reviews": [{"user": {"login": "bob"}, "state": "approved"},
                    {"user": {"login": "ann"}, "state": "approved"},
                    {"user": {"login": "cy"}, "state": "approved"},
                    {"user": {"login": "dee"}, "state": "commented"}]}"#;
    let in_place = least_fuel(&src, input, false);
    let node_by_node = least_fuel(&src, input, true);
    assert_eq!(in_place, node_by_node);
    // Sanity: the rule does take fuel for every node of its places.
    assert!(in_place > 40, "{in_place}");
}
