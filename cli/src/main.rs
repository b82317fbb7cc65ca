//! The `phasegate` command: parses arguments and wires the crates together.
#![forbid(unsafe_code)]

mod bulk;
mod cmd_check;
mod cmd_explain;
mod cmd_fmt;
mod cmd_lint;
mod cmd_test;
mod evidence;
mod files;
mod input;
mod outputs;
mod render;
mod setup;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Policy-as-code for Secure DevOps.
#[derive(Parser)]
#[command(name = "phasegate", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Largest input, context or evidence file read, in bytes (larger files are refused
    /// before they are read).
    #[arg(long, global = true, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_INPUT_BYTES)]
    max_input_bytes: u64,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and statically check policy files.
    Lint(cmd_lint::Args),
    /// Format policy files in place (or check that they are formatted).
    Fmt(cmd_fmt::Args),
    /// Evaluate policies against evidence and print a decision.
    Check(Box<cmd_check::Args>),
    /// Run the `test` blocks of policy files.
    Test(cmd_test::Args),
    /// Print how one rule was evaluated against an input: every condition and its value.
    Explain(cmd_explain::Args),
}

/// Exit code: no problem.
pub const EXIT_OK: u8 = 0;
/// Exit code: the policies failed (lint errors, failing rules, unformatted files).
pub const EXIT_FAIL: u8 = 1;
/// Exit code: usage, I/O, policy or input error.
pub const EXIT_ERROR: u8 = 2;

/// Print a compile error: every policy diagnostic as a miette report, or the error itself.
pub fn report_error(e: phasegate_engine::CompileError) {
    let diags = e.diagnostics();
    if diags.is_empty() {
        eprintln!("{:?}", miette::Report::new(e));
        return;
    }
    for d in diags {
        eprintln!("{:?}", d.report());
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    eprintln!("error: {errors} error(s) in the policies; nothing was evaluated");
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    input::set_max_input_bytes(cli.max_input_bytes);
    let code = match cli.command {
        Command::Lint(a) => cmd_lint::run(a),
        Command::Fmt(a) => cmd_fmt::run(a),
        Command::Check(a) => cmd_check::run(*a),
        Command::Test(a) => cmd_test::run(a),
        Command::Explain(a) => cmd_explain::run(a),
    };
    ExitCode::from(code)
}
