//! Compile time (parse, check, compile) of generated policy sets of 10 to
//! 10,000 rules. Memory per rule is measured by `benches/memory.rs`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use phasegate_bench::policies;
use phasegate_engine::PolicySet;
use std::hint::black_box;
use std::time::Duration;

fn build(text: &str) -> PolicySet {
    match PolicySet::builder().source("generated.gate", text).build() {
        Ok(set) => set,
        Err(e) => panic!("the generated rules do not compile: {e}"),
    }
}

fn compile(c: &mut Criterion) {
    let mut g = c.benchmark_group("compile");
    g.sampling_mode(SamplingMode::Flat);
    for n in [10usize, 100, 1_000, 10_000] {
        let text = policies::rules(n);
        assert_eq!(build(&text).rules().len(), n);
        if n >= 1_000 {
            g.sample_size(10);
        }
        g.bench_with_input(BenchmarkId::new("rules", n), &text, |b, text| {
            b.iter(|| black_box(build(black_box(text))))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = compile
}
criterion_main!(benches);
