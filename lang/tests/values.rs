//! Documents read into values: every object of one document shares one copy
//! of each key, lists and objects come out whole at their exact size, and
//! nothing about the sharing changes what is read.

use phasegate_lang::value::Object;
use phasegate_lang::Value;
use std::sync::Arc;

fn read(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn object(v: &Value) -> &Arc<Object> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v:?}"))
}

fn key<'a>(v: &'a Value, name: &str) -> &'a Arc<str> {
    object(v)
        .get_key_value(name)
        .map(|(k, _)| k)
        .unwrap_or_else(|| panic!("no key {name} in {v:?}"))
}

#[test]
fn objects_of_one_document_share_each_key() {
    let doc = read(
        r#"{"components": [{"name": "a", "version": "1"}, {"name": "b", "version": "2",
            "deps": [{"name": "c"}]}]}"#,
    );
    let comps = doc.get("components").as_array().expect("a list");
    let deep = &comps[1].get("deps").as_array().expect("a list")[0];
    assert!(Arc::ptr_eq(key(&comps[0], "name"), key(&comps[1], "name")));
    assert!(Arc::ptr_eq(key(&comps[0], "name"), key(deep, "name")));
    assert!(Arc::ptr_eq(
        key(&comps[0], "version"),
        key(&comps[1], "version")
    ));
    // Two documents do not share: the table lives as long as one read.
    let other = read(r#"{"name": "x"}"#);
    assert!(!Arc::ptr_eq(key(&comps[0], "name"), key(&other, "name")));
}

#[test]
fn nested_lists_and_objects_come_out_whole_and_in_order() {
    let text = r#"{"a":[1,[2,[3,{"b":[4,5],"z":null}]],{"c":{}}],"d":[],"e":{"y":true,"x":"s"}}"#;
    let doc = read(text);
    assert_eq!(serde_json::to_string(&doc).expect("serialises"), text);
    let a = doc.get("a").as_array().expect("a list");
    assert_eq!(a.len(), a.capacity(), "a list is allocated at its size");
    let e = object(doc.get("e"));
    assert_eq!(e.keys().map(|k| &**k).collect::<Vec<_>>(), ["y", "x"]);
}

#[test]
fn many_distinct_and_long_keys_are_read_like_any_other() {
    let n = 5_000;
    let long = "k".repeat(200);
    let mut text = String::from("{");
    for i in 0..n {
        text.push_str(&format!("\"key{i}\": {i}, "));
    }
    text.push_str(&format!("\"{long}\": \"long\"}}"));
    let doc = read(&text);
    assert_eq!(object(&doc).len(), n + 1);
    assert_eq!(doc.get("key0"), &Value::Int(0));
    assert_eq!(doc.get("key4999"), &Value::Int(4999));
    assert_eq!(doc.get(&long), &Value::str("long"));
}

#[test]
fn a_duplicate_key_deep_in_a_list_is_still_an_error() {
    let err = serde_json::from_str::<Value>(r#"[{"a": 1}, [{"b": 1, "b": 2}]]"#)
        .expect_err("duplicate key");
    assert!(err.to_string().contains("duplicate key `b`"), "{err}");
    // And the next document reads normally.
    assert_eq!(read(r#"[{"b": 1}]"#).as_array().map(|a| a.len()), Some(1));
}
