"""The pytest plugin hears of breaking changes like every other notice."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.network

OTHERS = ("-p", "no:asyncio")

INNER = """
import datetime as dt

import pytest

import apiversion_client as avc
from apiversion_client.testing import ReferenceServer

MATRIX = avc.CompatibilityMatrix.loads('''
[api]
profile = "github"
[[versions]]
version = "2022-11-28"
[[relies]]
resource = "GET /items"
fields = ["items[].id"]
''')


def call(how):
    with ReferenceServer(MATRIX) as server:
        server.break_promise("GET /items", how, field="items[].id")
        with avc.VersionedSession(
            server.base_url, matrix=MATRIX, policy=avc.Policy(default="collect")
        ) as session:
            session.get("/items")


def test_unexpected():
    call("drop-field")


@pytest.mark.apiversion_expected(kind=avc.BreakingChangeWarning)
def test_expected(api_notices):
    call("drop-field")
    [notice] = api_notices.of_kind("breaking-change")
    assert notice.detail == "field-missing items[].id"
"""


def test_breaking_changes_are_listed_and_can_be_expected(pytester):
    """Listed by version and resource, naming the test; strict fails unless a marker expects it."""
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest("--apiversion-strict", *OTHERS)
    result.assert_outcomes(passed=2)
    lines = result.stdout.str().splitlines()
    start = lines.index("API version 2022-11-28")
    assert lines[start + 1] == "  GET /items"
    assert lines[start + 2].startswith(
        "    [breaking-change] 1 time: Breaking change in GET /items at API version 2022-11-28 "
        '(field-missing): the SDK relies on the field items[].id, but items[0] has no member "id"'
    )
    assert lines[start + 3] == "      test_inner.py::test_unexpected"
    assert lines[start + 4] == "-- 1 notice (and 1 expected, not listed)"
    assert lines[start + 5].startswith(
        "apiversion strict: 1 breaking-change notice that no test expected; the run fails."
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
