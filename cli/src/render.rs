//! Rendering diagnostics for people.

use miette::{GraphicalReportHandler, GraphicalTheme};
use phasegate_lang::Diagnostic;
use std::io::IsTerminal;

/// Longest source line (in bytes) shown in a snippet; longer lines
/// (minified or generated files) are reported without a snippet.
const MAX_SNIPPET_LINE: usize = 2000;
/// Most lines a labelled span may cover to be shown in a snippet.
const MAX_SNIPPET_LINES: usize = 30;

/// Whether to use colors on stdout: a terminal, and `NO_COLOR` not set.
pub fn stdout_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A miette report with the source snippet (colored or not), or a plain
/// text report when the snippet would be unreadable.
pub fn human(d: &Diagnostic, color: bool) -> String {
    if snippet_fits(d) {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
        let mut out = String::new();
        if handler.render_report(&mut out, d).is_ok() {
            return out;
        }
    }
    plain(d)
}

/// `error[code]: message`, the location, and the help, without a snippet.
pub fn plain(d: &Diagnostic) -> String {
    let (line, col) = d.line_col();
    let mut out = format!(
        "{}[{}]: {}\n  --> {}:{line}:{col}",
        d.severity,
        d.code.as_str(),
        d.message,
        d.file.name
    );
    if !d.label.is_empty() {
        out.push_str(&format!(": {}", d.label));
    }
    out.push('\n');
    if let Some(h) = &d.help {
        out.push_str(&format!("  help: {h}\n"));
    }
    out
}

/// Whether every labelled span, with a line of context around it, is on
/// short enough lines to show.
fn snippet_fits(d: &Diagnostic) -> bool {
    let text = d.file.text.as_bytes();
    let line_start = |i: usize| {
        text[..i]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
    };
    let line_end = |i: usize| {
        let i = i.min(text.len());
        text[i..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |p| i + p)
    };
    std::iter::once(d.span)
        .chain(d.secondary.iter().map(|(s, _)| *s))
        .all(|s| {
            let start = s.start.min(text.len());
            let end = s.end.clamp(start, text.len());
            let from = line_start(line_start(start).saturating_sub(1));
            let to = line_end(line_end(end) + 1);
            let mut lines = text[from..to].split(|&b| b == b'\n');
            let mut n = 0;
            lines.all(|l| {
                n += 1;
                n <= MAX_SNIPPET_LINES + 2 && l.len() <= MAX_SNIPPET_LINE
            })
        })
}
