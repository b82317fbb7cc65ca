"""Shared fixtures. The tests run against the *installed* phasegate package."""

from __future__ import annotations

import pytest
from support import EXAMPLE_POLICIES, POLICY

import phasegate


@pytest.fixture(scope="session")
def policies() -> phasegate.PolicySet:
    return phasegate.compile(sources={"tests.gate": POLICY})


@pytest.fixture(scope="session")
def examples() -> phasegate.PolicySet:
    return phasegate.compile(paths=EXAMPLE_POLICIES)
