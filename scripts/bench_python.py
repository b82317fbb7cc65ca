"""Python part of scripts/bench.sh: per-call cost of ``PolicySet.evaluate``,
and of ``cedarpy.is_authorized`` on an equivalent Cedar policy.

Usage: bench_python.py INPUTS_DIR [--smoke]. INPUTS_DIR holds what
``cargo bench --bench memory -- --write-inputs`` writes (the peer-review rule
alone, the pack's common helpers and the small input). Prints one
``PYTHON name=... ns=...`` line per measurement (the best of 5 repeats).
"""

from __future__ import annotations

import json
import sys
import timeit
from pathlib import Path
from typing import Any, Callable

import phasegate

# One trivial decision, expressible in both: the PR author is not blocked.
TRIVIAL_GATE = """
rule build.author-not-blocked {
  title "The author of the pull request is not blocked"
  phase build
  severity low
  require input.pull_request.author != "mallory" else "blocked author"
}
"""
TRIVIAL_CEDAR = """
permit (principal, action == Action::"merge", resource)
unless { principal == User::"mallory" };
"""
NOW = "2026-11-23T00:00:00Z"


def best_ns(fn: Callable[[], Any], smoke: bool) -> float:
    """Nanoseconds per call: the best of 5 repeats of an auto-sized loop."""
    if smoke:
        fn()
        return timeit.timeit(fn, number=20) / 20 * 1e9
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=5, number=number)) / number * 1e9


def main() -> int:
    inputs = Path(sys.argv[1])
    smoke = "--smoke" in sys.argv[2:]
    small = json.loads((inputs / "small.json").read_text())
    peer = phasegate.compile(
        sources={
            "secure-devops/common.gate": (inputs / "common.gate").read_text(),
            "build.peer-review.gate": (inputs / "peer_review.gate").read_text(),
        }
    )
    decision = peer.evaluate(small, now=NOW)
    status = decision.results[0].status
    assert status == "pass", status
    print(f"PYTHON name=peer-review-small ns={best_ns(lambda: peer.evaluate(small, now=NOW), smoke):.0f}")

    trivial = phasegate.compile(sources={"trivial.gate": TRIVIAL_GATE})
    assert trivial.evaluate(small).passed
    print(f"PYTHON name=trivial-phasegate ns={best_ns(lambda: trivial.evaluate(small), smoke):.0f}")

    try:
        import cedarpy  # type: ignore[import-not-found]
    except ImportError as e:
        print(f"PYTHON name=trivial-cedarpy skipped=cedarpy-not-installed ({e})")
        return 0
    request = {
        "principal": 'User::"alice"',
        "action": 'Action::"merge"',
        "resource": 'PullRequest::"42"',
        "context": {},
    }
    entities: list[Any] = []
    assert cedarpy.is_authorized(request, TRIVIAL_CEDAR, entities).allowed
    blocked = dict(request, principal='User::"mallory"')
    assert not cedarpy.is_authorized(blocked, TRIVIAL_CEDAR, entities).allowed
    ns = best_ns(lambda: cedarpy.is_authorized(request, TRIVIAL_CEDAR, entities), smoke)
    print(f"PYTHON name=trivial-cedarpy ns={ns:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
