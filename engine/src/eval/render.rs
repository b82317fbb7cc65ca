//! Bounded rendering of values as compact JSON: never longer than asked,
//! never deeper than [`MAX_DEPTH`], so huge or deep values cannot blow up a
//! message, a decision or the stack.

use phasegate_lang::Value;

/// Deepest nesting rendered; deeper containers show as `…`.
pub(crate) const MAX_DEPTH: usize = 48;

/// Compact JSON of `v` (strings unquoted when `raw_str`), cut at `max` bytes.
/// Returns the text and whether it was cut.
pub(crate) fn render(v: &Value, raw_str: bool, max: usize) -> (String, bool) {
    let mut out = String::new();
    let cut = match v {
        Value::Str(s) if raw_str => {
            out.push_str(s);
            false
        }
        _ => write(&mut out, v, 0, max).is_err(),
    };
    if out.len() > max || cut {
        truncate(&mut out, max);
        return (out, true);
    }
    (out, false)
}

/// Cut `s` to fewer than `max` bytes (on a char boundary) and end it with `…`.
pub(crate) fn truncate(s: &mut String, max: usize) {
    let keep = max.saturating_sub('…'.len_utf8());
    let mut cut = keep.min(s.len());
    while cut > 0 && !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.truncate(cut);
    s.push('…');
}

/// `Err(())` when the output reached `max` (the caller truncates).
fn write(out: &mut String, v: &Value, depth: usize, max: usize) -> Result<(), ()> {
    if out.len() > max {
        return Err(());
    }
    match v {
        Value::Array(xs) => {
            if depth >= MAX_DEPTH {
                out.push('…');
                return Ok(());
            }
            out.push('[');
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, x, depth + 1, max)?;
            }
            out.push(']');
        }
        Value::Object(o) => {
            if depth >= MAX_DEPTH {
                out.push('…');
                return Ok(());
            }
            out.push('{');
            for (i, (k, x)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_str(out, k);
                out.push(':');
                write(out, x, depth + 1, max)?;
            }
            out.push('}');
        }
        Value::Str(s) if s.len() > max => {
            // Only the head of a huge string can be shown anyway.
            let mut head = String::new();
            for c in s.chars() {
                if head.len() >= max {
                    break;
                }
                head.push(c);
            }
            out.push_str(&Value::str(head).to_string());
            return Err(());
        }
        Value::Str(s) => push_json_str(out, s),
        Value::Int(i) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{i}");
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
        scalar => out.push_str(&scalar.to_string()),
    }
    if out.len() > max {
        Err(())
    } else {
        Ok(())
    }
}

/// `s` as a JSON string, exactly as serde_json writes it: plain text is
/// copied between quotes; text with a quote, backslash or control character
/// goes through serde_json.
fn push_json_str(out: &mut String, s: &str) {
    if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        match serde_json::to_string(s) {
            Ok(q) => out.push_str(&q),
            Err(_) => out.push_str("null"),
        }
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// A value safe to keep in a decision: the value itself when its rendering
/// is at most `max` bytes, otherwise a short summary string. The flag tells
/// whether it was summarised.
pub(crate) fn bounded_value(v: &Value, max: usize) -> (Value, bool) {
    let (text, cut) = render(v, false, max);
    if !cut && depth_ok(v, 0) {
        return (v.clone(), false);
    }
    let summary = match v {
        Value::Array(a) => format!("<list of {} items, too large to show>", a.len()),
        Value::Object(o) => format!("<object with {} keys, too large to show>", o.len()),
        Value::Str(s) => {
            let mut t = text;
            if t.len() > 200 {
                truncate(&mut t, 200);
            }
            format!("<string of {} bytes: {t}>", s.len())
        }
        _ => text,
    };
    (Value::str(summary), true)
}

fn depth_ok(v: &Value, depth: usize) -> bool {
    if depth >= MAX_DEPTH {
        return false;
    }
    match v {
        Value::Array(xs) => xs.iter().all(|x| depth_ok(x, depth + 1)),
        Value::Object(o) => o.values().all(|x| depth_ok(x, depth + 1)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_keys_and_scalars_render_as_serde_json_does() {
        let v: Value = serde_json::from_str(
            r#"{"plain":"text","q\"k":"a \"quoted\" \\ line\nbreak\u0001","ü/é":"ü/é\u007f",
                "n":[-9223372036854775808,0,1.5,true,false,null]}"#,
        )
        .unwrap();
        assert_eq!(render(&v, false, 10_000), (v.to_string(), false));
    }

    #[test]
    fn short_values_render_whole() {
        let v: Value = serde_json::from_str(r#"{"a":[1,"x"],"b":null}"#).unwrap();
        assert_eq!(
            render(&v, false, 100),
            (r#"{"a":[1,"x"],"b":null}"#.into(), false)
        );
        assert_eq!(
            render(&Value::str("plain"), true, 100),
            ("plain".into(), false)
        );
        assert_eq!(
            render(&Value::str("plain"), false, 100),
            ("\"plain\"".into(), false)
        );
    }

    #[test]
    fn long_values_are_cut_on_a_char_boundary() {
        let (s, cut) = render(&Value::str("é".repeat(50)), true, 10);
        assert!(cut);
        assert!(s.len() <= 10 && s.ends_with('…'), "{s}");
        let list = Value::array((0..1000).map(Value::Int).collect());
        let (s, cut) = render(&list, false, 30);
        assert!(cut && s.len() <= 30 && s.starts_with("[0,1,2"), "{s}");
    }

    #[test]
    fn deep_values_stop_at_the_depth_limit() {
        let mut v = Value::Int(1);
        for _ in 0..500 {
            v = Value::array(vec![v]);
        }
        let (s, _) = render(&v, false, 10_000);
        assert_eq!(s.matches('[').count(), MAX_DEPTH);
        assert!(s.contains('…'));
        let (b, summarised) = bounded_value(&v, 10_000);
        assert!(summarised);
        assert_eq!(b, Value::str("<list of 1 items, too large to show>"));
    }
}
