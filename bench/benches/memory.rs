//! Memory of compiled policy sets (a counting global allocator): bytes
//! allocated and still held after compiling N generated rules, per rule.
//! Also writes the generated large inputs for the CLI's peak-RSS run.
//!
//! `cargo bench --bench memory` prints one `MEMORY n=… ` line per size;
//! `-- --write-inputs DIR` writes the large SBOM (and the other inputs) to DIR.

use phasegate_bench::{gen, inputs, policies, rules};
use phasegate_engine::PolicySet;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes held by what `f` returns (allocated and not freed while building it).
fn retained<T>(f: impl FnOnce() -> T) -> (T, isize, usize) {
    let region = Region::new(GLOBAL);
    let out = f();
    let s = region.change();
    // stats_alloc already counts a realloc's growth (shrink) in bytes_allocated (bytes_deallocated).
    let held = s.bytes_allocated as isize - s.bytes_deallocated as isize;
    (out, held, s.allocations + s.reallocations)
}

fn write_inputs(dir: &str) {
    let dir = std::path::Path::new(dir);
    if let Err(e) = std::fs::create_dir_all(dir) {
        panic!("{}: {e}", dir.display());
    }
    let files = [
        (
            "sbom.cdx.json",
            gen::cyclonedx(inputs::LARGE_COMPONENTS, inputs::LARGE_VULNS).to_string(),
        ),
        ("scan.sarif", gen::sarif(inputs::MEDIUM_RESULTS).to_string()),
        ("k8s.yaml", gen::manifests(inputs::MANIFEST_WORKLOADS)),
        (
            "small.json",
            gen::pull_request(inputs::SMALL_REVIEWS).to_string(),
        ),
        ("peer_review.gate", rules::rule_source("build.peer-review")),
        ("common.gate", rules::common_source().to_string()),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            panic!("{}: {e}", path.display());
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write-inputs") {
        write_inputs(
            args.get(i + 1)
                .map(String::as_str)
                .unwrap_or("bench-inputs"),
        );
        return;
    }
    // `cargo bench -- --test` (the smoke run): the small sizes only.
    let smoke = args.iter().any(|a| a == "--test");
    let sizes: &[usize] = if smoke {
        &[10, 100]
    } else {
        &[10, 100, 1_000, 10_000]
    };
    for &n in sizes {
        let text = policies::rules(n);
        let (set, held, allocs) = retained(|| {
            PolicySet::builder()
                .source("generated.gate", text.as_str())
                .build()
        });
        let set = set.unwrap_or_else(|e| panic!("the generated rules do not compile: {e}"));
        assert_eq!(set.rules().len(), n);
        println!(
            "MEMORY n={n} retained_bytes={held} per_rule={} source_bytes={} allocations={allocs}",
            held / n as isize,
            text.len()
        );
        drop(set);
    }
}
