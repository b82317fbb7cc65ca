//! Input loading (JSON/YAML/SARIF parse and normalisation by the evidence
//! adapters) next to the evaluation of the rules that read that input.

use criterion::{criterion_group, criterion_main, Criterion};
use phasegate_bench::inputs::{self, Input};
use phasegate_bench::rules;
use phasegate_engine::PolicySet;
use phasegate_stdlib::adapters;
use std::hint::black_box;
use std::time::Duration;

fn load(c: &mut Criterion) {
    let ctx = rules::context();
    let cases: Vec<(Input, PolicySet, &str)> = vec![
        (
            inputs::medium(),
            rules::compile_rule("build.sast-clean"),
            "build.sast-clean",
        ),
        (
            inputs::large(),
            rules::compile_rule("monitor.sca-clean"),
            "monitor.sca-clean",
        ),
        (
            inputs::manifests(),
            rules::compile_rule("deploy.container-hardening"),
            "deploy.container-hardening",
        ),
        (
            inputs::examples(),
            rules::compile_pack(),
            "secure-devops pack",
        ),
    ];
    for (input, set, what) in &cases {
        let bytes: usize = input.files.iter().map(|f| f.2.len()).sum();
        assert!(
            input.load().equals(&input.doc),
            "{}: loading is not deterministic",
            input.name
        );
        let mut g = c.benchmark_group(format!("load/{}", input.name));
        g.bench_function("parse+normalise", |b| {
            b.iter(|| black_box(adapters::load_bundle(black_box(&input.files))))
        });
        g.bench_function("evaluate", |b| {
            b.iter(|| black_box(set.evaluate(black_box(&input.doc), &ctx)))
        });
        g.finish();
        eprintln!(
            "load/{}: {bytes} bytes of input, evaluated by {what}",
            input.name
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = load
}
criterion_main!(benches);
