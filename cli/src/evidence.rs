//! `--evidence` (and `--input KIND=FILE`): files read through the evidence
//! adapters and merged into one evidence bundle (docs/evidence.md).

use crate::input::{max_input_bytes, merge_inputs, read_input, read_limited};
use phasegate_lang::Value;
use phasegate_stdlib::adapters::{self, Kind};
use std::path::Path;

/// One evidence file: its name in the bundle, its kind if named, its bytes.
type EvidenceFile = (String, Option<Kind>, Vec<u8>);

/// Build the `input` document: every `--evidence` argument and every
/// `--input KIND=FILE` go through the adapters into one bundle; the other
/// `--input` documents are taken as they are. The parts are merged by
/// top-level key (the same key twice is an error).
pub fn load_input(inputs: &[String], evidence: &[String]) -> Result<Value, String> {
    let mut files = Vec::new();
    // (name in the bundle, path to show in errors) of files found in directories.
    let mut shown = Vec::new();
    for arg in evidence {
        collect(arg, &mut files, &mut shown)?;
    }
    let mut docs = Vec::new();
    for arg in inputs {
        match kind_and_path(arg, "--input")? {
            Some((kind, path)) => files.push((path.to_string(), Some(kind), read_file(path)?)),
            None => docs.push((arg.clone(), read_input(arg)?)),
        }
    }
    let mut parts = Vec::new();
    if !files.is_empty() {
        let bundle = adapters::load_bundle(&files).map_err(|e| {
            let msg = e.to_string();
            let full = shown
                .iter()
                .find(|(name, _)| msg.starts_with(&format!("{name}: ")))
                .map(|(name, path): &(String, String)| format!("{path}{}", &msg[name.len()..]));
            format!("evidence {}", full.unwrap_or(msg))
        })?;
        parts.push(("the evidence".to_string(), bundle));
    }
    parts.extend(docs);
    merge_inputs(parts)
}

/// `KIND=FILE` with a known kind, unless the whole argument is an existing
/// path. A kind name with a typo is an error with a suggestion.
fn kind_and_path<'a>(arg: &'a str, flag: &str) -> Result<Option<(Kind, &'a str)>, String> {
    if arg == "-" || Path::new(arg).exists() {
        return Ok(None);
    }
    let Some((kind, path)) = arg.split_once('=') else {
        return Ok(None);
    };
    if kind.is_empty() || kind.contains(['/', '\\']) {
        return Ok(None);
    }
    match Kind::parse(kind) {
        Ok(k) => Ok(Some((k, path))),
        Err(e) => Err(format!("{flag} {arg}: {e}")),
    }
}

fn collect(
    arg: &str,
    files: &mut Vec<EvidenceFile>,
    shown: &mut Vec<(String, String)>,
) -> Result<(), String> {
    if let Some((kind, path)) = kind_and_path(arg, "--evidence")? {
        files.push((path.to_string(), Some(kind), read_file(path)?));
        return Ok(());
    }
    let path = Path::new(arg);
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read evidence {arg}: {e}"))?;
    if !meta.is_dir() {
        files.push((arg.to_string(), None, read_file(arg)?));
        return Ok(());
    }
    let found = adapters::read_dir_with_limit(path, max_input_bytes()).map_err(|e| match e {
        adapters::AdapterError::TooLarge { .. } => {
            format!("evidence {e}; raise the limit with --max-input-bytes")
        }
        e => format!("evidence {arg}: {e}"),
    })?;
    if found.is_empty() {
        return Err(format!("evidence directory {arg} holds no file"));
    }
    for (name, bytes) in found {
        shown.push((name.clone(), path.join(&name).display().to_string()));
        files.push((name, None, bytes));
    }
    Ok(())
}

fn read_file(path: &str) -> Result<Vec<u8>, String> {
    if Path::new(path).is_dir() {
        return Err(format!(
            "evidence {path} is a directory; give the directory without a kind"
        ));
    }
    read_limited("evidence", path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_prefixes_are_recognised_or_explained() {
        let r = kind_and_path("github.pull_request=event.json", "--input");
        assert_eq!(
            r.map(|o| o.map(|(k, p)| (k.to_string(), p.to_string()))),
            Ok(Some(("github.pull_request".into(), "event.json".into())))
        );
        let err = kind_and_path("sarf=x.sarif", "--evidence").unwrap_err();
        assert!(
            err.starts_with(
                "--evidence sarf=x.sarif: unknown evidence kind `sarf` (did you mean `sarif`?)"
            ),
            "{err}"
        );
        assert_eq!(kind_and_path("plain.json", "--input"), Ok(None));
        assert_eq!(kind_and_path("dir/a=b.json", "--input"), Ok(None));
        assert_eq!(kind_and_path("-", "--input"), Ok(None));
    }
}
