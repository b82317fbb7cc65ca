//! `phasegate lint` (being written).

/// Arguments of `phasegate lint`.
#[derive(clap::Args)]
pub struct Args {}

/// Run the command; returns the exit code.
pub fn run(_args: Args) -> u8 {
    eprintln!("phasegate lint: not implemented yet");
    crate::EXIT_ERROR
}
