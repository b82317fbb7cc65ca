"""Scale-out: ≥1,000 evidence bundles on a Dask LocalCluster with worker
processes, the pickled PolicySet shipped to them, compared with one process."""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from dask.distributed import Client, LocalCluster
from support import NOW, pr_bundle

import phasegate

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dask_bulk.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dask_bulk", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_bulk"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.dask
def test_bulk_evaluation_on_a_dask_cluster(examples: phasegate.PolicySet) -> None:
    example = load_example()
    bundles = [pr_bundle(i) for i in range(1200)]
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        # the workers import the example's task function from the uploaded file
        client.upload_file(str(EXAMPLE))
        worker_pids = set(client.run(os.getpid).values())
        distributed = example.evaluate_on_cluster(
            client, examples, bundles, chunk_size=100, now=NOW
        )
    assert len(worker_pids) == 2 and os.getpid() not in worker_pids
    single = examples.evaluate_many(bundles, now=NOW)
    assert len(distributed) == len(bundles) == 1200
    assert distributed == single
    assert all(isinstance(d, phasegate.Decision) for d in distributed)
    failed = sum(1 for d in distributed if not d.passed)
    assert 0 < failed < len(bundles)
