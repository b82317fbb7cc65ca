"""Pickling: a PolicySet ships as its sources + params + limits and recompiles on load."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any, cast

import pytest
from support import EXAMPLE_POLICIES, MIXED, NOW, POLICY, evaluate_in_child, pr_bundle

import phasegate


def test_a_policy_set_round_trips() -> None:
    ps = phasegate.compile(
        sources={"t.gate": POLICY},
        paths=EXAMPLE_POLICIES,
        params={"env": "prod", "min_approvals": 2},
        limits={"max_messages": 7, "max_input_depth": 64},
    )
    data = pickle.dumps(ps)
    assert len(data) < 4 * len(POLICY) + 4096  # sources, not a compiled program
    again = pickle.loads(data)
    assert isinstance(again, phasegate.PolicySet)
    assert again is not ps
    assert again.sources == ps.sources
    assert again.params == {"env": "prod", "min_approvals": 2}
    assert again.limits == ps.limits
    assert again.rules == ps.rules
    for bundle in (MIXED, pr_bundle(3), pr_bundle(5)):
        assert again.evaluate(bundle, now=NOW) == ps.evaluate(bundle, now=NOW)
    assert again.evaluate(MIXED, now=NOW)["test.coverage"].passed
    assert again.evaluate({"coverage": 1}, now=NOW)[1].messages == [
        "coverage 1% is below 80% in prod"
    ]


def test_a_policy_set_works_in_worker_processes() -> None:
    ps = phasegate.compile(paths=EXAMPLE_POLICIES, params={"min_approvals": 2})
    bundles = [pr_bundle(i) for i in range(12)]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        results = list(pool.map(evaluate_in_child, [ps] * len(bundles), bundles))
    pids = {pid for pid, _ in results}
    assert os.getpid() not in pids
    assert [d for _, d in results] == [ps.evaluate(b, now=NOW) for b in bundles]
    assert any(not d["build.peer-review"].passed for _, d in results)


def test_a_decision_round_trips() -> None:
    ps = phasegate.compile(sources=POLICY)
    bundle = {
        "secrets": [{"rule": "ключ", "file": "ü/ß.txt", "verified": True, "score": 0.1 + 0.2}],
        "coverage": 12.25,
    }
    d = ps.evaluate(bundle, now=NOW)
    again = pickle.loads(pickle.dumps(d))
    assert again == d
    assert again.to_json() == d.to_json()
    assert again.summary == d.summary
    assert again[0].evidence[0].value["score"] == 0.1 + 0.2
    assert again[0].location == d[0].location


def test_corrupt_states_are_rejected() -> None:
    with pytest.raises(phasegate.EvidenceError, match="not a decision document"):
        phasegate.Decision._from_json('{"results": [{"id": 1}]}')  # type: ignore[attr-defined]
    ps = phasegate.compile(sources=POLICY)
    restore, (state,) = cast(Any, ps).__reduce__()
    state["version"] = 99
    with pytest.raises(ValueError, match="version 99"):
        restore(state)
