"""Policies, inputs and helpers shared by the tests (importable: the tests directory is on sys.path)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

REPO = Path(os.environ.get("PHASEGATE_REPO", Path(__file__).resolve().parents[3]))
#: The tests' own copy of a small build-phase policy (peer review and SAST), so that
#: changes to the project's examples/ do not change what these tests assert.
EXAMPLE_POLICIES = Path(__file__).resolve().parent / "fixtures" / "policies"

#: Four rules: one per status, depending on the input.
POLICY = r"""
package tests.gate

param env: string = "staging"

rule code.no-secrets {
  title "No secrets committed"
  phase code
  severity critical
  tags ["secrets"]
  remediation "Rotate the secret and remove it from history."
  let secrets = default(input.secrets, [])
  require no s in secrets: s.verified
    else "verified secret {s.rule} in {s.file}"
}

rule test.coverage {
  title "Coverage is high enough"
  phase test
  severity medium
  param min_coverage: number = 80
  when input.coverage != null else "no coverage report"
  require input.coverage >= min_coverage
    else "coverage {input.coverage}% is below {min_coverage}% in {env}"
}

rule release.fresh-approval {
  title "Releases are approved within a week"
  phase release
  severity high
  when input.release != null
  require now() - parse_time(input.release.approved_at) <= duration("7d")
    else "approval is {age_days(parse_time(input.release.approved_at))} days old"
}

rule deploy.error-budget {
  title "Error budget is not spent"
  phase deploy
  severity low
  when input.deploy != null
  require input.deploy.errors / input.deploy.total < 0.01
}
"""

#: An input for which code.no-secrets fails, test.coverage passes, the
#: release rule skips and the deploy rule errors (division by zero).
MIXED: dict[str, Any] = {
    "secrets": [
        {"rule": "aws-key", "file": "a.env", "verified": True},
        {"rule": "generic", "file": "b.txt", "verified": False},
    ],
    "coverage": 91.5,
    "deploy": {"errors": 0, "total": 0},
}

NOW = "2024-05-10T12:00:00Z"


def pr_bundle(i: int) -> dict[str, Any]:
    """A small, deterministic evidence bundle for the example policies."""
    author = f"dev{i % 7}"
    reviewers = [f"dev{(i + k) % 7}" for k in range(i % 3)]
    return {
        "pull_request": {"number": i, "user": {"login": author}},
        "reviews": [{"user": r, "state": "approved"} for r in reviewers],
        "findings": [
            {"rule_id": f"R{j}", "file": f"src/m{j}.py", "line": j + 1,
             "level": "error" if (i + j) % 5 == 0 else "warning", "suppressed": False}
            for j in range(i % 4)
        ],
    }


def evaluate_in_child(policies: Any, bundle: dict[str, Any]) -> tuple[int, Any]:
    """Run in a worker process: returns its pid and the decision."""
    return os.getpid(), policies.evaluate(bundle, now=NOW)
