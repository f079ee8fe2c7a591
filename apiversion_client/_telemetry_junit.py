"""A notice report as JUnit XML: the summary CI systems display (``--apiversion-junit``).

CI systems display the test cases of a JUnit file and, prominently, its
failures (GitLab's test report and merge request widget, Jenkins' JUnit
plugin, Azure Pipelines' test results, CircleCI's test insights, the GitHub
Actions that publish JUnit files); almost none displays a test suite's
``<properties>``.  So each notice entry is a test case of its own in a suite
named ``apiversion_client``:

* a deprecation or a breaking change that no test expected is a
  ``<failure>`` when the run is strict (``--apiversion-strict``): CI then
  shows exactly the notices that failed the run, by version and resource;
* every other entry passes, its message, resources and tests in
  ``<system-out>`` (shown in each CI's test details);
* the run's counts are the suite's ``<properties>`` as well, for the tools
  that read them.

Notices a test expected are counted, not listed, as in the terminal summary.
A skipped test case would have shown a notice more loudly, but CI systems
count skips as tests not run; a notice is not that.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from apiversion_client._telemetry_report import NoticeReport, ReportEntry, _utf8

__all__ = ["junit_xml"]

SUITE = "apiversion_client"
#: The kinds that fail a strict run, with the warning class a failure is typed as.
_FAILING = {"deprecated": "ApiDeprecationWarning", "breaking-change": "BreakingChangeWarning"}


# What XML 1.0 cannot hold at all (ElementTree writes it, and the file no longer parses).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """``text`` as XML 1.0 can hold it: lone surrogates and forbidden characters escaped."""
    text = _utf8(text) or ""
    return _NOT_XML.sub(lambda found: found.group().encode("unicode_escape").decode(), text)


def _times(count: int) -> str:
    return f"{count} time{'' if count == 1 else 's'}"


def _name(entry: ReportEntry) -> str:
    version = f"API version {entry.version}" if entry.version else "unpinned"
    names = [name or "(any resource)" for name, _ in entry.resources]
    if len(names) == 1 and not entry.more_resources:
        where = names[0]
    elif names:
        where = f"seen on {len(names)}{'+' if entry.more_resources else ''} resources"
    else:
        where = "(any resource)"
    return f"[{entry.kind}] {version}: {where}"


def _text(entry: ReportEntry) -> str:
    lines = [entry.message, f"seen {_times(entry.count)}"]
    if entry.sunset:
        lines.append(f"sunset: {entry.sunset}")
    if entry.successor:
        lines.append(f"successor: {entry.successor}")
    lines += [f"resource: {name or '(any resource)'} ({_times(n)})" for name, n in entry.resources]
    if entry.more_resources:
        lines.append("resource: ... and more")
    lines += [f"test: {test}" for test in entry.tests]
    if entry.more_tests:
        lines.append("test: ... and more")
    return "\n".join(lines) + "\n"


def junit_xml(report: NoticeReport, *, strict: bool) -> str:
    """The report as a JUnit XML document (one test case per entry).

    Args:
        report: The run's notices (those a test expected are not listed).
        strict: Whether deprecations and breaking changes fail the run (they are
            then failures).
    """
    failing = [strict and entry.kind in _FAILING for entry in report.entries]
    count, failures = str(len(report.entries)), str(sum(failing))
    root = ET.Element("testsuites", name=SUITE, tests=count, failures=failures)
    suite = ET.SubElement(
        root,
        "testsuite",
        name=SUITE,
        tests=count,
        failures=failures,
        errors="0",
        skipped="0",
        time="0",
        timestamp=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    )
    properties = ET.SubElement(suite, "properties")
    counts = report.counts
    for name, value in (
        ("total", counts.total),
        ("expected", counts.expected),
        ("deprecations", counts.deprecations),
        ("dropped", counts.dropped),
        ("breaking_changes", counts.breaking_changes),
    ):
        ET.SubElement(properties, "property", name=f"apiversion.notices.{name}", value=str(value))
    for entry, fails in zip(report.entries, failing, strict=True):
        classname = _xml(f"{SUITE}.{entry.service}" if entry.service else SUITE)
        case = ET.SubElement(
            suite, "testcase", classname=classname, name=_xml(_name(entry)), time="0"
        )
        text = _xml(_text(entry))
        if fails:
            failure = ET.SubElement(
                case, "failure", type=_FAILING[entry.kind], message=_xml(entry.message)
            )
            failure.text = text
        else:
            ET.SubElement(case, "system-out").text = text
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
