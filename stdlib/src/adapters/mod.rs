//! Evidence adapters: turn the reports and payloads a pipeline produces
//! (SARIF, secret scans, SBOMs, vulnerability reports, SAST tools, SonarQube,
//! GitHub webhooks and configs, Kubernetes manifests, Scorecard, ZAP) into
//! one normalised evidence document, the `input` of the rules.
//!
//! The evidence model is documented in `docs/evidence.md`. Rules never need
//! to know which scanner wrote a report: every SAST finding is in
//! `input.findings`, every vulnerability in `input.vulnerabilities`, and so
//! on. The parsed original of each file stays reachable in `input.raw`.
//!
//! ```
//! use phasegate_stdlib::adapters::{detect, load, Kind};
//! let sarif = br#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"demo"}},"results":[]}]}"#;
//! assert_eq!(detect("scan.sarif", sarif).unwrap(), Kind::Sarif);
//! let evidence = load(&Kind::Sarif, "scan.sarif", sarif).unwrap();
//! assert_eq!(evidence.get("findings").as_array().map(|a| a.len()), Some(0));
//! ```

mod bundle;
mod decode;
mod detect;
mod error;
mod fragment;
mod github_config;
mod github_events;
mod github_graphql;
mod kind;
mod kubernetes;
mod read;
mod sarif;
mod sast;
mod sbom;
mod scorecard;
mod secrets;
mod sonar;
mod util;
mod vex;
mod vulns;
mod zap;

pub use bundle::{load, load_bundle, load_dir, read_dir, read_dir_with_limit};
pub use detect::detect;
pub use error::AdapterError;
pub use kind::{Kind, GITHUB_EVENTS};
pub use read::{read_file, DEFAULT_MAX_FILE_BYTES};
