//! Dotted paths into values (`"a.b.0.c"`), used by `get`, `sort_by` and `group_by`.

use phasegate_lang::Value;

static NULL: Value = Value::Null;

/// Follow `path` from `v`: each `.`-separated segment is an object key, or a
/// list index when the current value is a list (negative indexes count from
/// the end, like `xs[-1]`). A missing key, an index out of range, or a step
/// into anything else gives `null`. The empty path is `v` itself.
pub(crate) fn walk<'v>(v: &'v Value, path: &str) -> &'v Value {
    if path.is_empty() {
        return v;
    }
    let mut cur = v;
    for seg in path.split('.') {
        cur = match cur {
            Value::Object(o) => o.get(seg).unwrap_or(&NULL),
            Value::Array(a) => index(a, seg).unwrap_or(&NULL),
            _ => &NULL,
        };
    }
    cur
}

fn index<'v>(items: &'v [Value], seg: &str) -> Option<&'v Value> {
    let i: i64 = seg.parse().ok()?;
    let len = i64::try_from(items.len()).ok()?;
    let i = if i < 0 { i.checked_add(len)? } else { i };
    items.get(usize::try_from(i).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use phasegate_lang::value::Object;

    fn doc() -> Value {
        let v: serde_json::Value = serde_json::json!({
            "a": {"b": [{"c": 1}, {"c": 2}], "x.y": true},
            "list": [10, 20, 30],
            "é": "unicode"
        });
        Value::from_json(&v)
    }

    #[test]
    fn walks_objects_and_lists() {
        let d = doc();
        assert_eq!(walk(&d, "a.b.1.c"), &Value::Int(2));
        assert_eq!(walk(&d, "list.0"), &Value::Int(10));
        assert_eq!(walk(&d, "list.-1"), &Value::Int(30));
        assert_eq!(walk(&d, "é"), &Value::str("unicode"));
        assert_eq!(walk(&d, ""), &d);
    }

    #[test]
    fn missing_steps_give_null() {
        let d = doc();
        for p in [
            "nope",
            "a.b.5.c",
            "list.3",
            "list.-4",
            "list.x",
            "a.b.0.c.d",
            "a.x.y",
            ".",
            "list.",
            "list.99999999999999999999",
        ] {
            assert_eq!(walk(&d, p), &Value::Null, "{p}");
        }
        assert_eq!(walk(&Value::Null, "a"), &Value::Null);
        assert_eq!(walk(&Value::object(Object::default()), "0"), &Value::Null);
    }
}
