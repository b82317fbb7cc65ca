//! Runs one compared rule in one engine a given number of times, for
//! instruction counts under callgrind (repeatable on a noisy machine):
//!
//! ```text
//! valgrind --tool=callgrind target/release/examples/instructions build.sast-clean phasegate 0
//! valgrind --tool=callgrind target/release/examples/instructions build.sast-clean phasegate 20
//! ```
//!
//! (the difference of the two totals / 20 = instructions per evaluation).
//! Engines: `phasegate`, `rego`, `cedar`; rule `pack` runs the whole pack
//! over examples/evidence (phasegate only); `instructions compile N`
//! compiles N generated rules once.

#[path = "../benches/peers/mod.rs"]
#[allow(dead_code)]
mod peers;

use phasegate_bench::{inputs, rules};
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (rule, engine) = match (args.get(1), args.get(2)) {
        (Some(r), Some(e)) => (r.as_str(), e.as_str()),
        _ => {
            eprintln!("usage: instructions RULE|pack ENGINE ITERATIONS");
            std::process::exit(2);
        }
    };
    let iters: u64 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(10);
    let ctx = rules::context();
    if rule == "compile" {
        // `instructions compile N`: compile N generated rules once.
        let n: usize = engine.parse().unwrap_or(1_000);
        let text = phasegate_bench::policies::rules(n);
        let set = phasegate_engine::PolicySet::builder()
            .source("generated.gate", text)
            .build();
        black_box(set.map(|s| s.rules().len()).unwrap_or(0));
        return;
    }
    if rule == "pack" {
        let set = rules::compile_pack();
        let doc = inputs::examples().doc;
        for _ in 0..iters {
            black_box(set.evaluate(black_box(&doc), &ctx));
        }
        return;
    }
    let Some(i) = rules::COMPARED.iter().position(|(id, _)| *id == rule) else {
        eprintln!("unknown rule {rule}");
        std::process::exit(2);
    };
    let input = [
        inputs::small,
        inputs::medium,
        inputs::large,
        inputs::manifests,
    ][i]();
    let (id, pkg) = rules::COMPARED[i];
    let mut case = peers::Case::new(id, pkg, &input);
    for _ in 0..iters {
        match engine {
            "phasegate" => drop(black_box(
                case.phasegate.evaluate(black_box(&case.doc), &ctx),
            )),
            "rego" => drop(black_box(case.rego.eval())),
            "cedar" => match &case.cedar {
                Some(c) => drop(black_box(c.eval())),
                None => {
                    eprintln!("Cedar cannot express {rule}");
                    std::process::exit(2);
                }
            },
            _ => {
                eprintln!("unknown engine {engine}");
                std::process::exit(2);
            }
        }
    }
}
