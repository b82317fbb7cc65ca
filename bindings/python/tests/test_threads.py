"""Threads: a PolicySet shared by 8 Python threads, native parallelism, the GIL released."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from support import NOW, pr_bundle

import phasegate


def test_eight_threads_share_one_policy_set(examples: phasegate.PolicySet) -> None:
    bundles = [pr_bundle(i) for i in range(400)]
    expected = [examples.evaluate(b, now=NOW) for b in bundles]
    barrier = threading.Barrier(8)

    def work(k: int) -> list[tuple[int, phasegate.Decision]]:
        barrier.wait()  # all eight start together
        return [(i, examples.evaluate(bundles[i], now=NOW)) for i in range(k, len(bundles), 8)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        chunks = list(pool.map(work, range(8)))
    got = dict(pair for chunk in chunks for pair in chunk)
    assert len(got) == len(bundles)
    assert [got[i] for i in range(len(bundles))] == expected
    statuses = {r.status for d in expected for r in d}
    assert {"pass", "fail"} <= statuses  # the bundles exercise both outcomes


@pytest.mark.parametrize("workers", [None, 1, 2, 8])
def test_evaluate_many_keeps_input_order(examples: phasegate.PolicySet, workers: Any) -> None:
    bundles = [pr_bundle(i) for i in range(300)]
    many = examples.evaluate_many(bundles, workers, now=NOW)
    assert many == [examples.evaluate(b, now=NOW) for b in bundles]
    assert [d["build.peer-review"].messages for d in many][:3] == [
        ["PR #0 has 0 approval(s) from others, needs 1"],
        ["PR #1 has 0 approval(s) from others, needs 1"],  # approved by its author only
        [],
    ]


def test_evaluate_many_takes_every_input_form(
    examples: phasegate.PolicySet, tmp_path: Path
) -> None:
    bundle = pr_bundle(4)
    f = tmp_path / "b.json"
    f.write_text(json.dumps(bundle))
    forms: list[Any] = [bundle, json.dumps(bundle), json.dumps(bundle).encode(), f]
    decisions = examples.evaluate_many(iter(forms), workers=4)
    assert all(d == decisions[0] for d in decisions)
    assert examples.evaluate_many([]) == []


def test_evaluate_many_names_the_failing_input(examples: phasegate.PolicySet) -> None:
    with pytest.raises(phasegate.EvidenceError) as info:
        examples.evaluate_many([pr_bundle(1), "{broken", pr_bundle(2)], workers=2)
    assert info.value.message.startswith("inputs[1]: ")
    with pytest.raises(phasegate.EvidenceError) as info:
        examples.evaluate_many([pr_bundle(1), {"x": float("nan")}])
    assert info.value.message.startswith("inputs[1].x:")


def test_evaluation_releases_the_gil(examples: phasegate.PolicySet, tmp_path: Path) -> None:
    """evaluate() blocks reading a FIFO; only a Python thread of this process
    can feed it while it waits, which it can only do if the GIL is released.
    If it is not, a helper process feeds a different document after 20 s
    and the assertion fails (instead of the test hanging)."""
    fifo = tmp_path / "evidence.json"
    os.mkfifo(fifo)
    late = json.dumps({"pull_request": {"number": 2, "user": {"login": "x"}}, "reviews": []})
    fallback = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; time.sleep(20); open(sys.argv[1], 'w').write(sys.argv[2])",
         str(fifo), late],
    )
    try:
        def feed() -> None:
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                try:
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                except OSError:  # ENXIO: no reader yet
                    time.sleep(0.01)
                    continue
                with os.fdopen(fd, "w") as f:
                    f.write(json.dumps(pr_bundle(1)))
                return

        writer = threading.Thread(target=feed)
        writer.start()
        d = examples.evaluate(fifo, now=NOW)
        writer.join()
    finally:
        fallback.kill()
        fallback.wait()
    assert d == examples.evaluate(pr_bundle(1), now=NOW)
