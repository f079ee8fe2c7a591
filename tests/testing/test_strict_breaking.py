"""--apiversion-strict fails a run on a broken promise (the tripwire) as on a deprecation."""

from __future__ import annotations

import fnmatch
import xml.etree.ElementTree as ET

import pytest

from apiversion_client import Notice, NoticeKind
from apiversion_client.telemetry import NoticeReport, ReportCounts
from apiversion_client.testing._collector import NoticeLog

from .test_plugin import run
from .test_plugin_xdist import run_xdist

# The tripwire example of docs/tripwire.md: the reference server drops a field the
# cognite matrix says the SDK relies on.
BROKEN = """
import datetime as dt

import pytest

import apiversion_client as avc
from apiversion_client.testing import ReferenceServer, example_matrix

DAY = dt.date(2024, 1, 1)
ASSETS = "GET /projects/{project}/assets"
MATRIX = avc.CompatibilityMatrix.load(example_matrix("cognite"))


def list_assets():
    with ReferenceServer(MATRIX, today=DAY) as server:
        server.break_promise(ASSETS, "drop-field", version="v1", field="items[].name")
        policy = avc.Policy(default="collect")
        with avc.VersionedSession(
            server.base_url, matrix=MATRIX, api_version="v1", today=DAY, policy=policy
        ) as session:
            session.get("/projects/demo/assets")


MARK
def test_assets(api_notices):
    list_assets()
    [notice] = api_notices.of_kind("breaking-change")
    assert notice.detail == "field-missing items[].name"
"""
UNEXPECTED = BROKEN.replace("MARK\n", "")
EXPECTED = BROKEN.replace("MARK", '@pytest.mark.apiversion_expected(kind="breaking-change")')

# No server: one deprecation and two breaking changes, reported as a session would.
MIXED = """
from apiversion_client import Notice, NoticeKind, Policy, Reporter

def report(kind, message, resource, detail=None):
    Reporter(Policy(default="collect")).report(
        [Notice(kind=kind, message=message, requested_version="v1", resource=resource,
                detail=detail)]
    )

def test_mixed():
    report(NoticeKind.DEPRECATED, "v1 is deprecated.", "GET /a")
    report(NoticeKind.BREAKING_CHANGE, "GET /a broke.", "GET /a", "field-missing items[].id")
    report(NoticeKind.BREAKING_CHANGE, "GET /b broke.", "GET /b", "field-missing items[].id")
"""

# The same notices expected, and a beta version no strict run fails on.
MIXED_EXPECTED = (
    MIXED.replace(
        "def test_mixed", "import pytest\n\n@pytest.mark.apiversion_expected()\ndef test_mixed"
    )
    + """
def test_beta():
    report(NoticeKind.UNSTABLE, "v1-beta is a beta version.", None)
"""
)

FAILS = (
    "apiversion strict: 1 breaking-change notice that no test expected; the run fails. "
    "A test that triggers notices on purpose says so with @pytest.mark.apiversion_expected."
)
REPORT_OPTIONS = ("--apiversion-report=out/report.json", "--apiversion-junit=out/junit.xml")


def last_line_is(result, pattern):
    assert fnmatch.fnmatchcase(result.stdout.lines[-1], pattern), result.stdout.lines[-1]


@pytest.mark.network
def test_strict_fails_a_run_in_which_a_promise_broke(pytester):
    """A breaking change no test expected fails a strict run; the summary and last line say so."""
    pytester.makepyfile(test_sdk=UNEXPECTED)
    result = run(pytester, "--apiversion-strict")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "API version v1",
            "  GET /projects/{project}/assets",
            "    [[]breaking-change[]] 1 time: Breaking change in GET /projects/* (field-missing)*",
            "      test_sdk.py::test_assets",
            "-- 1 notice",
            FAILS,
        ]
    )
    last_line_is(result, "=* 1 passed, 1 breaking-change notice (apiversion strict) in *s =*")


@pytest.mark.network
def test_a_breaking_change_a_test_expects_passes_a_strict_run(pytester):
    """The tripwire's own tests mark the notice they cause: strict passes, nothing listed."""
    pytester.makepyfile(test_sdk=EXPECTED)
    result = run(pytester, "--apiversion-strict")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK
    assert "API version notices" not in result.stdout.str()
    last_line_is(result, "=* 1 passed in *s =*")


@pytest.mark.network
def test_without_strict_a_breaking_change_is_listed_and_passes(pytester):
    """Not strict: the run passes and the summary says what strict would fail on."""
    pytester.makepyfile(test_sdk=UNEXPECTED)
    result = run(pytester)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        ["-- 1 notice; --apiversion-strict fails the run on deprecations and breaking changes"]
    )
    last_line_is(result, "=* 1 passed in *s =*")


def test_strict_names_both_counts_when_both_fail_the_run(pytester):
    """Deprecations and breaking changes: one line names both, the last line counts both."""
    pytester.makepyfile(test_mixed=MIXED)
    result = run(pytester, "--apiversion-strict")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "-- 3 notices",
            "apiversion strict: 1 deprecation notice and 2 breaking-change notices that no test "
            "expected; the run fails. *",
        ]
    )
    last_line_is(
        result,
        "=* 1 passed, 1 deprecation notice, 2 breaking-change notices (apiversion strict) in *s =*",
    )


def test_strict_passes_saying_neither_kind_was_unexpected(pytester):
    """Strict, with notices of other kinds only: the summary says why the run passes."""
    pytester.makepyfile(test_mixed=MIXED_EXPECTED)
    result = run(pytester, "--apiversion-strict")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "-- 1 notice (and 3 expected, not listed); none is an unexpected deprecation or "
            "breaking change, so --apiversion-strict passes"
        ]
    )


@pytest.mark.network
def test_strict_fails_an_xdist_run_in_which_a_promise_broke(pytester):
    """A worker's breaking change reaches the controller, which fails the run."""
    pytester.makepyfile(test_sdk=UNEXPECTED, test_expected=EXPECTED)
    result = run_xdist(pytester, "--apiversion-strict", *REPORT_OPTIONS)
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["-- 1 notice (and 1 expected, not listed)", FAILS])
    last_line_is(result, "=* 2 passed, 1 breaking-change notice (apiversion strict) in *s =*")
    report = NoticeReport.load(pytester.path / "out" / "report.json")
    assert report.counts == ReportCounts(total=2, expected=1, breaking_changes=1)


@pytest.mark.network
@pytest.mark.parametrize(("strict", "failures"), [((), "0"), (("--apiversion-strict",), "1")])
def test_the_reports_count_breaking_changes_and_junit_fails_them_under_strict(
    pytester, strict, failures
):
    """The report's counts.breaking_changes; under strict the JUnit case is a failure."""
    pytester.makepyfile(test_sdk=UNEXPECTED)
    run(pytester, *REPORT_OPTIONS, *strict)
    report = NoticeReport.load(pytester.path / "out" / "report.json")
    assert report.counts == ReportCounts(total=1, breaking_changes=1)
    # Our own file, just written by the run under test.
    junit = ET.parse(pytester.path / "out" / "junit.xml").getroot()  # noqa: S314
    [suite] = junit.iter("testsuite")
    assert suite.get("failures") == failures
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["apiversion.notices.breaking_changes"] == "1"
    [case] = junit.iter("testcase")
    assert case.get("name") == "[breaking-change] API version v1: GET /projects/{project}/assets"
    failure = case.find("failure")
    if strict:
        assert failure is not None
        assert failure.get("type") == "BreakingChangeWarning"
        assert "test: test_sdk.py::test_assets" in failure.text
    else:
        assert failure is None


def test_a_log_counts_unexpected_breaking_changes_and_merges_them():
    """NoticeLog.breaking_changes counts what no test expected; a worker's payload adds to it."""
    broke = Notice(kind=NoticeKind.BREAKING_CHANGE, message="broke", requested_version="v1")
    old = Notice(kind=NoticeKind.DEPRECATED, message="old", requested_version="v1")
    worker, controller = NoticeLog(), NoticeLog()
    worker.begin_test("t.py::test_expects", lambda notice: notice.kind is broke.kind)
    worker.record(broke)
    worker.begin_test("t.py::test_sees")
    worker.record(broke)
    worker.record(old)
    worker.end_test()
    assert (worker.deprecations, worker.breaking_changes, worker.failures) == (1, 1, 2)
    controller.record(broke)
    controller.merge_payload(worker.to_payload())
    assert (controller.total, controller.expected) == (4, 1)
    assert (controller.deprecations, controller.breaking_changes, controller.failures) == (1, 2, 3)
    assert controller.report().counts.breaking_changes == 2


def test_an_unexpected_unstable_notice_is_no_failure():
    """Only deprecations and breaking changes fail a strict run."""
    log = NoticeLog()
    log.record(Notice(kind=NoticeKind.UNSTABLE, message="beta", requested_version="v1-beta"))
    assert (log.listed, log.failures) == (1, 0)


def test_an_xdist_payload_from_before_the_count_merges_as_none():
    """A payload without counts.breaking_changes (format 1 as first written) adds 0."""
    log = NoticeLog()
    log.merge_payload({"format": 1, "counts": {"total": 2, "deprecations": 2}, "notices": []})
    assert (log.total, log.deprecations, log.breaking_changes) == (2, 2, 0)
