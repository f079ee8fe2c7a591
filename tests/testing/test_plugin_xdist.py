"""The pytest plugin under pytest-xdist (a test dependency): real runs with two workers, few."""

from __future__ import annotations

import fnmatch

import pytest

from .test_plugin import INNER, OTHERS

# pytest-benchmark warns that it is disabled under xdist; not ours to hear.
XDIST = ("-n", "2", "-p", "no:benchmark", "-p", "no:cacheprovider", *OTHERS)

EXPECTED = """
import pytest
from apiversion_client import Notice, NoticeKind, Policy, Reporter

@pytest.mark.apiversion_expected(version="4")
@pytest.mark.parametrize("n", range(4))
def test_on_purpose(n):
    Reporter(Policy(default="collect")).report(
        [Notice(kind=NoticeKind.SUNSET, message="ends", requested_version="4",
                resource=f"GET /items/{n}")]
    )

def test_beta():
    Reporter(Policy(default="collect")).report(
        [Notice(kind=NoticeKind.UNSTABLE, message="beta", requested_version="v1-beta")]
    )
"""


def run_xdist(pytester, *args):
    return pytester.runpytest_subprocess(*XDIST, *args, timeout=120)


def test_strict_fails_an_xdist_run_and_the_controller_prints_the_summary(pytester):
    """Notices seen in the workers reach the controller: summary, exit status and last line."""
    pytester.makepyfile(test_inner=INNER)
    result = run_xdist(pytester, "--apiversion-strict")
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*API version notices (apiversion_client)*",
            "API version 4",
            "  POST /x",
            "    [[]deprecated[]] 3 times: POST /x at API version 4 is deprecated.",
            "API version v1-beta",
            "    [[]unstable[]] 1 time: API version v1-beta is a beta version.",
            "      test_inner.py::test_two",
            "-- 4 notices",
            "apiversion strict: 3 deprecation notices that no test expected; the run fails. *",
        ]
    )
    # The two tests ran on either worker; both are named under the deprecation.
    assert {"      test_inner.py::test_one", "      test_inner.py::test_two"} <= set(
        result.stdout.lines
    )
    last = "=* 2 passed, 3 deprecation notices (apiversion strict) in *s =*"
    assert fnmatch.fnmatchcase(result.stdout.lines[-1], last), result.stdout.lines[-1]


def test_expected_notices_pass_a_strict_xdist_run(pytester):
    """The workers' expected notices are counted as expected by the controller, and pass."""
    pytester.makepyfile(test_sdk=EXPECTED)
    result = run_xdist(pytester, "--apiversion-strict")
    result.assert_outcomes(passed=5)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "    [[]unstable[]] 1 time: beta",
            "      test_sdk.py::test_beta",
            "-- 1 notice (and 4 expected, not listed); none is an unexpected deprecation or"
            " breaking change, so --apiversion-strict passes",
        ]
    )
    assert "GET /items" not in result.stdout.str()
