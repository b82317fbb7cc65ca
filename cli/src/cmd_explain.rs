//! `phasegate explain`: the evaluation tree of one rule against an input.

use crate::input::{merge_inputs, read_input};
use crate::setup::{build_policies, eval_context, print_out};
use crate::{EXIT_ERROR, EXIT_OK};
use std::path::PathBuf;

/// Output formats of `phasegate explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An indented tree: each condition and sub-expression with its value.
    Human,
    /// The explanation document (`rule`, `status`, `messages`, `steps`).
    Json,
}

/// Arguments of `phasegate explain`.
#[derive(clap::Args)]
pub struct Args {
    /// The id of the rule to explain.
    #[arg(value_name = "RULE-ID")]
    pub rule: String,
    /// Policy files or directories (searched recursively for `.gate` files).
    #[arg(long = "policy", short = 'p', value_name = "FILE|DIR", required = true)]
    pub policies: Vec<PathBuf>,
    /// Evidence documents, JSON or YAML (`-` for standard input). Several are merged by top-level key.
    #[arg(long = "input", short = 'i', value_name = "FILE|-", required = true)]
    pub inputs: Vec<String>,
    /// Override a parameter: `name=value`, `<package>.<name>=value` or `<rule-id>.<name>=value`.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The time rules see as "now" (RFC 3339); defaults to the current time.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// A JSON/YAML file passed to rules as `context`.
    #[arg(long, value_name = "FILE")]
    pub context: Option<String>,
}

/// Run the command; returns the exit code (0 once the rule is explained,
/// whatever its status; 2 on policy, input or usage errors).
pub fn run(args: Args) -> u8 {
    let policies = match build_policies(&args.policies, &[], &args.params, Default::default()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut docs = Vec::new();
    for i in &args.inputs {
        match read_input(i) {
            Ok(v) => docs.push((i.clone(), v)),
            Err(e) => return usage(&e),
        }
    }
    let input = match merge_inputs(docs) {
        Ok(v) => v,
        Err(e) => return usage(&e),
    };
    let ctx = match eval_context(args.context.as_deref(), args.now.as_deref()) {
        Ok(c) => c,
        Err(e) => return usage(&e),
    };
    let explanation = match policies.explain(&args.rule, &input, &ctx) {
        Ok(x) => x,
        Err(e) => return usage(&e.to_string()),
    };
    match args.format {
        Format::Human => print_out(&explanation.render_text_with(crate::render::stdout_color())),
        Format::Json => match serde_json::to_string_pretty(&explanation) {
            Ok(s) => print_out(&format!("{s}\n")),
            Err(e) => return usage(&format!("cannot write the explanation: {e}")),
        },
    }
    EXIT_OK
}

fn usage(msg: &str) -> u8 {
    eprintln!("error: {msg}");
    EXIT_ERROR
}
