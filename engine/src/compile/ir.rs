//! The intermediate representation the evaluator runs.
//!
//! Names are resolved to slots (locals of a frame), constants (params after
//! overrides), function indices and builtin function pointers: nothing is
//! looked up by string while evaluating.

use crate::decision::RuleInfo;
use crate::plugin::Plugin;
use phasegate_lang::ast::{BinOp, Quantifier, Span};
use phasegate_lang::{SourceFile, Value};
use phasegate_stdlib::builtins::BuiltinFn;
use phasegate_stdlib::Pattern;
use std::sync::Arc;
use thin_vec::ThinVec;

/// Most policy files one set is compiled from: a [`Loc`] keeps the file index
/// in 14 bits (the loader refuses more files with
/// [`CompileError::TooManyFiles`](crate::CompileError::TooManyFiles)).
pub const MAX_POLICY_FILES: usize = 1 << 14;

/// Bits of a byte offset in a [`Loc`]: a policy file is at most 16 MiB
/// (`parse::MAX_FILE_BYTES` = 2^24), so an offset needs 25 bits.
const OFFSET_BITS: u32 = 25;
const OFFSET_MASK: u32 = (1 << OFFSET_BITS) - 1;
/// Bits of the file index kept beside each offset (7 + 7 = 14).
const FILE_BITS: u32 = 32 - OFFSET_BITS;

/// A source location: which file (index into [`Program::sources`]) and where.
/// Every IR node carries one, so it is packed in 8 bytes: each word holds an
/// offset (25 bits) and half of the file index (7 bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Loc {
    start: u32,
    end: u32,
}

impl Loc {
    /// The location of `span` in file `file`. Offsets past 2^25 and file
    /// indices past [`MAX_POLICY_FILES`] cannot occur (the parser and the
    /// loader refuse such files); they are clamped rather than wrapped.
    pub fn new(file: u32, span: Span) -> Loc {
        let file = file.min(MAX_POLICY_FILES as u32 - 1);
        let at = |x: usize| u32::try_from(x).unwrap_or(u32::MAX).min(OFFSET_MASK);
        let low = file & ((1 << FILE_BITS) - 1);
        let high = file >> FILE_BITS;
        Loc {
            start: at(span.start) | (low << OFFSET_BITS),
            end: at(span.end) | (high << OFFSET_BITS),
        }
    }

    /// Index of the file.
    pub fn file(self) -> u32 {
        (self.start >> OFFSET_BITS) | ((self.end >> OFFSET_BITS) << FILE_BITS)
    }

    /// The byte range.
    pub fn span(self) -> Span {
        Span::new(
            (self.start & OFFSET_MASK) as usize,
            (self.end & OFFSET_MASK) as usize,
        )
    }
}

/// One IR node with its source location: 24 bytes (a kind of 16 and a
/// location of 8; `tests::node_sizes`). Every kind holds at most one pointer:
/// children that belong together share one allocation (`Box<[Node; 2]>`),
/// lists are thin (`ThinVec`), and constants are shared (`Arc<Value>`).
#[derive(Clone, Debug)]
pub struct Node {
    /// What to compute.
    pub kind: NodeKind,
    /// Where it is written.
    pub loc: Loc,
}

/// The kinds of IR node.
#[derive(Clone, Debug)]
pub enum NodeKind {
    /// A constant: a literal, a folded expression, or a param's value. The
    /// compiler shares one copy of each scalar and string constant.
    Const(Arc<Value>, ConstOrigin),
    /// A local slot of the current frame (`let`, loop variable, fn argument).
    Local(u32),
    /// The evidence document.
    Input,
    /// The caller's context.
    Context,
    /// `x.name` / `x["name"]` on a local slot (a loop variable, a `let`, an
    /// argument): the most common access, one node without a box. It costs
    /// the fuel of the two nodes it stands for.
    SlotField(u32, Key),
    /// `input.name` / `input["name"]`: one node, like [`NodeKind::SlotField`].
    InputField(Key),
    /// `base.name` / `base["name"]` with a constant key, on any other base.
    Field(Box<FieldAccess>),
    /// `base[index]`.
    Index(Box<[Node; 2]>),
    /// `[a, b]`.
    Array(ThinVec<Node>),
    /// `{k: v}`.
    Object(ThinVec<(Arc<str>, Node)>),
    /// A call of a user function by index.
    Call(u32, ThinVec<Node>),
    /// A call of a builtin.
    Builtin(Box<BuiltinCall>),
    /// A call of a plugin function.
    Plugin(Box<PluginCall>),
    /// `not x`.
    Not(Box<Node>),
    /// `-x`.
    Neg(Box<Node>),
    /// `a and b` (short-circuit).
    And(Box<[Node; 2]>),
    /// `a or b` (short-circuit).
    Or(Box<[Node; 2]>),
    /// Any other binary operator (never `and`/`or`).
    Binary(BinOp, Box<[Node; 2]>),
    /// `if c then a else b`.
    If(Box<[Node; 3]>),
    /// `any|all|no x in xs: cond`. Shared with the `require all|no` statement
    /// that evaluates the same loop item by item.
    Quant(Arc<QuantLoop>),
    /// `[x in xs | cond]`.
    Filter(Box<Loop>),
    /// `[expr for x in xs if cond]`: `Loop::cond` is the optional filter,
    /// the node is the expression.
    Map(Box<(Loop, Node)>),
    /// `(x)`: kept so explanations show what the author wrote.
    Paren(Box<Node>),
}

/// `base.key`.
#[derive(Clone, Debug)]
pub struct FieldAccess {
    /// The object.
    pub base: Node,
    /// The key.
    pub key: Key,
}

/// A field key: one pointer (`ArcStr` keeps its length beside the text), so
/// that a slot index and a key fit in a 16-byte [`NodeKind`]. The compiler
/// shares one copy of each key.
pub type Key = arcstr::ArcStr;

/// Why a node is constant (explanations hide plain literals).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstOrigin {
    /// Written as a literal or folded from literals.
    Literal,
    /// The value of a param.
    Param,
}

/// A loop over a collection with a bound variable.
#[derive(Clone, Debug)]
pub struct Loop {
    /// Slot of the loop variable.
    pub slot: u32,
    /// Name of the loop variable (for explanations).
    pub var: Key,
    /// The collection.
    pub coll: Node,
    /// The condition (`Option` only for maps; always set for quantifiers and filters).
    pub cond: Option<Node>,
}

/// `any|all|no x in xs: cond`: the quantifier and its loop, in one
/// allocation that a `require all|no` statement shares with its condition.
#[derive(Clone, Debug)]
pub struct QuantLoop {
    /// `any`, `all` or `no`.
    pub q: Quantifier,
    /// The loop.
    pub lp: Loop,
}

/// A builtin call with its function pointer and compiled pattern.
#[derive(Clone, Debug)]
pub struct BuiltinCall {
    /// Builtin name.
    pub name: &'static str,
    /// Implementation.
    pub func: BuiltinFn,
    /// Arguments.
    pub args: Box<[Node]>,
    /// The literal pattern argument, compiled at compile time.
    pub pattern: Option<Arc<Pattern>>,
}

/// A call of a function a plugin exports.
#[derive(Clone, Debug)]
pub struct PluginCall {
    /// Index into [`Program::plugins`].
    pub plugin: u32,
    /// The plugin's name in the policy (for messages).
    pub alias: Arc<str>,
    /// The function.
    pub function: Arc<str>,
    /// Arguments.
    pub args: ThinVec<Node>,
}

/// A user function.
#[derive(Clone, Debug)]
pub struct FnDef {
    /// Name (for coverage reports).
    pub name: String,
    /// The whole declaration.
    pub loc: Loc,
    /// Number of arguments (slots `0..arity`).
    pub arity: usize,
    /// Total slots of a frame.
    pub frame_size: usize,
    /// `let` bindings: slot and value.
    pub lets: Box<[(u32, Node)]>,
    /// Result.
    pub body: Node,
}

/// A message template: literal text and interpolated expressions.
#[derive(Clone, Debug, Default)]
pub struct TemplateIr {
    /// The pieces, in order.
    pub parts: Box<[Piece]>,
}

/// A piece of a template.
#[derive(Clone, Debug)]
pub enum Piece {
    /// Literal text, shared by equal pieces of all templates.
    Text(Arc<str>),
    /// An interpolated value.
    Expr(Node),
}

/// A rule statement.
#[derive(Clone, Debug)]
pub enum Stmt {
    /// `let`.
    Let {
        /// Slot written.
        slot: u32,
        /// The name.
        name: Arc<str>,
        /// Value.
        value: Node,
        /// Whole statement.
        loc: Loc,
    },
    /// `when`.
    When(Check),
    /// `require`.
    Require(Check),
    /// `require all|no x in xs: cond`: one message per offending item.
    RequireEach {
        /// The condition as written (for explanations and evidence).
        check: Check,
        /// The quantifier (`all` or `no`) and its loop: the ones inside
        /// `check.cond`, shared.
        each: Arc<QuantLoop>,
    },
}

/// A `when` or `require`.
#[derive(Clone, Debug)]
pub struct Check {
    /// The condition.
    pub cond: Node,
    /// The message after `else`, or `None` for the default message.
    pub message: Option<TemplateIr>,
    /// Whole statement.
    pub loc: Loc,
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub struct RuleDef {
    /// Metadata.
    pub info: Arc<RuleInfo>,
    /// Frame size.
    pub frame_size: usize,
    /// Statements in order.
    pub stmts: Box<[Stmt]>,
}

/// Everything compiled from a set of policy files.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// The source files (for locations).
    pub sources: Vec<SourceFile>,
    /// User functions by index.
    pub functions: Vec<FnDef>,
    /// Rules in load order.
    pub rules: Vec<RuleDef>,
    /// Loaded plugin modules ([`PluginCall::plugin`] indexes them).
    pub plugins: Vec<Arc<dyn Plugin>>,
}

impl Program {
    /// `file:line:column` of a location.
    pub fn describe(&self, loc: Loc) -> String {
        match self.sources.get(loc.file() as usize) {
            Some(src) => {
                let (line, col) = src.line_col(loc.span().start);
                format!("{}:{line}:{col}", src.name)
            }
            None => "<unknown>".to_string(),
        }
    }

    /// The source text of a check's condition, on one line (default
    /// messages, explanations, coverage points): read from the kept source
    /// when needed rather than stored with every check.
    pub fn check_text(&self, c: &Check) -> String {
        self.text(c.cond.loc)
    }

    /// The source text of a location, on one line (whitespace runs collapsed).
    pub fn text(&self, loc: Loc) -> String {
        let text = self
            .sources
            .get(loc.file() as usize)
            .map(|s| s.slice(loc.span()))
            .unwrap_or("");
        one_line(text)
    }
}

/// `text` on one line: whitespace runs collapsed to one space.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
