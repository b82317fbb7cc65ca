//! What sharing one compiled set costs two threads: the pack over
//! `examples/evidence/` on 1 thread, then on 2 threads that each gate their
//! own copy of the evidence with one shared `PolicySet`, or (`OWN_SET=1`)
//! each with its own compiled copy of the pack. The gap between the two is
//! contention on what the set shares (reference counts of its constants and
//! rule metadata); see docs/benchmarks.md, sixth round.
//!
//! Usage: `shared_set THREADS [EVALUATIONS_PER_THREAD]`, e.g.
//! `shared_set 1 20000; shared_set 2 20000; OWN_SET=1 shared_set 2 20000`.

use phasegate_bench::{inputs, rules};
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let threads: usize = args.next().and_then(|x| x.parse().ok()).unwrap_or(1);
    let n: u64 = args.next().and_then(|x| x.parse().ok()).unwrap_or(20_000);
    let own = std::env::var_os("OWN_SET").is_some();
    let sets: Vec<_> = (0..if own { threads } else { 1 })
        .map(|_| rules::compile_pack())
        .collect();
    let docs: Vec<_> = (0..threads).map(|_| inputs::examples().doc).collect();
    let ctx = rules::context();
    let start = std::time::Instant::now();
    std::thread::scope(|s| {
        for (t, doc) in docs.iter().enumerate() {
            let (set, ctx) = (&sets[if own { t } else { 0 }], &ctx);
            s.spawn(move || {
                for _ in 0..n {
                    black_box(set.evaluate(black_box(doc), ctx));
                }
            });
        }
    });
    let per_s = (n * threads as u64) as f64 / start.elapsed().as_secs_f64();
    println!("SHARED_SET threads={threads} own_set={own} per_s={per_s:.0}");
}
