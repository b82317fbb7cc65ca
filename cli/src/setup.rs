//! Setup shared by the commands that evaluate policies (`test`, `explain`):
//! compiling policies from paths and `--param` overrides, and the context.

use crate::input::{parse_param, read_input};
use crate::{report_error, EXIT_ERROR};
use indexmap::IndexMap;
use phasegate_engine::{EvalContext, Limits, PolicySet};
use std::path::PathBuf;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Compile the `.gate` files and directories in `paths` and the built-in
/// `packs` with `--param` overrides and evaluation limits. Problems are
/// printed (policy diagnostics as miette reports); the `Err` is the exit code.
pub fn build_policies(
    paths: &[PathBuf],
    packs: &[String],
    params: &[String],
    limits: Limits,
) -> Result<PolicySet, u8> {
    let mut overrides = IndexMap::new();
    for p in params {
        match parse_param(p) {
            Ok((k, v)) => {
                overrides.insert(k, v);
            }
            Err(e) => {
                eprintln!("error: {e}");
                return Err(EXIT_ERROR);
            }
        }
    }
    let mut builder = PolicySet::builder().params(overrides).limits(limits);
    #[cfg(feature = "plugins")]
    {
        let loader = phasegate_wasm_host::WasmPluginLoader::new(
            phasegate_wasm_host::HostLimits::plugin_default(),
        );
        match loader {
            Ok(l) => builder = builder.plugins(std::sync::Arc::new(l)),
            Err(e) => {
                eprintln!("error: {e}");
                return Err(EXIT_ERROR);
            }
        }
    }
    for name in packs {
        builder = builder.pack(name);
    }
    for p in paths {
        builder = if p.is_dir() {
            builder.dir(p)
        } else {
            builder.file(p)
        };
    }
    builder.build().map_err(|e| {
        report_error(e);
        EXIT_ERROR
    })
}

/// The evaluation context: a `--context` document (whose string `now` sets
/// the time), and `--now` (RFC 3339), which wins; the current time when
/// neither gives one.
pub fn eval_context(context: Option<&str>, now: Option<&str>) -> Result<EvalContext, String> {
    let ctx = match context {
        Some(path) => EvalContext::from_value(read_input(path)?)
            .map_err(|e| format!("context {path}: {e}"))?,
        None => EvalContext::new(),
    };
    let now = match now {
        Some(s) => OffsetDateTime::parse(s, &Rfc3339)
            .map_err(|e| format!("--now {s}: not an RFC 3339 timestamp ({e})"))?,
        None => ctx.now.unwrap_or_else(OffsetDateTime::now_utc),
    };
    Ok(ctx.with_now(now))
}

/// Write to standard output. A closed pipe (`phasegate … | head`) or
/// another write error ends the output quietly instead of panicking.
pub fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
