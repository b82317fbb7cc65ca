//! Evidence: from the trace of a failed condition, the sub-expression values
//! that made it fail and the input paths they came from.

use crate::decision::Evidence;
use crate::eval::render::bounded_value;
use crate::eval::runner::MAX_EVIDENCE_BYTES;
use crate::eval::trace::{TKind, TNode};
use crate::eval::Machine;
use phasegate_lang::Value;

/// Most item paths listed for a derived list.
const MAX_ITEM_PATHS: usize = 10;

/// Evidence for a traced failed condition.
pub(crate) fn extract(trace: &[TNode], m: &mut Machine) -> Vec<Evidence> {
    let mut out = Vec::new();
    for t in trace {
        walk(t, m, &mut out);
    }
    out
}

fn is_false(t: &TNode) -> bool {
    matches!(t.value, Ok(Value::Bool(false)))
}

fn walk(t: &TNode, m: &mut Machine, out: &mut Vec<Evidence>) {
    match &t.kind {
        TKind::And => {
            let failed: Vec<&TNode> = t.children.iter().filter(|c| is_false(c)).collect();
            if failed.is_empty() {
                out.push(entry(t, m));
            }
            for c in failed {
                walk(c, m, out);
            }
        }
        TKind::Or | TKind::Not => {
            if t.children.is_empty() {
                out.push(entry(t, m));
            }
            for c in &t.children {
                walk(c, m, out);
            }
        }
        TKind::Quant(_) => {
            let coll = t
                .children
                .iter()
                .find(|c| !matches!(c.kind, TKind::Item { .. }));
            let coll_path = coll.and_then(|c| path_of(c, m));
            let mut any_item = false;
            for c in &t.children {
                if let TKind::Item { var, index, item } = &c.kind {
                    any_item = true;
                    let input = m.input.clone();
                    let path = match &coll_path {
                        Some(p) => Some(format!("{p}[{index}]")),
                        None => m.index.path_of(&input, item),
                    };
                    let (value, truncated) = bounded_value(item, MAX_EVIDENCE_BYTES);
                    out.push(Evidence {
                        expr: Some(var.to_string()),
                        path,
                        item_paths: Vec::new(),
                        value,
                        truncated,
                    });
                }
            }
            if !any_item {
                out.push(entry(coll.unwrap_or(t), m));
            }
        }
        _ => {
            let operands: Vec<&TNode> = t
                .children
                .iter()
                .filter(|c| !matches!(c.kind, TKind::Item { .. }))
                .collect();
            if operands.is_empty() {
                out.push(entry(t, m));
                return;
            }
            for c in operands {
                out.push(entry(c, m));
                if c.kind == TKind::Call {
                    for a in &c.children {
                        if matches!(a.kind, TKind::Local | TKind::Path | TKind::Input) {
                            out.push(entry(a, m));
                        }
                    }
                }
            }
        }
    }
}

/// The input path of a traced value: its static path, or by pointer identity.
fn path_of(t: &TNode, m: &mut Machine) -> Option<String> {
    if let Some(p) = &t.path {
        return Some(p.clone());
    }
    let v = t.value.as_ref().ok()?;
    let input = m.input.clone();
    m.index.path_of(&input, v)
}

fn entry(t: &TNode, m: &mut Machine) -> Evidence {
    let path = path_of(t, m);
    let mut item_paths = Vec::new();
    if let (None, Ok(Value::Array(items))) = (&path, &t.value) {
        let input = m.input.clone();
        for it in items.iter() {
            if item_paths.len() >= MAX_ITEM_PATHS {
                break;
            }
            if let Some(p) = m.index.path_of(&input, it) {
                item_paths.push(p);
            }
        }
    }
    let (value, truncated) = match &t.value {
        Ok(v) => bounded_value(v, MAX_EVIDENCE_BYTES),
        Err(e) => (Value::str(format!("error: {e}")), false),
    };
    Evidence {
        expr: Some(m.prog.text(t.loc)),
        path,
        item_paths,
        value,
        truncated,
    }
}
