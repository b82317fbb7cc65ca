//! `phasegate check`: evaluate policies against evidence and gate on the result.

use crate::evidence::load_input;
pub use crate::outputs::Format;
use crate::outputs::{emit, render, Outputs};
use crate::{EXIT_ERROR, EXIT_FAIL, EXIT_OK};
use phasegate_engine::{EvalContext, Limits};
use phasegate_lang::model::RuleSeverity;
use phasegate_report::Gate;
use std::path::PathBuf;

/// Arguments of `phasegate check`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files or directories (searched recursively for `.gate` files).
    #[arg(long = "policy", short = 'p', value_name = "FILE|DIR")]
    pub policies: Vec<PathBuf>,
    /// A rule pack of the standard library, e.g. `secure-devops` (docs/packs.md).
    #[arg(long = "pack", value_name = "NAME")]
    pub packs: Vec<String>,
    /// Documents given to the rules as `input` as they are, JSON or YAML (`-` for standard
    /// input); `KIND=FILE` reads a file through an evidence adapter instead. Several are
    /// merged by top-level key.
    #[arg(long = "input", short = 'i', value_name = "FILE|-|KIND=FILE")]
    pub inputs: Vec<String>,
    /// Evidence read through the adapters (docs/evidence.md): a directory (every file, kinds
    /// detected), a file, or `KIND=FILE`. All of them form one evidence bundle.
    #[arg(long = "evidence", short = 'e', value_name = "DIR|FILE|KIND=FILE")]
    pub evidence: Vec<String>,
    /// Evaluate every evidence bundle matching this glob (directories, or JSON/YAML files), in parallel.
    #[arg(long, value_name = "PATTERN", conflicts_with_all = ["inputs", "evidence"])]
    pub evidence_glob: Option<String>,
    /// Evaluate every evidence bundle listed in this file (one path per line; `#` comments).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["inputs", "evidence"])]
    pub evidence_list: Option<PathBuf>,
    /// Override a parameter: `name=value`, `<package>.<name>=value` or `<rule-id>.<name>=value`.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Reports to write: `--format FORMAT [--output FILE]`, repeatable.
    #[command(flatten)]
    pub outputs: Outputs,
    /// Fail (exit 1) when a rule of at least this severity fails.
    #[arg(long, value_name = "SEVERITY", default_value = "high", value_parser = parse_severity)]
    pub fail_on: RuleSeverity,
    /// Also fail when a rule of at least `--fail-on` severity is skipped.
    #[arg(long)]
    pub fail_on_skip: bool,
    /// Print the evaluation tree of one rule instead of the report.
    #[arg(long, value_name = "RULE-ID")]
    pub explain: Option<String>,
    /// The time rules see as "now" (RFC 3339); defaults to the current time.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// A JSON/YAML file passed to rules as `context`.
    #[arg(long, value_name = "FILE")]
    pub context: Option<String>,
    /// Evaluation steps allowed per rule.
    #[arg(long, value_name = "N")]
    pub fuel_per_rule: Option<u64>,
    /// Evaluation steps allowed for the whole evaluation.
    #[arg(long, value_name = "N")]
    pub fuel_total: Option<u64>,
    /// Deepest call/recursion depth of user functions.
    #[arg(long, value_name = "N")]
    pub max_call_depth: Option<u32>,
    /// Largest list/object (items) or string (bytes) built during evaluation.
    #[arg(long, value_name = "N")]
    pub max_value_size: Option<usize>,
    /// Most messages reported per rule.
    #[arg(long, value_name = "N")]
    pub max_messages: Option<usize>,
    /// Longest message, in bytes (longer ones are cut with `…`).
    #[arg(long, value_name = "BYTES")]
    pub max_message_len: Option<usize>,
}

fn parse_severity(s: &str) -> Result<RuleSeverity, String> {
    RuleSeverity::parse(&s.to_ascii_lowercase()).ok_or_else(|| {
        format!("`{s}` is not a severity; use one of info, low, medium, high, critical")
    })
}

fn limits(a: &Args) -> Limits {
    let mut l = Limits::default();
    if let Some(v) = a.fuel_per_rule {
        l.fuel_per_rule = v;
    }
    if let Some(v) = a.fuel_total {
        l.fuel_total = v;
    }
    if let Some(v) = a.max_call_depth {
        l.max_call_depth = v;
    }
    if let Some(v) = a.max_value_size {
        l.max_value_size = v;
    }
    if let Some(v) = a.max_messages {
        l.max_messages = v;
    }
    if let Some(v) = a.max_message_len {
        l.max_message_len = v;
    }
    l
}

fn context(a: &Args) -> Result<EvalContext, String> {
    crate::setup::eval_context(a.context.as_deref(), a.now.as_deref())
}

/// Run the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    if args.policies.is_empty() && args.packs.is_empty() {
        return usage(
            "no policies: give --policy <FILE|DIR> or --pack <NAME> (e.g. --pack secure-devops)",
        );
    }
    if args.inputs.is_empty() && args.evidence.is_empty() && !crate::bulk::wanted(&args) {
        return usage("no input: give --evidence <DIR|FILE|KIND=FILE>, --input <FILE> or --evidence-glob <PATTERN>");
    }
    let policies = match crate::setup::build_policies(
        &args.policies,
        &args.packs,
        &args.params,
        limits(&args),
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if crate::bulk::wanted(&args) {
        return match context(&args) {
            Ok(ctx) => crate::bulk::run(&args, &policies, &ctx),
            Err(e) => usage(&e),
        };
    }
    let input = match load_input(&args.inputs, &args.evidence) {
        Ok(v) => v,
        Err(e) => return usage(&e),
    };
    let ctx = match context(&args) {
        Ok(c) => c,
        Err(e) => return usage(&e),
    };
    if let Some(rule) = &args.explain {
        let target = &args.outputs.targets[0];
        return match policies.explain(rule, &input, &ctx) {
            Ok(x) => {
                let text = match target.format {
                    Format::Json | Format::Jsonl => {
                        serde_json::to_string_pretty(&x).unwrap_or_default() + "\n"
                    }
                    Format::Human => x.render_text(),
                    other => {
                        return usage(&format!(
                            "--explain writes text or JSON; --format {} is not available for it",
                            other.name()
                        ))
                    }
                };
                match emit(target, &text) {
                    Ok(()) => EXIT_OK,
                    Err(e) => usage(&e),
                }
            }
            Err(e) => usage(&e.to_string()),
        };
    }
    let decision = policies.evaluate(&input, &ctx);
    let gate = Gate {
        fail_on: args.fail_on,
        fail_on_skip: args.fail_on_skip,
    };
    let mut write_failed = false;
    for target in &args.outputs.targets {
        let text = render(target, &decision, &gate);
        if let Err(e) = emit(target, &text) {
            eprintln!("error: {e}");
            write_failed = true;
        }
    }
    if write_failed {
        EXIT_ERROR
    } else if gate.passes(&decision) {
        EXIT_OK
    } else {
        EXIT_FAIL
    }
}

fn usage(msg: &str) -> u8 {
    eprintln!("error: {msg}");
    EXIT_ERROR
}
