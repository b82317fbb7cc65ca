//! Collection builtins: sizes, sums, extremes, sorting, deduplication,
//! grouping, object keys and values, and safe access to optional data.

use super::args::{render_limited, Args};
use super::hash::hash_value;
use super::path::walk;
use super::{Builtin, BuiltinError, CallCtx};
use indexmap::IndexMap;
use phasegate_lang::types::Ty;
use phasegate_lang::value::Object;
use phasegate_lang::Value;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

type R = Result<Value, BuiltinError>;

/// The collection builtins, in documentation order.
pub(crate) fn builtins() -> Vec<Builtin> {
    use Ty::*;
    vec![
        Builtin::new("count", &["x"], &[Any], Int, count).doc(
            "Number of items in a list, entries in an object, or characters in a string.",
            r#"count([1, 2, 3]) == 3 and count({a: 1}) == 1 and count("né") == 2"#,
        ),
        Builtin::new("sum", &["xs"], &[List], Number, sum).doc(
            "Sum of a list of numbers: an int when all items are ints, else a float; 0 when empty.",
            "sum([1, 2, 3]) == 6 and sum([1, 0.5]) == 1.5 and sum([]) == 0",
        ),
        Builtin::new("min", &["xs"], &[List], Any, min).doc(
            "Smallest item of a list of numbers or of strings; null when empty.",
            r#"min([3, 1.5, 2]) == 1.5 and min(["b", "a"]) == "a" and min([]) == null"#,
        ),
        Builtin::new("max", &["xs"], &[List], Any, max).doc(
            "Largest item of a list of numbers or of strings; null when empty.",
            r#"max([3, 1.5, 2]) == 3 and max([]) == null"#,
        ),
        Builtin::new("sort", &["xs"], &[List], List, sort).doc(
            "The items in ascending order (null < bools < numbers < strings < lists < objects); stable.",
            r#"sort([3, "a", 1, null]) == [null, 1, 3, "a"]"#,
        ),
        Builtin::new("sort_by", &["xs", "field"], &[List, String], List, sort_by).doc(
            "The objects of `xs` in ascending order of the value at `field` (a dotted path); stable, missing first.",
            r#"sort_by([{n: 2}, {}, {n: 1}], "n") == [{}, {n: 1}, {n: 2}]"#,
        ),
        Builtin::new("unique", &["xs"], &[List], List, unique).doc(
            "The items without repeats, first occurrences in order (1 and 1.0 are equal).",
            r#"unique([2, 1, 2, 1.0, "1"]) == [2, 1, "1"]"#,
        ),
        Builtin::new("keys", &["o"], &[Object], List, keys).doc(
            "The keys of an object, in order.",
            r#"keys({b: 1, a: 2}) == ["b", "a"]"#,
        ),
        Builtin::new("values", &["o"], &[Object], List, values).doc(
            "The values of an object, in key order.",
            r#"values({b: 1, a: 2}) == [1, 2]"#,
        ),
        Builtin::new("flatten", &["xs"], &[List], List, flatten).doc(
            "The items of `xs` with nested lists spliced in, one level deep.",
            "flatten([1, [2, [3]], []]) == [1, 2, [3]]",
        ),
        Builtin::new("group_by", &["xs", "field"], &[List, String], Object, group_by).doc(
            "An object from each rendered value at `field` (a dotted path) to the objects having it, in first-seen order.",
            r#"group_by([{s: "high"}, {s: "low"}, {s: "high", n: 2}], "s") == {high: [{s: "high"}, {s: "high", n: 2}], low: [{s: "low"}]}"#,
        ),
        Builtin::new("first", &["xs"], &[List], Any, first).doc(
            "The first item of a list; null when empty.",
            r#"first(["a", "b"]) == "a" and first([]) == null"#,
        ),
        Builtin::new("last", &["xs"], &[List], Any, last).doc(
            "The last item of a list; null when empty.",
            r#"last(["a", "b"]) == "b" and last([]) == null"#,
        ),
        Builtin::new("exists", &["x"], &[Any], Bool, exists).doc(
            "Whether `x` is not null (a missing field is null).",
            r#"exists({a: 1}.a) and not exists({a: 1}.b)"#,
        ),
        Builtin::new("default", &["x", "d"], &[Any, Any], Any, default).doc(
            "`x`, or `d` when `x` is null.",
            r#"default({}.tags, []) == [] and default(0, 5) == 0"#,
        ),
        Builtin::new("get", &["x", "path", "default"], &[Any, String, Any], Any, get)
            .required(2)
            .doc(
                "The value at a dotted path of object keys and list indexes, or `default` (null if not given) when it is null or missing.",
                r#"get({a: {b: [{c: 7}]}}, "a.b.0.c") == 7 and get({}, "a.b", "none") == "none""#,
            ),
    ]
}

fn count(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("count", &["x"], args);
    let n = match a.value(0)? {
        Value::Array(xs) => xs.len(),
        Value::Object(o) => o.len(),
        Value::Str(s) => s.chars().count(),
        other => return Err(a.wrong_type(0, "a list, an object or a string", other)),
    };
    i64::try_from(n)
        .map(Value::Int)
        .map_err(|_| a.too_large("a count"))
}

fn sum(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("sum", &["xs"], args);
    let xs = a.list(0)?;
    // `None` once the int sum has overflowed; it only matters if every item is an int.
    let mut int_total: Option<i64> = Some(0);
    let mut all_ints = true;
    let mut float_total = 0.0f64;
    for (i, x) in xs.iter().enumerate() {
        match x {
            Value::Int(n) => int_total = int_total.and_then(|t| t.checked_add(*n)),
            Value::Float(_) => all_ints = false,
            other => return Err(a.wrong_item(0, "a list of numbers", i, other)),
        }
        float_total += x.as_f64().unwrap_or(0.0);
    }
    match (all_ints, int_total) {
        (true, Some(t)) => Ok(Value::Int(t)),
        (true, None) => Err(a.fail("overflows: the sum does not fit in a 64-bit integer")),
        (false, _) if float_total.is_finite() => Ok(Value::Float(float_total)),
        (false, _) => Err(a.fail("overflows: the sum is not a finite number")),
    }
}

/// The smallest (`want` = Less) or largest (`want` = Greater) item of list
/// argument 0; the first such item on ties.
fn extreme(a: &Args<'_>, want: Ordering) -> R {
    let xs = a.list(0)?;
    let mut best: Option<&Value> = None;
    for (i, x) in xs.iter().enumerate() {
        if !matches!(x, Value::Int(_) | Value::Float(_) | Value::Str(_)) {
            return Err(a.wrong_item(0, "a list of numbers or of strings", i, x));
        }
        best = match best {
            None => Some(x),
            Some(b) => match x.compare(b) {
                Some(o) if o == want => Some(x),
                Some(_) => Some(b),
                None => {
                    return Err(a.fail(format_args!(
                        "cannot compare {} with {} (xs[{i}])",
                        b.kind(),
                        x.kind()
                    )))
                }
            },
        };
    }
    Ok(best.cloned().unwrap_or(Value::Null))
}

fn min(args: &[&Value], _: &CallCtx<'_>) -> R {
    extreme(&Args::new("min", &["xs"], args), Ordering::Less)
}

fn max(args: &[&Value], _: &CallCtx<'_>) -> R {
    extreme(&Args::new("max", &["xs"], args), Ordering::Greater)
}

fn sort(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("sort", &["xs"], args);
    let xs = a.list(0)?;
    a.check_items(xs.len(), ctx.max_size)?;
    let mut out: Vec<Value> = xs.to_vec();
    out.sort_by(Value::total_cmp);
    Ok(Value::array(out))
}

/// The items of `xs` (which must all be objects) with their values at `field`.
fn keyed<'v>(
    a: &Args<'_>,
    xs: &'v [Value],
    field: &str,
) -> Result<Vec<(&'v Value, &'v Value)>, BuiltinError> {
    xs.iter()
        .enumerate()
        .map(|(i, x)| match x {
            Value::Object(_) => Ok((walk(x, field), x)),
            other => Err(a.wrong_item(0, "a list of objects", i, other)),
        })
        .collect()
}

fn sort_by(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("sort_by", &["xs", "field"], args);
    let (xs, field) = (a.list(0)?, a.str(1)?);
    a.check_items(xs.len(), ctx.max_size)?;
    let mut pairs = keyed(&a, xs, field)?;
    pairs.sort_by(|(k1, _), (k2, _)| k1.total_cmp(k2));
    Ok(Value::array(
        pairs.into_iter().map(|(_, x)| x.clone()).collect(),
    ))
}

fn unique(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("unique", &["xs"], args);
    let xs = a.list(0)?;
    let mut out: Vec<Value> = Vec::new();
    // Hash → indexes in `out` of the kept items with that hash.
    let mut seen: HashMap<u64, Vec<usize>> = HashMap::new();
    for x in xs.iter() {
        let bucket = seen.entry(hash_value(x)).or_default();
        if bucket
            .iter()
            .any(|&j| out.get(j).is_some_and(|y| y.equals(x)))
        {
            continue;
        }
        a.check_items(out.len() + 1, ctx.max_size)?;
        bucket.push(out.len());
        out.push(x.clone());
    }
    Ok(Value::array(out))
}

fn keys(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("keys", &["o"], args);
    let o = a.object(0)?;
    a.check_items(o.len(), ctx.max_size)?;
    Ok(Value::array(
        o.keys().map(|k| Value::Str(k.clone())).collect(),
    ))
}

fn values(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("values", &["o"], args);
    let o = a.object(0)?;
    a.check_items(o.len(), ctx.max_size)?;
    Ok(Value::array(o.values().cloned().collect()))
}

fn flatten(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("flatten", &["xs"], args);
    let xs = a.list(0)?;
    let total = xs.iter().try_fold(0usize, |n, x| match x {
        Value::Array(inner) => n.checked_add(inner.len()),
        _ => n.checked_add(1),
    });
    a.check_items(total.unwrap_or(usize::MAX), ctx.max_size)?;
    let mut out = Vec::with_capacity(total.unwrap_or(0));
    for x in xs.iter() {
        match x {
            Value::Array(inner) => out.extend(inner.iter().cloned()),
            other => out.push(other.clone()),
        }
    }
    Ok(Value::array(out))
}

fn group_by(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("group_by", &["xs", "field"], args);
    let (xs, field) = (a.list(0)?, a.str(1)?);
    a.check_items(xs.len(), ctx.max_size)?;
    let mut groups: IndexMap<Arc<str>, Vec<Value>> = IndexMap::new();
    for (key, x) in keyed(&a, xs, field)? {
        let name = render_limited(key, ctx.max_size).ok_or_else(|| {
            a.fail(format_args!(
                "would build a key over the limit of {} bytes",
                ctx.max_size
            ))
        })?;
        groups.entry(name).or_default().push(x.clone());
    }
    let obj: Object = groups
        .into_iter()
        .map(|(k, items)| (k, Value::array(items)))
        .collect();
    Ok(Value::object(obj))
}

fn first(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("first", &["xs"], args);
    Ok(a.list(0)?.first().cloned().unwrap_or(Value::Null))
}

fn last(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("last", &["xs"], args);
    Ok(a.list(0)?.last().cloned().unwrap_or(Value::Null))
}

fn exists(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("exists", &["x"], args);
    Ok(Value::Bool(!a.value(0)?.is_null()))
}

fn default(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("default", &["x", "d"], args);
    let (x, d) = (a.value(0)?, a.value(1)?);
    Ok(if x.is_null() { d.clone() } else { x.clone() })
}

fn get(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("get", &["x", "path", "default"], args);
    let (x, path) = (a.value(0)?, a.str(1)?);
    let found = walk(x, path);
    Ok(if found.is_null() {
        a.opt(2).cloned().unwrap_or(Value::Null)
    } else {
        found.clone()
    })
}
