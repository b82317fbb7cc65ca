#!/usr/bin/env bash
# Builds the phasegate engine as a WebAssembly module (docs/wasm.md):
#   target/wasm/phasegate_wasm.wasm
# and the example plugin (examples/plugins/licences, docs/wasm.md "Plugins"):
#   target/wasm/phasegate_plugin_licences.wasm
#
# rustup's toolchain here has no wasm32 standard library, so the build uses
# Debian's Rust (rustc-web, with the matching std source in rust-web-src) by
# full path and rebuilds std for wasm32-unknown-unknown (-Zbuild-std).
# The packages are installed when missing (as root, e.g. in CI).
# Prints the path of the module on the last line of stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

RUSTC_WEB=/usr/bin/rustc
CARGO_WEB=/usr/bin/cargo
STD_LOCK=/usr/lib/rustlib/src/rust/library/Cargo.lock
LINKER=wasm-ld-22

if [[ ! -x $RUSTC_WEB || ! -x $CARGO_WEB || ! -f $STD_LOCK ]] || ! command -v "$LINKER" >/dev/null; then
  echo "== installing Debian's Rust toolchain for wasm (rustc-web cargo-web rust-web-src lld-22)" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "error: run as root, or install: apt-get install rustc-web cargo-web rust-web-src lld-22" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends rustc-web cargo-web rust-web-src lld-22 >&2
fi
# The std source must be exactly the compiler's version, or `core` fails to build.
if [[ ! -f $STD_LOCK ]]; then
  echo "error: $STD_LOCK is missing (rust-web-src)" >&2
  exit 2
fi

OUT_DIR=target/wasm
echo "== building the engine module and the example plugin with $($RUSTC_WEB --version)" >&2
start=$(date +%s)
# RUSTC_BOOTSTRAP=1 enables -Zbuild-std on this stable compiler. The `wasm`
# profile (root Cargo.toml) is opt-level z, LTO, one codegen unit, panic=abort.
RUSTC=$RUSTC_WEB RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=$LINKER \
  CARGO_TARGET_DIR=$OUT_DIR \
  "$CARGO_WEB" build -p phasegate-wasm -p phasegate-plugin-licences --profile wasm \
  --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort --locked >&2
echo "== built in $(($(date +%s) - start)) s" >&2

# Optimise a linked module into $OUT_DIR/<name>.wasm (when it changed).
finish() {
  LINKED=$OUT_DIR/wasm32-unknown-unknown/wasm/$1.wasm
  MODULE=$OUT_DIR/$1.wasm
  echo "== $1: $(stat -c %s "$LINKED") bytes as linked" >&2
  if [[ -f $MODULE && $MODULE -nt $LINKED ]]; then
    echo "== $MODULE is up to date" >&2
  else
    cp "$LINKED" "$MODULE.tmp"
  
    # Optional: binaryen's wasm-opt shrinks the module by about 15 %. Installed
    # when possible (Debian's binaryen); the build works without it.
    if ! command -v wasm-opt >/dev/null && [[ $(id -u) -eq 0 ]]; then
      apt-get install -y -qq --no-install-recommends binaryen >&2 || true
    fi
    if command -v wasm-opt >/dev/null; then
      # The features rustc enables by default for wasm32-unknown-unknown.
      # -ocimfs 40: by default binaryen inlines every function that has one
      # caller, whatever its size, and the evaluator's recursive function
      # then carries the locals of every helper it calls once (quantifiers,
      # calls, building `context` …) in each frame: twice the native stack per
      # nested evaluation, half the recursion depth (bindings/wasm/host/tests/stress.rs).
      wasm-opt -Oz -ocimfs 40 --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
        --enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types \
        "$MODULE.tmp" -o "$MODULE.opt" >&2
      mv "$MODULE.opt" "$MODULE.tmp"
      echo "== wasm-opt -Oz applied ($(wasm-opt --version))" >&2
    else
      echo "== wasm-opt not available; module left as linked" >&2
    fi
    mv "$MODULE.tmp" "$MODULE"
  fi
  echo "== $1 size: $(stat -c %s "$MODULE") bytes" >&2
}
finish phasegate_plugin_licences
finish phasegate_wasm
echo "$MODULE"
