//! Operators on values: comparison, membership, arithmetic. Pure functions
//! shared by the evaluator and the compiler's constant folding.

use super::error::{ErrKind, EvalError};
use crate::limits::LimitKind;
use phasegate_lang::ast::BinOp;
use phasegate_lang::Value;
use std::cmp::Ordering;
use std::sync::Arc;

/// Work an operator does, for fuel: items or bytes/64 touched.
pub(crate) fn op_cost(op: BinOp, a: &Value, b: &Value) -> u64 {
    match op {
        BinOp::In | BinOp::NotIn => shallow_size(b),
        BinOp::Add => shallow_size(a) + shallow_size(b),
        BinOp::Eq | BinOp::Ne => shallow_size(a).min(shallow_size(b)),
        _ => 0,
    }
}

/// Items of a list or object, or bytes/64 of a string: a cheap measure of work.
pub(crate) fn shallow_size(v: &Value) -> u64 {
    match v {
        Value::Array(a) => a.len() as u64,
        Value::Object(o) => o.len() as u64,
        Value::Str(s) => (s.len() / 64) as u64,
        _ => 0,
    }
}

/// Apply a binary operator other than `and`/`or`. `max_size` bounds built values.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn binary(op: BinOp, a: &Value, b: &Value, max_size: usize) -> Result<Value, EvalError> {
    match op {
        BinOp::Eq => Ok(Value::Bool(a.equals(b))),
        BinOp::Ne => Ok(Value::Bool(!a.equals(b))),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => order(op, a, b),
        BinOp::In => contains(b, a).map(Value::Bool),
        BinOp::NotIn => contains(b, a).map(|x| Value::Bool(!x)),
        BinOp::Add => add(a, b, max_size),
        BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => arith(op, a, b),
        BinOp::And | BinOp::Or => logic(op, a, b),
    }
}

fn logic(op: BinOp, a: &Value, b: &Value) -> Result<Value, EvalError> {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => Ok(Value::Bool(if op == BinOp::And {
            *x && *y
        } else {
            *x || *y
        })),
        _ => Err(EvalError::msg(format!(
            "`{}` needs two bools, got {} and {}",
            op.symbol(),
            a.kind(),
            b.kind()
        ))),
    }
}

fn order(op: BinOp, a: &Value, b: &Value) -> Result<Value, EvalError> {
    let ord = match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x.partial_cmp(&y),
            _ => None,
        },
    };
    let Some(ord) = ord else {
        return Err(EvalError::msg(format!(
            "cannot compare {} {} {}: `{}` needs two numbers or two strings",
            describe(a),
            op.symbol(),
            describe(b),
            op.symbol()
        )));
    };
    let r = match op {
        BinOp::Lt => ord == Ordering::Less,
        BinOp::Le => ord != Ordering::Greater,
        BinOp::Gt => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    };
    Ok(Value::Bool(r))
}

/// `needle in hay`: list membership, object key, substring.
pub(crate) fn contains(hay: &Value, needle: &Value) -> Result<bool, EvalError> {
    match (hay, needle) {
        (Value::Array(xs), _) => Ok(xs.iter().any(|x| x.equals(needle))),
        (Value::Object(o), Value::Str(k)) => Ok(o.contains_key(&**k)),
        (Value::Str(s), Value::Str(sub)) => Ok(s.contains(&**sub)),
        (Value::Object(_), _) | (Value::Str(_), _) => Err(EvalError::msg(format!(
            "`in` on {} needs a string on the left, got {}",
            hay.kind(),
            needle.kind()
        ))),
        _ => Err(EvalError::msg(format!(
            "`in` needs a list, object or string on the right, got {}",
            hay.kind()
        ))),
    }
}

fn add(a: &Value, b: &Value, max_size: usize) -> Result<Value, EvalError> {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => {
            if x.len() + y.len() > max_size {
                return Err(EvalError::limit(LimitKind::ValueSize));
            }
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            Ok(Value::Str(Arc::from(s)))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() + y.len() > max_size {
                return Err(EvalError::limit(LimitKind::ValueSize));
            }
            let mut v = Vec::with_capacity(x.len() + y.len());
            v.extend(x.iter().cloned());
            v.extend(y.iter().cloned());
            Ok(Value::array(v))
        }
        _ => arith(BinOp::Add, a, b),
    }
}

fn arith(op: BinOp, a: &Value, b: &Value) -> Result<Value, EvalError> {
    let sym = op.symbol();
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        let (x, y) = (*x, *y);
        if matches!(op, BinOp::Div | BinOp::Rem) && y == 0 {
            return Err(EvalError::msg(format!("division by zero in {x} {sym} {y}")));
        }
        let r = match op {
            BinOp::Add => x.checked_add(y),
            BinOp::Sub => x.checked_sub(y),
            BinOp::Mul => x.checked_mul(y),
            BinOp::Rem => x.checked_rem(y),
            _ => {
                // Exact division stays an int; otherwise the result is a float.
                match x.checked_rem(y) {
                    Some(0) => x.checked_div(y),
                    Some(_) => return finite(x as f64 / y as f64, a, op, b),
                    None => None,
                }
            }
        };
        return r
            .map(Value::Int)
            .ok_or_else(|| EvalError::msg(format!("integer overflow in {x} {sym} {y}")));
    }
    let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
        let hint = if op == BinOp::Add {
            "`+` needs two numbers, two strings or two lists"
        } else {
            "arithmetic needs two numbers"
        };
        return Err(EvalError::msg(format!(
            "cannot compute {} {sym} {}: {hint}",
            describe(a),
            describe(b)
        )));
    };
    if matches!(op, BinOp::Div | BinOp::Rem) && y == 0.0 {
        return Err(EvalError::msg(format!(
            "division by zero in {} {sym} {}",
            a.render(),
            b.render()
        )));
    }
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => x / y,
        _ => x % y,
    };
    finite(r, a, op, b)
}

fn finite(r: f64, a: &Value, op: BinOp, b: &Value) -> Result<Value, EvalError> {
    if r.is_finite() {
        Ok(Value::Float(r))
    } else {
        Err(EvalError::msg(format!(
            "float overflow in {} {} {}",
            a.render(),
            op.symbol(),
            b.render()
        )))
    }
}

/// `-x`.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn neg(v: &Value) -> Result<Value, EvalError> {
    match v {
        Value::Int(i) => i
            .checked_neg()
            .map(Value::Int)
            .ok_or_else(|| EvalError::msg(format!("integer overflow in -({i})"))),
        Value::Float(f) => Ok(Value::Float(-f)),
        other => Err(EvalError::msg(format!(
            "unary `-` needs a number, got {}",
            describe(other)
        ))),
    }
}

/// A bool, or an error naming what needed one.
pub(crate) fn want_bool(v: &Value, what: &str) -> Result<bool, EvalError> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => Err(EvalError {
            kind: ErrKind::Msg(format!(
                "{what} must be a bool, got {}{}",
                describe(other),
                if other.is_null() {
                    " (a missing field? test presence with `x != null` or `exists(x)`)"
                } else {
                    ""
                }
            )),
            loc: None,
        }),
    }
}

/// `kind` plus a short rendering of the value: `string "abc"`, `null`.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Array(a) => format!("list of {} item(s)", a.len()),
        Value::Object(o) => format!("object with {} key(s)", o.len()),
        Value::Str(s) if s.len() > 40 => {
            let head: String = s.chars().take(40).collect();
            format!("string {}…", Value::str(head))
        }
        other => {
            let s = other.to_string();
            format!("{} {s}", other.kind())
        }
    }
}
