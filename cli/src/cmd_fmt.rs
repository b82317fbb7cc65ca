//! `phasegate fmt` (being written).

/// Arguments of `phasegate fmt`.
#[derive(clap::Args)]
pub struct Args {}

/// Run the command; returns the exit code.
pub fn run(_args: Args) -> u8 {
    eprintln!("phasegate fmt: not implemented yet");
    crate::EXIT_ERROR
}
