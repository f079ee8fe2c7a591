"""Shared fixtures for the core's unit tests (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from apiversion_client import CompatibilityMatrix

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="session")
def gooddata_matrix() -> CompatibilityMatrix:
    return CompatibilityMatrix.load(EXAMPLES / "gooddata.toml")


@pytest.fixture(scope="session")
def cognite_matrix() -> CompatibilityMatrix:
    return CompatibilityMatrix.load(EXAMPLES / "cognite.toml")
