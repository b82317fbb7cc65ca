//! semver_compare semver_satisfies

use crate::{err, ok, s, same};
use phasegate_lang::Value;

fn cmp(a: &str, b: &str) -> Value {
    ok("semver_compare", &[s(a), s(b)])
}

#[test]
fn compare_orders_by_precedence() {
    same(cmp("1.10.0", "1.9.3"), Value::Int(1));
    same(cmp("1.9.3", "1.10.0"), Value::Int(-1));
    same(cmp("1.2.3", "1.2.3"), Value::Int(0));
    same(cmp("v1.2.3", "1.2.3"), Value::Int(0));
    same(cmp("1.0.0-rc.1", "1.0.0"), Value::Int(-1));
    same(cmp("1.0.0-alpha", "1.0.0-alpha.1"), Value::Int(-1));
    same(cmp("1.0.0-rc.2", "1.0.0-rc.10"), Value::Int(-1));
    // Build metadata does not take part in precedence.
    same(cmp("1.0.0+build.5", "1.0.0+build.7"), Value::Int(0));
    same(cmp("0.0.0", "0.0.1"), Value::Int(-1));
}

#[test]
fn compare_rejects_invalid_versions() {
    for bad in [
        "1.2", "", "v", "1.2.3.4", "01.2.3", "1.2.x", "vv1.2.3", "V1.2.3", " 1.2.3",
    ] {
        let e = err("semver_compare", &[s(bad), s("1.0.0")]);
        assert!(
            e.starts_with("semver_compare() got an invalid version"),
            "{bad:?}: {e}"
        );
    }
    let e = err("semver_compare", &[s("1.0.0"), s("1.é.0")]);
    assert!(e.contains("\"1.é.0\""), "{e}");
    assert_eq!(
        err("semver_compare", &[Value::Int(1), s("1.0.0")]),
        "semver_compare() expects a string for `a` (argument 1), got int"
    );
}

#[test]
fn satisfies_uses_cargo_requirements() {
    let yes = [
        ("1.4.2", ">=1.2, <2"),
        ("v1.4.2", "^1.4"),
        ("0.3.9", "~0.3"),
        ("1.0.0", "=1.0.0"),
        ("5.0.0", "*"),
        ("1.2.3", "1.2"),
    ];
    for (v, req) in yes {
        same(ok("semver_satisfies", &[s(v), s(req)]), Value::Bool(true));
    }
    let no = [
        ("2.0.0", "^1.4"),
        ("1.1.0", ">=1.2, <2"),
        ("0.4.0", "~0.3"),
        // A pre-release only satisfies a requirement naming one on the same version.
        ("2.0.0-rc.1", ">=1.0.0"),
    ];
    for (v, req) in no {
        same(ok("semver_satisfies", &[s(v), s(req)]), Value::Bool(false));
    }
}

#[test]
fn satisfies_errors() {
    let e = err("semver_satisfies", &[s("1.0.0"), s(">>1")]);
    assert!(
        e.starts_with("semver_satisfies() got an invalid version requirement \">>1\""),
        "{e}"
    );
    let e = err("semver_satisfies", &[s("one"), s("*")]);
    assert!(
        e.starts_with("semver_satisfies() got an invalid version \"one\""),
        "{e}"
    );
    assert_eq!(
        err("semver_satisfies", &[s("1.0.0"), Value::Null]),
        "semver_satisfies() expects a string for `req` (argument 2), got null"
    );
}
