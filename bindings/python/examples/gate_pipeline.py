"""Gate a pipeline step from Python: evaluate the evidence, print the report,
exit 1 when a rule at or above the threshold fails.

    python bindings/python/examples/gate_pipeline.py evidence.json [--fail-on high]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

import phasegate
from phasegate.types import Severity

POLICIES = Path(__file__).resolve().parents[3] / "examples" / "policies"


def gate(evidence: Path, fail_on: Severity = "high") -> int:
    """Evaluate ``evidence`` (a JSON/YAML file) and return the exit code."""
    try:
        policies = phasegate.compile(paths=POLICIES, params={"min_approvals": 1})
        decision = policies.evaluate(evidence)
    except phasegate.PhasegateError as e:
        print(e, file=sys.stderr)
        print(f"({e.code} at {e.file}:{e.line}:{e.column})", file=sys.stderr)
        return 2
    print(decision.to_text(fail_on=fail_on), end="")
    for result in decision.blocking(fail_on=fail_on):
        for ev in result.evidence:
            where = ev.path or ev.expr or "value"
            print(f"{result.id}: {where} = {ev.value!r}")
    return 0 if decision.gate(fail_on=fail_on) else 1


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("evidence", type=Path)
    parser.add_argument("--fail-on", default="high",
                        choices=["info", "low", "medium", "high", "critical"])
    args = parser.parse_args(argv)
    return gate(args.evidence, args.fail_on)


if __name__ == "__main__":
    raise SystemExit(main())
