//! parse_time now age_days duration

use crate::{call_ctx, err, ok, s, same};
use ::time::macros::datetime;
use phasegate_lang::Value;
use phasegate_stdlib::CallCtx;

fn at(now: ::time::OffsetDateTime) -> CallCtx<'static> {
    CallCtx {
        now: Some(now),
        ..CallCtx::basic()
    }
}

fn age(ts: Value, ctx: &CallCtx<'_>) -> f64 {
    match call_ctx("age_days", &[ts], ctx) {
        Ok(Value::Float(f)) => f,
        other => panic!("age_days gave {other:?}"),
    }
}

#[test]
fn parse_time_reads_rfc3339() {
    same(
        ok("parse_time", &[s("1970-01-01T00:00:00Z")]),
        Value::Int(0),
    );
    same(
        ok("parse_time", &[s("2026-11-23T00:00:00Z")]),
        Value::Int(1_795_392_000),
    );
    same(
        ok("parse_time", &[s("2026-01-02T03:04:05+01:00")]),
        Value::Int(1_767_319_445),
    );
    same(
        ok("parse_time", &[s("2026-01-02T02:04:05.999Z")]),
        Value::Int(1_767_319_445),
    );
    same(
        ok("parse_time", &[s("1969-12-31T23:59:59z")]),
        Value::Int(-1),
    );
}

#[test]
fn parse_time_errors() {
    for bad in [
        "",
        "2026-11-23",
        "2026-11-23 00:00:00",
        "23/11/2026",
        "2026-13-01T00:00:00Z",
        "now",
    ] {
        let e = err("parse_time", &[s(bad)]);
        assert!(
            e.starts_with("parse_time() expects an RFC 3339 date-time"),
            "{bad}: {e}"
        );
    }
    assert_eq!(
        err("parse_time", &[Value::Int(0)]),
        "parse_time() expects a string, got int"
    );
}

#[test]
fn now_comes_from_the_caller() {
    let ctx = at(datetime!(2026-11-23 00:00:00.75 UTC));
    same(
        call_ctx("now", &[], &ctx).unwrap(),
        Value::Int(1_795_392_000),
    );
    let e = err("now", &[]);
    assert_eq!(
        e,
        "now() needs the current time, but the caller gave none (set `context.now`)"
    );
}

#[test]
fn age_days_from_strings_and_seconds() {
    let ctx = at(datetime!(2026-11-23 00:00:00 UTC));
    assert_eq!(age(s("2026-11-13T00:00:00Z"), &ctx), 10.0);
    assert_eq!(age(s("2026-11-22T12:00:00Z"), &ctx), 0.5);
    assert_eq!(age(s("2026-11-24T00:00:00+00:00"), &ctx), -1.0);
    assert_eq!(age(Value::Int(1_795_392_000 - 3 * 86_400), &ctx), 3.0);
    assert_eq!(age(Value::Float(1_795_392_000.0 - 43_200.0), &ctx), 0.5);
    assert_eq!(age(Value::Int(1_795_392_000), &ctx), 0.0);
    // Extreme but representable inputs give finite answers.
    assert!(age(Value::Int(i64::MIN), &ctx) > 1e14);
    assert!(age(Value::Float(-8.9e18), &ctx) > 1e14);
}

#[test]
fn age_days_errors() {
    let ctx = at(datetime!(2026-11-23 00:00:00 UTC));
    let e = call_ctx("age_days", &[Value::Null], &ctx).unwrap_err();
    assert_eq!(
        e.message,
        "age_days() expects an RFC 3339 string or unix seconds, got null"
    );
    let e = call_ctx("age_days", &[s("yesterday")], &ctx).unwrap_err();
    assert!(
        e.message
            .starts_with("age_days() expects an RFC 3339 date-time"),
        "{e}"
    );
    for far in [-1e300, 1e19] {
        let e = call_ctx("age_days", &[Value::Float(far)], &ctx).unwrap_err();
        assert_eq!(e.message, "age_days() got a time too far from now");
    }
    let e = err("age_days", &[s("2026-11-13T00:00:00Z")]);
    assert!(e.contains("caller gave none"), "{e}");
}

#[test]
fn durations_in_seconds() {
    same(ok("duration", &[s("45s")]), Value::Int(45));
    same(ok("duration", &[s("30m")]), Value::Int(1_800));
    same(ok("duration", &[s("12h")]), Value::Int(43_200));
    same(ok("duration", &[s("7d")]), Value::Int(604_800));
    same(ok("duration", &[s("2w")]), Value::Int(1_209_600));
    same(ok("duration", &[s("1h30m")]), Value::Int(5_400));
}

#[test]
fn duration_errors() {
    for bad in [
        "",
        "7",
        "7y",
        "d",
        "1.5h",
        "-1d",
        "7 d",
        "PT1H",
        "99999999999999999999d",
    ] {
        let e = err("duration", &[s(bad)]);
        assert!(
            e.starts_with("duration() cannot read a duration from"),
            "{bad}: {e}"
        );
    }
    assert_eq!(
        err("duration", &[Value::Int(7)]),
        "duration() expects a string, got int"
    );
}
