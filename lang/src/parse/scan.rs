//! A light lexical scan that runs before pest: it bounds bracket nesting (so
//! the recursive-descent parser can never overflow the stack), collects
//! comments for the formatter, and finds top-level item boundaries so that a
//! syntax error in one item does not hide errors in the others.

use crate::ast::{Comment, Span};

/// Result of scanning a file.
pub(crate) struct Scan {
    /// Comments in source order.
    pub comments: Vec<Comment>,
    /// Byte offsets where top-level declarations start.
    pub item_starts: Vec<usize>,
    /// The first place nesting went deeper than the limit.
    pub too_deep: Option<Span>,
    /// `true` when the file holds nothing but whitespace and comments.
    pub blank: bool,
}

const ITEM_WORDS: &[&str] = &["package", "import", "param", "fn", "rule", "test"];

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
                    ctx.push(Ctx::Code);
                }
                _ => {}
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
                if line_start && depth == 0 && holes.is_empty() {
                    let word_end = text[i..]
                        .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                        .map(|n| i + n)
                        .unwrap_or(b.len());
                    if ITEM_WORDS.contains(&&text[i..word_end]) {
                        item_starts.push(i);
                    }
                }
                line_start = false;
                match c {
                    b'"' => ctx.push(Ctx::Str),
                    b'(' | b'[' | b'{' => {
                        depth += 1;
                        if depth > max_nesting && too_deep.is_none() {
                            too_deep = Some(Span::new(i, i + 1));
                        }
                    }
                    b')' | b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        if c == b'}' && holes.last() == Some(&depth) && ctx.len() > 1 {
                            holes.pop();
                            ctx.pop();
                        }
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
}
