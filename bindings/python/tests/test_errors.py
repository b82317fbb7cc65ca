"""Every exception type, with its fields and its rendered report."""

from __future__ import annotations

import datetime
import pickle
from pathlib import Path
from typing import Any

import pytest
from support import MIXED, POLICY

import phasegate

BROKEN = """
rule build.x {
  title "x"
  phase build
  severity high
  require count(input.reviews) >= min_aprovals
}
"""


def test_the_hierarchy() -> None:
    for cls in (phasegate.PolicyError, phasegate.EvidenceError, phasegate.LimitExceeded):
        assert issubclass(cls, phasegate.PhasegateError)
        assert cls.__module__ == "phasegate"
        assert cls.__doc__
    assert issubclass(phasegate.PhasegateError, Exception)


def test_policy_error_carries_the_first_diagnostic() -> None:
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile(sources={"review.gate": BROKEN})
    e = info.value
    assert e.code == "phasegate::check::unknown_name"
    assert (e.file, e.line, e.column) == ("review.gate", 6, 35)
    assert "min_aprovals" in e.message
    assert len(e.diagnostics) == 1
    d = e.diagnostics[0]
    assert d == {
        "code": e.code, "severity": "error", "message": e.message, "file": "review.gate",
        "line": 6, "column": 35, "help": e.help,
    }
    text = str(e)
    assert text.startswith("phasegate::check::unknown_name")
    assert "╭─[review.gate:6:35]" in text
    assert "require count(input.reviews) >= min_aprovals" in text
    assert "\x1b[" not in text


def test_did_you_mean_reaches_help() -> None:
    src = 'rule build.x {\n  title "x"\n  phase build\n  severity high\n  require cout([]) == 0\n}\n'
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile(sources=src)
    assert info.value.code == "phasegate::check::unknown_function"
    assert info.value.help is not None and "count" in info.value.help
    assert "count" in str(info.value)


def test_several_policy_errors_are_all_listed() -> None:
    rule = 'rule {id} {{\n  title "t"\n  phase plan\n  severity low\n  require {name} > 0\n}}\n'
    src = rule.format(id="a.b", name="x") + rule.format(id="c.d", name="y")
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile(sources=src)
    errors = [d for d in info.value.diagnostics if d["severity"] == "error"]
    assert [(d["code"], d["line"]) for d in errors] == [
        ("phasegate::check::unknown_name", 5), ("phasegate::check::unknown_name", 11),
    ]
    assert info.value.line == 5
    assert str(info.value).count("×") == len(errors)


def test_syntax_error() -> None:
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile(sources="rule x {")
    assert info.value.code == "phasegate::parse::syntax"
    assert (info.value.line, info.value.column) == (1, 9)


def test_unreadable_files_and_no_policies(tmp_path: Path) -> None:
    missing = tmp_path / "missing.gate"
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile(paths=missing)
    assert info.value.code == "phasegate::compile::io"
    assert info.value.file == str(missing)
    assert str(missing) in str(info.value)
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile()
    assert info.value.code == "phasegate::compile::no_policies"
    assert info.value.help is not None
    (tmp_path / "empty").mkdir()
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile(paths=tmp_path / "empty")
    assert info.value.code == "phasegate::compile::no_policies"


def test_bad_and_missing_params() -> None:
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile(sources=POLICY, params={"min_coverag": 3})
    assert info.value.code == "phasegate::compile::bad_param"
    assert info.value.help is not None and "min_coverage" in info.value.help
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile(sources=POLICY, params={"env": 3})
    assert info.value.code in ("phasegate::compile::bad_param", "phasegate::check::param_type")
    src = 'rule a.b {\n  title "t"\n  phase plan\n  severity low\n  param n: int\n  require n > 0\n}\n'
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile(sources={"p.gate": src})
    assert info.value.code == "phasegate::compile::missing_param"
    assert (info.value.file, info.value.line) == ("p.gate", 5)
    assert info.value.help is not None and "a.b.n" in info.value.help


@pytest.mark.parametrize(
    ("given", "code", "where"),
    [
        ('{"a": [1, 2,, 3]}', "phasegate::input::json", (1, 13)),
        (b'{\n  "a": 1,\n  "b": ]\n}', "phasegate::input::json", (3, 8)),
        ("a: [1, 2\nb: 3\n", "phasegate::input::yaml", None),
        ("   \n", "phasegate::input::empty", None),
        (b"\xff\xfe{}", "phasegate::input::utf8", None),
    ],
)
def test_evidence_error_for_bad_documents(
    policies: phasegate.PolicySet, given: Any, code: str, where: Any
) -> None:
    with pytest.raises(phasegate.EvidenceError) as info:
        policies.evaluate(given)
    e = info.value
    assert e.code == code
    assert e.file == "<input>"
    assert str(e).startswith(code)
    if where is not None:
        assert (e.line, e.column) == where
        assert "here" in str(e)  # the snippet points at the problem


@pytest.mark.parametrize(
    ("given", "code", "path"),
    [
        ({"a": float("nan")}, "phasegate::input::float", "input.a"),
        ({"a": [1, float("inf")]}, "phasegate::input::float", "input.a[1]"),
        ({"a": {1: "x"}}, "phasegate::input::key", "input.a"),
        ({"x-y": {"d": datetime.date(2024, 1, 1)}}, "phasegate::input::type", 'input["x-y"].d'),
        ({"s": {1, 2}}, "phasegate::input::type", "input.s"),
        ({"b": b"bytes"}, "phasegate::input::type", "input.b"),
        ({"n": 2**64}, "phasegate::input::int_range", "input.n"),
        ({"u": "\ud800"}, "phasegate::input::unicode", "input.u"),
    ],
)
def test_evidence_error_for_unconvertible_values(
    policies: phasegate.PolicySet, given: Any, code: str, path: str
) -> None:
    with pytest.raises(phasegate.EvidenceError) as info:
        policies.evaluate(given)
    assert info.value.code == code
    assert info.value.message.startswith(path + ":")


def test_unreadable_input_file(policies: phasegate.PolicySet, tmp_path: Path) -> None:
    with pytest.raises(phasegate.EvidenceError) as info:
        policies.evaluate(tmp_path / "nope.json")
    assert info.value.code == "phasegate::input::io"
    assert info.value.file == str(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"a":\n  [}')
    with pytest.raises(phasegate.EvidenceError) as info:
        policies.evaluate(bad)
    assert (info.value.code, info.value.file, info.value.line) == (
        "phasegate::input::json", str(bad), 2,
    )


def test_bad_now_and_context(policies: phasegate.PolicySet) -> None:
    with pytest.raises(phasegate.EvidenceError) as info:
        policies.evaluate({}, now="yesterday")
    assert info.value.code == "phasegate::input::now"
    assert info.value.help is not None and "RFC 3339" in info.value.help
    with pytest.raises(phasegate.EvidenceError, match="naive"):
        policies.evaluate({}, now=datetime.datetime(2024, 1, 1))
    with pytest.raises(phasegate.EvidenceError) as info:
        policies.evaluate({}, context={"now": "soon"})
    assert info.value.code == "phasegate::input::now"
    with pytest.raises(phasegate.EvidenceError) as info:
        policies.evaluate({}, context={"x": float("nan")})
    assert info.value.message.startswith("context.x:")
    with pytest.raises(TypeError):
        policies.evaluate({}, now=12)  # type: ignore[arg-type]


def test_limit_exceeded_for_deep_and_cyclic_inputs(policies: phasegate.PolicySet) -> None:
    deep: Any = []
    for _ in range(200):
        deep = [deep]
    with pytest.raises(phasegate.LimitExceeded) as info:
        policies.evaluate({"d": deep})
    assert info.value.code == "phasegate::limits::input_depth"
    assert "max_input_depth = 128" in str(info.value)
    cyclic: dict[str, Any] = {}
    cyclic["self"] = cyclic
    with pytest.raises(phasegate.LimitExceeded, match="contains itself"):
        policies.evaluate(cyclic)
    roomy = phasegate.compile(sources=POLICY, limits={"max_input_depth": 300})
    assert roomy.evaluate({"d": deep})[0].passed


def test_limit_exceeded_for_large_documents(tmp_path: Path) -> None:
    ps = phasegate.compile(sources=POLICY, limits={"max_input_bytes": 10})
    for big in ('{"coverage": 100}', b'{"coverage": 100}'):
        with pytest.raises(phasegate.LimitExceeded) as info:
            ps.evaluate(big)
        assert info.value.code == "phasegate::limits::input_bytes"
    f = tmp_path / "big.json"
    f.write_text('{"coverage": 100}')
    with pytest.raises(phasegate.LimitExceeded) as info:
        ps.evaluate(f)
    assert info.value.file == str(f)
    assert ps.evaluate({"coverage": 100})[1].passed  # data is not a document


@pytest.mark.parametrize(
    ("limits", "fragment"),
    [
        ({"fuel_per_rul": 5}, "did you mean `fuel_per_rule`"),
        ({"fuel_total": -1}, "non-negative int"),
        ({"max_messages": True}, "non-negative int"),
        ({"max_messages": 2.5}, "non-negative int"),
        ({"max_call_depth": 2**40}, "too large"),
        ({"max_input_depth": 0}, "out of range"),
        ({"max_input_depth": 5000}, "out of range"),
        ([("fuel_total", 1)], "must be a dict"),
    ],
)
def test_limit_exceeded_for_misused_limits(limits: Any, fragment: str) -> None:
    with pytest.raises(phasegate.LimitExceeded) as info:
        phasegate.compile(sources=POLICY, limits=limits)
    assert info.value.code == "phasegate::limits::invalid"
    assert fragment in str(info.value)


def test_exceptions_pickle_with_their_fields() -> None:
    with pytest.raises(phasegate.PolicyError) as info:
        phasegate.compile(sources={"review.gate": BROKEN})
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is phasegate.PolicyError
    assert (again.code, again.file, again.line, again.column) == (
        info.value.code, info.value.file, info.value.line, info.value.column,
    )
    assert str(again) == str(info.value)
    assert again.diagnostics == info.value.diagnostics


def test_bad_argument_types_are_type_errors(policies: phasegate.PolicySet) -> None:
    with pytest.raises(TypeError):
        phasegate.compile(sources=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        phasegate.compile(sources={"a.gate": 3})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        phasegate.compile(sources=POLICY, params=[("env", "x")])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        policies.evaluate_many([MIXED], workers=0)
