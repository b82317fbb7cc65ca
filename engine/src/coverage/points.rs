//! The points coverage reports on: statements, and the sub-conditions an
//! evaluation may or may not reach (operands of `and`/`or`, `if` branches,
//! bodies of quantifiers, filters and maps).

use crate::compile::ir::{FnDef, Loc, Loop, Node, NodeKind, Program, RuleDef, Stmt};
use serde::Serialize;
use std::collections::HashSet;

/// Longest point text shown, in characters.
const MAX_TEXT: usize = 100;

/// What a coverage point is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PointKind {
    /// A `when` statement.
    When,
    /// A `let` statement.
    Let,
    /// A `require` statement.
    Require,
    /// The left side of `and`.
    AndLeft,
    /// The right side of `and` (not reached when the left is false).
    AndRight,
    /// The left side of `or`.
    OrLeft,
    /// The right side of `or` (not reached when the left is true).
    OrRight,
    /// The condition of `if`.
    IfCondition,
    /// The `then` branch of `if`.
    Then,
    /// The `else` branch of `if`.
    Else,
    /// The condition of `any`/`all`/`no` (not reached on an empty list).
    QuantifierBody,
    /// The condition of a filter `[x in xs | cond]`.
    FilterCondition,
    /// The `if` of a map `[e for x in xs if cond]`.
    MapCondition,
    /// The value of a map `[e for x in xs]`.
    MapValue,
    /// The result expression of a function.
    FunctionBody,
}

impl PointKind {
    /// `when`, `let` and `require` are statements; the others are expressions.
    pub fn is_statement(self) -> bool {
        matches!(self, PointKind::When | PointKind::Let | PointKind::Require)
    }

    /// A short description: `right side of \`and\``.
    pub fn describe(self) -> &'static str {
        match self {
            PointKind::When => "when",
            PointKind::Let => "let",
            PointKind::Require => "require",
            PointKind::AndLeft => "left side of `and`",
            PointKind::AndRight => "right side of `and`",
            PointKind::OrLeft => "left side of `or`",
            PointKind::OrRight => "right side of `or`",
            PointKind::IfCondition => "condition of `if`",
            PointKind::Then => "`then` branch",
            PointKind::Else => "`else` branch",
            PointKind::QuantifierBody => "quantifier body",
            PointKind::FilterCondition => "filter condition",
            PointKind::MapCondition => "map `if`",
            PointKind::MapValue => "map value",
            PointKind::FunctionBody => "function body",
        }
    }
}

/// A point: kind, location and source text.
pub(crate) type Point = (PointKind, Loc, String);

struct Collector<'p> {
    prog: &'p Program,
    seen: HashSet<(PointKind, Loc)>,
    out: Vec<Point>,
}

impl<'p> Collector<'p> {
    fn new(prog: &'p Program) -> Collector<'p> {
        Collector {
            prog,
            seen: HashSet::new(),
            out: Vec::new(),
        }
    }

    fn push(&mut self, kind: PointKind, loc: Loc, text: String) {
        if self.seen.insert((kind, loc)) {
            self.out.push((kind, loc, shorten(text)));
        }
    }

    fn sub(&mut self, kind: PointKind, n: &Node) {
        let text = self.prog.text(n.loc);
        self.push(kind, n.loc, text);
    }

    /// Every point inside an expression.
    fn walk(&mut self, n: &Node) {
        match &n.kind {
            NodeKind::Const(..)
            | NodeKind::Local(_)
            | NodeKind::Input
            | NodeKind::Context
            | NodeKind::SlotField(..)
            | NodeKind::InputField(_) => {}
            NodeKind::Field(f) => self.walk(&f.base),
            NodeKind::Not(b) | NodeKind::Neg(b) | NodeKind::Paren(b) => self.walk(b),
            NodeKind::Index(xs) | NodeKind::Binary(_, xs) => xs.iter().for_each(|x| self.walk(x)),
            NodeKind::Array(xs) | NodeKind::Call(_, xs) => xs.iter().for_each(|x| self.walk(x)),
            NodeKind::Object(kvs) => kvs.iter().for_each(|(_, x)| self.walk(x)),
            NodeKind::Builtin(bc) => bc.args.iter().for_each(|x| self.walk(x)),
            NodeKind::Plugin(pc) => pc.args.iter().for_each(|x| self.walk(x)),
            NodeKind::And(ab) => self.pair(PointKind::AndLeft, PointKind::AndRight, ab),
            NodeKind::Or(ab) => self.pair(PointKind::OrLeft, PointKind::OrRight, ab),
            NodeKind::If(cab) => {
                let [c, ab @ ..] = &**cab;
                self.sub(PointKind::IfCondition, c);
                self.walk(c);
                self.pair(PointKind::Then, PointKind::Else, ab);
            }
            NodeKind::Quant(each) => self.body(&each.lp, PointKind::QuantifierBody),
            NodeKind::Filter(lp) => self.body(lp, PointKind::FilterCondition),
            NodeKind::Map(m) => {
                let (lp, value) = &**m;
                self.walk(&lp.coll);
                if let Some(c) = &lp.cond {
                    self.sub(PointKind::MapCondition, c);
                    self.walk(c);
                }
                self.sub(PointKind::MapValue, value);
                self.walk(value);
            }
        }
    }

    fn pair(&mut self, ka: PointKind, kb: PointKind, [a, b]: &[Node; 2]) {
        self.sub(ka, a);
        self.walk(a);
        self.sub(kb, b);
        self.walk(b);
    }

    /// A quantifier's or filter's collection, then its condition as a point.
    fn body(&mut self, lp: &Loop, kind: PointKind) {
        self.walk(&lp.coll);
        if let Some(c) = &lp.cond {
            self.sub(kind, c);
            self.walk(c);
        }
    }
}

/// The points of a rule, in statement order.
pub(crate) fn of_rule(prog: &Program, rule: &RuleDef) -> Vec<Point> {
    let mut c = Collector::new(prog);
    for s in &rule.stmts {
        match s {
            Stmt::Let {
                name, value, loc, ..
            } => {
                c.push(
                    PointKind::Let,
                    *loc,
                    format!("let {name} = {}", prog.text(value.loc)),
                );
                c.walk(value);
            }
            Stmt::When(chk) => {
                c.push(
                    PointKind::When,
                    chk.loc,
                    format!("when {}", prog.check_text(chk)),
                );
                c.walk(&chk.cond);
            }
            Stmt::Require(chk) => {
                c.push(
                    PointKind::Require,
                    chk.loc,
                    format!("require {}", prog.check_text(chk)),
                );
                c.walk(&chk.cond);
            }
            Stmt::RequireEach { check, each } => {
                // Evaluated item by item: the loop's parts are the points,
                // not the quantifier expression as a whole.
                c.push(
                    PointKind::Require,
                    check.loc,
                    format!("require {}", prog.check_text(check)),
                );
                c.body(&each.lp, PointKind::QuantifierBody);
            }
        }
    }
    c.out
}

/// The points of a function: its body, then the sub-conditions of its
/// `let`s and body.
pub(crate) fn of_function(prog: &Program, f: &FnDef) -> Vec<Point> {
    let mut c = Collector::new(prog);
    c.sub(PointKind::FunctionBody, &f.body);
    for (_, value) in &f.lets {
        c.walk(value);
    }
    c.walk(&f.body);
    c.out
}

/// Whether a rule has a `when` (and so can be skipped).
pub(crate) fn can_skip(rule: &RuleDef) -> bool {
    rule.stmts.iter().any(|s| matches!(s, Stmt::When(_)))
}

fn shorten(text: String) -> String {
    if text.chars().count() <= MAX_TEXT {
        return text;
    }
    let mut s: String = text.chars().take(MAX_TEXT - 1).collect();
    s.push('…');
    s
}
