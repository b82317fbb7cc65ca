//! Constant folding: operations on constants are computed at compile time
//! when they succeed (a failing one, e.g. `1 / 0`, is left for run time so it
//! reports as a rule error with its location).

use super::ir::{ConstOrigin, FieldAccess, Key, Node, NodeKind};
use crate::eval::{ops, paths};
use phasegate_lang::ast::BinOp;
use phasegate_lang::value::Object;
use phasegate_lang::Value;
use std::sync::Arc;
use thin_vec::ThinVec;

/// Largest string or list built by folding.
const FOLD_MAX_SIZE: usize = 1 << 20;

fn konst(n: &Node) -> Option<(&Value, ConstOrigin)> {
    match &n.kind {
        NodeKind::Const(v, o) => Some((&**v, *o)),
        _ => None,
    }
}

fn origin(nodes: &[&Node]) -> ConstOrigin {
    if nodes
        .iter()
        .any(|n| matches!(n.kind, NodeKind::Const(_, ConstOrigin::Param)))
    {
        ConstOrigin::Param
    } else {
        ConstOrigin::Literal
    }
}

/// A folded constant (not shared: folding is rare, literals are shared by
/// the compiler).
fn folded(v: Value, o: ConstOrigin) -> NodeKind {
    NodeKind::Const(Arc::new(v), o)
}

pub(super) fn array(nodes: ThinVec<Node>) -> NodeKind {
    if nodes.iter().all(|n| konst(n).is_some()) {
        let o = origin(&nodes.iter().collect::<Vec<_>>());
        let vals = nodes.into_iter().filter_map(|n| match n.kind {
            NodeKind::Const(v, _) => Some(Arc::unwrap_or_clone(v)),
            _ => None,
        });
        return folded(Value::array(vals.collect()), o);
    }
    NodeKind::Array(nodes)
}

pub(super) fn object(entries: ThinVec<(Arc<str>, Node)>) -> NodeKind {
    if entries.iter().all(|(_, n)| konst(n).is_some()) {
        let o = origin(&entries.iter().map(|(_, n)| n).collect::<Vec<_>>());
        let mut map = Object::default();
        for (k, n) in entries {
            if let NodeKind::Const(v, _) = n.kind {
                map.insert(k, Arc::unwrap_or_clone(v));
            }
        }
        return folded(Value::object(map), o);
    }
    NodeKind::Object(entries)
}

/// `base.key`: folded on a constant, one node on a slot or `input`.
pub(super) fn field(base: Node, key: Key) -> NodeKind {
    match (&base.kind, konst(&base)) {
        (_, Some((v, o))) => folded(paths::field(v, &key), o),
        (NodeKind::Local(slot), _) => NodeKind::SlotField(*slot, key),
        (NodeKind::Input, _) => NodeKind::InputField(key),
        _ => NodeKind::Field(Box::new(FieldAccess { base, key })),
    }
}

/// `base[idx]` (a constant string index is a field: see the compiler).
pub(super) fn index(base: Node, idx: Node) -> NodeKind {
    match (konst(&base), konst(&idx)) {
        (Some((b, o)), Some((i, _))) => folded(paths::index(b, i), o),
        _ => NodeKind::Index(Box::new([base, idx])),
    }
}

pub(super) fn not(x: Node) -> NodeKind {
    match konst(&x) {
        Some((Value::Bool(b), o)) => folded(Value::Bool(!b), o),
        _ => NodeKind::Not(Box::new(x)),
    }
}

pub(super) fn neg(x: Node) -> NodeKind {
    if let Some((v, o)) = konst(&x) {
        if let Ok(r) = ops::neg(v) {
            return folded(r, o);
        }
    }
    NodeKind::Neg(Box::new(x))
}

pub(super) fn logic(and: bool, a: Node, b: Node) -> NodeKind {
    if let (Some((Value::Bool(x), _)), Some((Value::Bool(y), _))) = (konst(&a), konst(&b)) {
        let r = if and { *x && *y } else { *x || *y };
        return folded(Value::Bool(r), origin(&[&a, &b]));
    }
    if and {
        NodeKind::And(Box::new([a, b]))
    } else {
        NodeKind::Or(Box::new([a, b]))
    }
}

pub(super) fn binary(op: BinOp, a: Node, b: Node) -> NodeKind {
    if let (Some((x, _)), Some((y, _))) = (konst(&a), konst(&b)) {
        if let Ok(r) = ops::binary(op, x, y, FOLD_MAX_SIZE) {
            return folded(r, origin(&[&a, &b]));
        }
    }
    NodeKind::Binary(op, Box::new([a, b]))
}

pub(super) fn if_(c: Node, a: Node, b: Node) -> NodeKind {
    match konst(&c) {
        Some((Value::Bool(true), _)) => a.kind,
        Some((Value::Bool(false), _)) => b.kind,
        _ => NodeKind::If(Box::new([c, a, b])),
    }
}

pub(super) fn paren(x: Node) -> NodeKind {
    match x.kind {
        NodeKind::Const(v, o) => NodeKind::Const(v, o),
        kind => NodeKind::Paren(Box::new(Node { kind, loc: x.loc })),
    }
}
