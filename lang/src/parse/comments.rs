//! Exact comment positions from a successful parse.
//!
//! The lexical pre-scan (`scan.rs`) cannot tell a plain string from a
//! message template, so an unbalanced `{` in a plain string (`"{"`) makes it
//! lose track of what is code. Once pest has parsed the file, string
//! literals and template text are known exactly (the AST builder records
//! their spans as it reads them): a `#` anywhere else starts a comment that
//! runs to the end of the line.

use crate::ast::{Comment, Span};

/// Every comment of `text`, given the spans of its string literals and
/// message text (sorted, never overlapping): each `#` outside them starts a
/// comment that runs to the end of the line.
pub(crate) fn collect(text: &str, literals: &[(usize, usize)]) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut next = 0;
    let mut i = 0;
    while let Some(off) = text.get(i..).and_then(|rest| rest.find('#')) {
        let at = i + off;
        while next < literals.len() && literals[next].1 <= at {
            next += 1;
        }
        if let Some(&(start, end)) = literals.get(next) {
            if start <= at {
                // A `#` inside a literal: go on after the literal.
                i = end;
                continue;
            }
        }
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        out.push(Comment {
            text: text[at + 1..end].trim_end_matches('\r').to_string(),
            span: Span::new(at, end),
        });
        i = end;
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
    fn a_hash_in_any_kind_of_string_is_text() {
        let src = concat!(
            "plugin p = \"plug#in.wasm\" # a\n",
            "rule a.b {\n",
            "  title \"T #1\" # b\n",
            "  tags [\"x#\", \"#y\"]\n",
            "  let o = {\"#k\": \"v#\", k2: [\"#\"]} # c\n",
            "  require o[\"#k\"] == \"{\" else \"{o[\"#k\"]} #{1}\" # d\n",
            "}\n",
            "test \"case #1\" {\n",
            "  input {} # e\n",
            "  expect a.b fail with \"#2\" # f\n",
            "}\n",
        );
        let p = parse(&SourceFile::new("t", src));
        assert!(p.is_ok(), "{:?}", p.diagnostics);
        let texts: Vec<&str> = p.file.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, [" a", " b", " c", " d", " e", " f"]);
        for c in &p.file.comments {
            assert_eq!(&src[c.span.start..c.span.end], format!("#{}", c.text));
        }
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
