//! Where each comment of a file is printed.
//!
//! Comments are attached to *anchors*: the top-level declarations, and the
//! statements inside rule, test and block-function bodies.
//!
//! * A comment after an anchor, on the line where the anchor ends, trails it.
//! * A comment inside an anchor (in an expression, between a statement and
//!   its `else`, …) moves to just before that anchor.
//! * A comment on the line of a block's `{` (before its first statement)
//!   stays after the `{`.
//! * Any other comment leads the next anchor of its block; after the last
//!   anchor it stays at the end of the block (or of the file).
//!
//! No comment is ever dropped. One blank line is kept wherever the source had
//! at least one between two comments or statements.

use crate::ast::{Comment, Span};

/// A comment on its own line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Note {
    /// Text after `#`, trailing whitespace removed.
    pub text: String,
    /// The source had a blank line before it.
    pub blank_before: bool,
}

/// The comments around one anchor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Attached {
    /// Comments on their own lines before the anchor.
    pub leading: Vec<Note>,
    /// The source had a blank line between the leading comments (or the
    /// previous anchor) and the anchor.
    pub blank_before: bool,
    /// Comments that were inside the anchor, printed just before it.
    pub inner: Vec<Note>,
    /// A comment at the end of the anchor's last line.
    pub trailing: Option<String>,
}

/// An anchor that reserves no comments.
pub(crate) static NONE: Attached = Attached {
    leading: Vec::new(),
    blank_before: false,
    inner: Vec::new(),
    trailing: None,
};

/// The comments of one `{ … }` body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Block {
    /// A comment on the line of `{`.
    pub header: Option<String>,
    /// Per statement, in the order the statements were given.
    pub stmts: Vec<Attached>,
    /// Comments after the last statement.
    pub end: Vec<Note>,
}

impl Block {
    /// The comments of statement `i`.
    pub fn stmt(&self, i: usize) -> &Attached {
        self.stmts.get(i).unwrap_or(&NONE)
    }
}

/// A top-level declaration, as far as comments are concerned.
pub(crate) struct NodeSpec {
    /// Its span, without trailing whitespace and comments.
    pub span: Span,
    /// Its `{ … }` body, if it has one.
    pub block: Option<BlockSpec>,
}

/// The body of a declaration.
pub(crate) struct BlockSpec {
    /// Offset of `{`.
    pub open: usize,
    /// Statement spans (tight), in printing order.
    pub stmts: Vec<Span>,
}

/// Every comment of a file, placed.
#[derive(Clone, Debug, Default)]
pub(crate) struct Placed {
    /// Per top-level node.
    pub nodes: Vec<Attached>,
    /// After the last node.
    pub end: Vec<Note>,
    /// Per top-level node that has a body.
    pub blocks: Vec<Option<Block>>,
}

impl Placed {
    /// The comments of node `i`.
    pub fn node(&self, i: usize) -> &Attached {
        self.nodes.get(i).unwrap_or(&NONE)
    }
    /// The comments inside node `i`'s body.
    pub fn block(&self, i: usize) -> Option<&Block> {
        self.blocks.get(i).and_then(Option::as_ref)
    }
}

/// The source text and its comments (in source order).
pub(crate) struct Comments<'a> {
    text: &'a str,
    list: &'a [Comment],
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{FEFF}')
}

fn clean(c: &Comment) -> String {
    c.text.trim_end().to_string()
}

impl<'a> Comments<'a> {
    /// Comments of `text`, as collected by the parser.
    pub fn new(text: &'a str, list: &'a [Comment]) -> Self {
        Comments { text, list }
    }

    /// `span` without the whitespace and comments the parser may include
    /// at its end.
    pub fn tight(&self, span: Span) -> Span {
        let start = span.start.min(self.text.len());
        let mut end = span.end.clamp(start, self.text.len());
        while let Some(body) = self.text.get(start..end) {
            end = start + body.trim_end_matches(is_space).len();
            let i = self.list.partition_point(|c| c.span.start < end);
            match i.checked_sub(1).map(|i| &self.list[i]) {
                Some(c) if c.span.start >= start && end <= c.span.end => end = c.span.start,
                _ => break,
            }
        }
        Span::new(start, end)
    }

    /// Offset of the first `{` at or after `from` outside comments.
    pub fn open_brace(&self, from: usize) -> Option<usize> {
        let mut i = from;
        while i < self.text.len() {
            if let Ok(k) = self.list.binary_search_by_key(&i, |c| c.span.start) {
                i = self.list[k].span.end.max(i + 1);
                continue;
            }
            if self.text.as_bytes()[i] == b'{' {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    fn same_line(&self, a: usize, b: usize) -> bool {
        a <= b && self.text.get(a..b).is_some_and(|s| !s.contains('\n'))
    }

    fn blank_between(&self, a: usize, b: usize) -> bool {
        a <= b
            && self
                .text
                .get(a..b)
                .is_some_and(|s| s.matches('\n').count() >= 2)
    }

    /// Place every comment of the file around `nodes`.
    pub fn place(&self, nodes: &[NodeSpec]) -> Placed {
        let mut top: Vec<&Comment> = Vec::new();
        let mut in_block: Vec<Vec<&Comment>> = nodes.iter().map(|_| Vec::new()).collect();
        let mut headers: Vec<Option<String>> = nodes.iter().map(|_| None).collect();
        let first_stmt: Vec<Option<usize>> = nodes
            .iter()
            .map(|n| n.block.as_ref()?.stmts.iter().map(|s| s.start).min())
            .collect();
        for c in self.list {
            let at = c.span.start;
            // The last node starting before the comment is the only one
            // that can contain it.
            let owner = nodes
                .partition_point(|n| n.span.start <= at)
                .checked_sub(1)
                .and_then(|i| {
                    let b = nodes[i].block.as_ref()?;
                    (at > b.open && at < nodes[i].span.end).then_some((i, b))
                });
            match owner {
                Some((i, b)) => {
                    let before_first = first_stmt[i].is_none_or(|s| at < s);
                    if before_first && headers[i].is_none() && self.same_line(b.open, at) {
                        headers[i] = Some(clean(c));
                    } else {
                        in_block[i].push(c);
                    }
                }
                None => top.push(c),
            }
        }
        let anchors: Vec<Span> = nodes.iter().map(|n| n.span).collect();
        let (top_att, end) = self.attach(&anchors, &top, 0);
        let blocks = nodes
            .iter()
            .zip(in_block)
            .zip(headers)
            .map(|((n, cs), header)| {
                n.block.as_ref().map(|b| {
                    let (stmts, end) = self.attach(&b.stmts, &cs, b.open + 1);
                    Block { header, stmts, end }
                })
            })
            .collect();
        Placed {
            nodes: top_att,
            end,
            blocks,
        }
    }

    /// Attach `comments` (in source order) to `anchors` (tight spans in any
    /// order) of one region starting at `region_start`.
    fn attach(
        &self,
        anchors: &[Span],
        comments: &[&Comment],
        region_start: usize,
    ) -> (Vec<Attached>, Vec<Note>) {
        let mut order: Vec<usize> = (0..anchors.len()).collect();
        order.sort_by_key(|&i| anchors[i].start);
        let mut out = vec![Attached::default(); anchors.len()];
        let mut st = State {
            pending: Vec::new(),
            prev_end: region_start,
            first: true,
            last: None,
        };
        let mut rest = comments.iter().copied().peekable();
        for ai in order {
            let a = anchors[ai];
            while let Some(c) = rest.next_if(|c| c.span.start < a.start) {
                self.between(c, &mut st, &mut out);
            }
            let att = &mut out[ai];
            att.leading = std::mem::take(&mut st.pending);
            att.blank_before = !st.first && self.blank_between(st.prev_end, a.start);
            while let Some(c) = rest.next_if(|c| c.span.start < a.end) {
                att.inner.push(Note {
                    text: clean(c),
                    blank_before: false,
                });
            }
            st.first = false;
            st.prev_end = a.end;
            st.last = Some(ai);
        }
        for c in rest {
            self.between(c, &mut st, &mut out);
        }
        (out, st.pending)
    }

    /// A comment that is not inside an anchor.
    fn between(&self, c: &Comment, st: &mut State, out: &mut [Attached]) {
        if let Some(last) = st.last {
            if st.pending.is_empty()
                && out[last].trailing.is_none()
                && self.same_line(st.prev_end, c.span.start)
            {
                out[last].trailing = Some(clean(c));
                st.prev_end = c.span.end;
                return;
            }
        }
        st.pending.push(Note {
            text: clean(c),
            blank_before: !st.first && self.blank_between(st.prev_end, c.span.start),
        });
        st.first = false;
        st.prev_end = c.span.end;
    }
}

struct State {
    pending: Vec<Note>,
    prev_end: usize,
    first: bool,
    last: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tight_spans_drop_trailing_comments_and_space() {
        let src = "let x = a   # c1 \n  # c2\n\nnext";
        let comments = vec![
            Comment {
                text: " c1 ".into(),
                span: Span::new(12, 17),
            },
            Comment {
                text: " c2".into(),
                span: Span::new(20, 24),
            },
        ];
        let cx = Comments::new(src, &comments);
        assert_eq!(cx.tight(Span::new(0, 26)), Span::new(0, 9));
        assert_eq!(cx.open_brace(0), None);
    }

    #[test]
    fn trailing_inner_leading_and_end_comments() {
        let src = "# lead\n\nx = 1 # trail\ny = [1, # inner\n 2]\n# end\n";
        let list: Vec<Comment> = src
            .match_indices('#')
            .map(|(i, _)| {
                let end = src[i..].find('\n').map_or(src.len(), |n| i + n);
                Comment {
                    text: src[i + 1..end].to_string(),
                    span: Span::new(i, end),
                }
            })
            .collect();
        let cx = Comments::new(src, &list);
        let x = Span::new(8, 13);
        let y = Span::new(22, src.find("2]").unwrap_or(0) + 2);
        let (att, end) = cx.attach(&[x, y], &list.iter().collect::<Vec<_>>(), 0);
        assert_eq!(att[0].leading[0].text, " lead");
        assert!(att[0].blank_before);
        assert_eq!(att[0].trailing.as_deref(), Some(" trail"));
        assert_eq!(att[1].inner[0].text, " inner");
        assert!(att[1].leading.is_empty());
        assert_eq!(end.len(), 1);
        assert_eq!(end[0].text, " end");
    }
}
