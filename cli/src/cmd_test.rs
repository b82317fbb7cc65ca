//! `phasegate test`: run the `test` blocks of policies, like `cargo test`.

use crate::setup::{build_policies, print_out};
use crate::{EXIT_ERROR, EXIT_FAIL, EXIT_OK};
use phasegate_engine::{CoverageMap, EvalContext, PolicySet, TestCase};
use phasegate_report::testrun::{self, TestOutcome, TestRun};
use std::path::PathBuf;

/// Output formats of `phasegate test`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Like `cargo test`: one line per test, failures, a closing summary.
    Human,
    /// One JSON document: every test with its failures, counts, coverage.
    Json,
}

/// Arguments of `phasegate test`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files or directories (searched recursively for `.gate` files).
    #[arg(value_name = "FILE|DIR", required_unless_present = "packs")]
    pub paths: Vec<PathBuf>,
    /// A built-in rule pack whose test blocks to run, e.g. `secure-devops`.
    #[arg(long = "pack", value_name = "NAME")]
    pub packs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Report, per rule, the outcomes the tests produced and the statements
    /// and sub-conditions that never ran.
    #[arg(long)]
    pub coverage: bool,
    /// Run only the tests whose name (`<file>::<test name>`) contains this text.
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
    /// Override a parameter for every test (a test's own `params` win):
    /// `name=value`, `<package>.<name>=value` or `<rule-id>.<name>=value`.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
}

/// Run the command; returns the exit code: 0 when every test passed, 1 when
/// one failed, 2 on policy errors or when no test was found.
pub fn run(args: Args) -> u8 {
    let policies = match build_policies(&args.paths, &args.packs, &args.params, Default::default())
    {
        Ok(p) => p,
        Err(code) => return code,
    };
    let all = policies.tests();
    if all.is_empty() {
        let mut paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        paths.extend(args.packs.iter().map(|p| format!("pack {p}")));
        eprintln!("error: no test blocks found in {}", paths.join(", "));
        return EXIT_ERROR;
    }
    let tests: Vec<&TestCase> = all
        .iter()
        .filter(|t| {
            args.filter
                .as_deref()
                .is_none_or(|f| testrun::test_name(t).contains(f))
        })
        .collect();
    if tests.is_empty() {
        eprintln!(
            "error: no test matches --filter {:?} ({} test(s) found)",
            args.filter.as_deref().unwrap_or_default(),
            all.len()
        );
        return EXIT_ERROR;
    }
    let mut coverage = args.coverage.then(CoverageMap::new);
    let outcomes = tests
        .iter()
        .map(|t| run_one(&policies, t, coverage.as_mut()))
        .collect();
    let coverage = coverage.map(|map| {
        let mut report = policies.coverage_report(&map);
        for e in tests.iter().flat_map(|t| &t.expects) {
            report.mark_expected(&e.rule, e.status);
        }
        report
    });
    let run = TestRun {
        tests: outcomes,
        filtered_out: all.len() - tests.len(),
        coverage,
    };
    match args.format {
        Format::Human => print_out(&testrun::render_text(&run, crate::render::stdout_color())),
        Format::Json => print_out(&format!("{}\n", testrun::to_json(&run))),
    }
    if run.success() {
        EXIT_OK
    } else {
        EXIT_FAIL
    }
}

/// Evaluate one test's input with its params and context, and check its
/// expectations; record coverage when asked.
fn run_one(base: &PolicySet, t: &TestCase, coverage: Option<&mut CoverageMap>) -> TestOutcome {
    let variant;
    let set = if t.params.is_empty() {
        base
    } else {
        match base.with_params(&t.params) {
            Ok(s) => {
                variant = s;
                &variant
            }
            Err(e) => return TestOutcome::errored(t, format!("params: {e}")),
        }
    };
    let ctx = match EvalContext::from_value(t.context.clone()) {
        Ok(c) => c,
        Err(e) => return TestOutcome::errored(t, format!("context: {e}")),
    };
    let decision = match coverage {
        Some(map) => {
            let (d, m) = set.evaluate_with_coverage(&t.input, &ctx);
            map.merge(&m);
            d
        }
        None => set.evaluate(&t.input, &ctx),
    };
    TestOutcome::of(t, &decision)
}
