"""Gate many repositories' evidence at once on a Dask cluster.

The compiled ``PolicySet`` is scattered to the workers once (it pickles to
its policy sources, params and limits and recompiles there); each task then
evaluates a chunk of evidence bundles natively. Decisions pickle too, so
they come back as ``phasegate.Decision`` objects.

Run on a throw-away local cluster (2 worker processes)::

    python bindings/python/examples/dask_bulk.py --bundles 1000

or on a running cluster (``dask scheduler`` + ``dask worker tcp://host:8786``
on each machine, all with ``pip install phasegate``)::

    python bindings/python/examples/dask_bulk.py --scheduler tcp://host:8786
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path
from typing import Any, Optional, Sequence

from dask.distributed import Client, LocalCluster

import phasegate

DEFAULT_POLICIES = Path(__file__).resolve().parents[3] / "examples" / "policies"


def evaluate_chunk(
    policies: phasegate.PolicySet, bundles: list[Any], now: Optional[str]
) -> list[phasegate.Decision]:
    """One task, on a worker: evaluate a chunk on one native thread (Dask
    already runs one task per worker thread)."""
    return policies.evaluate_many(bundles, workers=1, now=now)


def evaluate_on_cluster(
    client: Client,
    policies: phasegate.PolicySet,
    bundles: Sequence[Any],
    *,
    chunk_size: int = 50,
    now: Optional[str] = None,
) -> list[phasegate.Decision]:
    """Evaluate every bundle on the cluster; decisions come back in order.

    Bundles are anything ``PolicySet.evaluate`` accepts. On a real cluster,
    prefer paths on storage every worker sees (or small dicts) over large
    in-memory documents: the client ships each chunk to a worker.
    """
    shared = client.scatter(policies, broadcast=True)
    chunks = [list(bundles[i : i + chunk_size]) for i in range(0, len(bundles), chunk_size)]
    futures = client.map(
        evaluate_chunk, [shared] * len(chunks), chunks, [now] * len(chunks), pure=False
    )
    results: list[list[phasegate.Decision]] = client.gather(futures)
    return [decision for chunk in results for decision in chunk]


def synthetic_bundles(n: int) -> list[dict[str, Any]]:
    """``n`` small pull-request evidence bundles, some approved, some with findings."""
    bundles = []
    for i in range(n):
        author = f"dev{i % 7}"
        bundles.append({
            "pull_request": {"number": i, "user": {"login": author}},
            "reviews": [{"user": f"dev{(i + k) % 7}", "state": "approved"} for k in range(i % 3)],
            "findings": [
                {"rule_id": f"R{j}", "file": f"src/m{j}.py", "line": j + 1,
                 "level": "error" if (i + j) % 5 == 0 else "warning", "suppressed": False}
                for j in range(i % 4)
            ],
        })
    return bundles


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    parser.add_argument("--workers", type=int, default=2, help="local worker processes")
    parser.add_argument("--bundles", type=int, default=1000)
    parser.add_argument("--policy", type=Path, default=DEFAULT_POLICIES)
    args = parser.parse_args(argv)

    policies = phasegate.compile(paths=args.policy)
    bundles = synthetic_bundles(args.bundles)
    now = "2024-05-10T12:00:00Z"

    started = time.perf_counter()
    if args.scheduler:
        with Client(args.scheduler) as client:
            decisions = evaluate_on_cluster(client, policies, bundles, now=now)
    else:
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            decisions = evaluate_on_cluster(client, policies, bundles, now=now)
    elapsed = time.perf_counter() - started

    local = policies.evaluate_many(bundles, now=now)
    if decisions != local:
        print("the cluster's decisions differ from the single-process run")
        return 1
    failing: collections.Counter[str] = collections.Counter(
        r.id for d in decisions for r in d.failed()
    )
    blocked = sum(1 for d in decisions if not d.gate(fail_on="high"))
    print(f"{len(decisions)} bundles in {elapsed:.1f}s; {blocked} blocked at severity high")
    for rule_id, count in failing.most_common():
        print(f"  {rule_id}: failed in {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
