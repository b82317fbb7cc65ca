"""Type aliases and typed dicts of the phasegate API (for annotations).

    from phasegate.types import Input, Severity

    def gate(evidence: Input, fail_on: Severity = "high") -> bool: ...
"""

from __future__ import annotations

import datetime
import os
from typing import Any, Dict, List, Literal, Optional, Tuple, TypedDict, Union

#: The eight delivery phases.
Phase = Literal["plan", "code", "build", "test", "release", "deploy", "operate", "monitor"]
#: Rule severities, lowest first.
Severity = Literal["info", "low", "medium", "high", "critical"]
#: Rule statuses.
Status = Literal["pass", "fail", "skip", "error"]

#: Python data an input may hold: None, bool, int, float, str, lists, tuples,
#: dicts with str keys (nested).
Data = Union[None, bool, int, float, str, List[Any], Tuple[Any, ...], Dict[str, Any]]
#: One evidence file, optionally with its kind: ``path`` or ``("sarif", path)``.
EvidenceFile = Union["os.PathLike[str]", Tuple[str, "os.PathLike[str]"]]
#: What ``PolicySet.evaluate`` accepts: data, a JSON/YAML document (str or
#: bytes), a path to a JSON/YAML file or evidence directory, or a list of
#: evidence files.
Input = Union[Data, bytes, "os.PathLike[str]", List[EvidenceFile]]
#: A point in time: a timezone-aware datetime or an RFC 3339 string.
Now = Union[datetime.datetime, str]
#: A file system path.
StrPath = Union[str, "os.PathLike[str]"]


class Diagnostic(TypedDict):
    """One error or warning, as in ``PhasegateError.diagnostics`` and ``PolicySet.warnings``."""

    code: str
    severity: Literal["error", "warning"]
    message: str
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    help: Optional[str]


class RuleLocation(TypedDict):
    """Where a rule is defined."""

    file: str
    line: int


class _RuleInfoOptional(TypedDict, total=False):
    description: str
    remediation: str


class RuleInfo(_RuleInfoOptional):
    """Metadata of a rule, as in ``PolicySet.rules``."""

    id: str
    title: str
    phase: Phase
    severity: Severity
    package: str
    tags: List[str]
    references: List[str]
    location: RuleLocation


class Limits(TypedDict, total=False):
    """The keys of ``limits=``; every value is a non-negative int."""

    fuel_per_rule: int
    fuel_total: int
    max_call_depth: int
    max_value_size: int
    max_messages: int
    max_message_len: int
    max_input_depth: int
    max_input_bytes: int


__all__ = [
    "Data", "Diagnostic", "EvidenceFile", "Input", "Limits", "Now", "Phase", "RuleInfo",
    "RuleLocation", "Severity", "Status", "StrPath",
]
