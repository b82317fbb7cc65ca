//! Typing rules of operators: the result type of each operator, and the
//! operand types that are certain to fail at run time.
//!
//! Only *known* types cause errors: [`Ty::Any`] (input data, function
//! arguments, …) is always accepted because it is checked at run time.

use crate::ast::BinOp;
use crate::types::Ty;

/// Which operand is at fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// The left operand (or the only one).
    Left,
    /// The right operand.
    Right,
    /// The combination of both.
    Both,
}

/// An operation that cannot succeed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mismatch {
    pub side: Side,
    pub message: String,
    pub help: String,
}

fn mismatch(side: Side, message: String, help: &str) -> Mismatch {
    Mismatch {
        side,
        message,
        help: help.to_string(),
    }
}

fn known(t: Ty) -> bool {
    t != Ty::Any
}

/// `a` or `an` before a type name.
pub(crate) fn article(t: Ty) -> &'static str {
    match t {
        Ty::Any | Ty::Int | Ty::Object => "an",
        _ => "a",
    }
}

/// `an int`, `a string`, …
pub(crate) fn a(t: Ty) -> String {
    format!("{} {t}", article(t))
}

/// The result of arithmetic on two numeric (or unknown) operands.
pub(crate) fn numeric(l: Ty, r: Ty) -> Ty {
    match (l, r) {
        (Ty::Int, Ty::Int) => Ty::Int,
        (Ty::Float, _) | (_, Ty::Float) => Ty::Float,
        _ => Ty::Number,
    }
}

/// The type of `if c then a else b`.
pub(crate) fn join(a: Ty, b: Ty) -> Ty {
    if a == b {
        a
    } else if a.is_numeric() && b.is_numeric() {
        Ty::Number
    } else {
        Ty::Any
    }
}

/// `true` when `==` between the two can only be `false` (or `!=` only `true`).
/// `null` is not counted: comparing with `null` is how presence is tested.
pub(crate) fn never_equal(l: Ty, r: Ty) -> bool {
    known(l)
        && known(r)
        && l != Ty::Null
        && r != Ty::Null
        && !(l.is_numeric() && r.is_numeric())
        && l != r
}

/// Kind classes for `+`: numbers, strings and lists each add among themselves.
fn add_class(t: Ty) -> Option<u8> {
    match t {
        Ty::Int | Ty::Float | Ty::Number => Some(0),
        Ty::String => Some(1),
        Ty::List => Some(2),
        _ => None,
    }
}

/// The type of `l op r`, or why it cannot succeed. `and`/`or` operands are
/// checked as conditions by the caller; here they just give a bool.
pub(crate) fn binary(op: BinOp, l: Ty, r: Ty) -> Result<Ty, Mismatch> {
    match op {
        BinOp::Or | BinOp::And => Ok(Ty::Bool),
        BinOp::Eq | BinOp::Ne => {
            if never_equal(l, r) {
                let always = if op == BinOp::Eq { "false" } else { "true" };
                return Err(mismatch(
                    Side::Both,
                    format!(
                        "comparing {} with {} with `{}` is always {always}",
                        a(l),
                        a(r),
                        op.symbol()
                    ),
                    "values of different kinds are never equal; convert one side with `to_string(…)` or `to_number(…)`",
                ));
            }
            Ok(Ty::Bool)
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let orderable = |t: Ty| !known(t) || t.is_numeric() || t == Ty::String;
            let help = "only two numbers or two strings can be ordered";
            for (t, side) in [(l, Side::Left), (r, Side::Right)] {
                if !orderable(t) {
                    return Err(mismatch(
                        side,
                        format!("`{}` cannot order {}", op.symbol(), a(t)),
                        help,
                    ));
                }
            }
            if known(l) && known(r) && l.is_numeric() != r.is_numeric() {
                return Err(mismatch(
                    Side::Both,
                    format!("`{}` cannot compare {} with {}", op.symbol(), a(l), a(r)),
                    "convert one side with `to_number(…)` or `to_string(…)`",
                ));
            }
            Ok(Ty::Bool)
        }
        BinOp::Add => {
            let help = "`+` adds two numbers, joins two strings or joins two lists";
            for (t, side) in [(l, Side::Left), (r, Side::Right)] {
                if known(t) && add_class(t).is_none() {
                    return Err(mismatch(side, format!("cannot add {}", a(t)), help));
                }
            }
            match (add_class(l), add_class(r)) {
                (Some(x), Some(y)) if x != y => Err(mismatch(
                    Side::Both,
                    format!("cannot add {} and {}", a(l), a(r)),
                    "convert one side first, e.g. `to_string(n)` to join a number to a string",
                )),
                (Some(0), Some(0)) => Ok(numeric(l, r)),
                (Some(0), None) | (None, Some(0)) => Ok(Ty::Number),
                (Some(_), _) => Ok(l),
                (None, Some(_)) => Ok(r),
                (None, None) => Ok(Ty::Any),
            }
        }
        BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
            for (t, side) in [(l, Side::Left), (r, Side::Right)] {
                if known(t) && !t.is_numeric() {
                    return Err(mismatch(
                        side,
                        format!("`{}` needs numbers, found {}", op.symbol(), a(t)),
                        "arithmetic works on ints and floats; convert strings with `to_number(…)`",
                    ));
                }
            }
            Ok(match op {
                // Whether int division gives an int is the evaluator's business.
                BinOp::Div => Ty::Number,
                _ => numeric(l, r),
            })
        }
        BinOp::In | BinOp::NotIn => {
            if known(r) && !matches!(r, Ty::List | Ty::Object | Ty::String) {
                return Err(mismatch(
                    Side::Right,
                    format!(
                        "`{}` needs a list, object or string on the right, found {}",
                        op.symbol(),
                        a(r)
                    ),
                    "`x in xs` tests list membership, an object key, or a substring",
                ));
            }
            if r == Ty::String && known(l) && l != Ty::String {
                return Err(mismatch(
                    Side::Left,
                    format!(
                        "`{}` on a string needs a string on the left, found {}",
                        op.symbol(),
                        a(l)
                    ),
                    "`\"sub\" in s` tests for a substring",
                ));
            }
            Ok(Ty::Bool)
        }
    }
}

/// The type of `-x`, or why it cannot succeed.
pub(crate) fn negate(t: Ty) -> Result<Ty, Mismatch> {
    match t {
        Ty::Int | Ty::Float | Ty::Number => Ok(t),
        Ty::Any => Ok(Ty::Number),
        other => Err(mismatch(
            Side::Left,
            format!("cannot negate {}", a(other)),
            "unary `-` works on ints and floats",
        )),
    }
}

/// `true` when a value of type `have` may be passed where `want` is expected
/// (as [`Ty::fits`], and an int is accepted where a float is).
pub(crate) fn arg_fits(have: Ty, want: Ty) -> bool {
    have.fits(want) || (have == Ty::Int && want == Ty::Float)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_result_types() {
        assert_eq!(binary(BinOp::Add, Ty::Int, Ty::Int), Ok(Ty::Int));
        assert_eq!(binary(BinOp::Add, Ty::Int, Ty::Float), Ok(Ty::Float));
        assert_eq!(binary(BinOp::Add, Ty::Any, Ty::Int), Ok(Ty::Number));
        assert_eq!(binary(BinOp::Add, Ty::String, Ty::Any), Ok(Ty::String));
        assert_eq!(binary(BinOp::Add, Ty::Any, Ty::List), Ok(Ty::List));
        assert_eq!(binary(BinOp::Add, Ty::Any, Ty::Any), Ok(Ty::Any));
        assert_eq!(binary(BinOp::Div, Ty::Int, Ty::Int), Ok(Ty::Number));
        assert_eq!(binary(BinOp::Rem, Ty::Int, Ty::Int), Ok(Ty::Int));
        assert_eq!(binary(BinOp::Mul, Ty::Number, Ty::Int), Ok(Ty::Number));
    }

    #[test]
    fn clear_mismatches_are_errors() {
        let e = binary(BinOp::Add, Ty::String, Ty::Int).unwrap_err();
        assert_eq!(e.side, Side::Both);
        assert_eq!(e.message, "cannot add a string and an int");
        assert_eq!(
            binary(BinOp::Add, Ty::Bool, Ty::Any).unwrap_err().side,
            Side::Left
        );
        assert_eq!(
            binary(BinOp::Sub, Ty::Int, Ty::String).unwrap_err().side,
            Side::Right
        );
        assert_eq!(
            binary(BinOp::Lt, Ty::String, Ty::Int).unwrap_err().side,
            Side::Both
        );
        assert_eq!(
            binary(BinOp::Lt, Ty::Null, Ty::Int).unwrap_err().side,
            Side::Left
        );
        assert_eq!(
            binary(BinOp::Ge, Ty::Any, Ty::List).unwrap_err().side,
            Side::Right
        );
        assert!(binary(BinOp::In, Ty::Any, Ty::Int).is_err());
        assert!(binary(BinOp::In, Ty::Int, Ty::String).is_err());
        assert!(negate(Ty::String).is_err());
    }

    #[test]
    fn unknown_and_null_are_accepted_where_checked_at_run_time() {
        assert_eq!(binary(BinOp::Lt, Ty::Any, Ty::Int), Ok(Ty::Bool));
        assert_eq!(binary(BinOp::Lt, Ty::Number, Ty::Float), Ok(Ty::Bool));
        assert_eq!(binary(BinOp::Eq, Ty::String, Ty::Null), Ok(Ty::Bool));
        assert_eq!(binary(BinOp::Eq, Ty::Int, Ty::Float), Ok(Ty::Bool));
        assert_eq!(binary(BinOp::In, Ty::Any, Ty::Object), Ok(Ty::Bool));
        assert_eq!(binary(BinOp::NotIn, Ty::String, Ty::String), Ok(Ty::Bool));
        let e = binary(BinOp::Ne, Ty::String, Ty::Int).unwrap_err();
        assert!(e.message.ends_with("always true"), "{}", e.message);
        assert_eq!(negate(Ty::Any), Ok(Ty::Number));
    }

    #[test]
    fn joins_and_argument_fit() {
        assert_eq!(join(Ty::Int, Ty::Int), Ty::Int);
        assert_eq!(join(Ty::Int, Ty::Float), Ty::Number);
        assert_eq!(join(Ty::String, Ty::Null), Ty::Any);
        assert!(arg_fits(Ty::Int, Ty::Float));
        assert!(!arg_fits(Ty::Float, Ty::Int));
        assert!(!arg_fits(Ty::Null, Ty::String));
        assert!(arg_fits(Ty::Any, Ty::String));
        assert_eq!(a(Ty::Int), "an int");
        assert_eq!(a(Ty::List), "a list");
    }
}
