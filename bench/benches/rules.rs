//! Evaluation of the four compared rules in phasegate, Regorus (Rego) and
//! Cedar on the same inputs. Every case checks first that the engines agree.

mod peers;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use peers::Case;
use phasegate_bench::{inputs, rules};
use std::hint::black_box;
use std::time::Duration;

fn cases() -> Vec<Case> {
    let small = inputs::small();
    let medium = inputs::medium();
    let large = inputs::large();
    let k8s = inputs::manifests();
    let on = [&small, &medium, &large, &k8s];
    rules::COMPARED
        .iter()
        .zip(on)
        .map(|((id, pkg), input)| Case::new(id, pkg, input))
        .collect()
}

fn eval(c: &mut Criterion) {
    let ctx = rules::context();
    for mut case in cases() {
        let mut g = c.benchmark_group(format!("eval/{}/{}", case.id, case.input));
        // Flat sampling: the slow peers (tens of ms per evaluation) still finish in seconds.
        g.sampling_mode(SamplingMode::Flat);
        g.bench_function("phasegate", |b| {
            b.iter(|| black_box(case.phasegate.evaluate(black_box(&case.doc), &ctx)))
        });
        g.bench_function("rego", |b| b.iter(|| black_box(case.rego.eval())));
        if let Some(cedar) = &case.cedar {
            g.bench_function("cedar", |b| b.iter(|| black_box(cedar.eval())));
        }
        g.finish();
        // The engines still agree after being timed.
        assert_eq!(case.verdict(), case.rego.verdict(), "{} drifted", case.id);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = eval
}
criterion_main!(benches);
