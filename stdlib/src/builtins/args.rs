//! Typed access to builtin arguments, with error messages that name the
//! function, the argument and the type received; and the size-limit checks
//! every builtin that builds a value uses.

use super::BuiltinError;
use phasegate_lang::value::Object;
use phasegate_lang::Value;
use std::sync::Arc;

/// The arguments of one call of builtin `f`, whose parameters are `names`.
pub(crate) struct Args<'a> {
    f: &'static str,
    names: &'static [&'static str],
    vals: &'a [&'a Value],
}

impl<'a> Args<'a> {
    /// Wrap the arguments of a call of `f`.
    pub(crate) fn new(
        f: &'static str,
        names: &'static [&'static str],
        vals: &'a [&'a Value],
    ) -> Self {
        Args { f, names, vals }
    }

    /// An error message prefixed with `f()`: `f() <msg>`.
    pub(crate) fn fail(&self, msg: impl std::fmt::Display) -> BuiltinError {
        BuiltinError::new(format!("{}() {msg}", self.f))
    }

    fn param(&self, i: usize) -> &'static str {
        self.names.get(i).copied().unwrap_or("argument")
    }

    /// Argument `i`, which must have been given.
    pub(crate) fn value(&self, i: usize) -> Result<&'a Value, BuiltinError> {
        self.vals.get(i).copied().ok_or_else(|| {
            self.fail(format_args!(
                "needs argument {} (`{}`)",
                i + 1,
                self.param(i)
            ))
        })
    }

    /// Argument `i`, if given.
    pub(crate) fn opt(&self, i: usize) -> Option<&'a Value> {
        self.vals.get(i).copied()
    }

    /// The error for argument `i` having the wrong type: `lower() expects a
    /// string, got int` or `join() expects a string for `sep` (argument 2), got int`.
    pub(crate) fn wrong_type(&self, i: usize, want: &str, got: &Value) -> BuiltinError {
        if self.names.len() <= 1 {
            self.fail(format_args!("expects {want}, got {}", got.kind()))
        } else {
            self.fail(format_args!(
                "expects {want} for `{}` (argument {}), got {}",
                self.param(i),
                i + 1,
                got.kind()
            ))
        }
    }

    /// The error for item `idx` of list argument `i` having the wrong type:
    /// `join() expects a list of strings, got int at xs[2]`.
    pub(crate) fn wrong_item(&self, i: usize, want: &str, idx: usize, got: &Value) -> BuiltinError {
        self.fail(format_args!(
            "expects {want}, got {} at {}[{idx}]",
            got.kind(),
            self.param(i)
        ))
    }

    /// Argument `i` as a string.
    pub(crate) fn str(&self, i: usize) -> Result<&'a str, BuiltinError> {
        self.arc_str(i).map(|s| &**s)
    }

    /// Argument `i` as a shared string (to return it without copying).
    pub(crate) fn arc_str(&self, i: usize) -> Result<&'a Arc<str>, BuiltinError> {
        match self.value(i)? {
            Value::Str(s) => Ok(s),
            other => Err(self.wrong_type(i, "a string", other)),
        }
    }

    /// Argument `i` as a list.
    pub(crate) fn list(&self, i: usize) -> Result<&'a Arc<Vec<Value>>, BuiltinError> {
        match self.value(i)? {
            Value::Array(a) => Ok(a),
            other => Err(self.wrong_type(i, "a list", other)),
        }
    }

    /// Argument `i` as an object.
    pub(crate) fn object(&self, i: usize) -> Result<&'a Arc<Object>, BuiltinError> {
        match self.value(i)? {
            Value::Object(o) => Ok(o),
            other => Err(self.wrong_type(i, "an object", other)),
        }
    }

    /// Fail unless a string of `bytes` bytes fits in `max`.
    pub(crate) fn check_bytes(&self, bytes: usize, max: usize) -> Result<(), BuiltinError> {
        if bytes > max {
            Err(self.fail(format_args!(
                "would build a string of {bytes} bytes, over the limit of {max}"
            )))
        } else {
            Ok(())
        }
    }

    /// Fail unless a list or object of `items` items fits in `max`.
    pub(crate) fn check_items(&self, items: usize, max: usize) -> Result<(), BuiltinError> {
        if items > max {
            Err(self.fail(format_args!(
                "would build a list or object of {items} items, over the limit of {max}"
            )))
        } else {
            Ok(())
        }
    }

    /// The error for a result that would overflow (or fail to fit) in computation.
    pub(crate) fn too_large(&self, what: &str) -> BuiltinError {
        self.fail(format_args!(
            "would build {what} larger than the size limit"
        ))
    }
}

/// A string shortened for an error message, quoted.
pub(crate) fn quote_short(s: &str) -> String {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{:?}…", &s[..cut]),
        None => format!("{s:?}"),
    }
}

/// `v` rendered like [`Value::render`] (strings as they are, everything else
/// as compact JSON), or `None` when the text would be longer than `max` bytes.
/// Rendering stops as soon as the limit is passed.
pub(crate) fn render_limited(v: &Value, max: usize) -> Option<Arc<str>> {
    if let Value::Str(s) = v {
        return (s.len() <= max).then(|| s.clone());
    }
    struct Limited {
        buf: Vec<u8>,
        max: usize,
    }
    impl std::io::Write for Limited {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            if self.buf.len().saturating_add(data.len()) > self.max {
                return Err(std::io::Error::other("size limit"));
            }
            self.buf.extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = Limited {
        buf: Vec::new(),
        max,
    };
    serde_json::to_writer(&mut w, v).ok()?;
    String::from_utf8(w.buf).ok().map(Arc::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_function_argument_and_type() {
        let one = Args::new("lower", &["s"], &[]);
        assert_eq!(
            one.wrong_type(0, "a string", &Value::Int(1)).message,
            "lower() expects a string, got int"
        );
        assert_eq!(
            one.value(0).unwrap_err().message,
            "lower() needs argument 1 (`s`)"
        );
        let vals = [Value::array(vec![]), Value::Int(3)];
        let refs = [&vals[0], &vals[1]];
        let two = Args::new("join", &["xs", "sep"], &refs);
        assert_eq!(
            two.str(1).unwrap_err().message,
            "join() expects a string for `sep` (argument 2), got int"
        );
        assert_eq!(
            two.wrong_item(0, "a list of strings", 2, &Value::Null)
                .message,
            "join() expects a list of strings, got null at xs[2]"
        );
    }

    #[test]
    fn render_limited_stops_at_the_limit() {
        let v = Value::array(vec![Value::Int(1), Value::str("ab")]);
        assert_eq!(render_limited(&v, 100).as_deref(), Some("[1,\"ab\"]"));
        assert_eq!(render_limited(&v, 8).as_deref(), Some("[1,\"ab\"]"));
        assert_eq!(render_limited(&v, 7), None);
        assert_eq!(
            render_limited(&Value::str("héllo"), 6).as_deref(),
            Some("héllo")
        );
        assert_eq!(render_limited(&Value::str("héllo"), 5), None);
        assert_eq!(render_limited(&Value::Null, 4).as_deref(), Some("null"));
    }

    #[test]
    fn quote_short_cuts_long_text_on_char_boundaries() {
        assert_eq!(quote_short("abc"), "\"abc\"");
        let long = "é".repeat(100);
        let q = quote_short(&long);
        assert!(q.ends_with('…') && q.chars().count() == 63, "{q}");
    }
}
