"""``python -m phasegate check …``: the ``check`` command of the phasegate CLI.

Same flags, output (the Rust reporters) and exit codes: 0 when nothing
blocks, 1 when a rule at or above ``--fail-on`` fails (or any rule errors),
2 for usage, I/O, policy or input errors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

import phasegate

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_ERROR = 2

SEVERITIES = ("info", "low", "medium", "high", "critical")


def _severity(s: str) -> str:
    if s.lower() not in SEVERITIES:
        raise argparse.ArgumentTypeError(
            f"`{s}` is not a severity; use one of {', '.join(SEVERITIES)}"
        )
    return s.lower()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m phasegate", description="Policy-as-code for Secure DevOps."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="Evaluate policies against evidence and print a decision."
    )
    check.add_argument(
        "--policy", "-p", action="append", required=True, metavar="FILE|DIR",
        help="Policy files or directories (searched recursively for .gate files).",
    )
    check.add_argument(
        "--input", "-i", action="append", required=True, metavar="FILE|DIR|-",
        help="Evidence: a JSON/YAML file, an evidence directory, or - for standard input. "
        "Several are merged by top-level key.",
    )
    check.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE",
        help="Override a parameter (the value is JSON when it parses as JSON, else a string).",
    )
    check.add_argument("--format", choices=("human", "json"), default="human")
    check.add_argument(
        "--fail-on", type=_severity, default="high", metavar="SEVERITY",
        help="Fail (exit 1) when a rule of at least this severity fails.",
    )
    check.add_argument(
        "--fail-on-skip", action="store_true",
        help="Also fail when a rule of at least --fail-on severity is skipped.",
    )
    check.add_argument("--now", metavar="RFC3339", help="The time rules see as now.")
    check.add_argument(
        "--context", metavar="FILE", help="A JSON/YAML file passed to rules as `context`."
    )
    return parser


class UsageError(Exception):
    """A problem with the arguments or inputs (exit 2)."""


def parse_param(arg: str) -> tuple[str, Any]:
    """``name=value``: the value is JSON when it parses as JSON, else a string."""
    name, sep, raw = arg.partition("=")
    if not sep:
        raise UsageError(f"--param {arg}: expected name=value, e.g. --param min_approvals=2")
    name = name.strip()
    if not name:
        raise UsageError(f"--param {arg}: the name is empty")

    def no_constants(c: str) -> Any:
        raise ValueError(c)

    try:
        value = json.loads(raw, parse_constant=no_constants)
    except ValueError:
        value = raw
    return name, value


def _one_input(arg: str) -> Any:
    if arg == "-":
        return sys.stdin.buffer.read()
    path = Path(arg)
    if not path.exists():
        raise UsageError(f"cannot read input {arg}: no such file or directory")
    return path


def read_inputs(args: Sequence[str]) -> Any:
    """One input as given, or several merged by top-level key (a key in two is an error)."""
    if len(args) == 1:
        return _one_input(args[0])
    merged: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for arg in args:
        doc = phasegate.load_input(_one_input(arg))
        if not isinstance(doc, dict):
            raise UsageError(
                f"input {arg} is not an object; several inputs can only be combined "
                "when each is a JSON/YAML object"
            )
        for key, value in doc.items():
            if key in owner:
                raise UsageError(
                    f"inputs {owner[key]} and {arg} both define the top-level key `{key}`"
                )
            owner[key] = arg
            merged[key] = value
    return merged


def check(ns: argparse.Namespace) -> int:
    """Run ``check``; returns the exit code."""
    try:
        params = dict(parse_param(p) for p in ns.param)
        policies = phasegate.compile(paths=[Path(p) for p in ns.policy], params=params)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except phasegate.PolicyError as e:
        print(e, file=sys.stderr)
        errors = sum(1 for d in e.diagnostics if d["severity"] == "error")
        if errors:
            print(
                f"error: {errors} error(s) in the policies; nothing was evaluated",
                file=sys.stderr,
            )
        return EXIT_ERROR
    try:
        evidence = read_inputs(ns.input)
        context = phasegate.load_input(Path(ns.context)) if ns.context else None
        decision = policies.evaluate(evidence, now=ns.now, context=context)
    except (UsageError, NotImplementedError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except phasegate.PhasegateError as e:
        print(e, file=sys.stderr)
        return EXIT_ERROR
    if ns.format == "json":
        print(decision.to_json())
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        print(decision.to_text(fail_on=ns.fail_on, fail_on_skip=ns.fail_on_skip, color=color), end="")
    return EXIT_OK if decision.gate(fail_on=ns.fail_on, fail_on_skip=ns.fail_on_skip) else EXIT_FAIL


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the command; returns the exit code."""
    ns = _parser().parse_args(argv)
    return check(ns)


if __name__ == "__main__":
    sys.exit(main())
