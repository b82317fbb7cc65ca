//! Security builtins: severity names from SARIF, CVSS and advisories,
//! normalised to one scale.

use super::args::{quote_short, Args};
use super::{Builtin, BuiltinError, CallCtx};
use phasegate_lang::types::Ty;
use phasegate_lang::Value;

type R = Result<Value, BuiltinError>;

/// The security builtins, in documentation order.
pub(crate) fn builtins() -> Vec<Builtin> {
    use Ty::*;
    vec![
        Builtin::new("severity_rank", &["s"], &[String], Int, severity_rank).doc(
            "The rank of a severity name, case-insensitive: critical 4; high, error 3; medium, moderate, warning 2; low, note 1; info, none 0; anything else -1.",
            r#"severity_rank("High") == 3 and severity_rank("warning") == 2 and severity_rank("bogus") == -1"#,
        ),
        Builtin::new("severity_at_least", &["s", "threshold"], &[String, String], Bool, severity_at_least)
            .doc(
                "Whether severity `s` ranks at or above `threshold` (an unknown `s` never does).",
                r#"severity_at_least("CRITICAL", "high") and not severity_at_least("note", "warning")"#,
            ),
    ]
}

/// The rank of a severity name (see `severity_rank`); -1 when unknown.
pub(crate) fn rank(name: &str) -> i64 {
    match name.trim().to_ascii_lowercase().as_str() {
        "critical" => 4,
        "high" | "error" => 3,
        "medium" | "moderate" | "warning" => 2,
        "low" | "note" => 1,
        "info" | "none" => 0,
        _ => -1,
    }
}

fn severity_rank(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("severity_rank", &["s"], args);
    Ok(Value::Int(rank(a.str(0)?)))
}

fn severity_at_least(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("severity_at_least", &["s", "threshold"], args);
    let (s, threshold) = (a.str(0)?, a.str(1)?);
    let want = rank(threshold);
    if want < 0 {
        return Err(a.fail(format_args!(
            "got an unknown threshold {} (use critical, high, medium, low, info, or error, warning, note, none)",
            quote_short(threshold)
        )));
    }
    Ok(Value::Bool(rank(s) >= want))
}
