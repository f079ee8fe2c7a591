"""--apiversion-report and --apiversion-junit: the run's notices in files CI can keep."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from apiversion_client import Notice, NoticeKind
from apiversion_client.telemetry import NoticeReport, ReportCounts
from apiversion_client.testing._collector import NoticeLog

from .test_plugin import INNER, run
from .test_plugin_xdist import EXPECTED, run_xdist

REPORT_OPTIONS = ("--apiversion-report=out/report.json", "--apiversion-junit=out/junit.xml")


def read(pytester):
    report = NoticeReport.load(pytester.path / "out" / "report.json")
    # Our own file, just written by the run under test.
    junit = ET.parse(pytester.path / "out" / "junit.xml").getroot()  # noqa: S314
    return report, junit


def cases(junit):
    return {case.get("name"): case for case in junit.iter("testcase")}


def test_the_report_lists_resources_counts_and_the_first_test(pytester):
    """Each notice once, with its resources counted, the tests that saw it, the first named."""
    pytester.makepyfile(test_inner=INNER)
    result = run(pytester, *REPORT_OPTIONS, "--apiversion-service=billing")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*apiversion notice report: out/report.json*"])
    report, _ = read(pytester)
    deprecated, beta = report.entries
    assert (deprecated.service, deprecated.kind, deprecated.version) == (
        "billing",
        "deprecated",
        "4",
    )
    assert (deprecated.count, deprecated.resources) == (3, (("POST /x", 3),))
    assert deprecated.tests == ("test_inner.py::test_one", "test_inner.py::test_two")
    assert deprecated.first_seen == "test_inner.py::test_one"
    assert (beta.kind, beta.resources, beta.first_seen) == (
        "unstable",
        ((None, 1),),
        "test_inner.py::test_two",
    )
    assert report.counts == ReportCounts(total=4, expected=0, deprecations=3)


def test_the_junit_summary_is_one_passing_case_per_notice(pytester):
    """Without strict every notice is a passing test case, its text in system-out."""
    pytester.makepyfile(test_inner=INNER)
    run(pytester, *REPORT_OPTIONS).assert_outcomes(passed=2)
    _, junit = read(pytester)
    [suite] = junit.iter("testsuite")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == (
        "apiversion_client",
        "2",
        "0",
    )
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["apiversion.notices.total"] == "4"
    found = cases(junit)
    case = found["[deprecated] API version 4: POST /x"]
    assert case.get("classname") == "apiversion_client"
    assert case.find("failure") is None
    assert "POST /x (3 times)" in case.findtext("system-out")
    assert "[unstable] API version v1-beta: (any resource)" in found


def test_under_strict_the_deprecations_that_fail_the_run_are_failures(pytester):
    """CI shows as failed exactly what failed the run; the beta version still passes."""
    pytester.makepyfile(test_inner=INNER)
    result = run(pytester, *REPORT_OPTIONS, "--apiversion-strict", "--apiversion-service=billing")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    _, junit = read(pytester)
    found = cases(junit)
    failure = found["[deprecated] API version 4: POST /x"].find("failure")
    assert failure is not None
    assert failure.get("message") == "POST /x at API version 4 is deprecated."
    assert "test: test_inner.py::test_one" in failure.text
    assert found["[unstable] API version v1-beta: (any resource)"].find("failure") is None
    assert {case.get("classname") for case in found.values()} == {"apiversion_client.billing"}


def test_a_run_without_notices_writes_an_empty_report(pytester):
    """Nothing seen is a report too (the service ran clean), and merges as such."""
    pytester.makepyfile(test_quiet="def test_nothing():\n    assert True\n")
    run(pytester, *REPORT_OPTIONS).assert_outcomes(passed=1)
    report, junit = read(pytester)
    assert report == NoticeReport()
    assert cases(junit) == {}


def test_the_report_is_what_the_merge_command_reads(pytester):
    """The plugin's JSON is a notice report of format 1: it loads and prints its table."""
    pytester.makepyfile(test_inner=INNER)
    run(pytester, "--apiversion-report=report.json").assert_outcomes(passed=2)
    data = json.loads((pytester.path / "report.json").read_text())
    assert data["format"] == 1
    done = pytester.run(
        "python", "-m", "apiversion_client", "report", "merge", "report.json", "--service", "ci"
    )
    assert done.ret == 1
    done.stdout.fnmatch_lines(["ci * 4 * POST /x * deprecated * - * 3 times"])


def test_under_xdist_the_controller_writes_the_reports_once(pytester):
    """Workers' notices reach the controller's files; expected ones are counted, not listed."""
    pytester.makepyfile(test_inner=INNER, test_expected=EXPECTED)
    result = run_xdist(pytester, *REPORT_OPTIONS)
    result.assert_outcomes(passed=7)
    report, junit = read(pytester)
    assert report.counts == ReportCounts(total=9, expected=4, deprecations=3)
    by_kind = {entry.kind: entry for entry in report.entries}
    assert by_kind["deprecated"].count == 3
    assert set(by_kind["deprecated"].tests) == {
        "test_inner.py::test_one",
        "test_inner.py::test_two",
    }
    assert by_kind["unstable"].count == 2
    assert len(cases(junit)) == 2


def test_a_log_counts_each_resource_across_workers():
    """NoticeLog keeps how often each resource was seen; a worker's payload adds to it."""
    worker, controller = NoticeLog(), NoticeLog()
    for log, resources in ((worker, ["GET /a", "GET /b", "GET /a"]), (controller, ["GET /b"])):
        log.begin_test("t.py::test_x")
        for resource in resources:
            log.record(
                Notice(
                    kind=NoticeKind.DEPRECATED,
                    message="API version 4 is deprecated.",
                    requested_version="4",
                    resource=resource,
                    sunset=dt.date(2031, 1, 1),
                )
            )
    controller.merge_payload(json.loads(json.dumps(worker.to_payload())))
    [entry] = controller.report(service="billing").entries
    assert entry.resources == (("GET /b", 2), ("GET /a", 2))
    assert (entry.count, entry.sunset, entry.service) == (4, "2031-01-01", "billing")
