#!/usr/bin/env bash
# Tests of the WebAssembly engine: builds the module, then
#   1. the wasmtime host's tests (limits, ABI, the differential test that
#      compares native and WASM decisions over every example, pack and fixture
#      — it also writes those cases with the native output for step 2 — and
#      the WebAssembly plugins: the example plugin and hostile WAT ones),
#   2. the CLI built with the `plugins` feature on the example plugin,
#   3. the Node.js tests (node --test) through the standard WebAssembly API.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

module=$(bash scripts/build-wasm.sh | tail -n 1)
PHASEGATE_WASM="$(pwd)/$module"
PHASEGATE_PLUGIN_LICENCES="$(pwd)/target/wasm/phasegate_plugin_licences.wasm"
PHASEGATE_WASM_CASES="$(pwd)/target/wasm/cases"
export PHASEGATE_WASM PHASEGATE_WASM_CASES PHASEGATE_PLUGIN_LICENCES
rm -rf "$PHASEGATE_WASM_CASES"

echo "== wasmtime host tests"
PROFILE="${PHASEGATE_TEST_PROFILE:-dev}"
cargo test -p phasegate-wasm-host --features runtime --locked --profile "$PROFILE"

echo "== the CLI with WebAssembly plugins (feature \`plugins\`)"
cargo test -p phasegate --features plugins --test plugins --locked --profile "$PROFILE"

echo "== Node.js tests ($(node --version))"
node --test bindings/wasm/tests/node/
# V8 runs a module first with its baseline compiler (Liftoff) and moves hot
# functions to the optimizing one (TurboFan), whose frames here are larger;
# when that happens depends on the machine's load. Run again with optimized
# code only, so that the nesting cap is tested against the larger frames
# every time (a CI run under load once met them when a local run had not).
echo "== Node.js tests, optimized code only (node --no-liftoff)"
node --no-liftoff --test bindings/wasm/tests/node/
