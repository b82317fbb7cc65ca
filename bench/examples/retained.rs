//! Compiles N generated rules (default 1,000) and keeps the set to the end,
//! so that a heap profiler shows what a compiled set holds, by allocation
//! site (docs/benchmarks.md, sixth round):
//!
//! ```text
//! valgrind --tool=dhat target/release/examples/retained 1000
//! ```
//!
//! ("At t-end" is the set; the generated text is dropped before.)

use phasegate_bench::policies;
use phasegate_engine::PolicySet;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let text = policies::rules(n);
    let set = PolicySet::builder()
        .source("generated.gate", text.as_str())
        .build()
        .unwrap_or_else(|e| panic!("the generated rules do not compile: {e}"));
    drop(text);
    assert_eq!(set.rules().len(), n);
    // Kept to the end on purpose: the profile's "t-end" is the compiled set.
    std::mem::forget(set);
}
