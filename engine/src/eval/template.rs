//! Message templates: `"PR #{input.pull_request.number} needs {min}"`.

use super::error::EvalError;
use super::render::{render, truncate};
use super::Machine;
use crate::compile::ir::{Piece, TemplateIr};
use phasegate_lang::Value;

impl Machine<'_> {
    /// Render a template: strings as they are, other values as compact JSON;
    /// the result is cut at `max_message_len` bytes with `…`.
    pub(crate) fn render_template(
        &mut self,
        t: &TemplateIr,
        frame: &mut [Value],
    ) -> Result<String, EvalError> {
        let max = self.limits.max_message_len;
        let mut out = String::new();
        for p in &t.parts {
            if out.len() > max {
                break;
            }
            match p {
                Piece::Text(s) => out.push_str(s),
                Piece::Expr(e) => {
                    let v = self.eval_quiet(e, frame)?;
                    let (text, _) = render(&v, true, max + 1);
                    self.charge(1 + (text.len() / 64) as u64)?;
                    out.push_str(&text);
                }
            }
        }
        Ok(limit_len(out, max))
    }
}

/// Cut a message at `max` bytes, ending it with `…`.
pub(crate) fn limit_len(mut s: String, max: usize) -> String {
    if s.len() > max {
        truncate(&mut s, max);
    }
    s
}
