//! Time builtins. Times are unix seconds (ints); evaluation never reads the
//! clock: `now()` and `age_days()` use the caller's [`CallCtx::now`].

use super::args::{quote_short, Args};
use super::{Builtin, BuiltinError, CallCtx};
use ::time::format_description::well_known::Rfc3339;
use ::time::OffsetDateTime;
use phasegate_lang::types::Ty;
use phasegate_lang::Value;

type R = Result<Value, BuiltinError>;

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const SECONDS_PER_DAY: f64 = 86_400.0;
/// Float timestamps beyond this many seconds from 1970 are rejected (≈ the int range).
const MAX_FLOAT_SECONDS: f64 = 9.0e18;

/// The time builtins, in documentation order.
pub(crate) fn builtins() -> Vec<Builtin> {
    use Ty::*;
    vec![
        Builtin::new("parse_time", &["s"], &[String], Int, parse_time).doc(
            "Unix seconds of an RFC 3339 date-time (fractions of a second are dropped).",
            r#"parse_time("2026-01-02T03:04:05+01:00") == 1767319445"#,
        ),
        Builtin::new("now", &[], &[], Int, now).doc(
            "The caller's current time (context.now) in unix seconds.",
            r#"now() > parse_time("2020-01-01T00:00:00Z")"#,
        ),
        Builtin::new("age_days", &["ts"], &[Any], Float, age_days).doc(
            "Days from `ts` (RFC 3339 string or unix seconds) to the caller's current time.",
            r#"age_days(now() - 2 * 86400) >= 2.0 and age_days(now() + 86400) < 0.0"#,
        ),
        Builtin::new("duration", &["s"], &[String], Int, duration).doc(
            "Seconds in a duration such as `45s`, `30m`, `12h`, `7d`, `2w` or `1h30m`.",
            r#"duration("7d") == 604800 and duration("1h30m") == 5400"#,
        ),
    ]
}

fn parse_rfc3339(a: &Args<'_>, text: &str) -> Result<OffsetDateTime, BuiltinError> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|e| {
        a.fail(format_args!(
            "expects an RFC 3339 date-time like \"2026-11-23T09:30:00Z\", got {} ({e})",
            quote_short(text)
        ))
    })
}

fn clock(a: &Args<'_>, ctx: &CallCtx<'_>) -> Result<OffsetDateTime, BuiltinError> {
    ctx.now.ok_or_else(|| {
        a.fail("needs the current time, but the caller gave none (set `context.now`)")
    })
}

fn parse_time(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("parse_time", &["s"], args);
    let t = parse_rfc3339(&a, a.str(0)?)?;
    Ok(Value::Int(t.unix_timestamp()))
}

fn now(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("now", &[], args);
    Ok(Value::Int(clock(&a, ctx)?.unix_timestamp()))
}

fn age_days(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("age_days", &["ts"], args);
    let then_nanos: i128 = match a.value(0)? {
        Value::Str(s) => parse_rfc3339(&a, s)?.unix_timestamp_nanos(),
        Value::Int(i) => i128::from(*i) * NANOS_PER_SECOND,
        // Within the range of int seconds, so that nothing below can overflow.
        Value::Float(f) if f.is_finite() && f.abs() < MAX_FLOAT_SECONDS => (f * 1e9) as i128,
        Value::Float(_) => return Err(a.fail("got a time too far from now")),
        other => return Err(a.wrong_type(0, "an RFC 3339 string or unix seconds", other)),
    };
    let now_nanos = clock(&a, ctx)?.unix_timestamp_nanos();
    // Both are within ±1e28 nanoseconds: the difference fits easily in an i128.
    let diff = now_nanos.saturating_sub(then_nanos);
    Ok(Value::Float(diff as f64 / 1e9 / SECONDS_PER_DAY))
}

fn duration(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("duration", &["s"], args);
    let text = a.str(0)?;
    parse_duration(text).map(Value::Int).map_err(|why| {
        a.fail(format_args!(
            "cannot read a duration from {} ({why}; write e.g. \"45s\", \"30m\", \"12h\", \"7d\", \"2w\", \"1h30m\")",
            quote_short(text)
        ))
    })
}

/// Seconds in `<n><unit>…` where unit is one of `s m h d w`.
fn parse_duration(text: &str) -> Result<i64, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    let mut total: i64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return Err("expected a number".into());
        }
        let n: i64 = rest[..digits]
            .parse()
            .map_err(|_| "the number is too large".to_string())?;
        let unit = rest[digits..]
            .chars()
            .next()
            .ok_or_else(|| format!("missing unit after {n}"))?;
        let scale: i64 = match unit {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 604_800,
            other => return Err(format!("unknown unit {other:?}")),
        };
        total = n
            .checked_mul(scale)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(|| "it is too large".to_string())?;
        rest = &rest[digits + unit.len_utf8()..];
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("45s"), Ok(45));
        assert_eq!(parse_duration("30m"), Ok(1_800));
        assert_eq!(parse_duration("12h"), Ok(43_200));
        assert_eq!(parse_duration("7d"), Ok(604_800));
        assert_eq!(parse_duration("2w"), Ok(1_209_600));
        assert_eq!(parse_duration("1d12h"), Ok(129_600));
        assert_eq!(parse_duration("0s"), Ok(0));
    }

    #[test]
    fn bad_durations() {
        for (s, why) in [
            ("", "empty"),
            ("7", "missing unit"),
            ("d", "expected a number"),
            ("7x", "unknown unit"),
            ("-7d", "expected a number"),
            ("7 d", "unknown unit"),
            ("7dé", "expected a number"),
            ("99999999999999999999s", "too large"),
            ("9223372036854775807w", "too large"),
            ("9223372036854775807s1s", "too large"),
        ] {
            let err = parse_duration(s).unwrap_err();
            assert!(err.contains(why), "{s}: {err}");
        }
    }
}
