//! A light lexical scan that runs before pest: it bounds nesting (brackets,
//! and `if`/quantifiers, which nest without brackets) so that the
//! recursive-descent parser and the AST builder can never overflow the stack,
//! collects
//! comments for the formatter, and finds top-level item boundaries so that a
//! syntax error in one item does not hide errors in the others.

use crate::ast::{Comment, Span};

/// Result of scanning a file.
pub(crate) struct Scan {
    /// Comments in source order.
    pub comments: Vec<Comment>,
    /// Byte offsets where top-level declarations start.
    pub item_starts: Vec<usize>,
    /// The first place nesting went deeper than the limit (a bracket, `if`,
    /// `any`, `all` or `no`).
    pub too_deep: Option<Span>,
    /// `true` when the file holds nothing but whitespace and comments.
    pub blank: bool,
}

const ITEM_WORDS: &[&str] = &["package", "import", "plugin", "param", "fn", "rule", "test"];

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Code,
    Str,
}

pub(crate) fn scan(text: &str, max_nesting: usize) -> Scan {
    let b = text.as_bytes();
    let mut comments = Vec::new();
    let mut item_starts = Vec::new();
    let mut too_deep = None;
    let mut blank = true;
    // Context stack: strings inside template holes inside strings …
    let mut ctx = vec![Ctx::Code];
    // Bracket depth at which each open template hole started.
    let mut holes: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    // Per bracket level: `if`s and quantifiers opened at that level and not
    // yet ended by `,`, a closing bracket or a new statement. They count
    // towards the nesting limit like brackets.
    let mut opens: Vec<usize> = vec![0];
    let mut open_total = 0usize;
    let mut line_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match ctx.last().copied().unwrap_or(Ctx::Code) {
            Ctx::Str => match c {
                b'\\' => i += 1,
                b'"' => {
                    ctx.pop();
                }
                b'{' => {
                    holes.push(depth);
                    depth += 1;
                    opens.push(0);
                    ctx.push(Ctx::Code);
                }
                _ => {
                    // Plain text: on to the next byte that matters in a string.
                    let run = b[i..]
                        .iter()
                        .position(|&x| matches!(x, b'\\' | b'"' | b'{'));
                    i = run.map_or(b.len(), |n| i + n);
                    continue;
                }
            },
            Ctx::Code => {
                if c == b'\n' {
                    line_start = true;
                    i += 1;
                    continue;
                }
                if c == b' ' || c == b'\t' || c == b'\r' {
                    i += 1;
                    continue;
                }
                if c == b'#' {
                    let end = text[i..].find('\n').map(|n| i + n).unwrap_or(b.len());
                    let body = text[i + 1..end].trim_end_matches('\r');
                    comments.push(Comment {
                        text: body.to_string(),
                        span: Span::new(i, end),
                    });
                    i = end;
                    continue;
                }
                blank = false;
                let word_start = (c.is_ascii_alphabetic() || c == b'_')
                    && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'));
                // `i` is a char boundary here: `c` is ASCII.
                let word_end = if word_start {
                    b[i..]
                        .iter()
                        .position(|&x| !(x.is_ascii_alphanumeric() || x == b'_'))
                        .map_or(b.len(), |n| i + n)
                } else {
                    i
                };
                let word = if word_start { &text[i..word_end] } else { "" };
                if line_start && depth == 0 && holes.is_empty() && ITEM_WORDS.contains(&word) {
                    item_starts.push(i);
                    open_total = open_total.saturating_sub(opens[0]);
                    opens[0] = 0;
                }
                line_start = false;
                if word_start {
                    let after_dot = i > 0 && b[i - 1] == b'.';
                    let level = opens.len() - 1;
                    match word {
                        _ if after_dot => {}
                        "let" | "when" | "require" => {
                            open_total = open_total.saturating_sub(opens[level]);
                            opens[level] = 0;
                        }
                        "if" | "any" | "all" | "no" if opens_nesting(text, word_end, word) => {
                            opens[level] += 1;
                            open_total += 1;
                            if depth + open_total > max_nesting && too_deep.is_none() {
                                too_deep = Some(Span::new(i, word_end));
                            }
                        }
                        _ => {}
                    }
                    i = word_end;
                    continue;
                }
                match c {
                    b'"' => ctx.push(Ctx::Str),
                    b'(' | b'[' | b'{' => {
                        depth += 1;
                        opens.push(0);
                        if depth + open_total > max_nesting && too_deep.is_none() {
                            too_deep = Some(Span::new(i, i + 1));
                        }
                    }
                    b')' | b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        if opens.len() > 1 {
                            open_total = open_total.saturating_sub(opens.pop().unwrap_or(0));
                        }
                        if c == b'}' && holes.last() == Some(&depth) && ctx.len() > 1 {
                            holes.pop();
                            ctx.pop();
                        }
                    }
                    b',' => {
                        let level = opens.len() - 1;
                        open_total = open_total.saturating_sub(opens[level]);
                        opens[level] = 0;
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }
    Scan {
        comments,
        item_starts,
        too_deep,
        blank,
    }
}

/// Whether the word `if`, `any`, `all` or `no` ending at `end` starts a
/// nested expression: `if` not used as an object key (`{if: 1}`), and a
/// quantifier followed by `name in`.
fn opens_nesting(text: &str, end: usize, word: &str) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t', '\r', '\n']);
    if word == "if" {
        return !rest.starts_with(':');
    }
    let name_len = rest
        .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
        .unwrap_or(rest.len());
    if name_len == 0 {
        return false;
    }
    let rest = rest[name_len..].trim_start_matches([' ', '\t', '\r', '\n']);
    rest.strip_prefix("in")
        .is_some_and(|r| !r.starts_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_items_comments_and_depth() {
        let src = "# head\npackage p\nrule a.b {\n  require \"x{y}\" == \"rule\" # tail\n}\nfn f() = [[[1]]]\n";
        let s = scan(src, 2);
        assert_eq!(s.comments.len(), 2);
        assert_eq!(s.comments[1].text, " tail");
        let words: Vec<&str> = s.item_starts.iter().map(|&i| &src[i..i + 3]).collect();
        assert_eq!(words, ["pac", "rul", "fn "]);
        assert!(s.too_deep.is_some());
        assert!(!s.blank);
        assert!(scan("  # only\n\n", 64).blank);
    }

    #[test]
    fn ifs_and_quantifiers_count_as_nesting() {
        let ifs = format!(
            "fn f() = {}1{}",
            "if true then ".repeat(70),
            " else 1".repeat(70)
        );
        let s = scan(&ifs, 64);
        assert_eq!(s.too_deep.map(|sp| &ifs[sp.start..sp.end]), Some("if"));
        let qs = format!("fn f(xs) = {}true", "any x in xs: ".repeat(70));
        assert!(scan(&qs, 64).too_deep.is_some());
        // Sequential ones do not add up: commas, statements and brackets end them.
        let list = format!("fn f() = [{}]", "if a then 1 else 2, ".repeat(100));
        assert!(scan(&list, 64).too_deep.is_none());
        let stmts = "rule a {\n".to_string() + &"  require all x in xs: x > 0\n".repeat(100) + "}";
        assert!(scan(&stmts, 64).too_deep.is_none());
        let parens = format!(
            "fn f(xs) = {}",
            "(any x in xs: x) and ".repeat(100) + "true"
        );
        assert!(scan(&parens, 64).too_deep.is_none());
        // Field names and object keys are not keywords.
        let fields = format!(
            "fn f() = {}",
            "{if: 1, any: 2}.if and ".repeat(100) + "true"
        );
        assert!(scan(&fields, 64).too_deep.is_none());
    }

    #[test]
    fn non_ascii_outside_strings_is_skipped() {
        let s = scan("fn café() = ü + if x then 1 else 2\nrule é {}", 64);
        assert_eq!(s.item_starts, [0, 37]);
    }
}
