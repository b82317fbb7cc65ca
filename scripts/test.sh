#!/usr/bin/env bash
# Runs every test of the project. The README's test command and .ci/run call this.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# insta: never write snapshots in CI; fail on any difference.
export INSTA_UPDATE=no
cargo test --workspace --all-targets --locked
cargo test --workspace --doc --locked
bash scripts/test-python.sh
bash scripts/test-browser.sh
bash scripts/test-wasm.sh
