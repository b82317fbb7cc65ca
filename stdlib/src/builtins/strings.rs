//! String builtins: case, trimming, prefixes, splitting and joining,
//! replacement, and conversions to and from strings.

use super::args::{quote_short, render_limited, Args};
use super::{Builtin, BuiltinError, CallCtx};
use phasegate_lang::types::Ty;
use phasegate_lang::Value;

type R = Result<Value, BuiltinError>;

/// The string builtins, in documentation order.
pub(crate) fn builtins() -> Vec<Builtin> {
    use Ty::*;
    vec![
        Builtin::new("lower", &["s"], &[String], String, lower).doc(
            "The string in lower case (Unicode).",
            r#"lower("ÀBC") == "àbc""#,
        ),
        Builtin::new("upper", &["s"], &[String], String, upper).doc(
            "The string in upper case (Unicode).",
            r#"upper("straße") == "STRASSE""#,
        ),
        Builtin::new("trim", &["s"], &[String], String, trim).doc(
            "The string without leading and trailing whitespace.",
            r#"trim("  main \n") == "main""#,
        ),
        Builtin::new("starts_with", &["s", "prefix"], &[String, String], Bool, starts_with)
            .doc(
                "Whether `s` begins with `prefix`.",
                r#"starts_with("refs/heads/main", "refs/heads/")"#,
            ),
        Builtin::new("ends_with", &["s", "suffix"], &[String, String], Bool, ends_with).doc(
            "Whether `s` ends with `suffix`.",
            r#"ends_with("dependabot[bot]", "[bot]")"#,
        ),
        Builtin::new("contains", &["s", "sub"], &[String, String], Bool, contains).doc(
            "Whether `sub` occurs in `s`.",
            r#"contains("release/v1.2", "/v1")"#,
        ),
        Builtin::new("split", &["s", "sep"], &[String, String], List, split).doc(
            "The pieces of `s` between occurrences of `sep`; an empty `sep` splits into characters.",
            r#"split("a,b,,c", ",") == ["a", "b", "", "c"]"#,
        ),
        Builtin::new("join", &["xs", "sep"], &[List, String], String, join).doc(
            "The strings of `xs` joined with `sep` between them.",
            r#"join(["read", "write"], ", ") == "read, write""#,
        ),
        Builtin::new("replace", &["s", "from", "to"], &[String, String, String], String, replace)
            .doc(
                "`s` with every occurrence of `from` replaced by `to`.",
                r#"replace("a-b-c", "-", "/") == "a/b/c""#,
            ),
        Builtin::new("to_string", &["x"], &[Any], String, to_string).doc(
            "Strings as they are, anything else as compact JSON (like message templates).",
            r#"to_string([1, "a", null]) == "[1,\"a\",null]""#,
        ),
        Builtin::new("to_number", &["x"], &[Any], Number, to_number).doc(
            "A number parsed from a string (an int when it has no fraction or exponent).",
            r#"to_number(" 42 ") == 42 and to_number("2.5e1") == 25.0"#,
        ),
    ]
}

fn lower(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("lower", &["s"], args);
    let s = a.str(0)?;
    let bytes: usize = s
        .chars()
        .map(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>())
        .sum();
    a.check_bytes(bytes, ctx.max_size)?;
    Ok(Value::from(s.to_lowercase()))
}

fn upper(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("upper", &["s"], args);
    let s = a.str(0)?;
    let bytes: usize = s
        .chars()
        .map(|c| c.to_uppercase().map(char::len_utf8).sum::<usize>())
        .sum();
    a.check_bytes(bytes, ctx.max_size)?;
    Ok(Value::from(s.to_uppercase()))
}

fn trim(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("trim", &["s"], args);
    let s = a.arc_str(0)?;
    let t = s.trim();
    if t.len() == s.len() {
        return Ok(Value::Str(s.clone()));
    }
    a.check_bytes(t.len(), ctx.max_size)?;
    Ok(Value::str(t))
}

fn starts_with(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("starts_with", &["s", "prefix"], args);
    Ok(Value::Bool(a.str(0)?.starts_with(a.str(1)?)))
}

fn ends_with(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("ends_with", &["s", "suffix"], args);
    Ok(Value::Bool(a.str(0)?.ends_with(a.str(1)?)))
}

fn contains(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("contains", &["s", "sub"], args);
    Ok(Value::Bool(a.str(0)?.contains(a.str(1)?)))
}

fn split(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("split", &["s", "sep"], args);
    let (s, sep) = (a.str(0)?, a.str(1)?);
    if sep.is_empty() {
        a.check_items(s.chars().count(), ctx.max_size)?;
        let mut buf = [0u8; 4];
        return Ok(Value::array(
            s.chars()
                .map(|c| Value::str(c.encode_utf8(&mut buf)))
                .collect(),
        ));
    }
    // Count first so that a huge result fails before anything is allocated.
    let pieces = s.matches(sep).count().saturating_add(1);
    a.check_items(pieces, ctx.max_size)?;
    Ok(Value::array(s.split(sep).map(Value::str).collect()))
}

fn join(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("join", &["xs", "sep"], args);
    let (xs, sep) = (a.list(0)?, a.str(1)?);
    let mut parts = Vec::with_capacity(xs.len());
    let mut bytes = sep
        .len()
        .checked_mul(xs.len().saturating_sub(1))
        .ok_or_else(|| a.too_large("a string"))?;
    for (i, x) in xs.iter().enumerate() {
        let s = x
            .as_str()
            .ok_or_else(|| a.wrong_item(0, "a list of strings", i, x))?;
        bytes = bytes
            .checked_add(s.len())
            .ok_or_else(|| a.too_large("a string"))?;
        parts.push(s);
    }
    a.check_bytes(bytes, ctx.max_size)?;
    Ok(Value::from(parts.join(sep)))
}

fn replace(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("replace", &["s", "from", "to"], args);
    let (s, from, to) = (a.str(0)?, a.str(1)?, a.str(2)?);
    // Count first so that a huge result fails before anything is allocated.
    // Matches do not overlap, so `n * from.len() <= s.len()`.
    let n = s.matches(from).count();
    let kept = s.len().saturating_sub(n.saturating_mul(from.len()));
    let bytes = n
        .checked_mul(to.len())
        .and_then(|added| kept.checked_add(added))
        .ok_or_else(|| a.too_large("a string"))?;
    a.check_bytes(bytes, ctx.max_size)?;
    Ok(Value::from(s.replace(from, to)))
}

fn to_string(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("to_string", &["x"], args);
    let x = a.value(0)?;
    if let Value::Str(s) = x {
        return Ok(Value::Str(s.clone()));
    }
    render_limited(x, ctx.max_size)
        .map(Value::Str)
        .ok_or_else(|| {
            a.fail(format_args!(
                "would build a string over the limit of {} bytes",
                ctx.max_size
            ))
        })
}

fn to_number(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("to_number", &["x"], args);
    let x = a.value(0)?;
    let s = match x {
        Value::Int(_) | Value::Float(_) => return Ok(x.clone()),
        Value::Str(s) => s.trim(),
        other => return Err(a.wrong_type(0, "a string or a number", other)),
    };
    let is_float_syntax = s.contains(['.', 'e', 'E']);
    if !is_float_syntax {
        if let Ok(i) = s.parse::<i64>() {
            return Ok(Value::Int(i));
        }
    }
    // Rust also accepts "inf" and "NaN": only plain decimal syntax is a number here.
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    match s.parse::<f64>() {
        Ok(f) if plain && f.is_finite() => Ok(Value::Float(f)),
        _ => Err(a.fail(format_args!("cannot read a number from {}", quote_short(s)))),
    }
}
