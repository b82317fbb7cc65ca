"""``python -m phasegate check`` mirrors ``phasegate check``: flags, output, exit codes.

When PHASEGATE_CLI names the Rust binary, every case is also run through it
and the outputs and exit codes must be identical.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest
from support import EXAMPLE_POLICIES, NOW, pr_bundle

RUST_CLI = os.environ.get("PHASEGATE_CLI")


def run(args: list[str], stdin: Optional[bytes] = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "phasegate", *args], input=stdin, capture_output=True, env=env,
        timeout=120,
    )


def same_as_rust(args: list[str], got: subprocess.CompletedProcess[bytes],
                 stdin: Optional[bytes] = None) -> None:
    if not RUST_CLI:
        return
    rust = subprocess.run([RUST_CLI, *args], input=stdin, capture_output=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})
    assert (got.returncode, got.stdout) == (rust.returncode, rust.stdout)


@pytest.fixture()
def inputs(tmp_path: Path) -> dict[str, Path]:
    failing = pr_bundle(0)  # no approvals from others
    passing = pr_bundle(2)  # approved by another reviewer, warnings only
    out = {}
    for name, doc in {"fail": failing, "pass": passing}.items():
        p = tmp_path / f"{name}.json"
        p.write_text(json.dumps(doc))
        out[name] = p
    prs = tmp_path / "pr.json"
    prs.write_text(json.dumps({"pull_request": failing["pull_request"]}))
    reviews = tmp_path / "reviews.yaml"
    reviews.write_text("reviews:\n  - {user: dev5, state: approved}\n")
    out["pr"], out["reviews"] = prs, reviews
    return out


def check(*extra: str) -> list[str]:
    return ["check", "--policy", str(EXAMPLE_POLICIES), "--now", NOW, *extra]


def test_failing_evidence_exits_1_with_the_report(inputs: dict[str, Path]) -> None:
    args = check("--input", str(inputs["fail"]))
    r = run(args)
    assert r.returncode == 1, r.stderr
    out = r.stdout.decode()
    assert "✗ FAIL  high     build.peer-review" in out
    assert "FAILED: 1 blocking rule(s) at or above severity high" in out
    same_as_rust(args, r)


def test_passing_evidence_exits_0(inputs: dict[str, Path]) -> None:
    args = check("--input", str(inputs["pass"]))
    r = run(args)
    assert r.returncode == 0, r.stderr
    assert "PASSED:" in r.stdout.decode()
    same_as_rust(args, r)


def test_json_format_is_the_decision_document(inputs: dict[str, Path]) -> None:
    import phasegate

    args = check("--input", str(inputs["fail"]), "--format", "json")
    r = run(args)
    assert r.returncode == 1
    expected = phasegate.compile(paths=EXAMPLE_POLICIES).evaluate(inputs["fail"], now=NOW)
    assert json.loads(r.stdout) == expected.to_dict()
    same_as_rust(args, r)


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        (["--fail-on", "critical"], 0),
        (["--fail-on", "HIGH"], 1),
        (["--param", "min_approvals=0"], 0),
        (["--param", "examples.build.min_approvals=0"], 2),  # matches no param: an error
        (["--param", "build.peer-review.min_approvals=0"], 0),
    ],
)
def test_gate_flags(inputs: dict[str, Path], extra: list[str], code: int) -> None:
    args = check("--input", str(inputs["fail"]), *extra)
    r = run(args)
    assert r.returncode == code, r.stderr
    if code == 2:
        assert b"phasegate::compile::bad_param" in r.stderr
    same_as_rust(args, r)


def test_fail_on_skip(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("{}")
    args = check("--input", str(empty))
    assert run(args).returncode == 0
    r = run(check("--input", str(empty), "--fail-on-skip"))
    assert r.returncode == 1
    same_as_rust(check("--input", str(empty), "--fail-on-skip"), r)


def test_stdin_and_merged_inputs(inputs: dict[str, Path]) -> None:
    stdin = inputs["fail"].read_bytes()
    r = run(check("--input", "-"), stdin=stdin)
    assert r.returncode == 1
    same_as_rust(check("--input", "-"), r, stdin=stdin)
    args = check("--input", str(inputs["pr"]), "--input", str(inputs["reviews"]))
    r = run(args)
    assert r.returncode == 0, r.stderr  # dev5 approved dev0's PR
    same_as_rust(args, r)
    clash = check("--input", str(inputs["fail"]), "--input", str(inputs["pr"]))
    r = run(clash)
    assert r.returncode == 2
    assert b"both define the top-level key `pull_request`" in r.stderr
    same_as_rust(clash, r)


def test_errors_exit_2(inputs: dict[str, Path], tmp_path: Path) -> None:
    bad_policy = tmp_path / "bad.gate"
    bad_policy.write_text("rule x {")
    r = run(["check", "--policy", str(bad_policy), "--input", str(inputs["fail"])])
    assert r.returncode == 2
    assert b"phasegate::parse::syntax" in r.stderr
    assert b"1 error(s) in the policies; nothing was evaluated" in r.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{broken")
    r = run(check("--input", str(broken)))
    assert r.returncode == 2
    assert b"not valid JSON" in r.stderr
    r = run(check("--input", str(tmp_path / "missing.json")))
    assert r.returncode == 2
    r = run(check("--input", str(inputs["fail"]), "--fail-on", "severe"))
    assert r.returncode == 2
    assert b"not a severity" in r.stderr
    r = run(["check", "--input", str(inputs["fail"])])
    assert r.returncode == 2  # --policy is required
