//! Rendering decisions with the reporters of `phasegate-report`: human text
//! and JSON always; SARIF and JUnit with the cargo features `sarif` and
//! `junit` (without them `to_sarif()`/`to_junit()` raise `NotImplementedError`).

use crate::errors::Failure;
use phasegate_engine::Decision;
use phasegate_report::{human, json, Gate};

/// Text grouped by phase, as `phasegate check` prints it.
pub fn text(decision: &Decision, gate: &Gate, color: bool, verbose: bool) -> String {
    human::render(decision, gate, human::Style { color, verbose })
}

/// The stable decision JSON document, pretty-printed or on one line.
pub fn to_json(decision: &Decision, pretty: bool) -> String {
    if pretty {
        json::to_json(decision)
    } else {
        json::to_json_line(decision)
    }
}

/// SARIF 2.1.0 log.
pub fn to_sarif(decision: &Decision) -> Result<String, Failure> {
    #[cfg(feature = "sarif")]
    return Ok(phasegate_report::sarif::to_sarif(decision));
    #[cfg(not(feature = "sarif"))]
    {
        let _ = decision;
        Err(Failure::not_built("the SARIF reporter"))
    }
}

/// JUnit XML report.
pub fn to_junit(decision: &Decision) -> Result<String, Failure> {
    #[cfg(feature = "junit")]
    return Ok(phasegate_report::junit::to_junit(decision));
    #[cfg(not(feature = "junit"))]
    {
        let _ = decision;
        Err(Failure::not_built("the JUnit reporter"))
    }
}

/// The cargo features of this build that wire in other crates' work.
pub fn features() -> Vec<&'static str> {
    let mut out = Vec::new();
    if cfg!(feature = "adapters") {
        out.push("adapters");
    }
    if cfg!(feature = "packs") {
        out.push("packs");
    }
    if cfg!(feature = "sarif") {
        out.push("sarif");
    }
    if cfg!(feature = "junit") {
        out.push("junit");
    }
    out
}
