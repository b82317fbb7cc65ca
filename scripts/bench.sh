#!/usr/bin/env bash
# Benchmarks of phasegate side by side with Regorus (Rego) and Cedar (issue #8),
# and the one table of their numbers; docs/benchmarks.md records a run.
#
#   bash scripts/bench.sh           the full run (criterion; about 15 minutes)
#   bash scripts/bench.sh --smoke   every bench once (criterion --test), small
#                                   memory sizes, a short Python run: checks that
#                                   every engine still agrees and nothing rotted
#
# The bench crate (bench/) is its own workspace: regorus, cedar-policy and
# criterion never enter phasegate's build. Runs under `nice` when BENCH_NICE is
# set (e.g. BENCH_NICE=19 on a shared machine). Needs python3 with venv for the
# Python part (the wheel is built with maturin as in scripts/test-python.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
SMOKE=0
if [ "${1:-}" = "--smoke" ]; then SMOKE=1; fi
NICE=()
if [ -n "${BENCH_NICE:-}" ]; then NICE=(nice -n "$BENCH_NICE"); fi
OUT="$CARGO_TARGET_DIR/bench-out"
rm -rf "$OUT"
mkdir -p "$OUT"
BENCH=(cargo bench --locked --manifest-path "$ROOT/bench/Cargo.toml")
PYTHON="${PYTHON:-python3}"

echo "== bench: machine"
grep -m1 'model name' /proc/cpuinfo || true
echo "cores: $(nproc)"

if [ "$SMOKE" = 1 ]; then
  echo "== bench: every bench once (criterion --test; the engines must agree)"
  "${NICE[@]}" "${BENCH[@]}" -- --test
  "${NICE[@]}" "${BENCH[@]}" --bench memory -- --test | tee "$OUT/memory.txt"
else
  # Criterion keeps its history in $CARGO_TARGET_DIR/criterion; only the new run is read.
  rm -rf "$CARGO_TARGET_DIR/criterion"
  for b in rules pack compile load; do
    echo "== bench: $b"
    "${NICE[@]}" "${BENCH[@]}" --bench "$b"
  done
  echo "== bench: memory of compiled rules"
  "${NICE[@]}" "${BENCH[@]}" --bench memory | tee "$OUT/memory.txt"
fi

if [ "$SMOKE" = 0 ] && command -v valgrind >/dev/null; then
  # Instruction counts are repeatable where wall time is not (a shared machine):
  # (total of N evaluations - total of none) / N, per engine, under callgrind.
  echo "== bench: instructions per evaluation (callgrind)"
  cargo build --locked --release --manifest-path bench/Cargo.toml --examples
  EX="$CARGO_TARGET_DIR/release/examples/instructions"
  count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | sed -n 's/.*Collected : //p'; }
  N=5
  for rule in build.peer-review build.sast-clean monitor.sca-clean deploy.container-hardening pack; do
    base=$(count "$EX" "$rule" phasegate 0)
    engines="phasegate rego cedar"
    case "$rule" in build.peer-review) engines="phasegate rego" ;; pack) engines="phasegate" ;; esac
    for engine in $engines; do
      total=$(count "$EX" "$rule" "$engine" "$N")
      echo "INSTR rule=$rule engine=$engine per_eval=$(((total - base) / N))" | tee -a "$OUT/instructions.txt"
    done
  done
fi

# Wall time with the engines interleaved round by round (the least disturbed
# of 40 rounds; one in a smoke run): load from other processes hits every
# engine alike.
echo "== bench: interleaved wall time"
cargo build --locked --release --manifest-path bench/Cargo.toml --examples
rounds=40
if [ "$SMOKE" = 1 ]; then rounds=1; fi
"${NICE[@]}" "$CARGO_TARGET_DIR/release/examples/interleaved" "$rounds" | tee "$OUT/interleaved.txt"

# Throughput of the pack on 1 and 2 threads, interleaved round by round, with
# two references that share nothing (a register-only loop, and allocation and
# hashing) for what this machine's second core delivers.
echo "== bench: throughput on 1 and 2 threads"
tp_args=(30 2000)
if [ "$SMOKE" = 1 ]; then tp_args=(1 20); fi
"${NICE[@]}" "$CARGO_TARGET_DIR/release/examples/throughput" "${tp_args[@]}" | tee "$OUT/throughput.txt"

# Wall time of compiling 1,000 rules and of loading each generated input
# (fastest and median repetition, ms); built at two commits, the binaries run
# alternately give the A/B rows of docs/benchmarks.md (fourth round).
echo "== bench: compile and load wall time"
reps=10
if [ "$SMOKE" = 1 ]; then reps=1; fi
for what in compile large medium k8s examples; do
  echo "TIMING $what $("${NICE[@]}" "$CARGO_TARGET_DIR/release/examples/timing" "$what" "$reps")" | tee -a "$OUT/timing.txt"
done

echo "== bench: generated inputs for the CLI and Python"
"${BENCH[@]}" --bench memory -- --write-inputs "$OUT/inputs" >/dev/null

echo "== bench: peak RSS of the CLI on the large input"
if [ "$SMOKE" = 1 ]; then
  cargo build --locked -p phasegate
  CLI="$CARGO_TARGET_DIR/debug/phasegate"
else
  cargo build --locked --release -p phasegate
  CLI="$CARGO_TARGET_DIR/release/phasegate"
fi
check=("$CLI" check --pack secure-devops --evidence "cyclonedx=$OUT/inputs/sbom.cdx.json" --format json)
if [ -x /usr/bin/time ]; then
  set +e
  /usr/bin/time -v "${check[@]}" >"$OUT/cli.json" 2>"$OUT/cli-time.txt"
  code=$?
  set -e
  # Exit 1: rules failed, as they should on this input; anything else is a problem.
  if [ "$code" -gt 1 ]; then cat "$OUT/cli-time.txt"; exit "$code"; fi
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/cli-time.txt")
  secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/cli-time.txt")
  echo "$((kb / 1024)) MB ($kb kB), wall $secs: \`phasegate check --pack secure-devops\` on a $(du -k "$OUT/inputs/sbom.cdx.json" | cut -f1) kB SBOM" \
    | tee "$OUT/cli-rss.txt"
else
  echo "no /usr/bin/time: peak RSS not measured" | tee "$OUT/cli-rss.txt"
fi

echo "== bench: Python"
VENV="$CARGO_TARGET_DIR/py-venv"
if [ "$SMOKE" = 0 ] || ! "$VENV/bin/python" -c 'import phasegate' 2>/dev/null; then
  # A fresh release wheel of this tree, as scripts/test-python.sh builds it.
  VENV="$CARGO_TARGET_DIR/bench-venv"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check maturin==1.16.0
  rm -rf "$CARGO_TARGET_DIR/bench-wheels"
  "$VENV/bin/maturin" build --release --locked -m bindings/python/Cargo.toml -o "$CARGO_TARGET_DIR/bench-wheels"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
    "$CARGO_TARGET_DIR"/bench-wheels/phasegate-*.whl
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check cedarpy \
  || echo "cedarpy could not be installed: the cedarpy comparison is skipped"
smoke_flag=()
if [ "$SMOKE" = 1 ]; then smoke_flag=(--smoke); fi
(cd "$OUT" && "${NICE[@]}" "$VENV/bin/python" "$ROOT/scripts/bench_python.py" "$OUT/inputs" "${smoke_flag[@]}") \
  | tee "$OUT/python.txt"

echo
echo "================ phasegate benchmarks ================"
# A smoke run times nothing: leave the last full run's criterion estimates out of its table.
CRITERION="$CARGO_TARGET_DIR/criterion"
if [ "$SMOKE" = 1 ]; then CRITERION="$OUT/no-timings"; fi
"$PYTHON" scripts/bench_table.py "$CRITERION" "$OUT" | tee "$OUT/table.txt"
