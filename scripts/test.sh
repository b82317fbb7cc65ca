#!/usr/bin/env bash
# Runs every test of the project. The README's test command and .ci/run call this.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# insta: never write snapshots in CI; fail on any difference.
export INSTA_UPDATE=no
# Every test script builds with one profile: `release-checked` (optimised,
# integer overflow checks on; root Cargo.toml) unless PHASEGATE_TEST_PROFILE
# says otherwise (e.g. `dev` for a quicker build while developing).
export PHASEGATE_TEST_PROFILE="${PHASEGATE_TEST_PROFILE:-release-checked}"
cargo test --workspace --all-targets --locked --profile "$PHASEGATE_TEST_PROFILE"
cargo test --workspace --doc --locked --profile "$PHASEGATE_TEST_PROFILE"
bash scripts/test-python.sh
bash scripts/test-browser.sh
bash scripts/test-wasm.sh
