//! Source files: name, text, and offset → line/column mapping.

use std::sync::{Arc, OnceLock};

/// One source file, cheap to clone.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Display name (usually the path).
    pub name: Arc<str>,
    /// The full text.
    pub text: Arc<str>,
    /// Byte offsets of the line starts, computed on the first
    /// [`SourceFile::line_col`] and shared by the clones.
    lines: Arc<OnceLock<Box<[u32]>>>,
}

impl PartialEq for SourceFile {
    fn eq(&self, other: &SourceFile) -> bool {
        self.name == other.name && self.text == other.text
    }
}

impl Eq for SourceFile {}

impl SourceFile {
    /// A new source file.
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
            lines: Arc::default(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset. The line is
    /// found by binary search in the line starts (computed once per file), so
    /// locating every rule of a large file stays linear.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let mut off = offset;
        while off > 0 && !self.text.is_char_boundary(off) {
            off -= 1;
        }
        // Line starts as u32, exactly sized: a compiled policy set keeps this
        // table for every file (files are at most 16 MiB, see `parse`).
        let starts = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    self.text
                        .match_indices('\n')
                        .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
                )
                .collect::<Vec<u32>>()
                .into_boxed_slice()
        });
        let line = starts.partition_point(|&s| s as usize <= off).max(1);
        let line_start = (starts[line - 1] as usize).min(off);
        let col = self.text[line_start..off].chars().count() + 1;
        (line, col)
    }

    /// The text of a span (empty if out of range).
    pub fn slice(&self, span: crate::ast::Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// Lets miette show the file name above a snippet (`╭─[policy.gate:3:5]`).
impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = (*self.text).read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::SourceFile;

    /// The straightforward scan `line_col` must agree with.
    fn scan(text: &str, offset: usize) -> (usize, usize) {
        let mut off = offset.min(text.len());
        while off > 0 && !text.is_char_boundary(off) {
            off -= 1;
        }
        let before = &text[..off];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        (line, before[start..].chars().count() + 1)
    }

    #[test]
    fn line_col_agrees_with_a_scan_at_every_offset() {
        for text in [
            "",
            "\n",
            "a\nbc\r\n\nü€x\n",
            "rule x {\n  title \"é\"\n}",
            "no newline",
        ] {
            let file = SourceFile::new("t.gate", text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    file.line_col(offset),
                    scan(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn clones_share_the_line_table_and_compare_by_content() {
        let a = SourceFile::new("t.gate", "x\ny\n");
        let b = a.clone();
        assert_eq!(a.line_col(2), (2, 1));
        assert_eq!(b.line_col(3), (2, 2));
        assert_eq!(a, SourceFile::new("t.gate", "x\ny\n"));
        assert_ne!(a, SourceFile::new("u.gate", "x\ny\n"));
    }
}
