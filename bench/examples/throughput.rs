//! Throughput of the whole `secure-devops` pack over `examples/evidence/` on
//! one and two threads sharing one compiled `PolicySet`, with the runs
//! interleaved round by round so that load from other processes hits both
//! alike. Two cases for two threads: each thread gates its own evidence (two
//! pipelines, the usual case), and both threads read one evidence document.
//!
//! For reference, the same rounds time a loop of arithmetic that touches no
//! memory (`evidence=none`): what two threads of this machine deliver when
//! nothing is shared at all (on a virtual machine whose cores are shared with
//! other guests, less than 2×).
//!
//! Prints `THROUGHPUT threads=… evidence=… best_per_s=… median_per_s=…` and
//! `SPEEDUP evidence=… best=… median=…` (2-thread over 1-thread throughput).
//!
//! Usage: `throughput [ROUNDS] [EVALUATIONS_PER_ROUND]` (default 30, 2000).

use phasegate_bench::{inputs, rules};
use phasegate_engine::PolicySet;
use phasegate_lang::Value;
use std::hint::black_box;
use std::time::Instant;

/// Runs per second of `n` runs of `work(thread, i)` spread over `threads` threads.
fn spread(threads: usize, n: u64, work: impl Fn(usize, u64) + Sync) -> f64 {
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let share = n / threads as u64 + u64::from((t as u64) < n % threads as u64);
            let work = &work;
            s.spawn(move || (0..share).for_each(|i| work(t, i)));
        }
    });
    n as f64 / start.elapsed().as_secs_f64()
}

/// Evaluations per second, one thread per document.
fn run(set: &PolicySet, docs: &[&Value], n: u64) -> f64 {
    let ctx = rules::context();
    spread(docs.len(), n, |t, _| {
        black_box(set.evaluate(black_box(docs[t]), &ctx));
    })
}

/// A reference that shares nothing: a register-only loop.
fn spin(_: usize, i: u64) {
    let mut x = black_box(i | 1);
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    black_box(x);
}

/// A reference that shares nothing: allocation and hashing, as an evaluation
/// does, on memory of this thread only.
fn heap(_: usize, i: u64) {
    let mut m = std::collections::HashMap::new();
    for k in 0..600u64 {
        m.insert(format!("key-{k}-{i}"), vec![k; 8]);
    }
    black_box(m.len());
}

/// Best and median of `xs`.
fn summary(xs: &mut [f64]) -> (f64, f64) {
    xs.sort_by(|a, b| b.total_cmp(a));
    (xs[0], xs[xs.len() / 2])
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(30);
    let n: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(2000);
    let set = rules::compile_pack();
    // Two independent documents: normalised twice, they share no allocation.
    let (a, b) = (inputs::examples().doc, inputs::examples().doc);
    let cases: [(&str, Vec<&Value>); 3] = [
        ("one", vec![&a]),
        ("separate", vec![&a, &b]),
        ("shared", vec![&a, &a]),
    ];
    let references: [(&str, fn(usize, u64)); 2] = [("none", spin), ("heap", heap)];
    let mut per_s: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    // Per reference: runs per second on 1 and on 2 threads.
    let mut ref_per_s: Vec<[Vec<f64>; 2]> = vec![[Vec::new(), Vec::new()]; references.len()];
    run(&set, &[&a], n / 4); // warm-up
    for _ in 0..rounds.max(1) {
        for (i, (_, docs)) in cases.iter().enumerate() {
            per_s[i].push(run(&set, docs, n));
        }
        for (xs, (_, work)) in ref_per_s.iter_mut().zip(&references) {
            xs[0].push(spread(1, n, work));
            xs[1].push(spread(2, n, work));
        }
    }
    for ((name, _), [one, two]) in references.iter().zip(ref_per_s.iter_mut()) {
        let (s1, s2) = (summary(one), summary(two));
        println!(
            "SPEEDUP reference={name} best={:.2} median={:.2}",
            s2.0 / s1.0,
            s2.1 / s1.1
        );
    }
    let mut best = Vec::new();
    for ((name, docs), xs) in cases.iter().zip(per_s.iter_mut()) {
        let (b, m) = summary(xs);
        best.push((b, m));
        println!(
            "THROUGHPUT threads={} evidence={name} best_per_s={b:.0} median_per_s={m:.0}",
            docs.len()
        );
    }
    for (i, (name, _)) in cases.iter().enumerate().skip(1) {
        println!(
            "SPEEDUP evidence={name} best={:.2} median={:.2}",
            best[i].0 / best[0].0,
            best[i].1 / best[0].1
        );
    }
}
