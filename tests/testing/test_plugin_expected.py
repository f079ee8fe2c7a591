"""The apiversion_expected marker: notices a test triggers on purpose do not fail strict runs."""

from __future__ import annotations

import pytest

from .test_plugin import run

HELPERS = """
import pytest
from apiversion_client import (
    ApiDeprecationWarning, Notice, NoticeKind, Policy, Reporter,
)

def report(kind="deprecated", version="4", resource="POST /x", policy="collect"):
    Reporter(Policy(default=policy)).report(
        [Notice(kind=NoticeKind(kind), requested_version=version, resource=resource,
                message=f"{resource} at API version {version} is {kind}.")]
    )
"""


def make(pytester, body):
    pytester.makepyfile(test_sdk=HELPERS + body)


def test_a_marked_test_passes_a_strict_run(pytester):
    """A test marked with no arguments expects everything it sees; strict passes, nothing listed."""
    make(
        pytester,
        """
@pytest.mark.apiversion_expected
def test_debug_is_deprecated_at_4():
    report()
    report(kind="sunset", resource="GET /y")
""",
    )
    result = run(pytester, "--apiversion-strict", "--strict-markers")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK
    assert "API version notices" not in result.stdout.str()


def test_only_what_the_marker_names_is_expected(pytester):
    """Filters by kind, version and resource glob; what they leave out still fails strict."""
    make(
        pytester,
        """
@pytest.mark.apiversion_expected(kind="deprecated", version="4", resource="POST /x*")
def test_on_purpose():
    report(resource="POST /x/1")
    report(resource="POST /x/2")
    report(kind="sunset", resource="POST /x/3")  # "sunset" is another name of "deprecated"
    report(version="3", resource="POST /x/4")
    report(resource="GET /y")
""",
    )
    result = run(pytester, "--apiversion-strict")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "API version 3",
            "  POST /x/4",
            "API version 4",
            "  GET /y",
            "-- *",
        ]
    )
    result.stdout.fnmatch_lines(
        ["apiversion strict: 2 deprecation notices that no test expected; *"]
    )
    assert "POST /x/3" not in result.stdout.str()
    assert "POST /x/1" not in result.stdout.str()


def test_expected_notices_are_only_counted_in_the_summary(pytester):
    """The footer counts the expected notices it does not list."""
    make(
        pytester,
        """
@pytest.mark.apiversion_expected(kind=ApiDeprecationWarning)
def test_on_purpose():
    report()
    report(kind="sunset")
    report(kind="unstable")
""",
    )
    result = run(pytester)
    result.stdout.fnmatch_lines(
        [
            "    [[]unstable[]] 1 time: *",
            "-- 1 notice (and 2 expected, not listed); --apiversion-strict fails the run on *",
        ]
    )


def test_a_notice_is_expected_only_by_the_test_that_says_so(pytester):
    """The same notice in an unmarked test is not expected; module and class markers apply."""
    make(
        pytester,
        """
pytestmark = pytest.mark.apiversion_expected(resource="GET /module")

class TestMarked:
    pytestmark = pytest.mark.apiversion_expected(resource="GET /class")

    def test_both(self):
        report(resource="GET /module")
        report(resource="GET /class")

@pytest.mark.apiversion_expected(resource="POST /x")
def test_marked():
    report()

def test_unmarked():
    report(resource="GET /module")
    report()
""",
    )
    result = run(pytester, "--apiversion-strict")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(
        [
            "  POST /x",
            "    [[]deprecated[]] 1 time: *",
            "      test_sdk.py::test_unmarked",
            "apiversion strict: 1 deprecation notice that no test expected; *",
        ]
    )


def test_pytest_warns_alone_does_not_make_a_notice_expected(pytester):
    """A notice caught by pytest.warns still counts (documented); the marker makes it expected."""
    make(
        pytester,
        """
def test_warns():
    with pytest.warns(ApiDeprecationWarning):
        report(policy="warn")

@pytest.mark.apiversion_expected
def test_warns_marked():
    with pytest.warns(ApiDeprecationWarning):
        report(policy="warn", resource="GET /marked")
""",
    )
    result = run(pytester, "--apiversion-strict")
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["      test_sdk.py::test_warns", "apiversion strict: 1 *"])
    assert "GET /marked" not in result.stdout.str()


def test_the_api_notices_fixture_sees_expected_notices(pytester):
    """Expected notices still reach the test's own collector, which asserts them."""
    make(
        pytester,
        """
@pytest.mark.apiversion_expected(kind="deprecated")
def test_asserts(api_notices):
    report()
    assert [n.resource for n in api_notices.deprecations] == ["POST /x"]
""",
    )
    result = run(pytester, "--apiversion-strict")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ('kind="deprecation"', "unknown kind of notice 'deprecation'; the kinds are *"),
        ('"4"', "takes keyword arguments only (kind=, version=, resource=), got ('4',)"),
        ('versions="4"', "unknown argument versions; it takes kind=, version=, resource="),
    ],
)
def test_a_wrong_marker_fails_its_test_saying_why(pytester, marker, message):
    """Wrong marker arguments are the test's setup error, with the reason and no traceback."""
    make(pytester, f"@pytest.mark.apiversion_expected({marker})\ndef test_x():\n    report()\n")
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"@pytest.mark.apiversion_expected: {message}"])


def test_the_marker_is_registered_for_strict_markers(pytester):
    """--strict-markers accepts the marker, and `pytest --markers` documents it."""
    make(pytester, "@pytest.mark.apiversion_expected\ndef test_x():\n    report()\n")
    run(pytester, "--strict-markers").assert_outcomes(passed=1)
    run(pytester, "--markers").stdout.fnmatch_lines(
        ["@pytest.mark.apiversion_expected(kind=None, version=None, resource=None): *"]
    )
