//! Turning pest's errors into friendly diagnostics.

use super::Rule;
use crate::ast::Span;
use crate::diag::{Code, Diagnostic};
use crate::source::SourceFile;

/// What a grammar rule is called in an error message; `None` hides it.
fn describe(rule: &Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::expr | Rule::standalone_expr => "an expression",
        Rule::ident | Rule::name => "a name",
        Rule::field_name => "a field name",
        Rule::rule_id => "a rule id such as `build.peer-review`",
        Rule::qual_name => "a package name",
        Rule::string | Rule::str_inner => "a string",
        Rule::template | Rule::tmpl_text | Rule::tmpl_hole => "a message string",
        Rule::int | Rule::float => "a number",
        Rule::null_lit => "`null`",
        Rule::bool_lit => "`true` or `false`",
        Rule::op_or
        | Rule::op_and
        | Rule::op_eq
        | Rule::op_ne
        | Rule::op_le
        | Rule::op_ge
        | Rule::op_lt
        | Rule::op_gt
        | Rule::op_in
        | Rule::op_not_in
        | Rule::op_add
        | Rule::op_sub
        | Rule::op_mul
        | Rule::op_div
        | Rule::op_rem
        | Rule::infix_start => "an operator",
        Rule::op_not | Rule::op_neg => "an expression",
        Rule::field_access | Rule::index_access => "`.field` or `[index]`",
        Rule::EOI => "the end of the file",
        Rule::package_decl => "`package`",
        Rule::import_decl => "`import`",
        Rule::plugin_decl => "`plugin`",
        Rule::param_decl => "`param`",
        Rule::fn_decl => "`fn`",
        Rule::rule_decl => "`rule`",
        Rule::test_decl => "`test`",
        Rule::meta_stmt | Rule::meta_key => "rule metadata (`title`, `phase`, `severity`, …)",
        Rule::let_stmt => "`let`",
        Rule::when_stmt => "`when`",
        Rule::require_stmt => "`require`",
        Rule::type_expr | Rule::type_simple | Rule::type_list => {
            "a type (`int`, `float`, `number`, `string`, `bool`, `list`, `object`, `any`)"
        }
        Rule::test_input => "`input`",
        Rule::test_params => "`params`",
        Rule::test_context => "`context`",
        Rule::expect_stmt => "`expect`",
        Rule::status_word => "a status (`pass`, `fail`, `skip`, `error`)",
        Rule::object => "an object `{ … }`",
        Rule::entry => "an object entry `key: value`",
        Rule::str_list => "a list of strings",
        Rule::meta_word => "a word",
        Rule::kw_else => "`else`",
        Rule::kw_let => "`let`",
        Rule::kw_when => "`when`",
        Rule::kw_require => "`require`",
        Rule::kw_param => "`param`",
        Rule::kw_fn => "`fn`",
        Rule::kw_rule => "`rule`",
        Rule::kw_test => "`test`",
        Rule::kw_import => "`import`",
        Rule::kw_plugin => "`plugin`",
        Rule::kw_package => "`package`",
        Rule::kw_input => "`input`",
        Rule::kw_params => "`params`",
        Rule::kw_context => "`context`",
        Rule::kw_expect => "`expect`",
        Rule::kw_then => "`then`",
        Rule::kw_in => "`in`",
        Rule::kw_with => "`with`",
        Rule::kw_as => "`as`",
        Rule::filter_tail | Rule::map_tail | Rule::list_tail => "`,`, `|`, `for` or `]`",
        Rule::fn_expr_body | Rule::fn_block_body => "`=` or `{`",
        _ => return None,
    })
}

/// The token found at an error position, for the message.
fn found_at(chunk: &str, pos: usize) -> String {
    let rest = chunk.get(pos..).unwrap_or("");
    let rest = rest.trim_start_matches([' ', '\t']);
    match rest.chars().next() {
        None => "the end of the file".into(),
        Some('\n') | Some('\r') => "the end of the line".into(),
        Some(c) if c.is_alphanumeric() || c == '_' => {
            let w: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            format!("`{w}`")
        }
        Some(_) => {
            let two: String = rest.chars().take(2).collect();
            let sym = if ["&&", "||", "==", "!=", "<=", ">=", "=>", "->"].contains(&two.as_str()) {
                two
            } else {
                rest.chars().take(1).collect()
            };
            format!("`{sym}`")
        }
    }
}

/// A hint for mistakes people make often.
fn hint(found: &str, expected: &[&str]) -> Option<String> {
    let wants_op = expected.contains(&"an operator");
    Some(match found {
        "`&&`" => "write `and` instead of `&&`".into(),
        "`||`" => "write `or` instead of `||`".into(),
        "`!`" => "write `not` instead of `!`".into(),
        "`=`" if wants_op => "use `==` to compare; `=` only appears in `let` and `param`".into(),
        "`'`" => "strings are written with double quotes: \"…\"".into(),
        "`}`" if expected.iter().any(|e| e.starts_with("a message")) => {
            "a literal `}` in a message is written `\\}`".into()
        }
        _ => return None,
    })
}

pub(crate) fn syntax(
    source: &SourceFile,
    base: usize,
    chunk: &str,
    e: pest::error::Error<Rule>,
) -> Diagnostic {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<&str> = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(describe).collect()
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_unstable();
    expected.dedup();
    if expected.len() > 1 {
        // Postfix accesses are possible almost everywhere; they only add noise.
        expected.retain(|e| *e != "`.field` or `[index]`");
    }
    let found = found_at(chunk, pos);
    let skipped = chunk
        .get(pos..)
        .map(|r| r.len() - r.trim_start_matches([' ', '\t']).len())
        .unwrap_or(0);
    let at = base + pos + skipped;
    let len = found.trim_matches('`').len().clamp(1, 40);
    let len = if found.starts_with('`') {
        len.min(chunk.len().saturating_sub(pos + skipped))
    } else {
        0
    };
    let what = match expected.len() {
        0 => "unexpected input".to_string(),
        1 => format!("expected {}", expected[0]),
        n => format!(
            "expected {} or {}",
            expected[..n - 1].join(", "),
            expected[n - 1]
        ),
    };
    let help = hint(&found, &expected).unwrap_or_else(|| match expected.len() {
        0 => "check the syntax against docs/language.md".into(),
        _ => format!(
            "insert {} here, or remove what is not meant to be here",
            expected[0]
        ),
    });
    // Keep the label short: a long list of expectations is in the message.
    let label = if expected.len() <= 2 {
        what.clone()
    } else {
        format!("unexpected {found}")
    };
    Diagnostic::new(
        Code::Syntax,
        source,
        Span::new(at, at + len),
        format!("syntax error: {what}, found {found}"),
    )
    .label(label)
    .help(help)
}
