//! Reading policy sources: strings, files, directories of `.gate` files and
//! the rule packs embedded in the standard library.

use crate::compile::ir::MAX_POLICY_FILES;
use crate::error::CompileError;
use phasegate_lang::ast::{File, Span};
use phasegate_lang::diag::did_you_mean;
use phasegate_lang::parse::MAX_FILE_BYTES;
use phasegate_lang::{parse, parse_bytes, Code, Diagnostic, Parsed, SourceFile};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Deepest directory nesting searched (guards against symlink loops).
const MAX_DIR_DEPTH: usize = 32;

/// One policy source given to the builder.
#[derive(Clone, Debug)]
pub(crate) enum PolicySource {
    Text { name: String, text: String },
    File(PathBuf),
    Dir(PathBuf),
    Pack(String),
}

/// One policy file to parse, once the sources are expanded.
enum Pending<'a> {
    Text(&'a str, &'a str),
    File(PathBuf),
}

/// Parse every source, in the order given (directories in sorted path order).
/// The sources are expanded into files first, so that a set of more than
/// [`MAX_POLICY_FILES`] files is refused before any is read.
pub(crate) fn load(sources: &[PolicySource]) -> Result<Vec<Parsed>, CompileError> {
    if sources.is_empty() {
        return Err(CompileError::NoPolicies {
            what: "no policy source was given".into(),
        });
    }
    let mut pending = Vec::new();
    for s in sources {
        match s {
            PolicySource::Text { name, text } => pending.push(Pending::Text(name, text)),
            PolicySource::File(p) => pending.push(Pending::File(p.clone())),
            PolicySource::Pack(name) => {
                let pack = phasegate_stdlib::packs::get(name).ok_or_else(|| {
                    let names = phasegate_stdlib::packs::names();
                    CompileError::UnknownPack {
                        name: name.clone(),
                        suggestion: did_you_mean(name, names.iter().copied()).map(String::from),
                        known: names.join(", "),
                    }
                })?;
                pending.extend(
                    pack.files
                        .iter()
                        .map(|(path, text)| Pending::Text(path, text)),
                );
            }
            PolicySource::Dir(d) => {
                let mut files = Vec::new();
                collect(d, 0, &mut files)?;
                if files.is_empty() {
                    return Err(CompileError::NoPolicies {
                        what: format!("no `.gate` file in {}", d.display()),
                    });
                }
                files.sort();
                pending.extend(files.into_iter().map(Pending::File));
            }
        }
    }
    if pending.len() > MAX_POLICY_FILES {
        return Err(CompileError::TooManyFiles {
            count: pending.len(),
            limit: MAX_POLICY_FILES,
        });
    }
    pending
        .into_iter()
        .map(|p| match p {
            Pending::Text(name, text) => Ok(parse(&SourceFile::new(name, text))),
            Pending::File(path) => read_policy_file(&path),
        })
        .collect()
}

/// Read a policy file of at most [`MAX_FILE_BYTES`]: checked from the
/// metadata before reading (a larger file becomes a `file_too_large`
/// diagnostic and is not read) and enforced while reading (devices, pipes).
/// Only I/O errors are `Err`; everything else is a diagnostic of the result.
pub fn read_policy_file(p: &Path) -> Result<Parsed, CompileError> {
    let io = |source| CompileError::Io {
        path: p.to_path_buf(),
        source,
    };
    let name = p.display().to_string();
    let file = std::fs::File::open(p).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_FILE_BYTES as u64 {
        return Ok(too_large(&name, &size.to_string()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Ok(too_large(&name, &format!("more than {MAX_FILE_BYTES}")));
    }
    Ok(parse_bytes(&name, &bytes))
}

/// A file that was not read because it is over the size limit.
fn too_large(name: &str, size: &str) -> Parsed {
    let source = SourceFile::new(name, "");
    let d = Diagnostic::new(
        Code::FileTooLarge,
        &source,
        Span::new(0, 0),
        format!("file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes"),
    )
    .help("split the policy into several files of one package");
    Parsed {
        source,
        file: File::default(),
        diagnostics: vec![d],
    }
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), CompileError> {
    let io = |source| CompileError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(dir).map_err(io)?;
    if !meta.is_dir() {
        return Err(CompileError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::other("not a directory"),
        });
    }
    if depth > MAX_DIR_DEPTH {
        return Ok(());
    }
    let mut entries = Vec::new();
    for e in std::fs::read_dir(dir).map_err(io)? {
        entries.push(e.map_err(io)?.path());
    }
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, depth + 1, out)?;
        } else if p.extension().is_some_and(|e| e == "gate") {
            out.push(p);
        }
    }
    Ok(())
}
