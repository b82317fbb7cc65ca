"""Print the one table of scripts/bench.sh from criterion's estimates and the
lines the other steps wrote. Usage: bench_table.py CRITERION_DIR OUT_DIR."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def estimates(criterion: Path) -> dict[tuple[str, str], float]:
    """(group, function) -> median ns per iteration, of every finished bench."""
    out: dict[tuple[str, str], float] = {}
    for bench in criterion.glob("**/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        est = bench.parent / "estimates.json"
        if not est.exists():
            continue
        median = json.loads(est.read_text())["median"]["point_estimate"]
        group = meta["group_id"]
        function = meta.get("function_id") or ""
        if meta.get("value_str"):
            function = f"{function}/{meta['value_str']}" if function else meta["value_str"]
        out[(group, function)] = median
    return out


def fmt_ns(ns: float | None) -> str:
    if ns is None:
        return "-"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def ratio(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None or b == 0 else f"{a / b:.1f}x"


def lines(path: Path, tag: str) -> list[dict[str, str]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        if line.startswith(tag + " "):
            rows.append(dict(re.findall(r"(\w+)=(\S+)", line)))
    return rows


def main() -> int:
    criterion, out = Path(sys.argv[1]), Path(sys.argv[2])
    est = estimates(criterion) if criterion.exists() else {}
    if not est:
        print("(no timings: a smoke run, or criterion wrote no estimates)")

    print("\n== 1. Evaluation of equivalent rules (median time per evaluation; ratio = peer / phasegate)")
    print(f"{'rule':<28} {'input':<7} {'phasegate':>11} {'Regorus':>11} {'Cedar':>11} {'Rego/pg':>8} {'Cedar/pg':>8}")
    for (group, fn), ns in sorted(est.items()):
        if not group.startswith("eval/") or fn != "phasegate":
            continue
        _, rule, inp = group.split("/")
        rego, cedar = est.get((group, "rego")), est.get((group, "cedar"))
        print(f"{rule:<28} {inp:<7} {fmt_ns(ns):>11} {fmt_ns(rego):>11} "
              f"{fmt_ns(cedar) if cedar else 'n/a':>11} {ratio(rego, ns):>8} {ratio(cedar, ns) if cedar else 'n/a':>8}")

    instr = lines(out / "instructions.txt", "INSTR")
    if instr:
        print("\n== 1b. Instructions per evaluation (callgrind; repeatable on a busy machine)")
        by = {(r["rule"], r["engine"]): int(r["per_eval"]) for r in instr}
        print(f"{'rule':<28} {'phasegate':>12} {'Regorus':>14} {'Cedar':>14} {'Rego/pg':>8} {'Cedar/pg':>8}")
        for rule in dict.fromkeys(r for r, _ in by):
            pg, rego, cedar = by.get((rule, "phasegate")), by.get((rule, "rego")), by.get((rule, "cedar"))
            cell = lambda v: f"{v:,}" if v is not None else "n/a"
            print(f"{rule:<28} {cell(pg):>12} {cell(rego):>14} {cell(cedar):>14} "
                  f"{ratio(rego, pg) if rego else 'n/a':>8} {ratio(cedar, pg) if cedar else 'n/a':>8}")

    inter = lines(out / "interleaved.txt", "INTERLEAVED")
    if inter:
        print("\n== 1c. Wall time with the engines interleaved (least disturbed of 40 rounds; colder caches)")
        by2 = {(r["rule"], r["engine"]): float(r["min_ns"]) for r in inter}
        print(f"{'rule':<28} {'phasegate':>11} {'Regorus':>11} {'Cedar':>11} {'Rego/pg':>8} {'Cedar/pg':>8}")
        for rule in dict.fromkeys(r for r, _ in by2):
            pg, rego, cedar = by2.get((rule, "phasegate")), by2.get((rule, "rego")), by2.get((rule, "cedar"))
            print(f"{rule:<28} {fmt_ns(pg):>11} {fmt_ns(rego):>11} {fmt_ns(cedar) if cedar else 'n/a':>11} "
                  f"{ratio(rego, pg):>8} {ratio(cedar, pg) if cedar else 'n/a':>8}")

    print("\n== 2. secure-devops pack over examples/evidence/")
    one = est.get(("pack/examples", "evaluate"))
    t1 = est.get(("pack/examples", "threads-1"))
    t2 = est.get(("pack/examples", "threads-2"))
    t2s = est.get(("pack/examples", "threads-2-shared"))
    print(f"per evaluation: {fmt_ns(one)}")
    if t1 and t2:
        print(f"throughput: 1 thread {1e9 / t1:,.0f}/s, 2 threads each gating its own evidence "
              f"{1e9 / t2:,.0f}/s, 2-thread speed-up {t1 / t2:.2f}x")
    if t1 and t2s:
        print(f"            2 threads reading one document {1e9 / t2s:,.0f}/s, speed-up {t1 / t2s:.2f}x")

    print("\n== 3. Compile time and memory of generated policy sets")
    mem = {int(r["n"]): r for r in lines(out / "memory.txt", "MEMORY")}
    print(f"{'rules':>6} {'compile':>10} {'per rule':>10} {'retained':>12} {'per rule':>10} {'source/rule':>11}")
    for n in sorted(set(mem) | {int(f.split('/')[1]) for (g, f) in est if g == "compile"}):
        ns = est.get(("compile", f"rules/{n}"))
        m = mem.get(n, {})
        per = f"{ns / n / 1e3:.1f} µs" if ns else "-"
        held = int(m["retained_bytes"]) if m else None
        print(f"{n:>6} {fmt_ns(ns):>10} {per:>10} {f'{held:,} B' if held is not None else '-':>12} "
              f"{f'{held // n:,} B' if held is not None else '-':>10} "
              f"{int(m['source_bytes']) // n if m else '-':>9} B")
    rss = (out / "cli-rss.txt")
    if rss.exists():
        print(f"CLI peak RSS: {rss.read_text().strip()}")

    print("\n== 4. Python (per call)")
    py = {r["name"]: r for r in lines(out / "python.txt", "PYTHON")}
    rust_small = est.get(("eval/build.peer-review/small", "phasegate"))
    for name, r in py.items():
        if "ns" in r:
            extra = ""
            if name == "peer-review-small" and rust_small:
                extra = f"  (Rust evaluate: {fmt_ns(rust_small)}; Python overhead {fmt_ns(float(r['ns']) - rust_small)})"
            print(f"{name:<22} {fmt_ns(float(r['ns'])):>10}{extra}")
        else:
            print(f"{name:<22} skipped: {r.get('skipped', '?')}")
    if not py:
        print("(no Python numbers)")

    print("\n== 5. Input loading (parse + normalise) vs evaluation")
    print(f"{'input':<9} {'parse+normalise':>16} {'evaluate':>10} {'load/eval':>10}")
    for (group, fn), ns in sorted(est.items()):
        if group.startswith("load/") and fn == "parse+normalise":
            ev = est.get((group, "evaluate"))
            print(f"{group[5:]:<9} {fmt_ns(ns):>16} {fmt_ns(ev):>10} {ratio(ns, ev):>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
