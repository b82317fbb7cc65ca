//! The whole `secure-devops` pack over `examples/evidence/`: one evaluation,
//! and throughput on 1 and 2 threads sharing one compiled `PolicySet`: two
//! threads that each gate their own copy of the evidence (two pipelines,
//! `threads-2`), and two threads reading one document (`threads-2-shared`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use phasegate_bench::{inputs, rules};
use phasegate_engine::{PolicySet, Status};
use phasegate_lang::Value;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Wall time of `iters` evaluations shared out over `threads` threads; thread
/// `t` reads `docs[t % docs.len()]`.
fn spread(set: &PolicySet, docs: &[&Value], threads: u64, iters: u64) -> Duration {
    let ctx = rules::context();
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let n = iters / threads + u64::from(t < iters % threads);
            let (set, ctx) = (set.clone(), &ctx);
            let doc = docs[t as usize % docs.len()];
            s.spawn(move || {
                for _ in 0..n {
                    black_box(set.evaluate(black_box(doc), ctx));
                }
            });
        }
    });
    start.elapsed()
}

fn pack(c: &mut Criterion) {
    let set = rules::compile_pack();
    let examples = inputs::examples();
    let decision = set.evaluate(&examples.doc, &rules::context());
    let errors: Vec<_> = decision
        .results
        .iter()
        .filter(|r| r.status == Status::Error)
        .map(|r| format!("{}: {:?}", r.id, r.messages))
        .collect();
    assert!(errors.is_empty(), "pack rules in error: {errors:?}");
    assert!(decision.results.iter().any(|r| r.status == Status::Fail));

    let mut g = c.benchmark_group("pack/examples");
    g.bench_function("evaluate", |b| {
        b.iter(|| black_box(set.evaluate(black_box(&examples.doc), &rules::context())))
    });
    g.throughput(Throughput::Elements(1));
    // A second copy of the evidence, normalised again: it shares no value
    // with the first.
    let other = inputs::examples();
    let cases: [(&str, u64, Vec<&Value>); 3] = [
        ("threads-1", 1, vec![&examples.doc]),
        ("threads-2", 2, vec![&examples.doc, &other.doc]),
        ("threads-2-shared", 2, vec![&examples.doc]),
    ];
    for (name, threads, docs) in &cases {
        g.bench_function(*name, |b| {
            b.iter_custom(|iters| spread(&set, docs, *threads, iters))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = pack
}
criterion_main!(benches);
