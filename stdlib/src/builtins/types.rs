//! Type tests: `is_null`, `is_bool`, … and `type_of`.

use super::args::Args;
use super::{Builtin, BuiltinError, CallCtx};
use phasegate_lang::types::Ty;
use phasegate_lang::value::Kind;
use phasegate_lang::Value;

type R = Result<Value, BuiltinError>;

/// The type builtins, in documentation order.
pub(crate) fn builtins() -> Vec<Builtin> {
    use Ty::{Any, Bool, String};
    vec![
        Builtin::new("is_null", &["x"], &[Any], Bool, is_null).doc(
            "Whether `x` is null (a missing field is null).",
            "is_null({}.missing) and not is_null(0)",
        ),
        Builtin::new("is_bool", &["x"], &[Any], Bool, is_bool).doc(
            "Whether `x` is true or false.",
            r#"is_bool(false) and not is_bool("true")"#,
        ),
        Builtin::new("is_int", &["x"], &[Any], Bool, is_int).doc(
            "Whether `x` is an integer.",
            "is_int(3) and not is_int(3.0)",
        ),
        Builtin::new("is_float", &["x"], &[Any], Bool, is_float).doc(
            "Whether `x` is a float.",
            "is_float(3.0) and not is_float(3)",
        ),
        Builtin::new("is_number", &["x"], &[Any], Bool, is_number).doc(
            "Whether `x` is an int or a float.",
            r#"is_number(3) and is_number(0.5) and not is_number("3")"#,
        ),
        Builtin::new("is_string", &["x"], &[Any], Bool, is_string).doc(
            "Whether `x` is a string.",
            r#"is_string("") and not is_string(null)"#,
        ),
        Builtin::new("is_list", &["x"], &[Any], Bool, is_list)
            .doc("Whether `x` is a list.", "is_list([]) and not is_list({})"),
        Builtin::new("is_object", &["x"], &[Any], Bool, is_object).doc(
            "Whether `x` is an object.",
            "is_object({}) and not is_object([])",
        ),
        Builtin::new("type_of", &["x"], &[Any], String, type_of).doc(
            "The type name of `x`: null, bool, int, float, string, list or object.",
            r#"type_of(1) == "int" and type_of({}.missing) == "null""#,
        ),
    ]
}

fn kind_is(f: &'static str, args: &[&Value], want: &[Kind]) -> R {
    let a = Args::new(f, &["x"], args);
    Ok(Value::Bool(want.contains(&a.value(0)?.kind())))
}

fn is_null(args: &[&Value], _: &CallCtx<'_>) -> R {
    kind_is("is_null", args, &[Kind::Null])
}

fn is_bool(args: &[&Value], _: &CallCtx<'_>) -> R {
    kind_is("is_bool", args, &[Kind::Bool])
}

fn is_int(args: &[&Value], _: &CallCtx<'_>) -> R {
    kind_is("is_int", args, &[Kind::Int])
}

fn is_float(args: &[&Value], _: &CallCtx<'_>) -> R {
    kind_is("is_float", args, &[Kind::Float])
}

fn is_number(args: &[&Value], _: &CallCtx<'_>) -> R {
    kind_is("is_number", args, &[Kind::Int, Kind::Float])
}

fn is_string(args: &[&Value], _: &CallCtx<'_>) -> R {
    kind_is("is_string", args, &[Kind::String])
}

fn is_list(args: &[&Value], _: &CallCtx<'_>) -> R {
    kind_is("is_list", args, &[Kind::List])
}

fn is_object(args: &[&Value], _: &CallCtx<'_>) -> R {
    kind_is("is_object", args, &[Kind::Object])
}

fn type_of(args: &[&Value], _: &CallCtx<'_>) -> R {
    let a = Args::new("type_of", &["x"], args);
    Ok(Value::from(a.value(0)?.kind().to_string()))
}
