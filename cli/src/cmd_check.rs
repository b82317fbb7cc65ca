//! `phasegate check` (being written).

/// Arguments of `phasegate check`.
#[derive(clap::Args)]
pub struct Args {}

/// Run the command; returns the exit code.
pub fn run(_args: Args) -> u8 {
    eprintln!("phasegate check: not implemented yet");
    crate::EXIT_ERROR
}
