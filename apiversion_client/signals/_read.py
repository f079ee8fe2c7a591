"""All the signals of one response, read in a fixed order.

How signals are read and how conflicts resolve (the whole rule book)
====================================================================

Header names are compared case-insensitively; repeated lines are read one by
one (never re-joined); a header the profile does not read is not even looked at.
Nothing here raises: whatever cannot be understood becomes a :class:`Problem`.

1. ``Deprecation`` (reader ``DEPRECATION``).  Any line other than ``false`` or
   empty makes the response ``deprecated``.  ``deprecation`` is the earliest
   date over all lines; a line whose date cannot be read adds a problem and
   contributes no date (never a guessed one); different dates on different
   lines add a "conflicting" problem.
2. ``X-GDC-Deprecated`` (reader ``GDC_DEPRECATED``).  Present and non-empty:
   ``deprecated``.  A line may hold several entries (lines joined by ``", "``);
   the entry with the earliest end of life gives the line's end of life and
   valid version, together.  The end of life is a sunset candidate; the valid
   version of the first line is the ``successor_version`` (it wins over a
   Link's, read later).  An end of life that cannot be read adds a problem.
3. ``Sunset`` (reader ``SUNSET``).  ``sunset`` is the earliest of all Sunset
   dates and X-GDC-Deprecated ends of life.  A Sunset that is not a date adds a
   problem; lines with different dates add a "conflicting" problem.  A Sunset
   alone does not make the response ``deprecated``.
4. ``Link`` (reader ``LINK``).  Links with a relation from
   :data:`VERSION_RELATIONS` are kept in ``links``; the first ``deprecation``,
   ``sunset`` and ``successor-version`` (else ``latest-version``) targets fill
   the ``*_link`` fields; a ``version`` (or ``api-version``) parameter of the
   first successor-version link is the ``successor_version`` when step 2 gave
   none.  A malformed value adds a problem; what could be salvaged is kept.
5. ``Warning`` (reader ``WARNING``).  All valid warnings are kept; a warning
   with code 299 whose text mentions ``deprecat`` (any case) makes the
   response ``deprecated``.  Dropped entries add a problem.
6. ``api-supported-versions`` / ``api-deprecated-versions`` (reader
   ``VERSION_LISTS``): merged over lines, in order, without duplicates.
7. Echo headers, in the profile's order: the first one present gives
   ``served_version`` (its first line).  A header repeating with different
   values, or a later echo header naming another version, adds a problem; the
   first value stays.
8. Cross-checks, last: a served version listed in ``api-deprecated-versions``
   makes the response ``deprecated``; a ``sunset`` earlier than the
   ``deprecation`` date (RFC 8594 says it should not be) adds a problem, and
   both dates are kept as read.

Bounded work: every line is read up to a fixed number of list members, and
what lies beyond is ignored with a problem ("more than 64 links; the rest
ignored"): 64 dates per ``Deprecation`` or ``Sunset`` line, 64 entries per
``X-GDC-Deprecated`` line (each up to its 64th ``;`` field), 64 links per
``Link`` line (each with at most 64 parameters), 64 entries per ``Warning``
line, 256 entries per version list line, 64 comma-separated values per echo
header line.  A hostile 64 KiB line thus costs a bounded number of objects and
time linear in its length.
"""

from __future__ import annotations

import datetime as _dt
import enum
import threading
import time
from collections.abc import Callable, Container, Iterable, Mapping
from functools import lru_cache
from typing import Protocol, TypeVar

import attrs

from apiversion_client.signals import _dates
from apiversion_client.signals._dates import fast_http_date, format_http_date
from apiversion_client.signals._deprecation import fast_deprecation, scan_deprecation, scan_sunset
from apiversion_client.signals._frozen import slot_setters
from apiversion_client.signals._gdc import GdcEntry, fast_gdc_deprecated, scan_gdc_deprecated
from apiversion_client.signals._link import (
    MAX_LINKS,
    REL_DEPRECATION,
    REL_LATEST_VERSION,
    REL_SUCCESSOR_VERSION,
    REL_SUNSET,
    VERSION_RELATIONS,
    Link,
    fast_links,
    scan_links,
)
from apiversion_client.signals._scan import MAX_MEMBERS, MAX_VERSIONS, only_separators
from apiversion_client.signals._versions_headers import parse_served_version, read_version_list
from apiversion_client.signals._warning import WarningValue, fast_warnings, scan_warnings

__all__ = [
    "DEFAULT_ECHO_HEADERS",
    "Problem",
    "SignalProfile",
    "SignalReader",
    "Signals",
    "read_signals",
]

#: The echo headers read when no profile is given.
DEFAULT_ECHO_HEADERS: tuple[str, ...] = ("api-version", "x-api-version")

#: Problem values are cut to this many characters for display.
MAX_PROBLEM_VALUE = 200


class SignalReader(enum.Enum):
    """A family of headers that :func:`read_signals` can read."""

    DEPRECATION = "deprecation"
    """The ``Deprecation`` header (RFC 9745)."""
    SUNSET = "sunset"
    """The ``Sunset`` header (RFC 8594)."""
    LINK = "link"
    """``Link`` relations about versions (RFC 8288)."""
    WARNING = "warning"
    """``Warning`` code 299 (RFC 7234, Kubernetes)."""
    GDC_DEPRECATED = "x-gdc-deprecated"
    """GoodData's ``X-GDC-Deprecated``."""
    VERSION_LISTS = "version-lists"
    """``api-supported-versions`` / ``api-deprecated-versions`` (ASP.NET API Versioning)."""


class SignalProfile(Protocol):
    """What :func:`read_signals` needs to know of a profile."""

    @property
    def readers(self) -> frozenset[SignalReader]:
        """The header families to read; the others are ignored."""
        ...

    @property
    def echo_headers(self) -> tuple[str, ...]:
        """Headers naming the version served, most authoritative first."""
        ...


_HEADERS: dict[SignalReader, tuple[str, ...]] = {
    SignalReader.DEPRECATION: ("deprecation",),
    SignalReader.SUNSET: ("sunset",),
    SignalReader.LINK: ("link",),
    SignalReader.WARNING: ("warning",),
    SignalReader.GDC_DEPRECATED: ("x-gdc-deprecated",),
    SignalReader.VERSION_LISTS: ("api-supported-versions", "api-deprecated-versions"),
}
_ALL_READERS = frozenset(SignalReader)


# Servers send the same few header values over and over.  A value the fast
# paths read is read again every time (that is cheaper than a cache miss that
# evicts an old result); a value that needs a scanner is cached by the value,
# and a whole set of small signal lines by the lines.  The caches are bounded
# (entries and value length, so a hostile value is parsed every time rather
# than kept), hold only immutable results, and are cleared when the year
# changes (two-digit years are read relative to it): a read compares the clock
# with the bounds of the year the caches were filled in, and only a read
# outside them asks for the year.
_CACHE_ENTRIES = 256
_CACHE_MAX_VALUE = 1024
_T = TypeVar("_T")
_caches: list[Callable[[], None]] = []
_cache_year = 0
_year_start = 0.0  # time.time() bounds of _cache_year (empty until the first read)
_year_end = 0.0
_cache_lock = threading.Lock()
_clock = time.time


def _memo(parse: Callable[[str], _T]) -> Callable[[str], _T]:
    cached = lru_cache(maxsize=_CACHE_ENTRIES)(parse)
    _caches.append(cached.cache_clear)

    def read(value: str) -> _T:
        return cached(value) if len(value) <= _CACHE_MAX_VALUE else parse(value)

    return read


def _new_year() -> None:
    """Clear the caches if the year changed; note the bounds of the current year."""
    global _cache_year, _year_start, _year_end
    with _cache_lock:
        year = _dates._current_year()
        if year != _cache_year:
            for clear in _caches:
                clear()
            _cache_year = year
        _year_start = _dt.datetime(year, 1, 1, tzinfo=_dt.UTC).timestamp()
        _year_end = (
            _dt.datetime(year + 1, 1, 1, tzinfo=_dt.UTC).timestamp() if year < 9999 else 1e300
        )


def _check_cache_year() -> None:
    if not _year_start <= _clock() < _year_end:
        _new_year()


def _frozen_links(value: str) -> tuple[tuple[Link, ...], bool, bool]:
    links, malformed, truncated = scan_links(value)
    return tuple(links), malformed, truncated


def _frozen_warnings(value: str) -> tuple[tuple[WarningValue, ...], bool, bool]:
    warnings, dropped, truncated = scan_warnings(value)
    return tuple(warnings), dropped, truncated


_scan_deprecation = _memo(scan_deprecation)
_scan_gdc_deprecated = _memo(scan_gdc_deprecated)
_scan_sunset = _memo(scan_sunset)
_scan_links = _memo(_frozen_links)
_scan_warnings = _memo(_frozen_warnings)


@lru_cache(maxsize=64)
def signal_header_names(
    readers: frozenset[SignalReader], echo_headers: tuple[str, ...]
) -> frozenset[str]:
    """The lower-cased header names :func:`read_signals` reads for these readers."""
    return frozenset(
        [name for reader in readers for name in _HEADERS[reader]]
        + [name.strip().lower() for name in echo_headers]
    )


def _display(value: str) -> str:
    return value if len(value) <= MAX_PROBLEM_VALUE else value[: MAX_PROBLEM_VALUE - 1] + "…"


@attrs.frozen
class Problem:
    """Something in a response's version signals that could not be taken at face value.

    Attributes:
        header: The header's name, e.g. ``"Sunset"``.
        value: The offending value, cut to 200 characters for display.
        message: What is wrong and what was done about it.
    """

    header: str
    value: str = attrs.field(converter=_display)
    message: str


@attrs.frozen
class Signals:
    """Everything one response said about versions, deprecation and sunset.

    ``Signals()`` is a response that said nothing.  Every datetime is aware UTC.

    Attributes:
        deprecated: The resource or version is deprecated (Deprecation,
            X-GDC-Deprecated, a Warning 299 about deprecation, or the served
            version listed in ``api-deprecated-versions``).
        deprecation: The earliest date the resource is (or was) deprecated.
        sunset: The earliest date it goes away (Sunset, X-GDC-Deprecated).
        successor_version: The version to move to, when the server named one.
        successor_link: Target of the first ``successor-version`` link, else of
            the first ``latest-version`` link.
        deprecation_link: Target of the first ``deprecation`` link.
        sunset_link: Target of the first ``sunset`` link.
        links: The links that carry a version-related relation, in order.
        warnings: Every valid ``Warning`` value, in order.
        served_version: The version the server says it served (first echo header).
        supported_versions: From ``api-supported-versions``.
        deprecated_versions: From ``api-deprecated-versions``.
        problems: What could not be read, or contradicted itself.
    """

    deprecated: bool = False
    deprecation: _dt.datetime | None = None
    sunset: _dt.datetime | None = None
    successor_version: str | None = None
    successor_link: str | None = None
    deprecation_link: str | None = None
    sunset_link: str | None = None
    links: tuple[Link, ...] = ()
    warnings: tuple[WarningValue, ...] = ()
    served_version: str | None = None
    supported_versions: tuple[str, ...] = ()
    deprecated_versions: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def deprecation_warnings(self) -> tuple[WarningValue, ...]:
        """The warnings with code 299 (miscellaneous persistent warning)."""
        return tuple(w for w in self.warnings if w.code == 299)

    @property
    def said_anything(self) -> bool:
        """True unless the response carried no signal at all (problems count)."""
        return self != Signals()


_new = object.__new__
(
    _set_deprecated,
    _set_deprecation,
    _set_sunset,
    _set_successor_version,
    _set_successor_link,
    _set_deprecation_link,
    _set_sunset_link,
    _set_links,
    _set_warnings,
    _set_served_version,
    _set_supported_versions,
    _set_deprecated_versions,
    _set_problems,
) = slot_setters(
    Signals,
    "deprecated",
    "deprecation",
    "sunset",
    "successor_version",
    "successor_link",
    "deprecation_link",
    "sunset_link",
    "links",
    "warnings",
    "served_version",
    "supported_versions",
    "deprecated_versions",
    "problems",
)


def _is_deprecation_warning(warning: WarningValue) -> bool:
    return warning.code == 299 and "deprecat" in warning.text.lower()


def collect_lines(
    header_lines: Iterable[tuple[str, str]] | Mapping[str, str], wanted: Container[str]
) -> list[tuple[str, str]]:
    """The header lines whose lower-cased name is in ``wanted``, in order, names lower-cased.

    Items that are not ``(str, str)`` pairs are skipped (never an error).
    """
    items: Iterable[object]
    if type(header_lines) is list or type(header_lines) is tuple:
        items = header_lines  # the common case, without an ABC check
    elif isinstance(header_lines, Mapping):
        items = header_lines.items()
    else:
        items = header_lines
    lines: list[tuple[str, str]] = []
    for item in items:
        try:
            name, value = item
            key = name.lower()
        except (TypeError, ValueError, AttributeError):
            continue  # not a pair, or a name that is not text
        if (key in wanted or (key := key.strip()) in wanted) and (
            type(value) is str or isinstance(value, str)
        ):
            lines.append((key, value))
    return lines


def _group(lines: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in lines:
        grouped.setdefault(name, []).append(value)
    return grouped


def _more_than(count: int, what: str) -> str:
    return f"more than {count} {what}; the rest ignored"


def _earliest(
    header: str, values: list[str], dates: list[_dt.datetime], problems: list[Problem]
) -> _dt.datetime | None:
    """The earliest of ``dates`` (read from ``values``); different dates add a problem."""
    if len(dates) < 2:
        return dates[0] if dates else None
    if len(set(dates)) > 1:
        problems.append(
            Problem(header, ", ".join(values), "conflicting dates; the earliest is used")
        )
    return min(dates)


# The steps of the rule book.  Each reads the lines of one header and appends
# what it could not take at face value to ``problems``.


def _read_deprecation(
    values: list[str], problems: list[Problem]
) -> tuple[bool, _dt.datetime | None]:
    """Step 1: (deprecated, the earliest deprecation date)."""
    deprecated = False
    dates: list[_dt.datetime] = []
    for value in values:
        found = fast_deprecation(value)
        if found is None:
            found, unreadable, truncated = _scan_deprecation(value)
            if unreadable and found is not None:
                problems.append(
                    Problem("Deprecation", value, "could not read the deprecation date")
                )
            if truncated:
                problems.append(Problem("Deprecation", value, _more_than(MAX_MEMBERS, "dates")))
            if found is None:
                continue
        deprecated = True
        if found.date is not None:
            dates.append(found.date)
    if len(dates) == 1:
        return deprecated, dates[0]
    return deprecated, _earliest("Deprecation", values, dates, problems)


def _read_gdc_deprecated(
    values: list[str], problems: list[Problem]
) -> tuple[bool, _dt.datetime | None, str | None]:
    """Step 2: (deprecated, the earliest end of life, the first line's valid version)."""
    deprecated = False
    end_of_life: _dt.datetime | None = None
    valid_version: str | None = None
    for value in values:
        found = fast_gdc_deprecated(value)
        truncated = False
        if found is None:
            found, truncated = _scan_gdc_deprecated(value)
            if found is None:
                continue
        deprecated = True
        if found.end_of_life is not None and (
            end_of_life is None or found.end_of_life < end_of_life
        ):
            end_of_life = found.end_of_life
        if valid_version is None:
            valid_version = found.valid_version
        if found.malformed:
            _gdc_problems(value, found.entries, truncated, problems)
    return deprecated, end_of_life, valid_version


def _gdc_problems(
    value: str, entries: tuple[GdcEntry, ...], truncated: bool, problems: list[Problem]
) -> None:
    bad = [entry for entry in entries if entry.malformed]
    if bad:
        unreadable_date = any(
            entry.end_of_life is None and "end-of-life" in entry.raw.lower() for entry in bad
        )
        message = (
            "could not read the end of life"
            if unreadable_date
            else "not in the form End-of-life=<date>; valid-version=<n>"
        )
        problems.append(Problem("X-GDC-Deprecated", value, message))
    if truncated:
        problems.append(Problem("X-GDC-Deprecated", value, _more_than(MAX_MEMBERS, "entries")))


def _read_sunset(values: list[str], problems: list[Problem]) -> _dt.datetime | None:
    """Step 3: the earliest Sunset date."""
    dates: list[_dt.datetime] = []
    for value in values:
        date = fast_http_date(value)
        if date is None:
            date, truncated = _scan_sunset(value)
            if date is None and value.strip(" \t"):
                problems.append(Problem("Sunset", value, "not an HTTP-date; ignored"))
            if truncated:
                problems.append(Problem("Sunset", value, _more_than(MAX_MEMBERS, "dates")))
            if date is None:
                continue
        dates.append(date)
    if len(dates) == 1:
        return dates[0]
    return _earliest("Sunset", values, dates, problems)


_LinkFields = tuple[tuple[Link, ...], str | None, str | None, str | None, str | None]


def _read_link(values: list[str], problems: list[Problem]) -> _LinkFields:
    """Step 4: (version links, successor link, deprecation link, sunset link, successor version)."""
    kept: list[Link] = []
    successor = latest = deprecation = sunset = None
    for value in values:
        links: Iterable[Link] | None = fast_links(value)
        if links is None:
            links, malformed, truncated = _scan_links(value)
            if malformed:
                problems.append(Problem("Link", value, "malformed; what could be read was kept"))
            if truncated:
                problems.append(Problem("Link", value, _more_than(MAX_LINKS, "links")))
        for link in links:
            rels = link.rels
            if rels.isdisjoint(VERSION_RELATIONS):
                continue
            kept.append(link)
            if successor is None and REL_SUCCESSOR_VERSION in rels:
                successor = link
            if latest is None and REL_LATEST_VERSION in rels:
                latest = link
            if deprecation is None and REL_DEPRECATION in rels:
                deprecation = link
            if sunset is None and REL_SUNSET in rels:
                sunset = link
    if not kept:
        return (), None, None, None, None
    chosen = successor or latest
    named = None
    if successor is not None:
        params = successor.params._index  # names are lower-cased: no Mapping.get detour
        named = params.get("version") or params.get("api-version") or None
    return (
        tuple(kept),
        chosen.target if chosen else None,
        deprecation.target if deprecation else None,
        sunset.target if sunset else None,
        named,
    )


def _read_warning(
    values: list[str], problems: list[Problem]
) -> tuple[tuple[WarningValue, ...], bool]:
    """Step 5: (every valid warning, whether one is about deprecation)."""
    kept: list[WarningValue] = []
    for value in values:
        warnings: Iterable[WarningValue] | None = fast_warnings(value)
        if warnings is None:
            warnings, dropped, truncated = _scan_warnings(value)
            if dropped:
                problems.append(Problem("Warning", value, "invalid warning-value dropped"))
            if truncated:
                problems.append(Problem("Warning", value, _more_than(MAX_MEMBERS, "warnings")))
        kept.extend(warnings)
    return tuple(kept), any(_is_deprecation_warning(warning) for warning in kept)


def _read_versions(header: str, values: list[str], problems: list[Problem]) -> tuple[str, ...]:
    """Step 6: one version list, merged over its lines."""
    versions, truncated = read_version_list(values)
    if truncated:
        problems.append(Problem(header, ", ".join(values), _more_than(MAX_VERSIONS, "versions")))
    return versions


def _read_echo(
    grouped: dict[str, list[str]], names: tuple[tuple[str, str], ...], problems: list[Problem]
) -> str | None:
    """Step 7: the version the first echo header present names."""
    served: str | None = None
    served_by = ""
    for name, key in names:
        values = grouped.get(key)
        if values is None:
            continue
        versions: list[str] = []
        for value in values:
            parts = value.split(",", MAX_MEMBERS)
            if len(parts) > MAX_MEMBERS and not only_separators(parts.pop(), 0):
                problems.append(Problem(name, value, _more_than(MAX_MEMBERS, "values")))
            for part in parts:
                version = parse_served_version(part)
                if version is not None:
                    versions.append(version)
        if not versions:
            continue
        if len(set(versions)) > 1:
            problems.append(Problem(name, ", ".join(values), "repeated with different values"))
        if served is None:
            served, served_by = versions[0], name
        elif versions[0] != served:
            message = f"disagrees with {served_by} ({served!r}); {served!r} is used"
            problems.append(Problem(name, versions[0], message))
    return served


_Plan = tuple[bool, bool, bool, bool, bool, bool, tuple[tuple[str, str], ...], frozenset[str]]


@lru_cache(maxsize=64)
def _plan(readers: frozenset[SignalReader], echo_headers: tuple[str, ...]) -> _Plan:
    """Which steps these readers take; the echo headers as (name, key), and their keys."""
    echo = tuple((name, name.strip().lower()) for name in echo_headers)
    return (
        SignalReader.DEPRECATION in readers,
        SignalReader.GDC_DEPRECATED in readers,
        SignalReader.SUNSET in readers,
        SignalReader.LINK in readers,
        SignalReader.WARNING in readers,
        SignalReader.VERSION_LISTS in readers,
        echo,
        frozenset(key for _, key in echo),
    )


_NOTHING = Signals()


def read_signals(
    header_lines: Iterable[tuple[str, str]] | Mapping[str, str],
    profile: SignalProfile | None = None,
) -> Signals:
    """Read the version and deprecation signals of one response.

    The order of reading, the rules for conflicts and the bounds on the work
    per header value are in this module's documentation.

    Args:
        header_lines: The response's header lines as ``(name, value)`` pairs, a
            name possibly repeated (names are case-insensitive); a mapping of
            names to values is accepted too.
        profile: Which header families to read and which echo headers name the
            served version; None reads everything, with
            :data:`DEFAULT_ECHO_HEADERS`.

    Returns:
        A :class:`Signals`; ``Signals()`` when nothing was said.
    """
    if profile is None:
        readers: frozenset[SignalReader] = _ALL_READERS
        echo_headers = DEFAULT_ECHO_HEADERS
    else:
        readers = frozenset(profile.readers)
        echo_headers = tuple(profile.echo_headers)
    lines = collect_lines(header_lines, signal_header_names(readers, echo_headers))
    return read_collected(tuple(lines), readers, echo_headers)


def read_collected(
    lines: tuple[tuple[str, str], ...],
    readers: frozenset[SignalReader],
    echo_headers: tuple[str, ...],
) -> Signals:
    """:func:`read_signals` of lines already collected by :func:`collect_lines`.

    ``lines`` holds only names from :func:`signal_header_names` (lower-cased);
    small sets of lines that repeat are cached by their value.
    """
    if not lines:
        return _NOTHING  # no header this profile reads: nothing to do
    if not _year_start <= _clock() < _year_end:
        _new_year()
    key = (readers, echo_headers, lines)
    digest = hash(key)
    kept = _signals.get(digest)
    if kept is not None and kept[0] == key:
        return kept[1]
    signals = _read(lines, readers, echo_headers)
    if digest not in _seen:
        if len(_seen) >= _SEEN_ENTRIES:
            _seen.clear()
        _seen.add(digest)
    elif sum(len(value) for _, value in lines) <= _CACHE_MAX_VALUE:
        with _cache_lock:  # the second sighting of small lines: worth keeping
            if len(_signals) >= _CACHE_ENTRIES:
                del _signals[next(iter(_signals))]  # the oldest entry
            _signals[digest] = (key, signals)
    return signals


# Whole sets of small signal lines (1 KiB at most), cached by the lines, found
# by their hash.  A set is kept only when it is read a second time (the hashes
# of sets read once are remembered, boundedly): lines that never repeat neither
# fill the cache nor push out lines that do, and cost no eviction.  First in,
# first out: an evicted set that comes back is kept again on its next reading.
_SEEN_ENTRIES = 1024
_Key = tuple[frozenset[SignalReader], tuple[str, ...], tuple[tuple[str, str], ...]]
_signals: dict[int, tuple[_Key, Signals]] = {}
_seen: set[int] = set()


def _clear_signals() -> None:
    _signals.clear()  # each clear is atomic; _new_year calls this holding _cache_lock
    _seen.clear()


_caches.append(_clear_signals)


def _read(
    lines: tuple[tuple[str, str], ...],
    readers: frozenset[SignalReader],
    echo_headers: tuple[str, ...],
) -> Signals:
    """The rule book (this module's documentation), step by step, in its order."""
    grouped = _group(lines)
    get = grouped.get
    (
        deprecation_step,
        gdc_step,
        sunset_step,
        link_step,
        warning_step,
        lists_step,
        echo,
        echo_keys,
    ) = _plan(readers, echo_headers)
    problems: list[Problem] = []
    deprecated = False
    deprecation = sunset = None
    successor_version = successor_link = deprecation_link = sunset_link = served = None
    links: tuple[Link, ...] = ()
    warnings: tuple[WarningValue, ...] = ()
    supported_versions: tuple[str, ...] = ()
    deprecated_versions: tuple[str, ...] = ()
    if deprecation_step and (values := get("deprecation")) is not None:
        deprecated, deprecation = _read_deprecation(values, problems)
    if gdc_step and (values := get("x-gdc-deprecated")) is not None:
        said, sunset, successor_version = _read_gdc_deprecated(values, problems)
        deprecated = deprecated or said
    if sunset_step and (values := get("sunset")) is not None:
        date = _read_sunset(values, problems)
        if date is not None and (sunset is None or date < sunset):
            sunset = date
    if link_step and (values := get("link")) is not None:
        links, successor_link, deprecation_link, sunset_link, named = _read_link(values, problems)
        if successor_version is None:
            successor_version = named
    if warning_step and (values := get("warning")) is not None:
        warnings, said = _read_warning(values, problems)
        deprecated = deprecated or said
    if lists_step:
        if (values := get("api-supported-versions")) is not None:
            supported_versions = _read_versions("api-supported-versions", values, problems)
        if (values := get("api-deprecated-versions")) is not None:
            deprecated_versions = _read_versions("api-deprecated-versions", values, problems)
    if not echo_keys.isdisjoint(grouped):
        served = _read_echo(grouped, echo, problems)
    # 8. cross-checks
    if served is not None and served in deprecated_versions:
        deprecated = True
    if deprecation is not None and sunset is not None and sunset < deprecation:
        problems.append(
            Problem(
                "Sunset",
                format_http_date(sunset),
                "earlier than the Deprecation date "
                f"{format_http_date(deprecation)} (RFC 8594); both are kept",
            )
        )
    signals: Signals = _new(Signals)
    _set_deprecated(signals, deprecated)
    _set_deprecation(signals, deprecation)
    _set_sunset(signals, sunset)
    _set_successor_version(signals, successor_version)
    _set_successor_link(signals, successor_link)
    _set_deprecation_link(signals, deprecation_link)
    _set_sunset_link(signals, sunset_link)
    _set_links(signals, links)
    _set_warnings(signals, warnings)
    _set_served_version(signals, served)
    _set_supported_versions(signals, supported_versions)
    _set_deprecated_versions(signals, deprecated_versions)
    _set_problems(signals, tuple(problems))
    return signals
