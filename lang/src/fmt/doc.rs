//! A small Wadler/Prettier-style document algebra and its width-aware renderer.
//!
//! The formatter describes the output as a [`Doc`]: text, line breaks that
//! become spaces (or nothing) when their [group](Doc::Group) fits on the
//! current line, hard line breaks, and indentation. Rendering is iterative
//! (an explicit stack), so deep documents cannot overflow the call stack.

/// Spaces per indentation level.
pub(crate) const INDENT: usize = 2;

/// A document to lay out.
#[derive(Clone, Debug)]
pub(crate) enum Doc {
    /// Literal text without line breaks.
    Text(String),
    /// A space when the enclosing group is flat, else a line break.
    Line,
    /// Nothing when the enclosing group is flat, else a line break.
    SoftLine,
    /// Always a line break (forces every enclosing group to break).
    HardLine,
    /// Text at the end of a line whose width does not count when deciding
    /// whether a group fits (trailing comments).
    Suffix(String),
    /// Pieces in order.
    Concat(Vec<Doc>),
    /// Line breaks inside are indented one more level.
    Indent(Box<Doc>),
    /// Laid out flat when it fits in the remaining width, else broken.
    /// `hard` is set when the content contains a [`Doc::HardLine`].
    Group { doc: Box<Doc>, hard: bool },
    /// Text printed only when the enclosing group is broken (trailing commas).
    IfBreak(&'static str),
}

/// Literal text.
pub(crate) fn text(s: impl Into<String>) -> Doc {
    Doc::Text(s.into())
}

/// Pieces in order.
pub(crate) fn concat(parts: Vec<Doc>) -> Doc {
    Doc::Concat(parts)
}

/// Indent the line breaks of `d` one level.
pub(crate) fn indent(d: Doc) -> Doc {
    Doc::Indent(Box::new(d))
}

/// A group: flat if it fits, else broken.
pub(crate) fn group(d: Doc) -> Doc {
    let hard = has_hard_line(&d);
    Doc::Group {
        doc: Box::new(d),
        hard,
    }
}

/// `items` separated by `,` + [`Doc::Line`], in a bracketed group that puts
/// one item per line (with a trailing comma) when it does not fit.
pub(crate) fn bracketed(open: &str, items: Vec<Doc>, close: &str) -> Doc {
    if items.is_empty() {
        return text(format!("{open}{close}"));
    }
    let mut inner = Vec::with_capacity(items.len() * 3 + 1);
    inner.push(Doc::SoftLine);
    let n = items.len();
    for (i, item) in items.into_iter().enumerate() {
        inner.push(item);
        if i + 1 < n {
            inner.push(text(","));
            inner.push(Doc::Line);
        }
    }
    inner.push(Doc::IfBreak(","));
    group(concat(vec![
        text(open),
        indent(concat(inner)),
        Doc::SoftLine,
        text(close),
    ]))
}

/// Whether `d` contains a hard line break (stops at groups, which cache it).
fn has_hard_line(d: &Doc) -> bool {
    let mut stack = vec![d];
    while let Some(d) = stack.pop() {
        match d {
            Doc::HardLine => return true,
            Doc::Group { hard, .. } => {
                if *hard {
                    return true;
                }
            }
            Doc::Concat(v) => stack.extend(v.iter()),
            Doc::Indent(d) => stack.push(d),
            Doc::Text(_) | Doc::Line | Doc::SoftLine | Doc::Suffix(_) | Doc::IfBreak(_) => {}
        }
    }
    false
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

type Cmd<'d> = (usize, Mode, &'d Doc);

fn width(s: &str) -> usize {
    s.chars().count()
}

/// Lay `doc` out in lines of at most `max_width` columns where possible.
pub(crate) fn render(doc: &Doc, max_width: usize) -> String {
    let mut out = String::new();
    let mut col = 0usize;
    // Indentation owed to the current line, written before its first text so
    // that blank lines carry no trailing spaces.
    let mut pending: Option<usize> = None;
    let mut stack: Vec<Cmd<'_>> = vec![(0, Mode::Break, doc)];
    while let Some((ind, mode, d)) = stack.pop() {
        let mut write = |s: &str, out: &mut String, col: &mut usize| {
            if s.is_empty() {
                return;
            }
            if let Some(n) = pending.take() {
                out.extend(std::iter::repeat_n(' ', n));
                *col = n;
            }
            out.push_str(s);
            *col += width(s);
        };
        match d {
            Doc::Text(s) | Doc::Suffix(s) => write(s, &mut out, &mut col),
            Doc::IfBreak(s) => {
                if mode == Mode::Break {
                    write(s, &mut out, &mut col);
                }
            }
            Doc::Concat(v) => stack.extend(v.iter().rev().map(|c| (ind, mode, c))),
            Doc::Indent(inner) => stack.push((ind + INDENT, mode, inner)),
            Doc::Group { doc: inner, hard } => {
                let flat = !*hard
                    && (mode == Mode::Flat
                        || fits(
                            max_width as isize - col as isize,
                            (ind, Mode::Flat, inner),
                            &stack,
                        ));
                stack.push((ind, if flat { Mode::Flat } else { Mode::Break }, inner));
            }
            Doc::Line | Doc::SoftLine if mode == Mode::Flat => {
                if matches!(d, Doc::Line) {
                    write(" ", &mut out, &mut col);
                }
            }
            Doc::Line | Doc::SoftLine | Doc::HardLine => {
                out.push('\n');
                col = 0;
                pending = Some(ind);
            }
        }
    }
    out
}

/// Whether `first` laid out flat, followed by the rest of the line (taken
/// from `rest` up to its first line break), fits in `remaining` columns.
fn fits(mut remaining: isize, first: Cmd<'_>, rest: &[Cmd<'_>]) -> bool {
    let mut local: Vec<Cmd<'_>> = vec![first];
    let mut rest_idx = rest.len();
    loop {
        if remaining < 0 {
            return false;
        }
        let (ind, mode, d) = match local.pop() {
            Some(c) => c,
            None => {
                if rest_idx == 0 {
                    return true;
                }
                rest_idx -= 1;
                rest[rest_idx]
            }
        };
        match d {
            Doc::Text(s) => remaining -= width(s) as isize,
            Doc::Suffix(_) => {}
            Doc::IfBreak(s) => {
                if mode == Mode::Break {
                    remaining -= width(s) as isize;
                }
            }
            Doc::Concat(v) => local.extend(v.iter().rev().map(|c| (ind, mode, c))),
            Doc::Indent(inner) => local.push((ind + INDENT, mode, inner)),
            Doc::Group { doc: inner, hard } => {
                let m = if *hard { Mode::Break } else { mode };
                local.push((ind, m, inner));
            }
            Doc::Line | Doc::SoftLine if mode == Mode::Flat => {
                if matches!(d, Doc::Line) {
                    remaining -= 1;
                }
            }
            Doc::Line | Doc::SoftLine | Doc::HardLine => return true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: usize) -> Doc {
        bracketed("[", (0..n).map(|i| text(format!("item{i}"))).collect(), "]")
    }

    #[test]
    fn group_stays_flat_when_it_fits() {
        assert_eq!(render(&list(3), 80), "[item0, item1, item2]");
        assert_eq!(render(&list(0), 80), "[]");
    }

    #[test]
    fn group_breaks_with_trailing_comma_when_too_long() {
        assert_eq!(render(&list(3), 10), "[\n  item0,\n  item1,\n  item2,\n]");
    }

    #[test]
    fn text_after_a_group_counts_towards_its_width() {
        // 21 columns of list + "  tail" would overflow 24 columns.
        let d = concat(vec![list(3), text(" tail")]);
        assert_eq!(render(&d, 26), "[item0, item1, item2] tail");
        assert!(render(&d, 24).starts_with("[\n"));
    }

    #[test]
    fn suffix_width_is_ignored_and_hard_lines_break_groups() {
        let d = concat(vec![
            list(2),
            Doc::Suffix(" # a long trailing comment".into()),
        ]);
        assert_eq!(render(&d, 16), "[item0, item1] # a long trailing comment");
        let hard = group(concat(vec![text("a"), Doc::Line, text("b"), Doc::HardLine]));
        assert_eq!(render(&hard, 80), "a\nb\n");
    }

    #[test]
    fn blank_lines_have_no_trailing_spaces() {
        let d = indent(concat(vec![
            text("x"),
            Doc::HardLine,
            Doc::HardLine,
            text("y"),
        ]));
        assert_eq!(render(&d, 80), "x\n\n  y");
    }
}
