"""Shared helpers for the matrix tests."""

from __future__ import annotations

import datetime as dt
import pathlib

from apiversion_client import CompatibilityMatrix

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def day(text: str) -> dt.date:
    """A date from ISO text."""
    return dt.date.fromisoformat(text)


def gooddata() -> CompatibilityMatrix:
    """The GoodData example matrix."""
    return CompatibilityMatrix.load(EXAMPLES / "gooddata.toml")


def cognite() -> CompatibilityMatrix:
    """The Cognite example matrix."""
    return CompatibilityMatrix.load(EXAMPLES / "cognite.toml")
