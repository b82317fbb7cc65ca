//! Semantic version builtins (`semver` crate). A leading `v` is accepted:
//! `v1.2.3` is `1.2.3`.

use super::args::{quote_short, Args};
use super::{Builtin, BuiltinError, CallCtx};
use phasegate_lang::types::Ty;
use phasegate_lang::Value;
use std::cmp::Ordering;

type R = Result<Value, BuiltinError>;

/// The semver builtins, in documentation order.
pub(crate) fn builtins() -> Vec<Builtin> {
    use Ty::*;
    vec![
        Builtin::new("semver_compare", &["a", "b"], &[String, String], Int, semver_compare).doc(
            "-1, 0 or 1 as version `a` is older than, the same as, or newer than `b` (build metadata ignored).",
            r#"semver_compare("v1.10.0", "1.9.3") == 1 and semver_compare("1.0.0-rc.1", "1.0.0") == -1"#,
        ),
        Builtin::new("semver_satisfies", &["v", "req"], &[String, String], Bool, semver_satisfies)
            .doc(
                "Whether version `v` meets the requirement `req` (Cargo syntax: `>=1.2, <2`, `^1.4`, `~0.3`, `=1.0.0`).",
                r#"semver_satisfies("1.4.2", ">=1.2, <2") and not semver_satisfies("2.0.0", "^1.4")"#,
            ),
    ]
}

/// Argument `i` parsed as a version.
fn version(a: &Args<'_>, i: usize) -> Result<::semver::Version, BuiltinError> {
    let text = a.str(i)?;
    let bare = text.strip_prefix('v').unwrap_or(text);
    ::semver::Version::parse(bare).map_err(|e| {
        a.fail(format_args!(
            "got an invalid version {}: {e}",
            quote_short(text)
        ))
    })
}

fn semver_compare(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("semver_compare", &["a", "b"], args);
    let (x, y) = (version(&a, 0)?, version(&a, 1)?);
    Ok(Value::Int(match x.cmp_precedence(&y) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }))
}

fn semver_satisfies(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("semver_satisfies", &["v", "req"], args);
    let v = version(&a, 0)?;
    let text = a.str(1)?;
    let req = ::semver::VersionReq::parse(text).map_err(|e| {
        a.fail(format_args!(
            "got an invalid version requirement {}: {e}",
            quote_short(text)
        ))
    })?;
    Ok(Value::Bool(req.matches(&v)))
}
