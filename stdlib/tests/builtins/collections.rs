//! count sum min max sort sort_by unique keys values flatten group_by first last exists default get

use crate::{call_ctx, err, j, ok, s, same, small};
use phasegate_lang::Value;

#[test]
fn count_lists_objects_and_characters() {
    same(ok("count", &[j!([1, 2, 3])]), Value::Int(3));
    same(ok("count", &[j!([])]), Value::Int(0));
    same(ok("count", &[j!({"a": 1, "b": null})]), Value::Int(2));
    same(ok("count", &[s("né🙂")]), Value::Int(3));
    same(ok("count", &[s("")]), Value::Int(0));
    assert_eq!(
        err("count", &[Value::Null]),
        "count() expects a list, an object or a string, got null"
    );
    assert_eq!(
        err("count", &[Value::Int(3)]),
        "count() expects a list, an object or a string, got int"
    );
}

#[test]
fn sum_keeps_ints_apart_from_floats() {
    same(ok("sum", &[j!([1, 2, 3])]), Value::Int(6));
    same(ok("sum", &[j!([])]), Value::Int(0));
    same(ok("sum", &[j!([1, 0.5])]), Value::Float(1.5));
    same(ok("sum", &[j!([1.0, 2.0])]), Value::Float(3.0));
    same(ok("sum", &[j!([-5, 5])]), Value::Int(0));
    // An int overflow only matters when the result is an int.
    same(
        ok("sum", &[j!([i64::MAX, i64::MAX, 0.0])]),
        Value::Float(2.0 * i64::MAX as f64),
    );
}

#[test]
fn sum_errors() {
    assert_eq!(
        err("sum", &[j!([i64::MAX, 1])]),
        "sum() overflows: the sum does not fit in a 64-bit integer"
    );
    assert_eq!(
        err("sum", &[j!([i64::MIN, -1])]),
        "sum() overflows: the sum does not fit in a 64-bit integer"
    );
    assert_eq!(
        err("sum", &[j!([1.0e308, 1.0e308])]),
        "sum() overflows: the sum is not a finite number"
    );
    assert_eq!(
        err("sum", &[j!([1, "2"])]),
        "sum() expects a list of numbers, got string at xs[1]"
    );
    assert_eq!(
        err("sum", &[j!([null])]),
        "sum() expects a list of numbers, got null at xs[0]"
    );
    assert_eq!(err("sum", &[Value::Null]), "sum() expects a list, got null");
}

#[test]
fn min_and_max() {
    same(ok("min", &[j!([3, 1.5, 2])]), Value::Float(1.5));
    same(ok("max", &[j!([3, 1.5, 2])]), Value::Int(3));
    same(ok("min", &[j!(["b", "a", "é"])]), s("a"));
    same(ok("max", &[j!(["b", "a", "é"])]), s("é"));
    same(ok("min", &[j!([])]), Value::Null);
    same(ok("max", &[j!([])]), Value::Null);
    same(ok("min", &[j!([7])]), Value::Int(7));
    // Ties keep the first: 1 and 1.0 are equal.
    same(ok("min", &[j!([1, 1.0])]), Value::Int(1));
    same(ok("max", &[j!([1.0, 1])]), Value::Float(1.0));
}

#[test]
fn min_and_max_errors() {
    assert_eq!(
        err("min", &[j!([1, "a"])]),
        "min() cannot compare int with string (xs[1])"
    );
    assert_eq!(
        err("max", &[j!(["a", null])]),
        "max() expects a list of numbers or of strings, got null at xs[1]"
    );
    assert_eq!(
        err("max", &[j!([[1]])]),
        "max() expects a list of numbers or of strings, got list at xs[0]"
    );
    assert_eq!(err("min", &[j!({})]), "min() expects a list, got object");
}

#[test]
fn sort_is_total_and_stable() {
    same(ok("sort", &[j!([3, 1, 2])]), j!([1, 2, 3]));
    same(
        ok("sort", &[j!([3, "a", 1, null, true])]),
        j!([null, true, 1, 3, "a"]),
    );
    same(ok("sort", &[j!([])]), j!([]));
    same(
        ok("sort", &[j!(["b", "B", "a", "é"])]),
        j!(["B", "a", "b", "é"]),
    );
    // Stable: 1 and 1.0 compare equal and keep their order.
    same(ok("sort", &[j!([2, 1.0, 1])]), j!([1.0, 1, 2]));
    assert_eq!(ok("sort", &[j!([2, 1.0, 1])]).to_string(), "[1.0,1,2]");
    assert_eq!(ok("sort", &[j!([2, 1, 1.0])]).to_string(), "[1,1.0,2]");
    same(
        ok("sort", &[j!([[2], [1, 5], [1]])]),
        j!([[1], [1, 5], [2]]),
    );
    assert_eq!(
        err("sort", &[s("cba")]),
        "sort() expects a list, got string"
    );
}

#[test]
fn sort_by_field() {
    let xs = j!([{"n": 2, "id": "a"}, {"id": "b"}, {"n": 1, "id": "c"}, {"n": 2, "id": "d"}]);
    same(
        ok("sort_by", &[xs, s("n")]),
        j!([{"id": "b"}, {"n": 1, "id": "c"}, {"n": 2, "id": "a"}, {"n": 2, "id": "d"}]),
    );
    let nested = j!([{"m": {"t": "z"}}, {"m": {"t": "a"}}]);
    same(
        ok("sort_by", &[nested, s("m.t")]),
        j!([{"m": {"t": "a"}}, {"m": {"t": "z"}}]),
    );
    same(ok("sort_by", &[j!([]), s("n")]), j!([]));
    assert_eq!(
        err("sort_by", &[j!([{"n": 1}, 2]), s("n")]),
        "sort_by() expects a list of objects, got int at xs[1]"
    );
    assert_eq!(
        err("sort_by", &[j!([]), Value::Int(0)]),
        "sort_by() expects a string for `field` (argument 2), got int"
    );
}

#[test]
fn unique_keeps_first_occurrences() {
    same(ok("unique", &[j!([2, 1, 2, 1.0, "1"])]), j!([2, 1, "1"]));
    same(ok("unique", &[j!([])]), j!([]));
    same(ok("unique", &[j!([null, null])]), j!([null]));
    same(
        ok(
            "unique",
            &[j!([{"a": 1, "b": 2}, {"b": 2, "a": 1}, {"a": 1}])],
        ),
        j!([{"a": 1, "b": 2}, {"a": 1}]),
    );
    same(ok("unique", &[j!(["é", "e", "é"])]), j!(["é", "e"]));
    // Large ints that share a float value stay distinct.
    let big = 1_i64 << 60;
    same(ok("unique", &[j!([big, big + 1, big])]), j!([big, big + 1]));
    assert_eq!(
        err("unique", &[Value::Null]),
        "unique() expects a list, got null"
    );
}

#[test]
fn unique_handles_many_items() {
    let xs: Vec<Value> = (0..50_000).map(|i| Value::Int(i % 1_000)).collect();
    let got = ok("unique", &[Value::array(xs)]);
    let want: Vec<Value> = (0..1_000).map(Value::Int).collect();
    same(got, Value::array(want));
}

#[test]
fn keys_and_values() {
    same(ok("keys", &[j!({"b": 1, "a": 2})]), j!(["b", "a"]));
    same(ok("values", &[j!({"b": 1, "a": [2]})]), j!([1, [2]]));
    same(ok("keys", &[j!({})]), j!([]));
    same(ok("values", &[j!({})]), j!([]));
    assert_eq!(err("keys", &[j!([])]), "keys() expects an object, got list");
    assert_eq!(
        err("values", &[Value::Null]),
        "values() expects an object, got null"
    );
}

#[test]
fn flatten_one_level() {
    same(ok("flatten", &[j!([1, [2, [3]], []])]), j!([1, 2, [3]]));
    same(ok("flatten", &[j!([])]), j!([]));
    same(ok("flatten", &[j!([[], []])]), j!([]));
    same(
        ok("flatten", &[j!([null, {"a": [1]}])]),
        j!([null, {"a": [1]}]),
    );
    assert_eq!(
        err("flatten", &[j!({})]),
        "flatten() expects a list, got object"
    );
}

#[test]
fn group_by_field() {
    let xs = j!([{"s": "high", "n": 1}, {"s": "low"}, {"s": "high", "n": 2}, {}, {"s": 3}]);
    same(
        ok("group_by", &[xs, s("s")]),
        j!({
            "high": [{"s": "high", "n": 1}, {"s": "high", "n": 2}],
            "low": [{"s": "low"}],
            "null": [{}],
            "3": [{"s": 3}]
        }),
    );
    let got = ok(
        "group_by",
        &[j!([{"k": "b"}, {"k": "a"}, {"k": "b"}]), s("k")],
    );
    same(ok("keys", &[got]), j!(["b", "a"]));
    same(ok("group_by", &[j!([]), s("k")]), j!({}));
    let nested = j!([{"r": {"id": ["x"]}}]);
    same(
        ok("group_by", &[nested, s("r.id")]),
        j!({"[\"x\"]": [{"r": {"id": ["x"]}}]}),
    );
    assert_eq!(
        err("group_by", &[j!(["a"]), s("k")]),
        "group_by() expects a list of objects, got string at xs[0]"
    );
}

#[test]
fn first_and_last() {
    same(ok("first", &[j!(["a", "b"])]), s("a"));
    same(ok("last", &[j!(["a", "b"])]), s("b"));
    same(ok("first", &[j!([])]), Value::Null);
    same(ok("last", &[j!([])]), Value::Null);
    same(ok("last", &[j!([null])]), Value::Null);
    assert_eq!(
        err("first", &[s("ab")]),
        "first() expects a list, got string"
    );
    assert_eq!(
        err("last", &[Value::Null]),
        "last() expects a list, got null"
    );
}

#[test]
fn exists_and_default() {
    same(ok("exists", &[Value::Int(0)]), Value::Bool(true));
    same(ok("exists", &[s("")]), Value::Bool(true));
    same(ok("exists", &[Value::Bool(false)]), Value::Bool(true));
    same(ok("exists", &[Value::Null]), Value::Bool(false));
    same(ok("default", &[Value::Null, j!([])]), j!([]));
    same(
        ok("default", &[Value::Int(0), Value::Int(5)]),
        Value::Int(0),
    );
    same(
        ok("default", &[Value::Bool(false), Value::Bool(true)]),
        Value::Bool(false),
    );
    same(ok("default", &[Value::Null, Value::Null]), Value::Null);
    assert_eq!(err("exists", &[]), "exists() needs argument 1 (`x`)");
    assert_eq!(
        err("default", &[Value::Null]),
        "default() needs argument 2 (`d`)"
    );
}

#[test]
fn get_walks_paths() {
    let doc = j!({"a": {"b": [{"c": 7}, {"c": null}]}, "x.y": 1, "list": [1, 2, 3]});
    same(ok("get", &[doc.clone(), s("a.b.0.c")]), Value::Int(7));
    same(ok("get", &[doc.clone(), s("list.-1")]), Value::Int(3));
    same(
        ok("get", &[doc.clone(), s("a.b.1.c"), s("none")]),
        s("none"),
    );
    same(
        ok("get", &[doc.clone(), s("a.b.9.c"), Value::Int(0)]),
        Value::Int(0),
    );
    same(ok("get", &[doc.clone(), s("a.b.0.c.d")]), Value::Null);
    same(ok("get", &[doc.clone(), s("x.y")]), Value::Null);
    same(ok("get", &[doc.clone(), s("")]), doc.clone());
    same(ok("get", &[Value::Null, s("a"), s("d")]), s("d"));
    same(
        ok("get", &[doc.clone(), s("list.0"), s("d")]),
        Value::Int(1),
    );
    assert_eq!(
        err("get", &[doc, Value::Int(0)]),
        "get() expects a string for `path` (argument 2), got int"
    );
    assert_eq!(err("get", &[j!({})]), "get() needs argument 2 (`path`)");
}

#[test]
fn collection_builders_respect_the_size_limit() {
    let ctx = small(3);
    let four = j!([4, 3, 2, 1]);
    for name in ["sort", "unique", "flatten"] {
        let e = call_ctx(name, std::slice::from_ref(&four), &ctx).unwrap_err();
        assert_eq!(
            e.message,
            format!("{name}() would build a list or object of 4 items, over the limit of 3")
        );
        assert!(call_ctx(name, &[j!([3, 2, 1])], &ctx).is_ok(), "{name}");
    }
    // flatten counts the spliced items before building anything.
    let e = call_ctx("flatten", &[j!([[1, 2], [3, 4]])], &ctx).unwrap_err();
    assert!(e.message.contains("4 items"), "{e}");
    // unique only counts the items it keeps.
    same(
        call_ctx("unique", &[j!([1, 1, 1, 1, 2])], &ctx).unwrap(),
        j!([1, 2]),
    );
    let objs = j!([{"k": 1}, {"k": 2}, {"k": 3}, {"k": 4}]);
    for name in ["sort_by", "group_by"] {
        assert!(
            call_ctx(name, &[objs.clone(), s("k")], &ctx).is_err(),
            "{name}"
        );
    }
    let obj = j!({"a": 1, "b": 2, "c": 3, "d": 4});
    for name in ["keys", "values"] {
        assert!(
            call_ctx(name, std::slice::from_ref(&obj), &ctx).is_err(),
            "{name}"
        );
    }
    // group_by keys are rendered within the byte limit.
    let e = call_ctx("group_by", &[j!([{"k": [1, 2]}]), s("k")], &ctx).unwrap_err();
    assert_eq!(
        e.message,
        "group_by() would build a key over the limit of 3 bytes"
    );
}
