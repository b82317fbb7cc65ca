//! `phasegate fmt`: rewrite policy files in the canonical style, or check
//! that they already are.
//!
//! Exit codes: 0 when nothing is wrong; 1 with `--check` when a file would
//! change; 2 on a bad path, an I/O error or a file with syntax errors (which
//! is never rewritten; its diagnostics are printed).

use crate::files::collect_gate_files;
use crate::{EXIT_ERROR, EXIT_FAIL, EXIT_OK};
use phasegate_lang::fmt::{format, FormatError};
use std::path::{Path, PathBuf};

/// Arguments of `phasegate fmt`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files, or directories searched recursively for `.gate` files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write nothing: list the files that are not formatted and exit 1 if any.
    #[arg(long)]
    pub check: bool,
}

/// What happened to one file.
enum Outcome {
    /// Already formatted.
    Unchanged,
    /// Not formatted (rewritten unless checking).
    Changed,
    /// Could not be read, parsed, formatted or written (already reported).
    Failed,
}

/// Run the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let files = match collect_gate_files(&args.paths) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let (mut changed, mut failed) = (0usize, 0usize);
    for path in &files {
        match format_one(path, args.check) {
            Outcome::Unchanged => {}
            Outcome::Changed => {
                changed += 1;
                if args.check {
                    println!("{}", path.display());
                }
            }
            Outcome::Failed => failed += 1,
        }
    }
    if failed > 0 {
        eprintln!("error: {failed} file(s) could not be formatted");
        EXIT_ERROR
    } else if args.check && changed > 0 {
        eprintln!("{changed} file(s) are not formatted; run `phasegate fmt` on them");
        EXIT_FAIL
    } else {
        EXIT_OK
    }
}

fn format_one(path: &Path, check: bool) -> Outcome {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.display());
            return Outcome::Failed;
        }
    };
    let parsed = phasegate_lang::parse_bytes(&path.display().to_string(), &bytes);
    let out = match format(&parsed) {
        Ok(out) => out,
        Err(FormatError::Syntax { diagnostics, .. }) => {
            for d in &diagnostics {
                eprintln!("{:?}", d.report());
            }
            // The reports above do not always show the file name.
            eprintln!(
                "error: {} has {} syntax error(s); it was not formatted",
                path.display(),
                diagnostics.len()
            );
            return Outcome::Failed;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::Failed;
        }
    };
    if out.as_bytes() == bytes.as_slice() {
        return Outcome::Unchanged;
    }
    if !check {
        if let Err(e) = std::fs::write(path, out) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return Outcome::Failed;
        }
    }
    Outcome::Changed
}
