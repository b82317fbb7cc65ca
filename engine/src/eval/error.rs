//! Run-time errors of the evaluator.

use crate::compile::ir::Loc;
use crate::limits::LimitKind;

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ErrKind {
    /// A type error, overflow, failed builtin…
    Msg(String),
    /// A limit was exceeded.
    Limit(LimitKind),
}

/// A run-time error and the innermost node being evaluated when it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EvalError {
    pub kind: ErrKind,
    pub loc: Option<Loc>,
}

impl EvalError {
    /// An error with a message.
    pub fn msg(m: impl Into<String>) -> EvalError {
        EvalError {
            kind: ErrKind::Msg(m.into()),
            loc: None,
        }
    }

    /// A limit error.
    pub fn limit(k: LimitKind) -> EvalError {
        EvalError {
            kind: ErrKind::Limit(k),
            loc: None,
        }
    }

    /// Attach a location unless one is already set (the innermost wins).
    pub fn at(mut self, loc: Loc) -> EvalError {
        if self.loc.is_none() {
            self.loc = Some(loc);
        }
        self
    }
}
