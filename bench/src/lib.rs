//! # phasegate-bench
//!
//! Benchmarks of phasegate side by side with Regorus (Rego) and Cedar. This
//! library holds what every bench shares that needs phasegate only: the
//! deterministic input generators ([`gen`]), the inputs normalised through
//! phasegate's adapters ([`inputs`]) and the pack rules with their verdicts
//! ([`rules`]). The peers (dev-dependencies) are wired in `benches/peers/`.
//! Run everything with `bash scripts/bench.sh` from the repository root.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod gen;
pub mod inputs;
pub mod policies;
pub mod rules;
