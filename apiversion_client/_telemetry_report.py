"""The notice report: one JSON format for CI runs, sessions and fleet merges.

Written by the pytest plugin (``--apiversion-report``), by a session
(``Reporter.to_json()``) and by ``apiversion-client report merge --json``;
read back by the same command.  Format 1::

    {
      "format": 1,
      "generator": "apiversion-client 0.1.0",
      "counts": {"total": 4, "expected": 1, "deprecations": 3, "dropped": 0,
                 "breaking_changes": 0},
      "notices": [
        {
          "service": "billing",            # null: not said
          "kind": "deprecated",
          "version": "4",                  # the pinned version, as sent
          "served_version": null,
          "deprecation": null,             # ISO 8601, as the notice said it
          "sunset": "2021-01-01T00:00:00+00:00",
          "successor": "5",
          "link": null,
          "detail": null,
          "message": "POST /gdc/... at API version 4 is deprecated ...",
          "count": 3,
          "resources": [{"name": "POST /gdc/app/projects/{id}/executeAfm/debug", "count": 3}],
          "more_resources": false,
          "first_seen": "tests/test_x.py::test_y",   # the first of "tests", or null
          "tests": ["tests/test_x.py::test_y"],
          "more_tests": false
        }
      ]
    }

Rules:

* An entry is one notice however often and wherever it was seen: its identity
  is the service and everything the notice says but its resource and message
  (kind, versions, dates, successor, detail).  Merging adds the counts of
  entries of the same identity, their resources (with their counts) and tests.
* ``counts`` are the run's: every notice seen (``total``), those a test
  expected (``expected``, not listed), the unexpected deprecations
  (``deprecations``), those not kept past the plugin's bounds (``dropped``),
  and the unexpected breaking changes (``breaking_changes``; a report written
  before that count was added has none, read as 0).  The unexpected
  deprecations and breaking changes are what fails a strict run.
* Keys a reader does not know are ignored (a later release may add some
  within format 1); a change that old readers would misread is a new format.
* Lists are bounded when merged: :data:`MAX_NAMES` resources and tests per
  entry, ``more_resources`` / ``more_tests`` say when there were more.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs

if TYPE_CHECKING:
    from apiversion_client._policy import NoticeRecord

__all__ = [
    "MAX_NAMES",
    "REPORT_FORMAT",
    "NoticeReport",
    "ReportCounts",
    "ReportEntry",
    "ReportError",
    "report_command",
]

#: The format number written in ``"format"``; a reader refuses any other.
REPORT_FORMAT = 1
#: Resources and tests a merged entry keeps by name.
MAX_NAMES = 1000
_DEPRECATED = "deprecated"
_BREAKING_CHANGE = "breaking-change"
_ANY_RESOURCE = "(any resource)"
OPTIONAL_FIELDS: tuple[str, ...] = ("service", "version", "served_version", "deprecation", "sunset")
OPTIONAL_FIELDS += ("successor", "link", "detail")


class ReportError(ValueError):
    """A file that is not a notice report of a format this release reads.

    The message names the file and the key path, e.g.
    ``ci.json: notices[2].count: expected a whole number >= 0, got 'x'``.
    """


@attrs.frozen
class ReportCounts:
    """The run's counts (see the module's rules).

    ``breaking_changes`` comes last, so that the counts of the first release
    still build by position.
    """

    total: int = 0
    expected: int = 0
    deprecations: int = 0
    dropped: int = 0
    breaking_changes: int = 0

    def __add__(self, other: object) -> ReportCounts:
        if not isinstance(other, ReportCounts):
            return NotImplemented
        pairs = zip(attrs.astuple(self), attrs.astuple(other), strict=True)
        return ReportCounts(*(a + b for a, b in pairs))


@attrs.frozen
class ReportEntry:
    """One notice of a report, however often and wherever it was seen.

    Attributes:
        kind: The kind of notice (``NoticeKind`` value).
        message: The message of the first such notice seen.
        count: How many times it was seen.
        service: The service that saw it (``None``: not said).
        version: The pinned version, as sent.
        served_version: The version the server said it served.
        deprecation: When deprecated, ISO 8601.
        sunset: When it ends, ISO 8601.
        successor: The version to move to.
        link: A documentation or successor link the server gave.
        detail: For a malformed signal or server warning, the header and value.
        resources: ``(resource, times seen)`` pairs, first seen first
            (``None``: a notice that named no resource).
        more_resources: Seen on more resources than are listed.
        tests: The tests that saw it (pytest node ids), first first.
        more_tests: Seen by more tests than are listed.
    """

    kind: str
    message: str
    count: int
    service: str | None = None
    version: str | None = None
    served_version: str | None = None
    deprecation: str | None = None
    sunset: str | None = None
    successor: str | None = None
    link: str | None = None
    detail: str | None = None
    resources: tuple[tuple[str | None, int], ...] = ()
    more_resources: bool = False
    tests: tuple[str, ...] = ()
    more_tests: bool = False

    @property
    def first_seen(self) -> str | None:
        """The first test that saw it, if a test run wrote the report."""
        return self.tests[0] if self.tests else None

    @property
    def identity(self) -> tuple[str | None, ...]:
        """What makes two entries the same notice (merged into one)."""
        return (
            self.service,
            self.kind,
            self.version,
            self.served_version,
            self.deprecation,
            self.sunset,
            self.successor,
            self.detail,
        )

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON data (the module's format).

        Text that is not valid Unicode (a lone surrogate from a URL or a test
        id) is written with backslash escapes, so the data always encodes as
        UTF-8: in a report file and across xdist's wire.
        """
        out: dict[str, Any] = {"service": _utf8(self.service), "kind": self.kind}
        for name in OPTIONAL_FIELDS[1:]:
            out[name] = _utf8(getattr(self, name))
        out["message"] = _utf8(self.message)
        out["count"] = self.count
        out["resources"] = [{"name": _utf8(name), "count": count} for name, count in self.resources]
        out["more_resources"] = self.more_resources
        out["first_seen"] = _utf8(self.first_seen)
        out["tests"] = [_utf8(test) for test in self.tests]
        out["more_tests"] = self.more_tests
        return out


def _utf8(text: str | None) -> str | None:
    """``text`` with any lone surrogate written as a backslash escape."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


@attrs.frozen
class NoticeReport:
    """A report of notices: entries and counts; JSON in, JSON out, mergeable.

    Attributes:
        entries: The notices, in the order first seen.
        counts: The run's counts.
    """

    entries: tuple[ReportEntry, ...] = ()
    counts: ReportCounts = ReportCounts()

    # ------------------------------------------------------------ building

    @classmethod
    def from_records(
        cls, records: Iterable[NoticeRecord], *, service: str | None = None
    ) -> NoticeReport:
        """A session's report, from its reporter's records (``Reporter.records()``).

        Args:
            records: The records.
            service: The service's name, written on every entry.
        """
        entries = []
        for record in records:
            notice = record.notice
            resources = tuple(record.resources)
            if not resources and notice.resource is not None:
                resources = ((notice.resource, record.count),)
            entries.append(
                ReportEntry(
                    kind=notice.kind.value,
                    message=notice.message,
                    count=record.count,
                    service=service,
                    version=notice.requested_version,
                    served_version=notice.served_version,
                    deprecation=_iso(notice.deprecation),
                    sunset=_iso(notice.sunset),
                    successor=notice.successor,
                    link=notice.link,
                    detail=notice.detail,
                    resources=resources,
                    more_resources=record.other_resources > 0,
                )
            )
        total = sum(entry.count for entry in entries)
        deprecations = sum(entry.count for entry in entries if entry.kind == _DEPRECATED)
        breaking = sum(entry.count for entry in entries if entry.kind == _BREAKING_CHANGE)
        counts = ReportCounts(total=total, deprecations=deprecations, breaking_changes=breaking)
        return cls(tuple(entries), counts)

    def with_service(self, service: str | None) -> NoticeReport:
        """The report with ``service`` written on every entry that names none."""
        if service is None:
            return self
        return attrs.evolve(
            self,
            entries=tuple(
                entry if entry.service is not None else attrs.evolve(entry, service=service)
                for entry in self.entries
            ),
        )

    @classmethod
    def merge(cls, reports: Iterable[NoticeReport]) -> NoticeReport:
        """One report of several: the same notices merged, counts added (first report first)."""
        merged: dict[tuple[str | None, ...], _Merging] = {}
        counts = ReportCounts()
        for report in reports:
            counts += report.counts
            for entry in report.entries:
                found = merged.get(entry.identity)
                if found is None:
                    merged[entry.identity] = _Merging(entry)
                else:
                    found.add(entry)
        return cls(tuple(item.entry() for item in merged.values()), counts)

    # ---------------------------------------------------------------- JSON

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON data (``"format": 1``)."""
        from apiversion_client import __version__

        return {
            "format": REPORT_FORMAT,
            "generator": f"apiversion-client {__version__}",
            "counts": attrs.asdict(self.counts),
            "notices": [entry.to_dict() for entry in self.entries],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text (``"format": 1``), ending with a newline."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: object, *, source: str = "report") -> NoticeReport:
        """Read JSON data of format 1.

        Args:
            data: The parsed JSON.
            source: Names the data in error messages (a file name).

        Raises:
            ReportError: Not a report of format 1; the message names ``source``
                and the key path.
        """
        from apiversion_client._telemetry_load import read_report

        return read_report(data, source)

    @classmethod
    def loads(cls, text: str, *, source: str = "report") -> NoticeReport:
        """Read JSON text of format 1.

        Raises:
            ReportError: Not JSON, or not a report of format 1.
        """
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ReportError(f"{source}: not JSON: {exc}") from None
        except RecursionError:
            raise ReportError(f"{source}: not a notice report (nested too deeply)") from None
        try:
            return cls.from_dict(data, source=source)
        except RecursionError:
            raise ReportError(f"{source}: not a notice report (nested too deeply)") from None

    @classmethod
    def load(cls, path: str | Path) -> NoticeReport:
        """Read a report file.

        Raises:
            ReportError: Not UTF-8 JSON, or not a report of format 1.
            OSError: The file cannot be read.
        """
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problem = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
            raise ReportError(f"{path}: {problem}") from None
        return cls.loads(text, source=str(path))

    # --------------------------------------------------------------- table

    def rows(self) -> list[tuple[str | None, str | None, str, str, str | None, int]]:
        """``(service, version, resource, kind, sunset day, times seen)``, soonest sunset first.

        One row per resource of each entry (the times seen on that resource);
        rows that say the same are added up.
        """
        seen: dict[tuple[str | None, str | None, str, str, str | None], int] = {}
        for entry in self.entries:
            day = entry.sunset[:10] if entry.sunset else None
            listed = 0
            for resource, count in entry.resources:
                key = (entry.service, entry.version, resource or _ANY_RESOURCE, entry.kind, day)
                seen[key] = seen.get(key, 0) + count
                listed += count
            rest = entry.count - listed
            if rest > 0 or not entry.resources:
                name = "(other resources)" if entry.resources else _ANY_RESOURCE
                key = (entry.service, entry.version, name, entry.kind, day)
                seen[key] = seen.get(key, 0) + max(rest, 0)

        def order(item: tuple[tuple[Any, ...], int]) -> tuple[Any, ...]:
            (service, version, resource, kind, day), _ = item
            # A named resource before "(other resources)" and "(any resource)".
            named = (resource.startswith("("), resource)
            return (day is None, day or "", service or "", version or "", named, kind)

        return [(*key, count) for key, count in sorted(seen.items(), key=order)]

    def table(self) -> str:
        """The team lead's table: service, version, resource, kind, sunset, times seen."""
        lines = [("Service", "Version", "Resource", "Kind", "Sunset", "Seen")]
        for service, version, resource, kind, day, count in self.rows():
            seen = f"{count} time{'' if count == 1 else 's'}"
            lines.append(
                (service or "-", version or "(unpinned)", resource, kind, day or "-", seen)
            )
        widths = [max(len(line[i]) for line in lines) + 2 for i in range(5)]
        return "".join(
            "".join(cell.ljust(width) for cell, width in zip(line[:5], widths, strict=True))
            + line[5]
            + "\n"
            for line in lines
        )

    def deprecated(self) -> Iterator[ReportEntry]:
        """The entries that are deprecations (dated or not)."""
        return (entry for entry in self.entries if entry.kind == _DEPRECATED)


class _Merging:
    """An entry being merged (mutable until :meth:`entry`)."""

    __slots__ = ("count", "first", "link", "more_resources", "more_tests", "resources", "tests")

    def __init__(self, entry: ReportEntry) -> None:
        self.first = entry
        self.count = 0
        self.link = entry.link
        self.resources: dict[str | None, int] = {}
        self.tests: dict[str, None] = {}
        self.more_resources = self.more_tests = False
        self.add(entry)

    def add(self, entry: ReportEntry) -> None:
        self.count += entry.count
        self.link = self.link or entry.link
        self.more_resources |= entry.more_resources
        self.more_tests |= entry.more_tests
        resources = self.resources
        for name, count in entry.resources:
            if name in resources:
                resources[name] += count
            elif len(resources) < MAX_NAMES:
                resources[name] = count
            else:
                self.more_resources = True
        for test in entry.tests:
            if test in self.tests:
                continue
            if len(self.tests) < MAX_NAMES:
                self.tests[test] = None
            else:
                self.more_tests = True

    def entry(self) -> ReportEntry:
        return attrs.evolve(
            self.first,
            count=self.count,
            link=self.link,
            resources=tuple(self.resources.items()),
            more_resources=self.more_resources,
            tests=tuple(self.tests),
            more_tests=self.more_tests,
        )


# ---------------------------------------------------------------- command line


def report_command(
    paths: Sequence[str],
    *,
    service: str | None,
    as_json: bool,
    on: dt.date,
    out: TextIO,
    output: str | None = None,
) -> int:
    """``apiversion-client report merge``: merge report files, print the table or JSON.

    Args:
        paths: The report files.
        service: The service of the notices that name none.
        as_json: Print the merged report instead of the table.
        on: The date sunsets are judged on.
        out: Where to print.
        output: A file to write instead (``None`` or ``"-"``: ``out``); ``out``
            then says what was written.

    Returns:
        0 no deprecation seen; 1 a deprecation seen; 2 a sunset on or before ``on``.

    Raises:
        ReportError: A file is not a report of format 1.
        OSError: A file cannot be read, or ``output`` cannot be written.
    """
    reports = [NoticeReport.load(path).with_service(service) for path in paths]
    merged = NoticeReport.merge(reports)
    deprecated = list(merged.deprecated())
    breaking = [entry for entry in merged.entries if entry.kind == _BREAKING_CHANGE]
    today = on.isoformat()
    ended = [entry for entry in deprecated if entry.sunset and entry.sunset[:10] <= today]
    code = 2 if ended else (1 if deprecated or breaking else 0)
    text = (
        merged.to_json()
        if as_json
        else _table_text(merged, len(reports), ended, deprecated, breaking, today)
    )
    text = _utf8(text) or ""  # a lone surrogate a report carried, written as an escape
    if output in (None, "-"):
        out.write(text)
    else:
        Path(str(output)).write_text(text, encoding="utf-8")
        out.write(f"wrote {output} ({_plural(len(merged.entries), 'notice')})\n")
    return code


def _table_text(
    merged: NoticeReport,
    reports: int,
    ended: list[ReportEntry],
    deprecated: list[ReportEntry],
    breaking: list[ReportEntry],
    today: str,
) -> str:
    lines = [merged.table()] if merged.entries else []
    seen = sum(entry.count for entry in merged.entries)
    summary = f"{_plural(len(merged.entries), 'notice')} seen {_plural(seen, 'time')} in "
    summary += _plural(reports, "report")
    if merged.counts.dropped:
        summary += f" ({merged.counts.dropped} more not kept)"
    lines.append(summary + "\n")
    if ended:
        whose = "its" if len(ended) == 1 else "their"
        lines.append(
            f"error: {_plural(len(ended), 'deprecation')} past {whose} sunset as of {today}\n"
        )
    elif deprecated:
        lines.append(f"warning: {_plural(len(deprecated), 'deprecation')}\n")
    if breaking:
        lines.append(f"warning: {_plural(len(breaking), 'breaking change')}\n")
    return "".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
