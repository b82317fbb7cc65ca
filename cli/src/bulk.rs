//! Bulk evaluation (`phasegate check --evidence-glob` / `--evidence-list`):
//! many evidence bundles against one compiled policy set, in parallel.

use crate::cmd_check::{Args, Format};
use crate::input::read_input;
use crate::setup::print_out;
use crate::{EXIT_ERROR, EXIT_FAIL, EXIT_OK};
use indicatif::{ProgressBar, ProgressStyle};
use phasegate_engine::{Decision, EvalContext, PolicySet, Status};
use phasegate_lang::Value;
use phasegate_report::Gate;
use rayon::prelude::*;
use std::fmt::Write;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Most blocking rule ids named per bundle in the summary table.
const MAX_IDS_SHOWN: usize = 3;
/// Largest `--evidence-list` file read, in bytes.
const MAX_LIST_BYTES: u64 = 64 * 1024 * 1024;

/// Whether the arguments ask for bulk evaluation.
pub fn wanted(a: &Args) -> bool {
    a.evidence_glob.is_some() || a.evidence_list.is_some()
}

/// One bundle and what became of it.
struct BundleResult {
    path: String,
    outcome: Result<Decision, String>,
}

/// Evaluate every bundle and print the records and the summary table.
/// Exit code: 2 if a bundle could not be loaded, else 1 if the gate blocks
/// a bundle, else 0.
pub fn run(args: &Args, policies: &PolicySet, ctx: &EvalContext) -> u8 {
    if args.explain.is_some() {
        return usage("--explain evaluates one input; it cannot be combined with --evidence-glob or --evidence-list");
    }
    let format = match args.outputs.targets.as_slice() {
        [t] if t.output.is_none() && matches!(t.format, Format::Human | Format::Jsonl) => t.format,
        _ => return usage("with --evidence-glob or --evidence-list, use one --format human (a summary table) or --format jsonl (one record per bundle), on standard output"),
    };
    let bundles = match collect(args.evidence_glob.as_deref(), args.evidence_list.as_deref()) {
        Ok(b) if b.is_empty() => return usage("no evidence bundle matches"),
        Ok(b) => b,
        Err(e) => return usage(&e),
    };
    let bar = progress(bundles.len() as u64);
    let results: Vec<BundleResult> = bundles
        .par_iter()
        .map(|b| {
            let r = evaluate(b, policies, ctx);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();
    let gate = Gate {
        fail_on: args.fail_on,
        fail_on_skip: args.fail_on_skip,
    };
    let jsonl = format == Format::Jsonl;
    let table = summary_table(&results, &gate, !jsonl && crate::render::stdout_color());
    if jsonl {
        let mut lines = String::new();
        for r in &results {
            lines.push_str(&record(r, &gate));
            lines.push('\n');
        }
        print_out(&lines);
        let _ = std::io::Write::write_all(&mut std::io::stderr(), table.as_bytes());
    } else {
        print_out(&table);
    }
    if results.iter().any(|r| r.outcome.is_err()) {
        EXIT_ERROR
    } else if results.iter().any(|r| match &r.outcome {
        Ok(d) => !gate.passes(d),
        Err(_) => false,
    }) {
        EXIT_FAIL
    } else {
        EXIT_OK
    }
}

/// The bundles named by a glob and a list file, sorted and without duplicates.
/// A glob match that cannot be read is kept: loading it reports the problem.
fn collect(pattern: Option<&str>, list: Option<&Path>) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    if let Some(p) = pattern {
        let paths =
            glob::glob(p).map_err(|e| format!("--evidence-glob {p}: not a valid pattern: {e}"))?;
        for entry in paths {
            out.push(match entry {
                Ok(path) => path,
                Err(e) => e.path().to_path_buf(),
            });
        }
        if out.is_empty() {
            return Err(format!("--evidence-glob {p} matches nothing"));
        }
    }
    if let Some(l) = list {
        let size = std::fs::metadata(l)
            .map_err(|e| format!("cannot read --evidence-list {}: {e}", l.display()))?
            .len();
        if size > MAX_LIST_BYTES {
            return Err(format!(
                "--evidence-list {} is {size} bytes; the limit is {MAX_LIST_BYTES}",
                l.display()
            ));
        }
        let text = std::fs::read_to_string(l)
            .map_err(|e| format!("cannot read --evidence-list {}: {e}", l.display()))?;
        out.extend(
            text.lines()
                .map(str::trim)
                .filter(|s| !s.is_empty() && !s.starts_with('#'))
                .map(PathBuf::from),
        );
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Load one bundle (a directory through the evidence adapters, or a JSON or
/// YAML document) and evaluate it.
fn evaluate(path: &Path, policies: &PolicySet, ctx: &EvalContext) -> BundleResult {
    let name = path.display().to_string();
    let outcome = load(path).map(|input| policies.evaluate(&input, ctx));
    BundleResult {
        path: name,
        outcome,
    }
}

fn load(path: &Path) -> Result<Value, String> {
    if path.is_dir() {
        use phasegate_stdlib::adapters::{load_bundle, read_dir_with_limit};
        let max = crate::input::max_input_bytes();
        return read_dir_with_limit(path, max)
            .and_then(|files| {
                let files: Vec<_> = files.into_iter().map(|(n, b)| (n, None, b)).collect();
                load_bundle(&files)
            })
            .map_err(|e| e.to_string());
    }
    let Some(s) = path.to_str() else {
        return Err(format!("{}: the path is not valid UTF-8", path.display()));
    };
    read_input(s)
}

/// A progress bar on standard error, shown only when both standard output
/// and standard error are terminals and `CI` is not set.
fn progress(len: u64) -> ProgressBar {
    let interactive = std::io::stderr().is_terminal()
        && std::io::stdout().is_terminal()
        && std::env::var_os("CI").is_none();
    if !interactive {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40.cyan/blue} {pos}/{len} bundles  {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

/// The JSON-lines record of a bundle: `{"bundle", "verdict", "decision"}`,
/// or `{"bundle", "error"}` when it could not be loaded.
fn record(r: &BundleResult, gate: &Gate) -> String {
    let doc = match &r.outcome {
        Ok(d) => serde_json::json!({
            "bundle": r.path,
            "verdict": if gate.passes(d) { "pass" } else { "fail" },
            "decision": d,
        }),
        Err(e) => serde_json::json!({ "bundle": r.path, "error": e }),
    };
    serde_json::to_string(&doc)
        .unwrap_or_else(|e| format!("{{\"bundle\": {:?}, \"error\": \"{e}\"}}", r.path))
}

/// The summary table: per bundle the rule counts and the gate's verdict,
/// then a totals line.
fn summary_table(results: &[BundleResult], gate: &Gate, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("{code}{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let width = results
        .iter()
        .map(|r| r.path.chars().count())
        .chain(["bundle".len()])
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{:<width$}  {:>5}  {:>5}  {:>5}  {:>5}  verdict\n",
        "bundle", "pass", "fail", "skip", "error"
    );
    let (mut passed, mut blocked, mut broken) = (0, 0, 0);
    for r in results {
        let (counts, verdict) = match &r.outcome {
            Ok(d) => {
                let c = d.summary.counts;
                let counts = format!(
                    "{:>5}  {:>5}  {:>5}  {:>5}",
                    c.pass, c.fail, c.skip, c.error
                );
                let blocking = gate.blocking(d);
                let verdict = if blocking.is_empty() {
                    passed += 1;
                    paint("\x1b[32m", "pass")
                } else {
                    blocked += 1;
                    let mut ids: Vec<&str> = blocking
                        .iter()
                        .take(MAX_IDS_SHOWN)
                        .map(|x| &*x.id)
                        .collect();
                    if blocking.len() > MAX_IDS_SHOWN {
                        ids.push("…");
                    }
                    let kind = if blocking.iter().any(|x| x.status == Status::Error) {
                        "FAIL (errors)"
                    } else {
                        "FAIL"
                    };
                    format!("{}: {}", paint("\x1b[31m", kind), ids.join(", "))
                };
                (counts, verdict)
            }
            Err(e) => {
                broken += 1;
                let dash = format!("{:>5}  {:>5}  {:>5}  {:>5}", "-", "-", "-", "-");
                (dash, format!("{} {e}", paint("\x1b[35m", "NOT LOADED:")))
            }
        };
        let _ = writeln!(out, "{:<width$}  {counts}  {verdict}", r.path);
    }
    let _ = writeln!(
        out,
        "{} bundle(s): {passed} pass the gate, {blocked} blocked, {broken} not loaded",
        results.len()
    );
    out
}

fn usage(msg: &str) -> u8 {
    eprintln!("error: {msg}");
    EXIT_ERROR
}
