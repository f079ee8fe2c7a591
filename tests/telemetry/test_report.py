"""The notice report: one JSON format, merged, read back as written, refused with its key path."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import attrs
import pytest

from apiversion_client import Notice, NoticeKind, Policy, Reporter
from apiversion_client.telemetry import (
    REPORT_FORMAT,
    NoticeReport,
    ReportCounts,
    ReportEntry,
    ReportError,
)

SUNSET = "2021-01-01T00:00:00+00:00"
DEBUG = "POST /gdc/app/projects/{id}/executeAfm/debug"
PAST = "past its sunset as of"


def deprecation(service=None, count=2, resources=((DEBUG, 2),), tests=("t.py::test_a",), **more):
    fields = {
        "kind": "deprecated",
        "message": f"{DEBUG} at API version 4 is deprecated and ends on 2021-01-01.",
        "count": count,
        "service": service,
        "version": "4",
        "sunset": SUNSET,
        "successor": "5",
        "resources": resources,
        "tests": tests,
    }
    fields.update(more)
    return ReportEntry(**fields)


BILLING = NoticeReport(
    (
        deprecation("billing"),
        ReportEntry(
            kind="unstable", message="v1-beta is a beta version.", count=1, version="v1-beta"
        ),
    ),
    ReportCounts(total=4, expected=1, deprecations=2),
)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apiversion_client", "report", "merge", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_report_reads_back_as_it_was_written():
    """to_json() then loads() gives the same report; format and first-seen test are written."""
    text = BILLING.to_json()
    data = json.loads(text)
    assert data["format"] == REPORT_FORMAT == 1
    assert data["counts"] == {
        "total": 4,
        "expected": 1,
        "deprecations": 2,
        "dropped": 0,
        "breaking_changes": 0,
    }
    assert data["notices"][0]["first_seen"] == "t.py::test_a"
    assert data["notices"][0]["resources"] == [{"name": DEBUG, "count": 2}]
    assert NoticeReport.loads(text) == BILLING


def test_keys_a_reader_does_not_know_are_ignored():
    """A later release may add keys within format 1; this one reads the rest."""
    data = BILLING.to_dict()
    data["written_by"] = "the future"
    data["notices"][0]["severity"] = "high"
    assert NoticeReport.from_dict(data) == BILLING


def test_merging_adds_the_same_notice_and_keeps_services_apart():
    """Same service and notice: counts, resources and tests added; another service: its own."""
    again = NoticeReport(
        (
            deprecation(
                "billing", count=3, resources=((DEBUG, 1), ("POST /x", 2)), tests=("t.py::test_b",)
            ),
        ),
        ReportCounts(total=3, deprecations=3),
    )
    shipping = NoticeReport((deprecation("shipping", count=1, resources=((DEBUG, 1),)),))
    merged = NoticeReport.merge([BILLING, again, shipping])
    billing, beta, other = merged.entries
    assert (billing.count, billing.resources) == (5, ((DEBUG, 3), ("POST /x", 2)))
    assert (billing.tests, billing.first_seen) == (("t.py::test_a", "t.py::test_b"), "t.py::test_a")
    assert (beta.kind, other.service, other.count) == ("unstable", "shipping", 1)
    assert merged.counts == ReportCounts(total=7, expected=1, deprecations=5)


def test_a_merged_entry_keeps_a_bounded_list_of_names():
    """Past MAX_NAMES resources or tests an entry says there were more."""
    many = [
        NoticeReport((deprecation(resources=((f"GET /r{i}", 1),), tests=(f"t.py::test_{i}",)),))
        for i in range(1002)
    ]
    [entry] = NoticeReport.merge(many).entries
    assert (len(entry.resources), entry.more_resources) == (1000, True)
    assert (len(entry.tests), entry.more_tests, entry.count) == (1000, True, 2004)


def test_with_service_names_only_the_notices_that_name_none():
    """--service labels a service's own reports; a fleet report keeps its labels."""
    unnamed = NoticeReport((deprecation(), deprecation("billing", successor="6")))
    labelled = unnamed.with_service("shipping")
    assert [entry.service for entry in labelled.entries] == ["shipping", "billing"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "r.json: not a notice report"),
        ({"format": 2}, "r.json: format: expected 1, got 2"),
        ({"format": True}, "r.json: format: expected 1, got True"),
        ({"format": 1, "counts": {"total": -1}}, "r.json: counts.total: expected a whole number"),
        (
            {"format": 1, "counts": {"breaking_changes": "1"}},
            "r.json: counts.breaking_changes: expected a whole number >= 0, got '1'",
        ),
        (
            {"format": 1, "counts": {"breaking_changes": True}},
            "r.json: counts.breaking_changes: expected a whole number >= 0, got True",
        ),
        ({"format": 1, "notices": {}}, "r.json: notices: expected a list, got {}"),
        ({"format": 1, "notices": [1]}, "r.json: notices[0]: expected an object, got 1"),
        (
            {"format": 1, "notices": [{"message": "m", "count": 1}]},
            "r.json: notices[0].kind: expected a string, got None",
        ),
        (
            {"format": 1, "notices": [{"kind": "deprecated", "message": "m", "count": "2"}]},
            "r.json: notices[0].count: expected a whole number >= 0, got '2'",
        ),
        (
            {
                "format": 1,
                "notices": [
                    {"kind": "deprecated", "message": "m", "count": 1, "resources": [{"name": 3}]}
                ],
            },
            "r.json: notices[0].resources[0].name: expected a string or null, got 3",
        ),
        (
            {"format": 1, "notices": [{"kind": "x", "message": "m", "count": 1, "tests": [None]}]},
            "r.json: notices[0].tests[0]: expected a string, got None",
        ),
        (
            {"format": 1, "notices": [{"kind": "x", "message": "m", "count": 1, "more_tests": 1}]},
            "r.json: notices[0].more_tests: expected true or false, got 1",
        ),
    ],
)
def test_a_file_that_is_no_report_is_refused_with_its_key_path(data, message):
    """ReportError (a ValueError) names the file and the key path, quoting the bad value."""
    with pytest.raises(ReportError) as caught:
        NoticeReport.from_dict(data, source="r.json")
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, ValueError)


def test_a_report_written_before_breaking_changes_were_counted_reads_them_as_none():
    """Format 1 as first written has no counts.breaking_changes: it reads as 0."""
    data = BILLING.to_dict()
    del data["counts"]["breaking_changes"]
    report = NoticeReport.from_dict(data)
    assert report == BILLING
    assert report.counts.breaking_changes == 0


def test_breaking_changes_are_counted_written_read_and_added():
    """counts.breaking_changes round-trips, adds up in a merge, and counts a session's records."""
    broken = attrs.evolve(BILLING, counts=ReportCounts(total=2, breaking_changes=2))
    assert NoticeReport.loads(broken.to_json()) == broken
    assert json.loads(broken.to_json())["counts"]["breaking_changes"] == 2
    merged = NoticeReport.merge([broken, BILLING, broken])
    assert merged.counts == ReportCounts(total=8, expected=1, deprecations=2, breaking_changes=4)
    assert ReportCounts(1, 2, 3, 4) + ReportCounts(breaking_changes=5) == ReportCounts(
        1, 2, 3, 4, 5
    )
    reporter = Reporter(Policy(default="collect"))
    reporter.report(
        [
            Notice(
                kind=NoticeKind.BREAKING_CHANGE,
                message="GET /items broke.",
                requested_version="v1",
                resource="GET /items",
                detail="field-missing items[].id",
            )
        ]
    )
    assert NoticeReport.from_records(reporter.records()).counts == ReportCounts(
        total=1, breaking_changes=1
    )


def test_report_merge_sums_breaking_changes(tmp_path):
    """The merge command's JSON adds the files' counts.breaking_changes; an old file adds 0."""
    for name, broken in (("a", 2), ("b", 3)):
        report = NoticeReport(counts=ReportCounts(total=broken, breaking_changes=broken))
        (tmp_path / f"{name}.json").write_text(report.to_json())
    old = NoticeReport(counts=ReportCounts(total=1)).to_dict()
    del old["counts"]["breaking_changes"]
    (tmp_path / "old.json").write_text(json.dumps(old))
    done = run_cli(*(str(tmp_path / f"{name}.json") for name in ("a", "b", "old")), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"] == {
        "total": 6,
        "expected": 0,
        "deprecations": 0,
        "dropped": 0,
        "breaking_changes": 5,
    }


def test_text_that_is_not_json_is_refused():
    """loads() says the text is not JSON, naming the source."""
    with pytest.raises(ReportError, match=r"^r\.json: not JSON: "):
        NoticeReport.loads("{", source="r.json")


def test_rows_are_per_resource_soonest_sunset_first():
    """One row per resource with its count; unnamed and overflowing resources get rows too."""
    report = NoticeReport(
        (
            deprecation("b", count=5, resources=((DEBUG, 2), ("POST /x", 1)), more_resources=True),
            deprecation("a", count=1, resources=(), sunset="2020-03-01", version="3"),
            ReportEntry(kind="unstable", message="beta", count=2, service="a", version="v1-beta"),
        )
    )
    assert report.rows() == [
        ("a", "3", "(any resource)", "deprecated", "2020-03-01", 1),
        ("b", "4", DEBUG, "deprecated", "2021-01-01", 2),
        ("b", "4", "POST /x", "deprecated", "2021-01-01", 1),
        ("b", "4", "(other resources)", "deprecated", "2021-01-01", 2),
        ("a", "v1-beta", "(any resource)", "unstable", None, 2),
    ]
    assert report.table().splitlines()[:2] == [
        f"Service  Version  {'Resource':<46}Kind        Sunset      Seen",
        f"a        3        {'(any resource)':<46}deprecated  2020-03-01  1 time",
    ]


def test_a_session_dumps_its_notice_log_as_a_report():
    """Reporter.to_json() writes the records: every resource with its count, the service."""
    reporter = Reporter(Policy(default="collect"))
    for resource in ("GET /items/{id}", "GET /items/{id}", "GET /orders/{id}"):
        reporter.report(
            [
                Notice(
                    kind=NoticeKind.DEPRECATED,
                    message="API version 4 is deprecated.",
                    requested_version="4",
                    resource=resource,
                    sunset=dt.datetime(2031, 1, 1, tzinfo=dt.UTC),
                )
            ]
        )
    report = NoticeReport.loads(reporter.to_json(service="billing"))
    [entry] = report.entries
    assert (entry.service, entry.count, entry.sunset) == ("billing", 3, "2031-01-01T00:00:00+00:00")
    assert entry.resources == (("GET /items/{id}", 2), ("GET /orders/{id}", 1))
    assert (entry.tests, entry.first_seen) == ((), None)
    assert report.counts == ReportCounts(total=3, deprecations=3)


def test_merge_prints_the_table_and_says_what_it_found(tmp_path):
    """The team lead's table, a count line, and exit 1: a deprecation was seen."""
    (tmp_path / "a.json").write_text(BILLING.to_json())
    done = run_cli(str(tmp_path / "a.json"), "--on", "2020-06-01")
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        f"Service  Version  {'Resource':<46}Kind        Sunset      Seen",
        f"billing  4        {DEBUG:<46}deprecated  2021-01-01  2 times",
        f"-        v1-beta  {'(any resource)':<46}unstable    -           1 time",
        "2 notices seen 3 times in 1 report",
        "warning: 1 deprecation",
    ]


@pytest.mark.parametrize(
    ("entries", "on", "code", "last"),
    [
        ((), "2020-06-01", 0, "0 notices seen 0 times in 1 report"),
        ((deprecation(),), "2020-12-31", 1, "warning: 1 deprecation"),
        (
            (deprecation(),),
            "2021-01-01",
            2,
            "error: 1 deprecation past its sunset as of 2021-01-01",
        ),
        (
            (
                ReportEntry(
                    kind="breaking-change", message="GET /items broke its promise.", count=1
                ),
            ),
            "2020-06-01",
            1,
            "warning: 1 breaking change",
        ),
    ],
)
def test_merge_exit_codes_follow_the_other_commands(tmp_path, entries, on, code, last):
    """0 nothing found, 1 a deprecation or breaking change, 2 a deprecation past its sunset."""
    (tmp_path / "a.json").write_text(NoticeReport(entries).to_json())
    done = run_cli(str(tmp_path / "a.json"), "--on", on)
    assert done.returncode == code, done.stderr
    assert done.stdout.splitlines()[-1] == last


def test_merged_json_round_trips_through_the_merge_command(tmp_path):
    """The JSON of merge --json, merged again alone, is the same report and the same table."""
    (tmp_path / "a.json").write_text(BILLING.to_json())
    shipping = NoticeReport((deprecation(count=1, tests=("s.py::test_s",)),))
    (tmp_path / "b.json").write_text(shipping.to_json())
    paths = [str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    first = run_cli(*paths, "--json", "--service", "shipping")
    (tmp_path / "c.json").write_text(first.stdout)
    again = run_cli(str(tmp_path / "c.json"), "--json")
    assert again.stdout == first.stdout
    merged = NoticeReport.loads(first.stdout)
    # --service names the notices that named none, in either file.
    assert merged == NoticeReport.merge([BILLING, shipping]).with_service("shipping")
    table = run_cli(str(tmp_path / "c.json")).stdout.splitlines()
    assert table[:-2] == run_cli(*paths, "--service", "shipping").stdout.splitlines()[:-2]
    assert table[-2] == "3 notices seen 4 times in 1 report"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "apiversion-client report: error: {path}: cannot read: No such file or directory"),
        ("{}", "apiversion-client report: error: {path}: format: expected 1, got None"),
        ("[", "apiversion-client report: error: {path}: not JSON: "),
        (b'{"format": 1, "x": "caf\xe9"}', "apiversion-client report: error: {path}: not UTF-8"),
        ('{"format": 1}'.encode("utf-16"), "apiversion-client report: error: {path}: not UTF-8"),
        ("[" * 100_000 + "]" * 100_000, "apiversion-client report: error: {path}: not a notice"),
        (
            '{"format": 1, "notices": [{"kind": "deprecated", "message": "m", "count": 1, '
            '"sunset": "1 Jan 2099"}]}',
            "apiversion-client report: error: {path}: notices[0].sunset: expected an ISO 8601",
        ),
        ('{"format": "' + "x" * 1_000_000 + '"}', "apiversion-client report: error: {path}: "),
    ],
    ids=["missing", "foreign", "broken", "latin-1", "utf-16", "deep", "sunset", "huge"],
)
def test_merge_explains_bad_input_without_a_traceback(tmp_path, content, message):
    """A missing, foreign, broken or hostile file: exit 2, one short line on stderr naming it."""
    path = tmp_path / "r.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    done = run_cli(str(path))
    assert done.returncode == 2
    assert done.stderr.startswith(message.format(path=path))
    assert "Traceback" not in done.stderr
    assert len(done.stderr) < 1000


def test_merge_prints_a_lone_surrogate_as_an_escape(tmp_path):
    """A report whose resource holds a lone surrogate prints its table (it raised on output)."""
    path = tmp_path / "r.json"
    entry = deprecation(resources=(("GET /files/caf\udce9", 1),), service="s\udce9")
    path.write_text(NoticeReport((entry,)).to_json())
    done = run_cli(str(path), "--on", "2020-06-01")
    assert done.returncode == 1, done.stderr
    assert "GET /files/caf\\udce9" in done.stdout


@pytest.mark.parametrize("command", [("report",), ("report", "merge")])
def test_report_help_shows_an_example(command):
    """`report --help` and `report merge --help` exit 0 and show an example, as every command."""
    done = subprocess.run(
        [sys.executable, "-m", "apiversion_client", *command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "example:\n  apiversion-client report merge " in done.stdout


def test_merge_writes_its_output_to_a_file(tmp_path):
    """-o PATH writes the table or JSON there and says so; an unwritable path is bad input."""
    (tmp_path / "a.json").write_text(BILLING.to_json())
    done = run_cli(str(tmp_path / "a.json"), "--json", "-o", str(tmp_path / "out.json"))
    assert done.stdout == f"wrote {tmp_path / 'out.json'} (2 notices)\n"
    assert NoticeReport.load(tmp_path / "out.json") == BILLING
    target = tmp_path / "missing" / "out.txt"
    failed = run_cli(str(tmp_path / "a.json"), "-o", str(target))
    assert failed.returncode == 2
    assert failed.stderr.startswith(f"apiversion-client report: error: {target}: cannot write: ")


@pytest.mark.parametrize("strict", [False, True])
def test_the_junit_summary_is_valid_xml_whatever_a_server_sent(strict):
    """A lone surrogate or a control character in a notice: escaped, and the XML still parses."""
    import xml.dom.minidom

    from apiversion_client._telemetry_junit import junit_xml

    report = NoticeReport(
        (
            deprecation(resources=(("GET /files/caf\udce9", 1),), message="caf\udce9 \x1b[31m"),
            ReportEntry(
                kind="server-warning",
                message="Warning: 199 bad\x01text\x1b[31m\x00",
                count=1,
                service="svc\x0c",
            ),
        ),
        ReportCounts(total=2, deprecations=1),
    )
    text = junit_xml(report, strict=strict)
    document = xml.dom.minidom.parseString(text.encode("utf-8"))  # noqa: S318 - our own output
    names = [case.getAttribute("name") for case in document.getElementsByTagName("testcase")]
    assert "[deprecated] API version 4: GET /files/caf\\udce9" in names
    for escaped in ("\\x01", "\\x1b", "\\x00"):
        assert escaped in text
    assert len(document.getElementsByTagName("failure")) == (1 if strict else 0)
