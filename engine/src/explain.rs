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
    /// `path`, `local`, `param`, `input`, `context`, `if`, `expr`. An `item`
    /// (one iteration of a quantifier) has the value of the condition for
    /// it; a `filter-item` has `true` when the filter kept the item, `false`
    /// when it dropped it (shown for the first items of a filter); `more`
    /// notes how many items of a filter are not shown.
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
    /// `✗ require count(approvals) >= min_approvals  → false  [file:line:col]`,
    /// then one line per sub-expression (`· count(approvals)  → 0`). `✓`
    /// marks a true condition or a kept filter item, `✗` a false condition
    /// or a dropped item, `!` an error.
    pub fn render_text(&self) -> String {
        self.render_text_with(false)
    }

    /// [`Explanation::render_text`], with ANSI colours when `color` is set.
    pub fn render_text_with(&self, color: bool) -> String {
        let p = Paint(color);
        let mut s = format!(
            "rule {}: {}\n",
            p.paint(BOLD, &self.rule),
            p.paint(status_color(self.status), self.status.as_str())
        );
        for st in &self.steps {
            line(&mut s, st, 0, p);
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

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const MAGENTA: &str = "\x1b[35m";

fn status_color(s: Status) -> &'static str {
    match s {
        Status::Pass => GREEN,
        Status::Fail => RED,
        Status::Skip => YELLOW,
        Status::Error => MAGENTA,
    }
}

#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn paint(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("{code}{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

fn line(out: &mut String, n: &ExplainNode, depth: usize, p: Paint) {
    let indent = "  ".repeat(depth);
    if n.kind == "more" {
        let _ = writeln!(out, "{indent}{}", p.paint(DIM, &n.text));
        return;
    }
    let (mark, mark_color) = match (&n.value, &n.error) {
        (_, Some(_)) => ("!", MAGENTA),
        (Some(Value::Bool(true)), _) => ("✓", GREEN),
        (Some(Value::Bool(false)), _) => ("✗", RED),
        _ => ("·", DIM),
    };
    let stmt = matches!(n.kind.as_str(), "when" | "require");
    let text = if stmt {
        format!("{} {}", n.kind, n.text)
    } else {
        n.text.clone()
    };
    let filter_item = n.kind == "filter-item";
    let result = match (&n.value, &n.error) {
        (_, Some(e)) => p.paint(MAGENTA, &format!("error: {e}")),
        (Some(Value::Bool(keep)), None) if filter_item => {
            if *keep { "kept" } else { "dropped" }.to_string()
        }
        (Some(v), None) => render(v, false, 80).0,
        (None, None) => String::new(),
    };
    let path = match &n.path {
        Some(path) if *path != n.text => format!("  ({path})"),
        _ => String::new(),
    };
    let at = if depth == 0 {
        p.paint(DIM, &format!("  [{}]", n.location))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{indent}{} {text}  → {result}{path}{at}",
        p.paint(mark_color, mark)
    );
    for c in &n.children {
        line(out, c, depth + 1, p);
    }
}

/// Build explanation nodes from recorded steps.
pub(crate) fn nodes(steps: Vec<Step>, m: &mut Machine) -> Vec<ExplainNode> {
    steps
        .into_iter()
        .map(|st| {
            // The single recorded root is the statement's own expression.
            let children = match <[TNode; 1]>::try_from(st.trace) {
                Ok([root]) => children_of(&root, m),
                Err(roots) => convert_all(&roots, None, false, m),
            };
            let (value, error) = split(&st.value);
            ExplainNode {
                kind: st.kind.to_string(),
                text: st.text,
                value,
                error,
                path: None,
                location: m.prog.describe(st.loc),
                children,
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

fn convert_all(
    ts: &[TNode],
    coll_path: Option<&str>,
    in_filter: bool,
    m: &mut Machine,
) -> Vec<ExplainNode> {
    ts.iter()
        .map(|t| convert(t, coll_path, in_filter, m))
        .collect()
}

fn convert(t: &TNode, coll_path: Option<&str>, in_filter: bool, m: &mut Machine) -> ExplainNode {
    let input = m.input.clone();
    let (kind, text, path) = match &t.kind {
        TKind::Item { var, index, item } => {
            let path = match coll_path {
                Some(p) => Some(format!("{p}[{index}]")),
                None => m.index.path_of(&input, item),
            };
            let shown = render(item, false, 120).0;
            let kind = if in_filter { "filter-item" } else { "item" };
            (kind.to_string(), format!("{var} = {shown}"), path)
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
    let (value, error) = split(&t.value);
    ExplainNode {
        kind,
        text,
        value,
        error,
        path,
        location: m.prog.describe(t.loc),
        children: children_of(t, m),
    }
}

/// The explanation nodes of a traced node's children. Items of a quantifier
/// or filter get their path from the collection's; a filter with more items
/// than traced gets a `more` note.
fn children_of(t: &TNode, m: &mut Machine) -> Vec<ExplainNode> {
    let input = m.input.clone();
    let child_coll = match &t.kind {
        TKind::Quant(_) | TKind::Filter => t
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
    let in_filter = t.kind == TKind::Filter;
    let mut children = convert_all(&t.children, child_coll.as_deref(), in_filter, m);
    if let Some(note) = filter_more(t).filter(|_| in_filter) {
        children.push(ExplainNode {
            kind: "more".to_string(),
            text: note,
            value: None,
            error: None,
            path: None,
            location: m.prog.describe(t.loc),
            children: Vec::new(),
        });
    }
    children
}

/// "… and N more item(s) not shown" when a filter had more items than traced.
fn filter_more(t: &TNode) -> Option<String> {
    let shown = t
        .children
        .iter()
        .filter(|c| matches!(c.kind, TKind::Item { .. }))
        .count();
    let total = t
        .children
        .iter()
        .find(|c| !matches!(c.kind, TKind::Item { .. }))
        .and_then(|c| match &c.value {
            Ok(Value::Array(a)) => Some(a.len()),
            _ => None,
        })?;
    (total > shown && shown > 0).then(|| {
        let n = total - shown;
        format!("… and {n} more item(s), not shown")
    })
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

#[cfg(test)]
mod tests {
    use crate::{EvalContext, PolicySet, Value};

    const POLICY: &str = r#"
rule t.small {
  title "t"
  phase test
  severity low
  let big = [x in input.xs | x > 100]
  require count(big) > 0
}
"#;

    fn explain(xs: &str) -> crate::Explanation {
        let set = PolicySet::builder()
            .source("t.gate", POLICY)
            .build()
            .expect("compiles");
        let input: Value = serde_json::from_str(&format!("{{\"xs\": {xs}}}")).expect("JSON");
        set.explain("t.small", &input, &EvalContext::new())
            .expect("known rule")
    }

    #[test]
    fn filter_items_show_why_they_were_kept_or_dropped() {
        let e = explain("[5, 500]");
        let text = e.render_text();
        assert!(text.contains("✗ x = 5  → dropped  (input.xs[0])"), "{text}");
        assert!(text.contains("✓ x = 500  → kept  (input.xs[1])"), "{text}");
        assert!(text.contains("[t.gate:6:3]"), "{text}");
        assert!(!text.contains('\x1b'));
        assert!(e.render_text_with(true).contains("\x1b[31m✗\x1b[0m"));
        let kinds: Vec<&str> = e.steps[0]
            .children
            .iter()
            .map(|c| c.kind.as_str())
            .collect();
        assert_eq!(kinds, ["path", "filter-item", "filter-item"]);
    }

    #[test]
    fn long_filters_are_bounded_with_a_note() {
        let xs: Vec<String> = (0..25).map(|i| i.to_string()).collect();
        let e = explain(&format!("[{}]", xs.join(",")));
        let items = e.steps[0]
            .children
            .iter()
            .filter(|c| c.kind == "filter-item")
            .count();
        assert_eq!(items, super::super::eval::quant::TRACED_FILTER_ITEMS);
        let more = e.steps[0].children.last().expect("a note");
        assert_eq!(more.kind, "more");
        assert_eq!(more.text, "… and 15 more item(s), not shown");
        assert!(e
            .render_text()
            .contains("\n  … and 15 more item(s), not shown\n"));
    }
}
