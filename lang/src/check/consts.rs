//! Constant expressions: param defaults, test inputs, params and contexts.
//!
//! A constant is a literal (`null`, `true`, `1`, `-2.5`, `"s"`), or a list
//! or object of constants (parentheses allowed).

use crate::ast::{Expr, ExprKind, Span, TypeExpr, UnOp};
use crate::parse::MAX_EXPR_DEPTH;
use crate::value::{Object, Value};
use std::sync::Arc;

/// Deepest constant walked (the parser already rejects deeper trees).
const MAX_DEPTH: usize = MAX_EXPR_DEPTH + 8;

/// The value of a constant expression, or `None` if it is not a constant.
pub fn const_value(e: &Expr) -> Option<Value> {
    value_at(e, 0)
}

fn value_at(e: &Expr, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    Some(match &e.kind {
        ExprKind::Null => Value::Null,
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::Int(i) => Value::Int(*i),
        ExprKind::Float(f) => Value::Float(*f),
        ExprKind::Str(s) => Value::str(s),
        ExprKind::Array(xs) => Value::array(
            xs.iter()
                .map(|x| value_at(x, depth + 1))
                .collect::<Option<Vec<_>>>()?,
        ),
        ExprKind::Object(kvs) => {
            let mut o = Object::default();
            for (k, v) in kvs {
                o.insert(Arc::from(k.value.as_str()), value_at(v, depth + 1)?);
            }
            Value::object(o)
        }
        ExprKind::Unary(UnOp::Neg, x) => match &x.kind {
            ExprKind::Int(i) => Value::Int(i.checked_neg()?),
            ExprKind::Float(f) => Value::Float(-f),
            _ => return None,
        },
        ExprKind::Paren(x) => return value_at(x, depth + 1),
        _ => return None,
    })
}

/// The first sub-expression (in source order) that keeps `e` from being a
/// constant.
pub(crate) fn first_non_constant(e: &Expr) -> Option<&Expr> {
    first_at(e, 0)
}

fn first_at(e: &Expr, depth: usize) -> Option<&Expr> {
    if depth > MAX_DEPTH {
        return Some(e);
    }
    match &e.kind {
        ExprKind::Null
        | ExprKind::Bool(_)
        | ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_) => None,
        ExprKind::Array(xs) => xs.iter().find_map(|x| first_at(x, depth + 1)),
        ExprKind::Object(kvs) => kvs.iter().find_map(|(_, v)| first_at(v, depth + 1)),
        ExprKind::Unary(UnOp::Neg, x)
            if matches!(x.kind, ExprKind::Int(_) | ExprKind::Float(_)) =>
        {
            None
        }
        ExprKind::Paren(x) => first_at(x, depth + 1),
        _ => Some(e),
    }
}

/// What kind of constant an expression is, for messages.
fn kind_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Null => "null",
        ExprKind::Bool(_) => "a bool",
        ExprKind::Int(_) => "an int",
        ExprKind::Float(_) => "a float",
        ExprKind::Str(_) => "a string",
        ExprKind::Array(_) => "a list",
        ExprKind::Object(_) => "an object",
        ExprKind::Unary(_, x) | ExprKind::Paren(x) => kind_name(x),
        _ => "an expression",
    }
}

/// Check that a constant fits a declared param type. On failure: the span of
/// the offending (sub-)expression and what was found there.
pub(crate) fn fits_decl(e: &Expr, want: &TypeExpr) -> Result<(), (Span, String)> {
    fits_at(e, want, 0)
}

fn fits_at(e: &Expr, want: &TypeExpr, depth: usize) -> Result<(), (Span, String)> {
    let inner = match &e.kind {
        ExprKind::Paren(x) if depth <= MAX_DEPTH => return fits_at(x, want, depth + 1),
        ExprKind::Unary(UnOp::Neg, x) => &x.kind,
        k => k,
    };
    let ok = match (want, inner) {
        (TypeExpr::Any, _) => true,
        (TypeExpr::Bool, ExprKind::Bool(_)) => true,
        (TypeExpr::Int, ExprKind::Int(_)) => true,
        (TypeExpr::Float | TypeExpr::Number, ExprKind::Int(_) | ExprKind::Float(_)) => true,
        (TypeExpr::String, ExprKind::Str(_)) => true,
        (TypeExpr::Object, ExprKind::Object(_)) => true,
        (TypeExpr::List(elem), ExprKind::Array(xs)) => {
            if let Some(elem) = elem {
                if depth > MAX_DEPTH {
                    return Ok(());
                }
                for x in xs {
                    fits_at(x, elem, depth + 1)?;
                }
            }
            true
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err((e.span, kind_name(e).to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_expr;
    use crate::source::SourceFile;

    fn expr(s: &str) -> Expr {
        parse_expr(&SourceFile::new("t", s)).expect("test expression parses")
    }

    #[test]
    fn constants_and_their_values() {
        let v = const_value(&expr(r#"{a: [1, -2, 2.5, "x", null, true], "b-c": {}}"#));
        assert_eq!(
            v.map(|v| v.to_string()).as_deref(),
            Some(r#"{"a":[1,-2,2.5,"x",null,true],"b-c":{}}"#)
        );
        assert!(const_value(&expr("[1, input.x]")).is_none());
        let e = expr("{a: 1, b: [2, f(3)]}");
        let bad = first_non_constant(&e).map(|b| b.span);
        assert_eq!(bad, Some(Span::new(14, 18)));
        assert!(first_non_constant(&expr("-(1)")).is_some());
        assert!(first_non_constant(&expr("(-1)")).is_none());
    }

    #[test]
    fn declared_types() {
        let list_of_str = TypeExpr::List(Some(Box::new(TypeExpr::String)));
        assert!(fits_decl(&expr(r#"["a", "b"]"#), &list_of_str).is_ok());
        let err = fits_decl(&expr(r#"["a", 1]"#), &list_of_str).unwrap_err();
        assert_eq!(err, (Span::new(6, 7), "an int".to_string()));
        assert!(fits_decl(&expr("1"), &TypeExpr::Float).is_ok());
        assert!(fits_decl(&expr("-1.5"), &TypeExpr::Number).is_ok());
        assert!(fits_decl(&expr("1.5"), &TypeExpr::Int).is_err());
        assert!(fits_decl(&expr("null"), &TypeExpr::String).is_err());
        assert!(fits_decl(&expr("null"), &TypeExpr::Any).is_ok());
        assert!(fits_decl(&expr("{}"), &TypeExpr::List(None)).is_err());
    }
}
