//! Wall-clock times of the compared rules with the engines interleaved: each
//! round times one evaluation in every engine, back to back, so load from
//! other processes hits all engines alike; the minimum over the rounds is the
//! least disturbed time. Prints `INTERLEAVED rule=… engine=… min_ns=… median_ns=…`.
//!
//! Usage: `interleaved [ROUNDS]` (default 40).

#[path = "../benches/peers/mod.rs"]
#[allow(dead_code)]
mod peers;

use phasegate_bench::{inputs, rules};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let ctx = rules::context();
    let all = [
        inputs::small(),
        inputs::medium(),
        inputs::large(),
        inputs::manifests(),
    ];
    for ((id, pkg), input) in rules::COMPARED.iter().zip(&all) {
        let mut case = peers::Case::new(id, pkg, input);
        let mut times: [Vec<u128>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        for _ in 0..rounds {
            let t = Instant::now();
            black_box(case.phasegate.evaluate(black_box(&case.doc), &ctx));
            times[0].push(t.elapsed().as_nanos());
            let t = Instant::now();
            black_box(case.rego.eval());
            times[1].push(t.elapsed().as_nanos());
            if let Some(c) = &case.cedar {
                let t = Instant::now();
                black_box(c.eval());
                times[2].push(t.elapsed().as_nanos());
            }
        }
        for (engine, ts) in ["phasegate", "rego", "cedar"].iter().zip(times.iter_mut()) {
            if ts.is_empty() {
                continue;
            }
            ts.sort_unstable();
            println!(
                "INTERLEAVED rule={id} engine={engine} min_ns={} median_ns={}",
                ts[0],
                ts[ts.len() / 2]
            );
        }
    }
}
