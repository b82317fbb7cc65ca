//! Pattern builtins: regular expressions (`regex` crate, linear time in the
//! input) and globs (`globset`). A literal pattern argument is compiled at
//! policy compile time and handed over in [`CallCtx::pattern`]; otherwise it
//! is compiled at run time with the same limits.

use super::args::{quote_short, Args};
use super::{Builtin, BuiltinError, CallCtx, Pattern};
use phasegate_lang::types::Ty;
use phasegate_lang::Value;
use std::borrow::Cow;

type R = Result<Value, BuiltinError>;

/// Largest compiled regular expression, in bytes (`RegexBuilder::size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Largest lazy DFA cache of a regular expression, in bytes
/// (`RegexBuilder::dfa_size_limit`).
pub const REGEX_DFA_SIZE_LIMIT: usize = 2 << 20;

/// Compile a regular expression with phasegate's limits. The error text
/// starts with `invalid regular expression`.
pub fn compile_regex(pattern: &str) -> Result<::regex::Regex, String> {
    ::regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| format!("invalid regular expression {}: {e}", quote_short(pattern)))
}

/// Compile a glob: `*` and `?` do not match `/`, `**` matches any number of
/// path segments, `{a,b}` is an alternation, `[ab]` a class. The error text
/// starts with `invalid glob`.
pub fn compile_glob(pattern: &str) -> Result<globset::GlobMatcher, String> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("invalid glob {}: {}", quote_short(pattern), e.kind()))
}

/// The pattern builtins, in documentation order.
pub(crate) fn builtins() -> Vec<Builtin> {
    use Ty::*;
    vec![
        Builtin::new("matches", &["s", "re"], &[String, String], Bool, matches)
            .pattern_arg(1)
            .doc(
                "Whether the regular expression `re` matches somewhere in `s` (use `^…$` to match all of it).",
                r#"matches("v1.24.3", "^v[0-9]+\\.[0-9]+\\.[0-9]+$")"#,
            ),
        Builtin::new("find_all", &["s", "re"], &[String, String], List, find_all)
            .pattern_arg(1)
            .doc(
                "Every non-overlapping match of `re` in `s`, left to right.",
                r#"find_all("CVE-2024-1 and CVE-2025-22", "CVE-[0-9]+-[0-9]+") == ["CVE-2024-1", "CVE-2025-22"]"#,
            ),
        Builtin::new("glob_match", &["s", "glob"], &[String, String], Bool, glob_match)
            .pattern_arg(1)
            .doc(
                "Whether the path `s` matches the glob (`*` stays within one `/` segment, `**` spans segments).",
                r#"glob_match("src/api/v1/handler.rs", "src/**/*.rs")"#,
            ),
    ]
}

/// The regex for argument 1: the precompiled one if any (borrowed, not
/// cloned: a clone of a `Regex` starts an empty cache pool, so every call
/// would build its matching cache again), else compiled now.
fn regex_arg<'c>(a: &Args<'_>, ctx: &CallCtx<'c>) -> Result<Cow<'c, ::regex::Regex>, BuiltinError> {
    let source = a.str(1)?;
    match ctx.pattern {
        Some(Pattern::Regex(r)) => Ok(Cow::Borrowed(r)),
        _ => compile_regex(source)
            .map(Cow::Owned)
            .map_err(|e| a.fail(format_args!("got an {e}"))),
    }
}

fn matches(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("matches", &["s", "re"], args);
    let s = a.str(0)?;
    let re = regex_arg(&a, ctx)?;
    Ok(Value::Bool(re.is_match(s)))
}

fn find_all(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("find_all", &["s", "re"], args);
    let s = a.str(0)?;
    let re = regex_arg(&a, ctx)?;
    let mut out = Vec::new();
    for m in re.find_iter(s) {
        // Check as we go: an empty pattern matches at every position.
        a.check_items(out.len() + 1, ctx.max_size)?;
        out.push(Value::str(m.as_str()));
    }
    Ok(Value::array(out))
}

fn glob_match(args: &[&Value], ctx: &CallCtx<'_>) -> R {
    let a = Args::new("glob_match", &["s", "glob"], args);
    let s = a.str(0)?;
    let source = a.str(1)?;
    let matched = match ctx.pattern {
        Some(Pattern::Glob(g)) => g.is_match(s),
        _ => compile_glob(source)
            .map_err(|e| a.fail(format_args!("got an {e}")))?
            .is_match(s),
    };
    Ok(Value::Bool(matched))
}
