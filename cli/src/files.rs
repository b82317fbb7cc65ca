//! Finding and reading `.gate` files on disk.

use phasegate_lang::Parsed;
use std::path::{Path, PathBuf};

/// Expand files and directories into a sorted list of `.gate` files.
/// Directories are searched recursively (symbolic links to directories are
/// not followed); a named file is taken as is. A directory without any
/// `.gate` file is an error, so that a wrong path is not silently ignored.
pub fn collect_gate_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let before = out.len();
            walk(p, &mut out).map_err(|e| format!("cannot read directory {}: {e}", p.display()))?;
            if out.len() == before {
                return Err(format!("no .gate files in directory {}", p.display()));
            }
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            return Err(format!("no such file or directory: {}", p.display()));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        let ty = e.file_type()?;
        if ty.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "gate") && p.is_file() {
            out.push(p);
        }
    }
    Ok(())
}

/// Read and parse one policy file (within the engine's size limit: a larger
/// file is a `file_too_large` diagnostic). Only I/O errors are `Err`.
pub fn load_policy(path: &Path) -> Result<Parsed, String> {
    phasegate_engine::read_policy_file(path).map_err(|e| e.to_string())
}
