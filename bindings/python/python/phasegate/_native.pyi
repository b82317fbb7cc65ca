"""Type stubs of the native module ``phasegate._native`` (re-exported by ``phasegate``)."""

from typing import Any, ClassVar, Final, Iterable, Iterator, final

from phasegate.types import (
    Diagnostic,
    Input,
    Limits,
    Now,
    Phase,
    RuleInfo,
    Severity,
    Status,
    StrPath,
)

__all__ = [
    "Decision",
    "Evidence",
    "EvidenceError",
    "FEATURES",
    "LimitExceeded",
    "Location",
    "PhasegateError",
    "PolicyError",
    "PolicySet",
    "RuleResult",
    "__version__",
    "compile",
    "load_input",
]

__version__: Final[str]
#: Optional parts built into this package: "adapters", "packs", "sarif", "junit".
FEATURES: Final[frozenset[str]]

class PhasegateError(Exception):
    """Base class of the phasegate exceptions; ``str(e)`` is the rendered report."""

    #: Stable code, e.g. ``phasegate::parse::syntax``.
    code: str
    #: The one-line message of the first diagnostic.
    message: str
    file: str | None
    line: int | None
    column: int | None
    help: str | None
    #: Every diagnostic (errors and warnings).
    diagnostics: list[Diagnostic]

class PolicyError(PhasegateError):
    """The policies could not be loaded or compiled."""

class EvidenceError(PhasegateError):
    """An input or context could not be read or converted."""

class LimitExceeded(PhasegateError):
    """An input exceeds the conversion limits, or ``limits=`` is misused."""

def compile(
    sources: str | dict[str, str] | list[str] | tuple[str, ...] | None = None,
    paths: StrPath | list[StrPath] | tuple[StrPath, ...] | None = None,
    pack: str | None = None,
    params: dict[str, Any] | None = None,
    limits: Limits | dict[str, int] | None = None,
) -> PolicySet:
    """Compile policy text, ``.gate`` files/directories and/or a built-in pack."""

def load_input(input: Input) -> Any:
    """Read an input as ``PolicySet.evaluate`` does and return the evidence document."""

@final
class PolicySet:
    """Compiled policies: thread-safe, picklable (recompiled from its sources on load)."""

    def evaluate(
        self, input: Input, *, now: Now | None = None, context: dict[str, Any] | None = None
    ) -> Decision:
        """Evaluate every rule against one input (the GIL is released)."""

    def evaluate_many(
        self,
        inputs: Iterable[Input],
        workers: int | None = None,
        *,
        now: Now | None = None,
        context: dict[str, Any] | None = None,
    ) -> list[Decision]:
        """Evaluate many inputs on native threads; decisions in input order."""

    def explain(
        self,
        rule_id: str,
        input: Input,
        *,
        now: Now | None = None,
        context: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Evaluate one rule with tracing; ``KeyError`` for an unknown rule."""

    @property
    def rules(self) -> list[RuleInfo]:
        """Metadata of every rule, in load order."""

    @property
    def warnings(self) -> list[Diagnostic]:
        """Compiler warnings."""

    @property
    def sources(self) -> list[tuple[str, str]]:
        """The policy files as ``(name, text)``, in load order."""

    @property
    def params(self) -> dict[str, Any]:
        """The param overrides the set was compiled with."""

    @property
    def limits(self) -> dict[str, int]:
        """Every limit with its value."""

    def __len__(self) -> int: ...

@final
class Decision:
    """The decision for one input: one ``RuleResult`` per rule."""

    __hash__: ClassVar[None]  # type: ignore[assignment]

    @property
    def results(self) -> list[RuleResult]:
        """Every rule's result, in load order."""

    @property
    def summary(self) -> dict[str, Any]:
        """Counts: total, pass, fail, skip, error, by_phase, by_severity."""

    @property
    def passed(self) -> bool:
        """``True`` when no rule failed or errored."""

    def failed(self, severity: Severity | None = None) -> list[RuleResult]:
        """Failed rules, only those at or above ``severity`` when given."""

    def errors(self) -> list[RuleResult]:
        """Rules with status ``error``."""

    def skipped(self) -> list[RuleResult]:
        """Rules with status ``skip``."""

    def blocking(self, fail_on: Severity = "high", fail_on_skip: bool = False) -> list[RuleResult]:
        """Results that stop a pipeline, as ``phasegate check --fail-on`` decides."""

    def gate(self, fail_on: Severity = "high", fail_on_skip: bool = False) -> bool:
        """``True`` when nothing blocks."""

    def result(self, id: str) -> RuleResult | None:
        """The result of one rule, or ``None``."""

    def to_dict(self) -> dict[str, Any]:
        """The decision as plain data (the JSON document)."""

    def to_json(self, pretty: bool = True) -> str:
        """The JSON document of ``phasegate check --format json``."""

    def to_text(
        self,
        fail_on: Severity = "high",
        fail_on_skip: bool = False,
        color: bool = False,
        verbose: bool = False,
    ) -> str:
        """The human report of ``phasegate check``."""

    def to_sarif(self) -> str:
        """A SARIF 2.1.0 log (``NotImplementedError`` without the ``sarif`` feature)."""

    def to_junit(self) -> str:
        """A JUnit XML report (``NotImplementedError`` without the ``junit`` feature)."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[RuleResult]: ...
    def __getitem__(self, key: str | int, /) -> RuleResult: ...
    def __contains__(self, id: str, /) -> bool: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class RuleResult:
    """The result of one rule."""

    __hash__: ClassVar[None]  # type: ignore[assignment]

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def phase(self) -> Phase: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def status(self) -> Status: ...
    @property
    def passed(self) -> bool: ...
    @property
    def messages(self) -> list[str]: ...
    @property
    def evidence(self) -> list[Evidence]: ...
    @property
    def package(self) -> str: ...
    @property
    def tags(self) -> list[str]: ...
    @property
    def references(self) -> list[str]: ...
    @property
    def remediation(self) -> str | None: ...
    @property
    def location(self) -> Location: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class Evidence:
    """A value that made a condition fail, and where it came from."""

    @property
    def expr(self) -> str | None: ...
    @property
    def path(self) -> str | None: ...
    @property
    def item_paths(self) -> list[str]: ...
    @property
    def value(self) -> Any: ...
    @property
    def truncated(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Location:
    """Where a rule is defined."""

    __hash__: ClassVar[None]  # type: ignore[assignment]

    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
