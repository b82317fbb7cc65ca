//! The optional tracer: records the value of each sub-expression while the
//! evaluator runs (used for evidence and explanations). One evaluator, with
//! or without a tracer.

use super::error::{ErrKind, EvalError};
use crate::compile::ir::{ConstOrigin, Key, Loc, Node, NodeKind};
use crate::limits::Limits;
use phasegate_lang::ast::{BinOp, Quantifier};
use phasegate_lang::Value;

/// Most nodes one trace records.
const MAX_TRACE_NODES: usize = 4096;

/// What kind of expression a trace node is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TKind {
    And,
    Or,
    Not,
    Compare(BinOp),
    Arith(BinOp),
    Quant(Quantifier),
    Filter,
    Map,
    Call,
    Path,
    Local,
    Param,
    Input,
    Context,
    If,
    Other,
    /// One iteration of a quantifier: the item bound to `var`.
    Item {
        var: Key,
        index: usize,
        item: Value,
    },
}

/// A recorded sub-expression.
#[derive(Clone, Debug)]
pub(crate) struct TNode {
    pub loc: Loc,
    pub kind: TKind,
    /// The value, or the error message.
    pub value: Result<Value, String>,
    /// The input path, for paths rooted at `input` with constant steps.
    pub path: Option<String>,
    pub children: Vec<TNode>,
}

/// Records a tree of [`TNode`]s.
#[derive(Debug)]
pub(crate) struct Tracer {
    limits: Limits,
    stack: Vec<Vec<TNode>>,
    suspended: u32,
    recorded: usize,
}

impl Tracer {
    pub fn new(limits: Limits) -> Tracer {
        Tracer {
            limits,
            stack: vec![Vec::new()],
            suspended: 0,
            recorded: 0,
        }
    }

    /// Stop recording (function bodies, loop bodies of maps and filters, path bases).
    pub fn suspend(&mut self) {
        self.suspended += 1;
    }

    /// Undo one [`Tracer::suspend`].
    pub fn resume(&mut self) {
        self.suspended = self.suspended.saturating_sub(1);
    }

    fn active(&self) -> bool {
        self.suspended == 0 && self.recorded < MAX_TRACE_NODES
    }

    /// Start a node; `false` when it is not recorded.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn enter(&mut self, n: &Node) -> bool {
        if !self.active()
            || matches!(
                n.kind,
                NodeKind::Paren(_) | NodeKind::Const(_, ConstOrigin::Literal)
            )
        {
            return false;
        }
        self.recorded += 1;
        self.stack.push(Vec::new());
        true
    }

    /// Finish the node started by the matching [`Tracer::enter`].
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn exit(&mut self, n: &Node, r: &Result<Value, EvalError>) {
        let children = self.stack.pop().unwrap_or_default();
        let kind = match &n.kind {
            NodeKind::And(..) => TKind::And,
            NodeKind::Or(..) => TKind::Or,
            NodeKind::Not(_) => TKind::Not,
            NodeKind::Binary(op, ..) => match op {
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => TKind::Arith(*op),
                _ => TKind::Compare(*op),
            },
            NodeKind::Quant(each) => TKind::Quant(each.q),
            NodeKind::Filter(_) => TKind::Filter,
            NodeKind::Map(..) => TKind::Map,
            NodeKind::Call(..) | NodeKind::Builtin(_) | NodeKind::Plugin(_) => TKind::Call,
            NodeKind::Field(..)
            | NodeKind::SlotField(..)
            | NodeKind::InputField(_)
            | NodeKind::Index(..) => TKind::Path,
            NodeKind::Local(_) => TKind::Local,
            NodeKind::Const(..) => TKind::Param,
            NodeKind::Input => TKind::Input,
            NodeKind::Context => TKind::Context,
            NodeKind::If(..) => TKind::If,
            _ => TKind::Other,
        };
        let node = TNode {
            loc: n.loc,
            kind,
            value: match r {
                Ok(v) => Ok(v.clone()),
                Err(e) => Err(self.message(e)),
            },
            path: static_path(n),
            children,
        };
        self.push(node);
    }

    fn push(&mut self, node: TNode) {
        if let Some(top) = self.stack.last_mut() {
            top.push(node);
        } else {
            self.stack.push(vec![node]);
        }
    }

    /// Start one loop iteration; `false` when not recording.
    pub fn begin_group(&mut self) -> bool {
        if !self.active() {
            return false;
        }
        self.stack.push(Vec::new());
        true
    }

    /// Finish an iteration started by [`Tracer::begin_group`]; keep it or drop it.
    pub fn end_group(
        &mut self,
        keep: bool,
        loc: Loc,
        var: &Key,
        index: usize,
        item: &Value,
        r: &Result<bool, EvalError>,
    ) {
        let children = self.stack.pop().unwrap_or_default();
        if !keep {
            return;
        }
        self.recorded += 1;
        let value = match r {
            Ok(b) => Ok(Value::Bool(*b)),
            Err(e) => Err(self.message(e)),
        };
        self.push(TNode {
            loc,
            kind: TKind::Item {
                var: var.clone(),
                index,
                item: item.clone(),
            },
            value,
            path: None,
            children,
        });
    }

    fn message(&self, e: &EvalError) -> String {
        match &e.kind {
            ErrKind::Msg(m) => m.clone(),
            ErrKind::Limit(k) => self.limits.describe(*k),
        }
    }

    /// The recorded top-level nodes.
    pub fn finish(mut self) -> Vec<TNode> {
        while self.stack.len() > 1 {
            let children = self.stack.pop().unwrap_or_default();
            if let Some(top) = self.stack.last_mut() {
                top.extend(children);
            }
        }
        self.stack.pop().unwrap_or_default()
    }
}

/// `input.a.b[2]` for a path rooted at `input` whose steps are constants.
pub(crate) fn static_path(n: &Node) -> Option<String> {
    match &n.kind {
        NodeKind::Input => Some("input".to_string()),
        NodeKind::InputField(key) => {
            let mut p = "input".to_string();
            push_key(&mut p, key);
            Some(p)
        }
        NodeKind::Field(f) => {
            let mut p = static_path(&f.base)?;
            push_key(&mut p, &f.key);
            Some(p)
        }
        NodeKind::Index(bi) => {
            let [b, i] = &**bi;
            let mut p = static_path(b)?;
            match &i.kind {
                NodeKind::Const(v, _) => match **v {
                    Value::Int(i) => p.push_str(&format!("[{i}]")),
                    _ => return None,
                },
                _ => return None,
            }
            Some(p)
        }
        NodeKind::Paren(x) => static_path(x),
        _ => None,
    }
}

/// Append `.key`, or `["key"]` when the key is not a plain name.
pub(crate) fn push_key(path: &mut String, key: &str) {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&Value::str(key).to_string());
        path.push(']');
    }
}
