//! What the caller passes besides the input: the time and a context document.

use crate::error::InputError;
use phasegate_lang::Value;
use std::sync::Arc;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The caller's context of an evaluation. Policies read no clock: `now()`
/// and `context.now` come from here.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvalContext {
    /// The current time; `None` makes `now()` an error.
    pub now: Option<OffsetDateTime>,
    /// The `context` document policies see (`null` when not given).
    pub context: Value,
}

impl EvalContext {
    /// An empty context: no time, `context` is `null`.
    pub fn new() -> EvalContext {
        EvalContext::default()
    }

    /// Set the time.
    pub fn with_now(mut self, now: OffsetDateTime) -> EvalContext {
        self.now = Some(now);
        self
    }

    /// Set the context document.
    pub fn with_context(mut self, context: Value) -> EvalContext {
        self.context = context;
        self
    }

    /// A context from a document; a string `now` field (RFC 3339) sets the time.
    pub fn from_value(context: Value) -> Result<EvalContext, InputError> {
        let now = match context.get("now") {
            Value::Str(s) => Some(
                OffsetDateTime::parse(s, &Rfc3339)
                    .map_err(|e| InputError::BadNow(format!("{s:?}: {e}")))?,
            ),
            Value::Null => None,
            other => {
                return Err(InputError::BadNow(format!(
                    "expected a string, got {}",
                    other.kind()
                )))
            }
        };
        Ok(EvalContext { now, context })
    }

    /// The `context` value policies see: the document, plus `now` (RFC 3339)
    /// when a time is set and the document has no `now` of its own.
    pub(crate) fn policy_value(&self) -> Value {
        let Some(now) = self.now else {
            return self.context.clone();
        };
        let mut obj = match &self.context {
            Value::Object(o) if o.contains_key("now") => return self.context.clone(),
            Value::Object(o) => (**o).clone(),
            Value::Null => Default::default(),
            _ => return self.context.clone(),
        };
        if let Ok(s) = now.format(&Rfc3339) {
            obj.insert(Arc::from("now"), Value::str(s));
        }
        Value::object(obj)
    }
}
