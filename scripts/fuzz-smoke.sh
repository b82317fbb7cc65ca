#!/usr/bin/env bash
# A short run of every fuzz target (fuzz/, cargo-fuzz) on its seed corpus:
# FUZZ_SECONDS each (default 30). Needs a nightly toolchain; without one it
# prints a notice and succeeds. Installs cargo-fuzz when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-30}"
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz-smoke: skipped (no nightly toolchain: rustup toolchain install nightly)"
    exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
targets=$(cargo +nightly fuzz list)
cargo +nightly fuzz build -O
for t in $targets; do
    echo "-- fuzz $t for ${seconds}s"
    # Run on a copy of the seeds, so the committed corpus is not touched.
    work=$(mktemp -d)
    if [ -d "corpus/$t" ]; then cp -r "corpus/$t/." "$work/"; fi
    log="$work.log"
    status=0
    nice -n 10 cargo +nightly fuzz run -O "$t" "$work" -- \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1 || status=$?
    grep -aE "^(#[0-9]+\s+DONE|==[0-9]+==|SUMMARY|thread '.*' panicked|Test unit written)" "$log" || true
    if [ "$status" -ne 0 ]; then tail -n 40 "$log"; fi
    rm -f "$log"
    rm -rf "$work"
    if [ "$status" -ne 0 ]; then
        echo "fuzz-smoke: $t found a failure (artifact under fuzz/artifacts/$t)"
        exit 1
    fi
done
# CI's disk is small: the fuzz build (about 1 GB) is not needed afterwards.
if [ "${CI:-}" = true ]; then rm -rf target; fi
echo "fuzz-smoke: every target ran ${seconds}s without a failure"
