"""The interop harness itself: a server that cannot start says why and leaves nothing behind."""

from __future__ import annotations

import importlib.util

import pytest

from . import conftest
from ._servers import ServerDidNotStart, start

pytestmark = pytest.mark.interop


def test_a_server_that_exits_is_reported_with_its_output():
    """An app that dies at start raises at once, quoting its output; the process is gone."""
    with pytest.raises(ServerDidNotStart, match="unknown app 'nope'") as caught:
        start("nope", "/", deadline=30)
    assert "exited with" in str(caught.value)


def test_a_server_that_never_answers_is_stopped_at_the_deadline(monkeypatch):
    """A server that does not answer within the deadline is stopped and reported."""
    conftest._require("drf")
    monkeypatch.setattr("interop._servers._answers", lambda port, path: False)
    with pytest.raises(ServerDidNotStart, match=r"did not answer GET /healthz within 1 s"):
        start("drf", "/healthz", deadline=1)


@pytest.mark.parametrize(("ci", "outcome"), [("", "skip"), ("true", "fail")])
def test_a_missing_package_skips_locally_and_fails_in_ci(monkeypatch, ci, outcome):
    """Without the interop extra the tests skip naming the package; in CI they fail."""
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    monkeypatch.setenv("CI", ci)
    expected = pytest.skip.Exception if outcome == "skip" else pytest.fail.Exception
    with pytest.raises(expected, match=r"needs django, djangorestframework, which is not"):
        conftest._require("drf")
