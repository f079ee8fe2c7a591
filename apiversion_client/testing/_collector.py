"""Gather the notices the library reports: for one test, or for a whole pytest run.

* :class:`NoticeCollector`: every notice, from any session, while it is active.
* :class:`NoticeLog`: what the pytest plugin keeps of a run's notices: one entry per
  notice (seen on one resource or many), the tests that saw it, and counts; the
  notices a test expected are counted, not listed.  No pytest here: the plugin
  feeds it and prints it.
"""

from __future__ import annotations

import collections
import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from apiversion_client._notices import Notice, NoticeKind
from apiversion_client._policy import add_listener, remove_listener
from apiversion_client._telemetry_report import NoticeReport, ReportCounts, ReportEntry

__all__ = ["LogEntry", "NoticeCollector", "NoticeLog", "plural"]

_DEPRECATION_KINDS = frozenset({NoticeKind.DEPRECATED, NoticeKind.SUNSET})


class NoticeCollector:
    """Collect the notices that every session, adapter and client of this library sees.

    A context manager: entering registers a listener with
    :func:`apiversion_client.add_listener`, leaving removes it.  The listener
    sees each notice *before* a session's "once" dedupe, so a deprecation
    repeated on three requests is collected three times.  Thread-safe; its
    memory is bounded by ``max_notices`` (the oldest are dropped first).

    Args:
        max_notices: How many notices to keep at most.

    Example:
        >>> with NoticeCollector() as collected:
        ...     pass  # make requests
        >>> collected.deprecations
        ()
    """

    def __init__(self, *, max_notices: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._notices: collections.deque[Notice] = collections.deque(maxlen=max(1, max_notices))
        self._active = False

    def _listen(self, notice: Notice) -> None:
        with self._lock:
            self._notices.append(notice)

    def start(self) -> NoticeCollector:
        """Start collecting (idempotent).

        Returns:
            The collector itself.
        """
        with self._lock:
            if self._active:
                return self
            self._active = True
        add_listener(self._listen)
        return self

    def stop(self) -> None:
        """Stop collecting (idempotent); what was collected stays."""
        with self._lock:
            if not self._active:
                return
            self._active = False
        remove_listener(self._listen)

    def __enter__(self) -> NoticeCollector:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def active(self) -> bool:
        """Whether the collector is listening."""
        return self._active

    @property
    def notices(self) -> tuple[Notice, ...]:
        """Every notice collected, oldest first."""
        with self._lock:
            return tuple(self._notices)

    @property
    def deprecations(self) -> tuple[Notice, ...]:
        """The deprecation and sunset notices collected."""
        return tuple(n for n in self.notices if n.kind in _DEPRECATION_KINDS)

    def of_kind(self, kind: NoticeKind | str) -> tuple[Notice, ...]:
        """The notices of one kind (a :class:`NoticeKind` or its value, e.g. ``"sunset"``)."""
        wanted = kind if isinstance(kind, NoticeKind) else NoticeKind(str(kind).lower())
        return tuple(n for n in self.notices if n.kind is wanted)

    def distinct(self) -> tuple[Notice, ...]:
        """The notices with repeats removed (by :attr:`Notice.key`), first seen first."""
        seen: dict[tuple[object, ...], Notice] = {}
        for notice in self.notices:
            seen.setdefault(notice.key, notice)
        return tuple(seen.values())

    def clear(self) -> None:
        """Forget what was collected."""
        with self._lock:
            self._notices.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._notices)

    def __iter__(self) -> Iterator[Notice]:
        return iter(self.notices)

    def __bool__(self) -> bool:
        return len(self) > 0


# ------------------------------------------------------------- a run's log

#: Distinct entries a run keeps; notices past that are counted, not kept.
MAX_ENTRIES = 1000
#: Resources and tests an entry keeps by name; past that it says "1000+".
MAX_NAMES = 1000
#: Names (resources and tests) a run keeps in all its entries.
MAX_NAMES_TOTAL = 50_000


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``1 notice``, ``2 notices``: a count with its noun in the right number."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def _identity(notice: Notice) -> tuple[str | None, ...]:
    """What makes notices "the same" in the summary: :attr:`Notice.key` less the resource.

    A version deprecated as a whole is announced on every resource a run touches;
    it is one entry, seen on many resources.  Strings only: it travels between
    processes (pytest-xdist) as it is.
    """
    return (
        notice.kind.value,
        notice.requested_version,
        notice.served_version,
        _iso(notice.deprecation),
        _iso(notice.sunset),
        notice.successor,
        notice.detail,
    )


@attrs.define
class LogEntry:
    """One entry of a run's summary: a notice, however often and wherever it was seen.

    Attributes:
        kind: The kind of notice.
        version: The pinned version (:attr:`Notice.requested_version`).
        message: The message of the first such notice seen.
        count: How many times it was seen.
        resources: The resources it was seen on, first seen first (``None``: none
            named), each with how many times it was seen there.
        more_resources: Whether it was seen on more resources than are kept.
        tests: The node ids of the tests that saw it, first first.
        more_tests: Whether more tests saw it than are kept.
        served_version: The version served, as the first such notice said.
        deprecation: Its deprecation date, ISO 8601.
        sunset: Its sunset, ISO 8601.
        successor: The version to move to.
        link: The first link such a notice gave.
        detail: For malformed signals and server warnings, the header and value.
    """

    kind: NoticeKind
    version: str | None
    message: str
    count: int = 0
    resources: dict[str | None, int] = attrs.Factory(dict)
    more_resources: bool = False
    tests: dict[str, None] = attrs.Factory(dict)
    more_tests: bool = False
    served_version: str | None = None
    deprecation: str | None = None
    sunset: str | None = None
    successor: str | None = None
    link: str | None = None
    detail: str | None = None

    @classmethod
    def of(cls, notice: Notice) -> LogEntry:
        """A new entry for a notice (not counted yet)."""
        return cls(
            notice.kind,
            notice.requested_version,
            notice.message,
            served_version=notice.served_version,
            deprecation=_iso(notice.deprecation),
            sunset=_iso(notice.sunset),
            successor=notice.successor,
            link=notice.link,
            detail=notice.detail,
        )

    @property
    def spread(self) -> bool:
        """Whether it was seen on more than one resource (shown as one entry for all)."""
        return len(self.resources) > 1 or self.more_resources

    def report_entry(self, service: str | None = None) -> ReportEntry:
        """The entry as it goes into a notice report (``--apiversion-report``)."""
        return ReportEntry(
            kind=self.kind.value,
            message=self.message,
            count=self.count,
            service=service,
            version=self.version,
            served_version=self.served_version,
            deprecation=self.deprecation,
            sunset=self.sunset,
            successor=self.successor,
            link=self.link,
            detail=self.detail,
            resources=tuple(self.resources.items()),
            more_resources=self.more_resources,
            tests=tuple(self.tests),
            more_tests=self.more_tests,
        )


class _Scope:
    __slots__ = ("expects", "nodeid")

    def __init__(self, nodeid: str, expects: Callable[[Notice], bool] | None) -> None:
        self.nodeid = nodeid
        self.expects = expects


class NoticeLog:
    """The notices one pytest run saw, as summary entries; bounded and thread-safe.

    Notices a running test expects (:meth:`begin_test`) are counted, not listed.
    A log turns into plain data (:meth:`to_payload`) and back (:meth:`merge_payload`):
    that is how notices seen in pytest-xdist workers reach the controller.

    Attributes:
        total: Every notice recorded, expected or not.
        expected: The notices a test expected.
        deprecations: The deprecation and sunset notices no test expected.
        breaking_changes: The breaking-change notices (a broken promise the SDK
            declared: the tripwire) no test expected.
        dropped: Notices counted but not kept (past :data:`MAX_ENTRIES` entries).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str | None, ...], LogEntry] = {}
        self._scope: _Scope | None = None
        self._room = MAX_NAMES_TOTAL
        self.total = 0
        self.expected = 0
        self.deprecations = 0
        self.breaking_changes = 0
        self.dropped = 0

    @property
    def listed(self) -> int:
        """The notices no test expected (those the summary lists)."""
        return self.total - self.expected

    @property
    def failures(self) -> int:
        """The notices that fail a strict run: :attr:`deprecations` + :attr:`breaking_changes`."""
        return self.deprecations + self.breaking_changes

    @property
    def current_test(self) -> str | None:
        """The node id of the test running, if any."""
        scope = self._scope
        return None if scope is None else scope.nodeid

    def begin_test(self, nodeid: str, expects: Callable[[Notice], bool] | None = None) -> None:
        """Attribute the notices that follow to a test.

        Args:
            nodeid: The test's node id.
            expects: Says whether the test expects a notice (then it is not listed).
        """
        self._scope = _Scope(nodeid, expects)

    def end_test(self) -> None:
        """Stop attributing notices to a test."""
        self._scope = None

    def record(self, notice: Notice) -> None:
        """Record one notice (for the test running, if any)."""
        scope = self._scope
        if scope is not None and scope.expects is not None and scope.expects(notice):
            with self._lock:
                self.total += 1
                self.expected += 1
            return
        key = _identity(notice)
        with self._lock:
            self.total += 1
            if notice.kind in _DEPRECATION_KINDS:
                self.deprecations += 1
            elif notice.kind is NoticeKind.BREAKING_CHANGE:
                self.breaking_changes += 1
            entry = self._entries.get(key)
            if entry is None:
                if len(self._entries) >= MAX_ENTRIES:
                    self.dropped += 1
                    return
                entry = self._entries[key] = LogEntry.of(notice)
            entry.count += 1
            entry.more_resources |= self._count(entry.resources, ((notice.resource, 1),))
            if scope is not None and scope.nodeid not in entry.tests:
                entry.more_tests |= self._keep(entry.tests, (scope.nodeid,))

    def _keep(self, names: dict[Any, None], new: Iterable[Any]) -> bool:
        """Keep the new names (under the lock); return whether some did not fit."""
        for name in new:
            if name in names:
                continue
            if len(names) >= MAX_NAMES or self._room <= 0:
                return True
            names[name] = None
            self._room -= 1
        return False

    def _count(self, counts: dict[Any, int], new: Iterable[tuple[Any, int]]) -> bool:
        """Count names seen (under the lock); return whether some new ones did not fit."""
        overflow = False
        for name, times in new:
            known = counts.get(name)
            if known is not None:
                counts[name] = known + times
            elif len(counts) >= MAX_NAMES or self._room <= 0:
                overflow = True
            else:
                counts[name] = times
                self._room -= 1
        return overflow

    def entries(self) -> list[LogEntry]:
        """The entries by version, then resource (those seen on several resources last)."""
        with self._lock:
            entries = list(self._entries.values())

        def order(entry: LogEntry) -> tuple[str, bool, str, str, str]:
            first = "" if entry.spread else next(iter(entry.resources), None) or ""
            return (entry.version or "", entry.spread, first, entry.kind.value, entry.message)

        return sorted(entries, key=order)

    def report(self, service: str | None = None) -> NoticeReport:
        """The log as a notice report (``--apiversion-report``'s JSON, ``"format": 1``).

        Args:
            service: The service's name, written on every entry.
        """
        with self._lock:
            entries = tuple(entry.report_entry(service) for entry in self._entries.values())
            counts = ReportCounts(
                self.total,
                self.expected,
                self.deprecations,
                self.dropped,
                breaking_changes=self.breaking_changes,
            )
        return NoticeReport(entries, counts)

    def to_payload(self) -> dict[str, Any]:
        """The log as plain data that can cross processes: a notice report's JSON data."""
        return self.report().to_dict()

    def merge_payload(self, payload: Mapping[str, Any]) -> None:
        """Add a log made by :meth:`to_payload` (another process's) to this one.

        Raises:
            ValueError: The payload is not a notice report of format 1
                (:class:`~apiversion_client.telemetry.ReportError`).
        """
        self.merge_report(NoticeReport.from_dict(payload, source="notice log payload"))

    def merge_report(self, report: NoticeReport) -> None:
        """Add a notice report's entries and counts to this log."""
        with self._lock:
            self.total += report.counts.total
            self.expected += report.counts.expected
            self.deprecations += report.counts.deprecations
            self.breaking_changes += report.counts.breaking_changes
            self.dropped += report.counts.dropped
            for item in report.entries:
                kind = NoticeKind(item.kind)
                key: tuple[str | None, ...] = (kind.value, item.version, item.served_version)
                key += (item.deprecation, item.sunset, item.successor, item.detail)
                entry = self._entries.get(key)
                if entry is None:
                    if len(self._entries) >= MAX_ENTRIES:
                        self.dropped += item.count
                        continue
                    entry = self._entries[key] = LogEntry(
                        kind,
                        item.version,
                        item.message,
                        served_version=item.served_version,
                        deprecation=item.deprecation,
                        sunset=item.sunset,
                        successor=item.successor,
                        link=item.link,
                        detail=item.detail,
                    )
                entry.count += item.count
                more = self._count(entry.resources, item.resources)
                entry.more_resources |= more or item.more_resources
                entry.more_tests |= self._keep(entry.tests, item.tests) or item.more_tests

    def summary_lines(self) -> Iterator[str]:
        """The summary: by version, then resource, naming the tests; compact for floods.

        A notice seen on several resources (a version deprecated as a whole) is one
        entry headed "seen on N resources", naming the first few.
        """
        version: object = _NOTHING
        heading: object = _NOTHING
        entries = self.entries()
        for entry in entries[:MAX_ENTRIES_SHOWN]:
            if entry.version != version:
                version, heading = entry.version, _NOTHING
                yield f"API version {entry.version}" if entry.version else "unpinned"
            if entry.spread:
                heading = _NOTHING
                yield f"  {_seen_on(entry)}"
            else:
                resource = next(iter(entry.resources), None)
                if resource != heading:
                    heading = resource
                    yield f"  {resource or _ANY_RESOURCE}"
            yield f"    [{entry.kind.value}] {plural(entry.count, 'time')}: {entry.message}"
            tests = list(entry.tests)
            for nodeid in tests[:MAX_NAMES_SHOWN]:
                yield f"      {nodeid}"
            if len(tests) > MAX_NAMES_SHOWN or entry.more_tests:
                more = _more(len(tests) - MAX_NAMES_SHOWN, entry.more_tests, "test")
                yield f"      ... and {more}"
        hidden = entries[MAX_ENTRIES_SHOWN:]
        if hidden:
            count = sum(entry.count for entry in hidden)
            yield f"... and {len(hidden)} more ({plural(count, 'notice')}) not shown"
        if self.dropped:
            yield (
                f"... and {plural(self.dropped, 'more notice')} not kept "
                f"(a run keeps {MAX_ENTRIES} distinct ones)"
            )


#: Entries the summary shows; the rest are counted in one line.
MAX_ENTRIES_SHOWN = 25
#: Tests and resources named per entry.
MAX_NAMES_SHOWN = 5
_NOTHING = object()
_ANY_RESOURCE = "(any resource)"


def _more(count: int, overflow: bool, noun: str) -> str:
    count = max(count, 0)
    if overflow:
        return f"{count}+ more {noun}s"
    return f"{count} more {noun if count == 1 else noun + 's'}"


def _seen_on(entry: LogEntry) -> str:
    names = [resource or _ANY_RESOURCE for resource in entry.resources]
    shown = ", ".join(names[:MAX_NAMES_SHOWN])
    if len(names) > MAX_NAMES_SHOWN or entry.more_resources:
        shown += f" and {_more(len(names) - MAX_NAMES_SHOWN, entry.more_resources, 'resource')}"
    many = f"{len(names)}+" if entry.more_resources else str(len(names))
    return f"seen on {many} resources: {shown}"
