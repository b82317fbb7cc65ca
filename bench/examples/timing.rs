//! Wall time of compiling 1,000 generated rules or of loading one generated
//! input, repeated: prints the fastest and the median repetition in ms.
//! Built at two commits, the two binaries run alternately give an A/B
//! comparison on a noisy machine (docs/benchmarks.md, fourth round):
//!
//! ```text
//! cargo build --release --manifest-path bench/Cargo.toml --example timing
//! bench/target/release/examples/timing compile 10
//! bench/target/release/examples/timing large 10   # or medium, k8s, examples
//! ```

use phasegate_bench::{inputs, policies};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("compile", String::as_str);
    let reps: usize = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
        .max(1);
    let mut ms = Vec::with_capacity(reps);
    if what == "compile" {
        let text = policies::rules(1_000);
        for _ in 0..reps {
            let start = Instant::now();
            let set = phasegate_engine::PolicySet::builder()
                .source("generated.gate", text.as_str())
                .build();
            ms.push(start.elapsed().as_secs_f64() * 1e3);
            black_box(set.map(|s| s.rules().len()).unwrap_or(0));
        }
    } else {
        let input = match what {
            "large" => inputs::large(),
            "medium" => inputs::medium(),
            "k8s" => inputs::manifests(),
            "examples" => inputs::examples(),
            other => {
                eprintln!(
                    "usage: timing compile|large|medium|k8s|examples [REPETITIONS] (not {other})"
                );
                std::process::exit(2);
            }
        };
        for _ in 0..reps {
            let start = Instant::now();
            let doc = phasegate_stdlib::adapters::load_bundle(black_box(&input.files));
            ms.push(start.elapsed().as_secs_f64() * 1e3);
            black_box(doc.is_ok());
        }
    }
    ms.sort_by(f64::total_cmp);
    println!("{:.2} {:.2}", ms[0], ms[ms.len() / 2]);
}
