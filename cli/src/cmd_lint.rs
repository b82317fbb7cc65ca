//! `phasegate lint`: parse and statically check policy files.

use crate::files::{collect_gate_files, load_policy};
use crate::render;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `phasegate lint`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files, or directories searched recursively for `.gate` files.
    /// All of them are checked together (they may import each other).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Reports with source snippets, then a summary line.
    Human,
    /// One JSON object per line per diagnostic.
    Json,
}

/// Run the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let files = match collect_gate_files(&args.paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("phasegate lint: {e}");
            return crate::EXIT_ERROR;
        }
    };
    let mut parsed = Vec::with_capacity(files.len());
    for f in &files {
        match load_policy(f) {
            Ok(p) => parsed.push(p),
            Err(e) => {
                eprintln!("phasegate lint: {e}");
                return crate::EXIT_ERROR;
            }
        }
    }
    let checked = phasegate_lang::check(&parsed, phasegate_stdlib::registry());
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Human => {
            let color = render::stdout_color();
            checked
                .diagnostics
                .iter()
                .try_for_each(|d| writeln!(out, "{}", render::human(d, color)))
                .and_then(|()| {
                    writeln!(
                        out,
                        "{}, {} in {}",
                        plural(checked.error_count(), "error"),
                        plural(checked.warning_count(), "warning"),
                        plural(files.len(), "file")
                    )
                })
        }
        Format::Json => checked.diagnostics.iter().try_for_each(|d| {
            let line = serde_json::to_string(&d.to_json()).map_err(std::io::Error::other)?;
            writeln!(out, "{line}")
        }),
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("phasegate lint: cannot write the output: {e}");
            return crate::EXIT_ERROR;
        }
    }
    if checked.has_errors() {
        crate::EXIT_FAIL
    } else {
        crate::EXIT_OK
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
