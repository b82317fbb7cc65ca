//! Every builtin's example evaluates to `true`. The examples are phasegate
//! expressions; this small evaluator covers the forms they use (literals,
//! lists, objects, field access, calls, `not`, `and`, `-`, `+`, `*`,
//! comparisons) so that stdlib can check them without the engine.

use ::time::macros::datetime;
use phasegate_lang::ast::{Access, BinOp, Expr, ExprKind, UnOp};
use phasegate_lang::value::Object;
use phasegate_lang::{SourceFile, Value};
use phasegate_stdlib::{registry, CallCtx};
use std::cmp::Ordering;
use std::sync::Arc;

fn eval(e: &Expr, now: &CallCtx<'_>) -> Result<Value, String> {
    Ok(match &e.kind {
        ExprKind::Null => Value::Null,
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::Int(i) => Value::Int(*i),
        ExprKind::Float(f) => Value::Float(*f),
        ExprKind::Str(s) => Value::str(s),
        ExprKind::Paren(inner) => eval(inner, now)?,
        ExprKind::Array(items) => Value::array(
            items
                .iter()
                .map(|x| eval(x, now))
                .collect::<Result<_, _>>()?,
        ),
        ExprKind::Object(entries) => {
            let mut o = Object::default();
            for (k, v) in entries {
                o.insert(Arc::from(k.value.as_str()), eval(v, now)?);
            }
            Value::object(o)
        }
        ExprKind::Access(base, Access::Field(f)) => eval(base, now)?.get(&f.name).clone(),
        ExprKind::Call(name, args) => {
            let [part] = name.parts.as_slice() else {
                return Err("qualified call".into());
            };
            let b = registry()
                .get(&part.name)
                .ok_or_else(|| format!("unknown builtin {}", part.name))?;
            let vals: Vec<Value> = args
                .iter()
                .map(|x| eval(x, now))
                .collect::<Result<_, _>>()?;
            // Literal patterns are compiled ahead of time, as the engine does.
            let pattern = match b.sig.literal_pattern.map(|i| args.get(i).map(|a| &a.kind)) {
                Some(Some(ExprKind::Str(p))) => Some(registry().prepare_pattern(b.sig.name, p)?),
                Some(_) => return Err("pattern is not a literal".into()),
                None => None,
            };
            let ctx = CallCtx {
                pattern: pattern.as_ref(),
                ..*now
            };
            let refs: Vec<&Value> = vals.iter().collect();
            (b.func)(&refs, &ctx).map_err(|e| e.message)?
        }
        ExprKind::Unary(UnOp::Not, x) => Value::Bool(!truth(&eval(x, now)?)?),
        ExprKind::Unary(UnOp::Neg, x) => match eval(x, now)? {
            Value::Int(i) => Value::Int(-i),
            Value::Float(f) => Value::Float(-f),
            other => return Err(format!("cannot negate {other}")),
        },
        ExprKind::Binary(op, l, r) => binary(*op, eval(l, now)?, || eval(r, now))?,
        other => return Err(format!("unsupported in examples: {other:?}")),
    })
}

fn truth(v: &Value) -> Result<bool, String> {
    v.as_bool().ok_or_else(|| format!("not a bool: {v}"))
}

fn binary(op: BinOp, l: Value, r: impl FnOnce() -> Result<Value, String>) -> Result<Value, String> {
    match op {
        BinOp::And => return Ok(Value::Bool(truth(&l)? && truth(&r()?)?)),
        BinOp::Or => return Ok(Value::Bool(truth(&l)? || truth(&r()?)?)),
        _ => {}
    }
    let r = r()?;
    let order = || l.compare(&r).ok_or(format!("cannot order {l} and {r}"));
    Ok(match op {
        BinOp::Eq => Value::Bool(l == r),
        BinOp::Ne => Value::Bool(l != r),
        BinOp::Lt => Value::Bool(order()? == Ordering::Less),
        BinOp::Le => Value::Bool(order()? != Ordering::Greater),
        BinOp::Gt => Value::Bool(order()? == Ordering::Greater),
        BinOp::Ge => Value::Bool(order()? != Ordering::Less),
        BinOp::Add | BinOp::Sub | BinOp::Mul => match (&l, &r) {
            (Value::Int(a), Value::Int(b)) => Value::Int(
                match op {
                    BinOp::Add => a.checked_add(*b),
                    BinOp::Sub => a.checked_sub(*b),
                    _ => a.checked_mul(*b),
                }
                .ok_or("overflow")?,
            ),
            _ => return Err(format!("unsupported operands {l} {} {r}", op.symbol())),
        },
        other => return Err(format!("unsupported operator {}", other.symbol())),
    })
}

fn run(example: &str) -> Result<Value, String> {
    let src = SourceFile::new("example", example);
    let expr = phasegate_lang::parse::parse_expr(&src).map_err(|d| format!("{d:?}"))?;
    let ctx = CallCtx {
        now: Some(datetime!(2026-11-23 09:30:00.5 UTC)),
        ..CallCtx::basic()
    };
    eval(&expr, &ctx)
}

#[test]
fn every_example_evaluates_to_true() {
    for b in registry().all() {
        match run(b.example) {
            Ok(Value::Bool(true)) => {}
            other => panic!("example of {}: `{}` gave {other:?}", b.sig.name, b.example),
        }
    }
}

#[test]
fn the_evaluator_can_say_false() {
    assert!(matches!(
        run(r#"lower("A") == "A""#),
        Ok(Value::Bool(false))
    ));
    assert!(matches!(run("max([]) != null"), Ok(Value::Bool(false))));
    assert!(run("nope(1)").is_err());
}
