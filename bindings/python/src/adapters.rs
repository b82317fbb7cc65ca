//! Evidence directories and evidence files, through the evidence adapters of
//! `phasegate_stdlib::adapters` (cargo feature `adapters`). Without the
//! feature these inputs raise `NotImplementedError`.

use crate::errors::Failure;
use phasegate_lang::Value;
use std::path::Path;

/// One evidence file: display name, explicit kind name (else detected), bytes.
pub type EvidenceFile = (String, Option<String>, Vec<u8>);

#[cfg(feature = "adapters")]
mod wired {
    use super::EvidenceFile;
    use crate::errors::Failure;
    use phasegate_lang::Value;
    use phasegate_stdlib::adapters::{self, AdapterError, Kind};
    use std::path::Path;

    fn failure(e: AdapterError) -> Failure {
        let (code, file) = match &e {
            AdapterError::Io { file, .. } => ("phasegate::evidence::io", Some(file.clone())),
            AdapterError::Json { file, .. } => ("phasegate::evidence::json", Some(file.clone())),
            AdapterError::Shape { file, .. } => ("phasegate::evidence::shape", Some(file.clone())),
            AdapterError::Unknown { file, .. } => {
                ("phasegate::evidence::unknown_format", Some(file.clone()))
            }
            AdapterError::Conflict { second, .. } => {
                ("phasegate::evidence::conflict", Some(second.clone()))
            }
            _ => ("phasegate::evidence", None),
        };
        let f = Failure::evidence(code, e.to_string());
        let f = match file {
            Some(file) => f.file(file),
            None => f,
        };
        match e {
            AdapterError::Json { line, column, .. } => f.at(line, column, None),
            _ => f,
        }
    }

    pub fn load_dir(path: &Path) -> Result<Value, Failure> {
        adapters::load_dir(path).map_err(failure)
    }

    pub fn load_files(files: Vec<EvidenceFile>) -> Result<Value, Failure> {
        let mut with_kinds = Vec::with_capacity(files.len());
        for (name, kind, bytes) in files {
            let kind = match kind {
                Some(k) => Some(Kind::parse(&k).map_err(failure)?),
                None => None,
            };
            with_kinds.push((name, kind, bytes));
        }
        adapters::load_bundle(&with_kinds).map_err(failure)
    }
}

/// Read every file of an evidence directory into one evidence document.
pub fn load_dir(path: &Path) -> Result<Value, Failure> {
    #[cfg(feature = "adapters")]
    return wired::load_dir(path);
    #[cfg(not(feature = "adapters"))]
    {
        let _ = path;
        Err(Failure::not_built(
            "reading an evidence directory (the evidence adapters)",
        ))
    }
}

/// Merge evidence files (kinds detected unless given) into one evidence document.
pub fn load_files(files: Vec<EvidenceFile>) -> Result<Value, Failure> {
    #[cfg(feature = "adapters")]
    return wired::load_files(files);
    #[cfg(not(feature = "adapters"))]
    {
        let _ = files;
        Err(Failure::not_built(
            "reading a list of evidence files (the evidence adapters)",
        ))
    }
}
