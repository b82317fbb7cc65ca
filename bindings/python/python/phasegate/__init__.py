"""phasegate: policy-as-code for Secure DevOps, from Python.

Compile policies written in the phasegate language (``*.gate`` files) and
evaluate them against the evidence a pipeline produces, with the native
engine::

    import phasegate

    policies = phasegate.compile(paths="policies/", params={"min_approvals": 2})
    decision = policies.evaluate({"pull_request": {...}, "reviews": [...]})
    if not decision.gate(fail_on="high"):
        for result in decision.blocking(fail_on="high"):
            print(result.id, result.messages)

Names:

- :func:`compile` builds a :class:`PolicySet` from policy text, files,
  directories or a built-in pack.
- :meth:`PolicySet.evaluate` / :meth:`PolicySet.evaluate_many` return
  :class:`Decision` objects holding one :class:`RuleResult` per rule.
- :func:`load_input` reads an input (document, file, evidence directory)
  into Python data.
- Errors are :class:`PolicyError`, :class:`EvidenceError` and
  :class:`LimitExceeded`, all subclasses of :class:`PhasegateError`.
- :data:`FEATURES` names the optional parts built into this package
  (``adapters``, ``packs``, ``sarif``, ``junit``).

``python -m phasegate check --policy … --input …`` runs the ``check``
command of the ``phasegate`` CLI.
"""

from phasegate._native import (
    FEATURES,
    Decision,
    Evidence,
    EvidenceError,
    LimitExceeded,
    Location,
    PhasegateError,
    PolicyError,
    PolicySet,
    RuleResult,
    __version__,
    compile,
    load_input,
)

__all__ = [
    "FEATURES",
    "Decision",
    "Evidence",
    "EvidenceError",
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
