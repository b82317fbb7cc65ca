//! Exact comment positions from a successful parse.
//!
//! The lexical pre-scan (`scan.rs`) cannot tell a plain string from a
//! message template, so an unbalanced `{` in a plain string (`"{"`) makes it
//! lose track of what is code. Once pest has parsed the file, string
//! literals and template text are known exactly: a `#` anywhere else starts
//! a comment that runs to the end of the line.

use super::Rule;
use crate::ast::{Comment, Span};
use pest::iterators::Pair;

/// Every comment of `text`, whose parse tree is `root`, in source order.
pub(crate) fn collect(text: &str, root: Pair<'_, Rule>) -> Vec<Comment> {
    // Pre-order, so the spans come sorted and never overlap.
    let literals: Vec<(usize, usize)> = root
        .into_inner()
        .flatten()
        .filter(|p| matches!(p.as_rule(), Rule::string | Rule::tmpl_text))
        .map(|p| (p.as_span().start(), p.as_span().end()))
        .collect();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut next = 0;
    let mut i = 0;
    while i < bytes.len() {
        while next < literals.len() && literals[next].1 <= i {
            next += 1;
        }
        if let Some(&(start, end)) = literals.get(next) {
            if start <= i {
                i = end;
                continue;
            }
        }
        if bytes[i] == b'#' {
            let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            out.push(Comment {
                text: text[i + 1..end].trim_end_matches('\r').to_string(),
                span: Span::new(i, end),
            });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::parse::parse;
    use crate::source::SourceFile;

    #[test]
    fn braces_in_plain_strings_do_not_hide_or_invent_comments() {
        let src = "rule a.b { # one\n  tags [\"{b \", \"}\"] # two\n  require \"# not a comment {\" == \"x\"\n    else \"PR #{n} # in text\" # three\n}\n";
        let p = parse(&SourceFile::new("t", src));
        assert!(p.is_ok(), "{:?}", p.diagnostics);
        let texts: Vec<&str> = p.file.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, [" one", " two", " three"]);
        let c = &p.file.comments[1];
        assert_eq!(&src[c.span.start..c.span.end], "# two");
    }

    #[test]
    fn comments_inside_template_holes_are_found() {
        let src = "rule a.b {\n  require x else \"v={x # hole\n}\"\n}\n";
        let p = parse(&SourceFile::new("t", src));
        assert!(p.is_ok(), "{:?}", p.diagnostics);
        assert_eq!(p.file.comments.len(), 1);
        assert_eq!(p.file.comments[0].text, " hole");
    }
}
