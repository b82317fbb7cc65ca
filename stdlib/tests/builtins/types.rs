//! is_null is_bool is_int is_float is_number is_string is_list is_object type_of

use crate::{err, j, ok, s, same};
use phasegate_lang::Value;

fn samples() -> Vec<(Value, &'static str)> {
    vec![
        (Value::Null, "null"),
        (Value::Bool(false), "bool"),
        (Value::Int(0), "int"),
        (Value::Float(0.0), "float"),
        (s(""), "string"),
        (j!([]), "list"),
        (j!({}), "object"),
    ]
}

#[test]
fn each_test_accepts_exactly_its_kinds() {
    let table: [(&str, &[&str]); 8] = [
        ("is_null", &["null"]),
        ("is_bool", &["bool"]),
        ("is_int", &["int"]),
        ("is_float", &["float"]),
        ("is_number", &["int", "float"]),
        ("is_string", &["string"]),
        ("is_list", &["list"]),
        ("is_object", &["object"]),
    ];
    for (name, kinds) in table {
        for (v, kind) in samples() {
            let want = kinds.contains(&kind);
            same(ok(name, std::slice::from_ref(&v)), Value::Bool(want));
        }
        assert_eq!(err(name, &[]), format!("{name}() needs argument 1 (`x`)"));
    }
}

#[test]
fn type_of_names_every_kind() {
    for (v, kind) in samples() {
        same(ok("type_of", &[v]), s(kind));
    }
    same(ok("type_of", &[s("é")]), s("string"));
    assert_eq!(err("type_of", &[]), "type_of() needs argument 1 (`x`)");
}
