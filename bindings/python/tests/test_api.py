"""The API: compiling, inputs of every form, typed decisions and their renderings."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE_POLICIES, MIXED, NOW, POLICY, REPO

import phasegate


def test_the_installed_package_is_tested_not_the_source_tree() -> None:
    installed = Path(phasegate.__file__).resolve()
    assert (REPO / "bindings" / "python") not in installed.parents
    assert "site-packages" in installed.parts
    assert phasegate.__version__.count(".") == 2
    assert isinstance(phasegate.FEATURES, frozenset)


def test_compile_from_a_string_a_dict_a_list_files_and_directories(tmp_path: Path) -> None:
    gate = EXAMPLE_POLICIES / "build.gate"
    text = gate.read_text()
    from_str = phasegate.compile(sources=text)
    from_dict = phasegate.compile(sources={"build.gate": text})
    from_list = phasegate.compile(sources=[text])
    from_file = phasegate.compile(paths=gate)
    from_str_path = phasegate.compile(paths=str(gate))
    from_dir = phasegate.compile(paths=[EXAMPLE_POLICIES])
    for ps in (from_str, from_dict, from_list, from_file, from_str_path, from_dir):
        assert [r["id"] for r in ps.rules] == ["build.peer-review", "build.sast-clean"]
        assert len(ps) == 2
    assert from_str.sources[0][0] == "<source>"
    assert from_list.sources[0][0] == "<source-1>"
    assert from_dict.sources == [("build.gate", text)]
    assert from_dir.sources[0] == (str(gate), text)
    both = phasegate.compile(sources={"extra.gate": POLICY}, paths=EXAMPLE_POLICIES)
    assert len(both) == 6
    assert repr(both) == "<PolicySet 6 rules from 2 file(s)>"


def test_rules_metadata(examples: phasegate.PolicySet) -> None:
    rule = examples.rules[0]
    assert rule["id"] == "build.peer-review"
    assert rule["phase"] == "build"
    assert rule["severity"] == "high"
    assert rule["package"] == "examples.build"
    assert rule["tags"] == ["review", "scm"]
    assert rule["location"]["line"] == 10
    assert rule["location"]["file"].endswith("build.gate")


def test_a_decision_is_typed(policies: phasegate.PolicySet) -> None:
    d = policies.evaluate(MIXED, now=NOW)
    assert isinstance(d, phasegate.Decision)
    assert [r.status for r in d] == ["fail", "pass", "skip", "error"]
    assert [r.id for r in d.results] == [
        "code.no-secrets", "test.coverage", "release.fresh-approval", "deploy.error-budget",
    ]
    assert len(d) == 4
    assert not d.passed
    r = d["code.no-secrets"]
    assert isinstance(r, phasegate.RuleResult)
    assert (r.id, r.phase, r.severity, r.status, r.passed) == (
        "code.no-secrets", "code", "critical", "fail", False,
    )
    assert r.title == "No secrets committed"
    assert r.messages == ["verified secret aws-key in a.env"]
    assert r.package == "tests.gate"
    assert r.tags == ["secrets"]
    assert r.references == []
    assert r.remediation == "Rotate the secret and remove it from history."
    assert r.location == d[0].location
    assert (r.location.file, r.location.line) == ("tests.gate", 6)
    assert str(r.location) == "tests.gate:6"
    [e] = r.evidence
    assert isinstance(e, phasegate.Evidence)
    assert (e.expr, e.path, e.truncated, e.item_paths) == ("s", "input.secrets[0]", False, [])
    assert e.value == {"rule": "aws-key", "file": "a.env", "verified": True}
    assert d["test.coverage"].passed and d["test.coverage"].messages == []
    assert d["release.fresh-approval"].messages == ["not applicable: input.release != null"]
    assert "division by zero" in d["deploy.error-budget"].messages[0]
    assert d[-1].id == "deploy.error-budget"
    assert "test.coverage" in d and "nope" not in d
    assert d.result("nope") is None
    with pytest.raises(KeyError):
        d["nope"]
    with pytest.raises(IndexError):
        d[4]


def test_selections_and_the_gate(policies: phasegate.PolicySet) -> None:
    d = policies.evaluate(MIXED, now=NOW)
    assert [r.id for r in d.failed()] == ["code.no-secrets"]
    assert [r.id for r in d.failed(severity="critical")] == ["code.no-secrets"]
    low_cov = policies.evaluate({"coverage": 10}, now=NOW)
    assert [r.id for r in low_cov.failed()] == ["test.coverage"]
    assert low_cov.failed(severity="high") == []
    assert [r.id for r in d.errors()] == ["deploy.error-budget"]
    assert [r.id for r in d.skipped()] == ["release.fresh-approval"]
    # errors always block; medium failures block only from --fail-on medium down
    assert [r.id for r in d.blocking()] == ["code.no-secrets", "deploy.error-budget"]
    assert low_cov.gate() and [r.id for r in low_cov.blocking()] == []
    assert not d.gate() and not d.gate(fail_on="critical")  # errors always block
    assert not low_cov.gate(fail_on="medium")
    assert [r.id for r in low_cov.blocking(fail_on="medium")] == ["test.coverage"]
    assert [r.id for r in low_cov.blocking(fail_on="critical", fail_on_skip=True)] == []
    assert [r.id for r in low_cov.blocking(fail_on="high", fail_on_skip=True)] == [
        "release.fresh-approval"
    ]
    with pytest.raises(ValueError, match="not a severity"):
        d.failed(severity="huge")  # type: ignore[arg-type]


def test_summary_and_to_dict_match_the_json(policies: phasegate.PolicySet) -> None:
    d = policies.evaluate(MIXED, now=NOW)
    doc = json.loads(d.to_json())
    assert d.to_dict() == doc
    assert json.loads(d.to_json(pretty=False)) == doc
    assert "\n" not in d.to_json(pretty=False)
    assert d.summary == doc["summary"]
    assert (d.summary["total"], d.summary["fail"], d.summary["error"]) == (4, 1, 1)
    assert d.summary["by_phase"]["code"]["fail"] == 1
    assert d.summary["by_severity"]["low"]["error"] == 1
    assert d[0].to_dict() == doc["results"][0]
    assert d[0].evidence[0].to_dict() == doc["results"][0]["evidence"][0]


def test_text_report_is_the_cli_report(policies: phasegate.PolicySet) -> None:
    d = policies.evaluate(MIXED, now=NOW)
    text = d.to_text()
    assert "✗ FAIL  critical code.no-secrets" in text
    assert "- verified secret aws-key in a.env" in text
    assert "fix: Rotate the secret" in text
    assert "4 rules: 1 passed, 1 failed, 1 skipped, 1 errors" in text
    assert "FAILED: 2 blocking rule(s) at or above severity high" in text
    assert "\x1b[" not in text
    assert "\x1b[31m" in d.to_text(color=True)
    passing = policies.evaluate({}, now=NOW)
    assert "PASSED: no failing rule at or above severity critical" in passing.to_text(
        fail_on="critical"
    )


def test_inputs_as_data_json_yaml_bytes_and_files(
    policies: phasegate.PolicySet, tmp_path: Path
) -> None:
    expected = policies.evaluate(MIXED, now=NOW)
    as_json = json.dumps(MIXED)
    yaml_doc = "coverage: 91.5\nsecrets:\n  - {rule: aws-key, file: a.env, verified: true}\n" \
        "  - {rule: generic, file: b.txt, verified: false}\ndeploy: {errors: 0, total: 0}\n"
    (tmp_path / "e.json").write_text(as_json)
    (tmp_path / "e.yaml").write_text(yaml_doc)
    (tmp_path / "noext").write_text(yaml_doc)
    for given in (
        as_json, as_json.encode(), yaml_doc, yaml_doc.encode(),
        tmp_path / "e.json", tmp_path / "e.yaml", tmp_path / "noext",
    ):
        d = policies.evaluate(given, now=NOW)
        assert [r.status for r in d] == [r.status for r in expected], given
        assert d["code.no-secrets"].messages == expected["code.no-secrets"].messages


def test_python_values_convert_exactly(policies: phasegate.PolicySet) -> None:
    from collections import OrderedDict

    class Level(str):
        pass

    data = OrderedDict(
        coverage=80, secrets=({"rule": Level("x"), "file": "ü.txt", "verified": True},)
    )
    d = policies.evaluate(data, now=NOW)
    assert d["test.coverage"].status == "pass"  # int 80 >= 80
    assert d["code.no-secrets"].messages == ["verified secret x in ü.txt"]
    assert phasegate.load_input(data) == {
        "coverage": 80, "secrets": [{"rule": "x", "file": "ü.txt", "verified": True}],
    }
    big: dict[str, Any] = {"n": 2**63 - 1, "m": -(2**63), "f": 1.5, "t": True, "z": None, "e": [], "o": {}}
    assert phasegate.load_input(big) == big
    loaded = phasegate.load_input({"b": True, "i": 1})
    assert type(loaded["b"]) is bool and type(loaded["i"]) is int


def test_params_override_defaults() -> None:
    ps = phasegate.compile(
        sources={"t.gate": POLICY},
        params={"test.coverage.min_coverage": 95, "env": "production"},
    )
    d = ps.evaluate(MIXED, now=NOW)
    assert d["test.coverage"].messages == ["coverage 91.5% is below 95% in production"]
    assert ps.params == {"test.coverage.min_coverage": 95, "env": "production"}
    examples = phasegate.compile(paths=EXAMPLE_POLICIES, params={"min_approvals": 0})
    d = examples.evaluate({"pull_request": {"number": 1, "user": {"login": "a"}}, "reviews": []})
    assert d["build.peer-review"].passed


def test_now_and_context() -> None:
    ps = phasegate.compile(sources=POLICY)
    release = {"release": {"approved_at": "2024-05-01T00:00:00Z"}}
    utc = datetime.timezone.utc
    fresh = [
        ps.evaluate(release, now="2024-05-03T00:00:00Z"),
        ps.evaluate(release, now=datetime.datetime(2024, 5, 3, tzinfo=utc)),
        ps.evaluate(release, context={"now": "2024-05-03T00:00:00+00:00"}),
        ps.evaluate(
            release,
            now=datetime.datetime(2024, 5, 3, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
        ),
    ]
    for d in fresh:
        assert d["release.fresh-approval"].status == "pass"
    stale = ps.evaluate(release, now=datetime.datetime(2024, 5, 20, 12, tzinfo=utc))
    assert stale["release.fresh-approval"].messages == ["approval is 19.5 days old"]
    # `now` wins over context["now"]; without either it is the current time
    assert ps.evaluate(release, now=NOW, context={"now": "2024-05-02T00:00:00Z"})[
        "release.fresh-approval"
    ].status == "fail"
    assert ps.evaluate(release)["release.fresh-approval"].status == "fail"


def test_context_is_visible_to_rules() -> None:
    ps = phasegate.compile(sources="""
rule deploy.window {
  title "Deploys happen in the window"
  phase deploy
  severity medium
  require context.environment != "production" or context.window_open
    else "production deploys need an open window"
}
""")
    assert ps.evaluate({}, context={"environment": "staging"})[0].passed
    d = ps.evaluate({}, context={"environment": "production", "window_open": False})
    assert d[0].messages == ["production deploys need an open window"]


def test_explain(policies: phasegate.PolicySet) -> None:
    x = policies.explain("test.coverage", {"coverage": 50}, now=NOW)
    assert x["status"] == "fail"
    assert [s["kind"] for s in x["steps"]] == ["when", "require"]
    assert x["steps"][1]["value"] is False
    with pytest.raises(KeyError, match="did you mean `test.coverage`"):
        policies.explain("test.coverag", {})


def test_limits_roundtrip_and_apply() -> None:
    ps = phasegate.compile(sources=POLICY, limits={"fuel_per_rule": 5, "max_messages": 3})
    assert ps.limits["fuel_per_rule"] == 5
    assert ps.limits["max_messages"] == 3
    assert ps.limits["max_input_depth"] == 128
    d = ps.evaluate(MIXED, now=NOW)
    # a limit hit while evaluating is a result, not an exception
    assert "fuel_per_rule" in d["code.no-secrets"].messages[0]
    assert d["code.no-secrets"].status == "error"


def test_warnings_are_diagnostics(examples: phasegate.PolicySet) -> None:
    assert examples.warnings == []
    ps = phasegate.compile(sources="""
rule plan.x {
  title "x"
  phase plan
  severity info
  let unused = 1
  require true
}
""")
    # the checker may warn about the unused let; a warning never fails the build
    for w in ps.warnings:
        assert set(w) == {"code", "severity", "message", "file", "line", "column", "help"}
        assert w["severity"] == "warning"
        assert w["file"] == "<source>"
    assert ps.evaluate({})[0].passed


def test_every_public_name_has_a_docstring() -> None:
    import inspect

    import phasegate.types

    missing = []
    for name in phasegate.__all__:
        obj = getattr(phasegate, name)
        if name in ("FEATURES", "__version__"):
            continue
        if not (obj.__doc__ or "").strip():
            missing.append(name)
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if not (getattr(member, "__doc__", None) or "").strip():
                    missing.append(f"{name}.{attr}")
    for name in phasegate.types.__all__:
        if name in ("Data", "EvidenceFile", "Input", "Now", "Phase", "Severity", "Status",
                    "StrPath"):
            continue  # aliases: documented by comments in phasegate/types.py
        if not (getattr(phasegate.types, name).__doc__ or "").strip():
            missing.append(f"types.{name}")
    assert missing == []
