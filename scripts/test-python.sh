#!/usr/bin/env bash
# Tests of the Python package (bindings/python): builds the abi3 wheel with
# maturin in a venv, installs it, and runs pytest against the installed
# package (from a directory where the source tree's package is not
# importable), then mypy over the stubs, the examples and the tests, and
# stubtest of the stubs against the built module.
#
# Needs Python >= 3.10 with venv and pip, the Rust toolchain, and PyPI.
# Called by scripts/test.sh and .ci/run; its exit code is pytest's / mypy's.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
PYTHON="${PYTHON:-python3}"
VENV="$CARGO_TARGET_DIR/py-venv"
WHEELS="$CARGO_TARGET_DIR/wheels"
RUN_DIR="$CARGO_TARGET_DIR/py-run"
PKG="$ROOT/bindings/python"

echo "== python: venv and tools ($VENV)"
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 10), sys.version'
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --disable-pip-version-check -r "$PKG/requirements-dev.txt"

echo "== python: build the wheel (maturin, profile ${PHASEGATE_TEST_PROFILE:-release})"
rm -rf "$WHEELS"
PROFILE="${PHASEGATE_TEST_PROFILE:-release}"
"$VENV/bin/maturin" build --profile "$PROFILE" --locked -m "$PKG/Cargo.toml" -o "$WHEELS"
"$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$WHEELS"/phasegate-*.whl

echo "== python: the Rust CLI, to compare python -m phasegate check with"
cargo build --locked -p phasegate --profile "$PROFILE"
[[ $PROFILE == dev ]] && out=debug || out=$PROFILE
export PHASEGATE_CLI="$CARGO_TARGET_DIR/$out/phasegate"
export PHASEGATE_REPO="$ROOT"

echo "== python: pytest (against the installed package)"
mkdir -p "$RUN_DIR"
cd "$RUN_DIR"
"$PY" -c 'import phasegate, sys; p = phasegate.__file__; print("testing", p); sys.exit("source tree imported" if "/bindings/python/" in p else 0)'
"$PY" -m pytest -c "$PKG/pyproject.toml" --rootdir "$PKG" "$PKG/tests" -q

echo "== python: mypy (stubs, examples, tests) and stubtest"
cd "$PKG"
"$PY" -m mypy --strict --cache-dir "$CARGO_TARGET_DIR/mypy-cache" \
  python/phasegate examples tests
cd "$RUN_DIR"
"$PY" -m mypy.stubtest phasegate._native --mypy-config-file "$PKG/pyproject.toml"
