//! Explanations: the tree of a rule's conditions with the value each had.

use crate::decision::Status;
use crate::eval::render::{bounded_value, render};
use crate::eval::runner::{Step, MAX_EVIDENCE_BYTES};
use crate::eval::trace::{TKind, TNode};
use crate::eval::Machine;
use phasegate_lang::Value;
use serde::Serialize;
use std::fmt::Write;

/// How one rule was evaluated: every statement with its sub-conditions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// Rule id.
    pub rule: String,
    /// Rule title.
    pub title: String,
    /// The rule's status.
    pub status: Status,
    /// The rule's messages (as in the decision).
    pub messages: Vec<String>,
    /// One node per evaluated `when`, `let` and `require`, in order.
    pub steps: Vec<ExplainNode>,
}

/// One node of an explanation tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExplainNode {
    /// `when`, `let`, `require`, or the expression kind: `and`, `or`, `not`,
    /// `compare`, `arith`, `any`, `all`, `no`, `item`, `filter`, `map`, `call`,
    /// `path`, `local`, `param`, `input`, `context`, `if`, `expr`.
    pub kind: String,
    /// The source text (for `item`: `x = <item>`).
    pub text: String,
    /// The value it had (summarised when large); absent on error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The run-time error, if evaluating it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The input path of the value, when it comes from the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `file:line:column`.
    pub location: String,
    /// Sub-expressions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ExplainNode>,
}

impl Explanation {
    /// An indented plain-text tree:
    /// `✗ require count(approvals) >= min_approvals  → false`, then one
    /// line per sub-expression (`count(approvals) → 0`).
    pub fn render_text(&self) -> String {
        let mut s = format!("rule {}: {}\n", self.rule, self.status);
        for st in &self.steps {
            line(&mut s, st, 0);
        }
        if !self.messages.is_empty() {
            s.push_str("messages:\n");
            for m in &self.messages {
                let _ = writeln!(s, "  - {m}");
            }
        }
        s
    }
}

fn line(out: &mut String, n: &ExplainNode, depth: usize) {
    let mark = match (&n.value, &n.error) {
        (_, Some(_)) => "!",
        (Some(Value::Bool(true)), _) => "✓",
        (Some(Value::Bool(false)), _) => "✗",
        _ => "·",
    };
    let stmt = matches!(n.kind.as_str(), "when" | "require");
    let text = if stmt {
        format!("{} {}", n.kind, n.text)
    } else {
        n.text.clone()
    };
    let result = match (&n.value, &n.error) {
        (_, Some(e)) => format!("error: {e}"),
        (Some(v), None) => render(v, false, 80).0,
        (None, None) => String::new(),
    };
    let path = match &n.path {
        Some(p) if *p != n.text => format!("  ({p})"),
        _ => String::new(),
    };
    let _ = writeln!(out, "{}{mark} {text}  → {result}{path}", "  ".repeat(depth));
    for c in &n.children {
        line(out, c, depth + 1);
    }
}

/// Build explanation nodes from recorded steps.
pub(crate) fn nodes(steps: Vec<Step>, m: &mut Machine) -> Vec<ExplainNode> {
    steps
        .into_iter()
        .map(|st| {
            // The single recorded root is the statement's own expression.
            let children = match <[TNode; 1]>::try_from(st.trace) {
                Ok([root]) => root.children,
                Err(roots) => roots,
            };
            let (value, error) = split(&st.value);
            ExplainNode {
                kind: st.kind.to_string(),
                text: st.text,
                value,
                error,
                path: None,
                location: m.prog.describe(st.loc),
                children: convert_all(&children, None, m),
            }
        })
        .collect()
}

fn split(v: &Result<Value, String>) -> (Option<Value>, Option<String>) {
    match v {
        Ok(v) => (Some(bounded_value(v, MAX_EVIDENCE_BYTES).0), None),
        Err(e) => (None, Some(e.clone())),
    }
}

fn convert_all(ts: &[TNode], coll_path: Option<&str>, m: &mut Machine) -> Vec<ExplainNode> {
    ts.iter().map(|t| convert(t, coll_path, m)).collect()
}

fn convert(t: &TNode, coll_path: Option<&str>, m: &mut Machine) -> ExplainNode {
    let input = m.input.clone();
    let (kind, text, path) = match &t.kind {
        TKind::Item { var, index, item } => {
            let path = match coll_path {
                Some(p) => Some(format!("{p}[{index}]")),
                None => m.index.path_of(&input, item),
            };
            let shown = render(item, false, 120).0;
            ("item".to_string(), format!("{var} = {shown}"), path)
        }
        k => {
            let path = t.path.clone().or_else(|| {
                t.value
                    .as_ref()
                    .ok()
                    .and_then(|v| m.index.path_of(&input, v))
            });
            (kind_name(k).to_string(), m.prog.text(t.loc), path)
        }
    };
    // Items of a quantifier get their path from the collection's.
    let child_coll = match &t.kind {
        TKind::Quant(_) => t
            .children
            .iter()
            .find(|c| !matches!(c.kind, TKind::Item { .. }))
            .and_then(|c| {
                c.path.clone().or_else(|| {
                    c.value
                        .as_ref()
                        .ok()
                        .and_then(|v| m.index.path_of(&input, v))
                })
            }),
        _ => None,
    };
    let (value, error) = split(&t.value);
    ExplainNode {
        kind,
        text,
        value,
        error,
        path,
        location: m.prog.describe(t.loc),
        children: convert_all(&t.children, child_coll.as_deref(), m),
    }
}

fn kind_name(k: &TKind) -> &'static str {
    match k {
        TKind::And => "and",
        TKind::Or => "or",
        TKind::Not => "not",
        TKind::Compare(_) => "compare",
        TKind::Arith(_) => "arith",
        TKind::Quant(q) => q.keyword(),
        TKind::Filter => "filter",
        TKind::Map => "map",
        TKind::Call => "call",
        TKind::Path => "path",
        TKind::Local => "local",
        TKind::Param => "param",
        TKind::Input => "input",
        TKind::Context => "context",
        TKind::If => "if",
        TKind::Other => "expr",
        TKind::Item { .. } => "item",
    }
}
