"""NoticeLog and Expectation: what the pytest plugin keeps of a run, without pytest."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from apiversion_client import ApiDeprecationWarning, ApiVersionWarning, Notice, NoticeKind
from apiversion_client.testing import _collector
from apiversion_client.testing._collector import NoticeLog, plural
from apiversion_client.testing.pytest_plugin import Expectation


def deprecated(resource, version="4", **fields):
    fields.setdefault("sunset", dt.date(2021, 1, 1))
    return Notice(
        kind=NoticeKind.DEPRECATED,
        message=f"{resource} at API version {version} is deprecated.",
        requested_version=version,
        resource=resource,
        successor="5",
        **fields,
    )


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 notices"), (1, "1 notice"), (2, "2 notices"), (11, "11 notices")],
)
def test_plural_reads_right_for_one_and_many(count, text):
    """plural() puts the noun in the number its count asks for."""
    assert plural(count, "notice") == text


def test_plural_takes_an_irregular_plural():
    """An irregular noun gives its plural form."""
    assert [plural(n, "entry", "entries") for n in (1, 3)] == ["1 entry", "3 entries"]


def test_one_deprecation_on_many_resources_is_one_entry():
    """A deprecation seen on 300 resources is one entry naming the first five."""
    log = NoticeLog()
    for i in range(300):
        log.record(deprecated(f"GET /users/u{i}"))
    lines = list(log.summary_lines())
    assert lines == [
        "API version 4",
        "  seen on 300 resources: GET /users/u0, GET /users/u1, GET /users/u2, GET /users/u3,"
        " GET /users/u4 and 295 more resources",
        "    [deprecated] 300 times: GET /users/u0 at API version 4 is deprecated.",
    ]
    assert (log.total, log.deprecations) == (300, 300)


def test_notices_that_differ_beyond_the_resource_stay_apart():
    """Other dates, successors or kinds make other entries, each under its resource."""
    log = NoticeLog()
    log.record(deprecated("GET /a"))
    log.record(deprecated("GET /a", sunset=dt.date(2022, 1, 1)))
    log.record(Notice(kind=NoticeKind.UNSTABLE, message="beta", requested_version="4"))
    assert list(log.summary_lines()) == [
        "API version 4",
        "  (any resource)",
        "    [unstable] 1 time: beta",
        "  GET /a",
        "    [deprecated] 1 time: GET /a at API version 4 is deprecated.",
        "    [deprecated] 1 time: GET /a at API version 4 is deprecated.",
    ]


def test_spread_entries_follow_the_single_resource_ones_of_their_version():
    """Within a version, entries on one resource come first, by resource; spread ones last."""
    log = NoticeLog()
    log.record(deprecated("GET /b", sunset=dt.date(2030, 1, 1)))
    log.record(deprecated("GET /z"))
    log.record(deprecated("GET /y"))
    log.record(deprecated("GET /a", version="3"))
    lines = list(log.summary_lines())
    assert [line for line in lines if not line.startswith("    ")] == [
        "API version 3",
        "  GET /a",
        "API version 4",
        "  GET /b",
        "  seen on 2 resources: GET /z, GET /y",
    ]


def test_tests_past_five_are_counted_with_the_right_noun():
    """Six tests: five named, then "1 more test"; seven: "2 more tests"."""
    for count, tail in ((6, "      ... and 1 more test"), (7, "      ... and 2 more tests")):
        log = NoticeLog()
        for i in range(count):
            log.begin_test(f"test_x.py::test_{i}")
            log.record(deprecated("GET /a"))
            log.end_test()
        lines = list(log.summary_lines())
        assert lines[3:8] == [f"      test_x.py::test_{i}" for i in range(5)]
        assert lines[-1] == tail


def test_entries_past_the_shown_ones_are_counted_in_one_line():
    """Past 25 entries the rest are one line, in the right number."""
    log = NoticeLog()
    for day in range(1, 27):
        log.record(deprecated("GET /a", sunset=dt.date(2030, 1, day)))
    assert list(log.summary_lines())[-1] == "... and 1 more (1 notice) not shown"
    log.record(deprecated("GET /a", sunset=dt.date(2030, 1, 27)))
    log.record(deprecated("GET /a", sunset=dt.date(2030, 1, 27)))
    assert list(log.summary_lines())[-1] == "... and 2 more (3 notices) not shown"


def test_memory_is_bounded_and_what_is_dropped_is_said(monkeypatch):
    """Past the entry and name bounds notices are counted, and the summary says so."""
    monkeypatch.setattr(_collector, "MAX_ENTRIES", 3)
    monkeypatch.setattr(_collector, "MAX_NAMES", 10)
    log = NoticeLog()
    for i in range(20):
        log.record(deprecated(f"GET /r{i}"))
    for day in range(1, 5):
        log.record(deprecated("GET /a", sunset=dt.date(2030, 1, day)))
    [spread] = [entry for entry in log.entries() if entry.spread]
    assert (len(spread.resources), spread.more_resources, spread.count) == (10, True, 20)
    lines = list(log.summary_lines())
    assert (
        "  seen on 10+ resources: GET /r0, GET /r1, GET /r2, GET /r3, GET /r4 and 5+ more"
        " resources" in lines
    )
    assert lines[-1] == "... and 2 more notices not kept (a run keeps 3 distinct ones)"
    assert (log.total, log.dropped) == (24, 2)
    one_over = NoticeLog()
    for day in range(1, 5):
        one_over.record(deprecated("GET /a", sunset=dt.date(2030, 1, day)))
    assert list(one_over.summary_lines())[-1] == (
        "... and 1 more notice not kept (a run keeps 3 distinct ones)"
    )


def test_names_kept_in_all_entries_are_bounded_too(monkeypatch):
    """Past the run's name budget, entries stop keeping names and say "+"."""
    monkeypatch.setattr(_collector, "MAX_NAMES_TOTAL", 4)
    log = NoticeLog()
    log.begin_test("t.py::test_1")
    for i in range(5):
        log.record(deprecated(f"GET /r{i}"))
    [entry] = log.entries()
    assert list(entry.resources) == ["GET /r0", "GET /r1", "GET /r2"]
    assert list(entry.tests) == ["t.py::test_1"]
    assert (entry.more_resources, entry.count) == (True, 5)
    log.begin_test("t.py::test_2")
    log.record(deprecated("GET /r0"))
    assert (list(entry.tests), entry.more_tests) == (["t.py::test_1"], True)


def test_expected_notices_are_counted_not_listed():
    """A notice the running test expects adds to total and expected, not to the entries."""
    log = NoticeLog()
    log.begin_test("t.py::test_on_purpose", lambda notice: notice.resource == "GET /a")
    log.record(deprecated("GET /a"))
    log.record(deprecated("GET /b"))
    log.end_test()
    log.record(deprecated("GET /a"))
    assert (log.total, log.expected, log.listed, log.deprecations) == (3, 1, 2, 2)
    [entry] = log.entries()
    assert list(entry.tests) == ["t.py::test_on_purpose"]
    assert list(entry.resources) == ["GET /b", "GET /a"]


def test_a_payload_is_plain_data_and_merges_into_another_log():
    """to_payload() survives JSON; merge_payload() adds counts, resources and tests."""
    worker_1, worker_2, controller = NoticeLog(), NoticeLog(), NoticeLog()
    worker_1.begin_test("t.py::test_1")
    worker_1.record(deprecated("GET /a"))
    worker_1.record(Notice(kind=NoticeKind.UNSTABLE, message="beta", requested_version="b"))
    worker_2.begin_test("t.py::test_2", lambda notice: notice.resource == "GET /x")
    worker_2.record(deprecated("GET /b"))
    worker_2.record(deprecated("GET /x"))
    for worker in (worker_1, worker_2):
        controller.merge_payload(json.loads(json.dumps(worker.to_payload())))
    assert (controller.total, controller.expected, controller.deprecations) == (4, 1, 2)
    spread = next(entry for entry in controller.entries() if entry.spread)
    assert spread.count == 2
    assert list(spread.resources) == ["GET /a", "GET /b"]
    assert list(spread.tests) == ["t.py::test_1", "t.py::test_2"]


def test_a_payload_of_another_format_is_refused():
    """merge_payload() refuses what it cannot read, quoting it."""
    with pytest.raises(ValueError, match="format"):
        NoticeLog().merge_payload({"format": 99})


@pytest.mark.parametrize(
    ("arguments", "notice", "expected"),
    [
        ({}, deprecated("GET /a"), True),
        ({"kind": "deprecated"}, deprecated("GET /a"), True),
        ({"kind": "SUNSET"}, deprecated("GET /a"), True),  # one kind: a dated deprecation
        ({"kind": "version-mismatch"}, deprecated("GET /a"), False),
        ({"kind": NoticeKind.DEPRECATED}, deprecated("GET /a"), True),
        ({"kind": ["sunset", "deprecated"]}, deprecated("GET /a"), True),
        ({"kind": ApiDeprecationWarning}, deprecated("GET /a"), True),
        ({"kind": ApiVersionWarning}, deprecated("GET /a"), True),
        ({"version": "4"}, deprecated("GET /a"), True),
        ({"version": 4}, deprecated("GET /a"), True),
        ({"version": ["3", "5"]}, deprecated("GET /a"), False),
        ({"resource": "GET /a"}, deprecated("GET /a"), True),
        ({"resource": "GET /users/*"}, deprecated("GET /users/u7"), True),
        ({"resource": "get /a"}, deprecated("GET /a"), False),
        ({"resource": "*"}, Notice(kind=NoticeKind.UNSTABLE, message="m"), False),
        ({"kind": "deprecated", "version": "3"}, deprecated("GET /a"), False),
    ],
)
def test_an_expectation_matches_by_every_filter_it_is_given(arguments, notice, expected):
    """Each given filter must match; a kind may be a value, a member or a warning class."""
    assert Expectation.of(**arguments).matches(notice) is expected


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"kind": "deprecation"}, "unknown kind of notice 'deprecation'; the kinds are"),
        ({"kind": RuntimeWarning}, "no kind of notice is warned as RuntimeWarning"),
        ({"version": []}, "version= is an empty list"),
    ],
)
def test_a_wrong_expectation_says_what_is_wrong(arguments, message):
    """A kind that does not exist, or an empty list, is a ValueError that names it."""
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        Expectation.of(**arguments)


def test_a_payload_with_text_that_is_not_unicode_still_crosses_processes():
    """A lone surrogate (a URL's undecodable byte, say) is escaped, not fatal.

    xdist's wire and the report file both need UTF-8; the log's payload and
    the report's JSON always encode.
    """
    log = NoticeLog()
    log.begin_test("t.py::test_\udcff")
    log.record(deprecated("GET /caf\udce9"))
    payload = log.to_payload()
    text = json.dumps(payload, ensure_ascii=False)
    text.encode("utf-8")  # what execnet and write_text(encoding="utf-8") do
    [notice] = payload["notices"]
    assert notice["resources"][0]["name"] == "GET /caf\\udce9"
    assert notice["tests"] == ["t.py::test_\\udcff"]
    assert log.report().to_json().encode("utf-8")
    controller = NoticeLog()
    controller.merge_payload(json.loads(text))
    assert controller.total == 1
