"""Reading a notice report's JSON data: every value checked, every error with its key path.

The format is described in :mod:`apiversion_client._telemetry_report`.  A
report comes from another machine (a CI artefact, a colleague's file): nothing
in it is trusted.  Wrong values raise :class:`ReportError` naming the source
and the key path (``ci.json: notices[2].count: ...``); keys this release does
not know are ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from apiversion_client._telemetry_report import (
    OPTIONAL_FIELDS,
    REPORT_FORMAT,
    NoticeReport,
    ReportCounts,
    ReportEntry,
    ReportError,
)

__all__ = ["read_report"]


def _iso_date(text: str) -> bool:
    """Whether ``text`` is an ISO 8601 date or date-time (what reports write)."""
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


# A problem quotes at most this much of a value (a report may hold megabytes).
_MAX_PROBLEM = 300


def read_report(data: object, source: str) -> NoticeReport:
    """Read JSON data of format 1 (see :meth:`NoticeReport.from_dict`).

    Raises:
        ReportError: Not a report of format 1; the message names ``source`` and the key path.
    """
    return _Reader(source).report(data)


class _Reader:
    """Read and check report data, naming the source and key path of what is wrong."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> ReportError:
        if len(problem) > _MAX_PROBLEM:
            problem = problem[: _MAX_PROBLEM - 3] + "..."
        return ReportError(f"{self.source}: {path[:_MAX_PROBLEM]}: {problem}")

    def report(self, data: object) -> NoticeReport:
        if not isinstance(data, Mapping):
            raise ReportError(f"{self.source}: not a notice report (a JSON object with 'format')")
        fmt = data.get("format")
        if fmt != REPORT_FORMAT or isinstance(fmt, bool):
            raise self.fail(
                "format",
                f"expected {REPORT_FORMAT}, got {fmt!r} (a notice report of another format, "
                "or no notice report at all)",
            )
        counts = data.get("counts", {})
        if not isinstance(counts, Mapping):
            raise self.fail("counts", f"expected an object, got {counts!r}")
        numbers = {
            name: self.whole(counts.get(name, 0), f"counts.{name}")
            for name in ("total", "expected", "deprecations", "dropped", "breaking_changes")
        }
        notices = data.get("notices", [])
        if not isinstance(notices, list):
            raise self.fail("notices", f"expected a list, got {notices!r}")
        entries = tuple(self.entry(item, f"notices[{i}]") for i, item in enumerate(notices))
        return NoticeReport(entries, ReportCounts(**numbers))

    def whole(self, value: object, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(path, f"expected a whole number >= 0, got {value!r}")
        return value

    def text(self, value: object, path: str, *, optional: bool = True) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            wanted = "a string or null" if optional else "a string"
            raise self.fail(path, f"expected {wanted}, got {value!r}")
        return value

    def flag(self, value: object, path: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(path, f"expected true or false, got {value!r}")
        return value

    def listed(self, value: object, path: str) -> Sequence[Any]:
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, got {value!r}")
        return value

    def entry(self, item: object, path: str) -> ReportEntry:
        if not isinstance(item, Mapping):
            raise self.fail(path, f"expected an object, got {item!r}")
        fields: dict[str, Any] = {
            name: self.text(item.get(name), f"{path}.{name}") for name in OPTIONAL_FIELDS
        }
        for when in ("deprecation", "sunset"):  # compared as dates: ISO 8601 or nothing
            value = fields[when]
            if value is not None and not _iso_date(value):
                raise self.fail(
                    f"{path}.{when}", f"expected an ISO 8601 date or date-time, got {value!r}"
                )
        for required in ("kind", "message"):
            fields[required] = self.text(item.get(required), f"{path}.{required}", optional=False)
        fields["count"] = self.whole(item.get("count"), f"{path}.count")
        resources = []
        for i, resource in enumerate(self.listed(item.get("resources", []), f"{path}.resources")):
            where = f"{path}.resources[{i}]"
            if not isinstance(resource, Mapping):
                raise self.fail(where, f"expected an object, got {resource!r}")
            name = self.text(resource.get("name"), f"{where}.name")
            resources.append((name, self.whole(resource.get("count"), f"{where}.count")))
        fields["resources"] = tuple(resources)
        tests = self.listed(item.get("tests", []), f"{path}.tests")
        fields["tests"] = tuple(
            str(self.text(test, f"{path}.tests[{i}]", optional=False))
            for i, test in enumerate(tests)
        )
        for more in ("more_resources", "more_tests"):
            fields[more] = self.flag(item.get(more, False), f"{path}.{more}")
        return ReportEntry(**fields)
