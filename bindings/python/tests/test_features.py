"""The parts wired to other crates (cargo features adapters, packs, sarif, junit).

Built in: they work on real data. Not built in: they raise NotImplementedError
naming what is missing, never something half-done.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from support import MIXED, NOW, REPO

import phasegate

SARIF = {
    "version": "2.1.0",
    "runs": [{
        "tool": {"driver": {"name": "demo", "rules": [{"id": "X1"}]}},
        "results": [{
            "ruleId": "X1", "level": "error", "message": {"text": "bad"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "a.py"}, "region": {"startLine": 3}}}],
        }],
    }],
}

FINDINGS = """
rule build.no-findings {
  title "No findings"
  phase build
  severity high
  require count(default(input.findings, [])) == 0 else "{count(input.findings)} finding(s)"
}
"""

FIXTURES = REPO / "tests" / "fixtures" / "real"


def test_sarif_report(policies: phasegate.PolicySet) -> None:
    d = policies.evaluate(MIXED, now=NOW)
    if "sarif" not in phasegate.FEATURES:
        with pytest.raises(NotImplementedError, match="SARIF reporter"):
            d.to_sarif()
        return
    log = json.loads(d.to_sarif())
    assert log["version"] == "2.1.0"
    rule_ids = {r["ruleId"] for run in log["runs"] for r in run["results"]}
    assert "code.no-secrets" in rule_ids
    assert "test.coverage" not in rule_ids


def test_junit_report(policies: phasegate.PolicySet) -> None:
    d = policies.evaluate(MIXED, now=NOW)
    if "junit" not in phasegate.FEATURES:
        with pytest.raises(NotImplementedError, match="JUnit reporter"):
            d.to_junit()
        return
    root = ET.fromstring(d.to_junit())
    cases = root.findall(".//testcase")
    assert len(cases) == len(d)
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(failed) >= 1


def _evidence_dir(tmp_path: Path) -> Path:
    d = tmp_path / "evidence"
    d.mkdir()
    (d / "scan.sarif").write_text(json.dumps(SARIF))
    return d


def test_evidence_directories_and_files(tmp_path: Path) -> None:
    ps = phasegate.compile(sources=FINDINGS)
    d = _evidence_dir(tmp_path)
    sarif = d / "scan.sarif"
    forms: list[Any] = [d, [sarif], [("sarif", sarif)]]
    if "adapters" not in phasegate.FEATURES:
        for given in forms:
            with pytest.raises(NotImplementedError, match="evidence adapters"):
                ps.evaluate(given)
            with pytest.raises(NotImplementedError):
                phasegate.load_input(given)
        return
    for given in forms:
        decision = ps.evaluate(given)
        assert decision[0].messages == ["1 finding(s)"]
        assert len(phasegate.load_input(given)["findings"]) == 1
    with pytest.raises(phasegate.EvidenceError) as info:
        ps.evaluate([("no-such-kind", sarif)])
    assert "no-such-kind" in str(info.value)


def test_a_list_mixing_paths_and_data_is_rejected(tmp_path: Path) -> None:
    ps = phasegate.compile(sources=FINDINGS)
    sarif = _evidence_dir(tmp_path) / "scan.sarif"
    with pytest.raises(phasegate.EvidenceError, match=r"input\[1\] is not a path"):
        ps.evaluate([sarif, {"findings": []}])
    # a list of plain data stays data
    assert ps.evaluate([1, 2, 3])[0].passed


def test_built_in_pack_on_the_real_fixtures() -> None:
    if "packs" not in phasegate.FEATURES:
        with pytest.raises(NotImplementedError, match="rule packs"):
            phasegate.compile(pack="secure-devops")
        return
    pack = phasegate.compile(pack="secure-devops")
    assert len(pack) > 0
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile(pack="secure-devop")
    assert info.value.code == "phasegate::compile::unknown_pack"
    assert info.value.help is not None and "secure-devops" in info.value.help
    files = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix != ".md")
    assert files, f"no fixtures under {FIXTURES}"
    statuses: set[str] = set()
    for f in files:
        try:
            decision = pack.evaluate([f], now=NOW)
        except phasegate.EvidenceError:
            continue  # a fixture of a format the adapters cannot detect on its own
        assert len(decision) == len(pack)
        assert decision.errors() == [], (f, [r.messages for r in decision.errors()])
        statuses |= {r.status for r in decision}
    assert {"pass", "fail"} <= statuses
    again = phasegate.compile(sources=dict(pack.sources))
    assert again.rules == pack.rules
