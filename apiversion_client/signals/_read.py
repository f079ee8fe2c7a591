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
   version of the first line that names one is the ``successor_version`` (it
   wins over a Link's, read later).  An end of life that cannot be read adds a
   problem.
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
``Link`` line (each with at most 64 parameters: more are skipped as malformed),
64 entries per ``Warning``
line, 256 entries per version list line, 64 comma-separated values per echo
header line.  A hostile 64 KiB line thus costs a bounded number of objects and
time linear in its length.
"""

from __future__ import annotations

import datetime as _dt
import threading
import time
from collections.abc import Container, Iterable, Mapping
from functools import lru_cache

from apiversion_client.signals import _dates
from apiversion_client.signals._dates import format_http_date
from apiversion_client.signals._frozen import slot_setters
from apiversion_client.signals._link import Link
from apiversion_client.signals._model import (
    DEFAULT_ECHO_HEADERS,
    MAX_PROBLEM_VALUE,
    Problem,
    SignalProfile,
    SignalReader,
    Signals,
)
from apiversion_client.signals._steps import (
    CACHE_ENTRIES,
    CACHE_MAX_VALUE,
    caches,
    read_deprecation_lines,
    read_echo_lines,
    read_gdc_deprecated_lines,
    read_link_lines,
    read_sunset_lines,
    read_version_lines,
    read_warning_lines,
)
from apiversion_client.signals._warning import WarningValue

__all__ = [
    "DEFAULT_ECHO_HEADERS",
    "MAX_PROBLEM_VALUE",
    "Problem",
    "SignalProfile",
    "SignalReader",
    "Signals",
    "read_signals",
]

_HEADERS: dict[SignalReader, tuple[str, ...]] = {
    SignalReader.DEPRECATION: ("deprecation",),
    SignalReader.SUNSET: ("sunset",),
    SignalReader.LINK: ("link",),
    SignalReader.WARNING: ("warning",),
    SignalReader.GDC_DEPRECATED: ("x-gdc-deprecated",),
    SignalReader.VERSION_LISTS: ("api-supported-versions", "api-deprecated-versions"),
}
_ALL_READERS = frozenset(SignalReader)


# Servers send the same few header values over and over.  A whole set of small
# signal lines that repeats is cached by the lines (read_collected); a value
# that needs a scanner is cached by the value (_steps).  Every cache is bounded
# (entries and value length, so a hostile value is read every time rather than
# kept), holds only immutable results, and is cleared when the year changes
# (two-digit years are read relative to it): a reading compares the clock with
# the bounds of the year the caches were filled in, and only a reading outside
# them asks for the year.
_caches = caches  # every cache's clear function (tests clear them all through this name)
_cache_year = 0
_year_start = 0.0  # time.time() bounds of _cache_year (empty until the first read)
_year_end = 0.0
_cache_lock = threading.Lock()
_clock = time.time


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


@lru_cache(maxsize=64)
def signal_header_names(
    readers: frozenset[SignalReader], echo_headers: tuple[str, ...]
) -> frozenset[str]:
    """The lower-cased header names :func:`read_signals` reads for these readers."""
    return frozenset(
        [name for reader in readers for name in _HEADERS[reader]]
        + [name.strip().lower() for name in echo_headers]
    )


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
    slot, mark = digest & _SEEN_MASK, (digest >> 16) & 0xFF or 1
    if _seen[slot] != mark:
        _seen[slot] = mark  # the first sighting (or another set's): remember this one
    elif sum(len(value) for _, value in lines) <= CACHE_MAX_VALUE:
        with _cache_lock:  # the second sighting of small lines: worth keeping
            if len(_signals) >= CACHE_ENTRIES:
                del _signals[next(iter(_signals))]  # the oldest entry
            _signals[digest] = (key, signals)
    return signals


# Whole sets of small signal lines (1 KiB at most), cached by the lines, found
# by their hash.  A set is kept only when it is read a second time: lines that
# never repeat neither fill the cache nor push out lines that do, and cost no
# eviction.  Sets read once are remembered in a fixed table of one-byte marks
# (4 KiB, allocation-free: a later set landing on the same slot overwrites the
# mark, and a chance match only admits a set early).  First in, first out: an
# evicted set that comes back is kept again on its next reading.
_SEEN_SLOTS = 4096
_SEEN_MASK = _SEEN_SLOTS - 1
_Key = tuple[frozenset[SignalReader], tuple[str, ...], tuple[tuple[str, str], ...]]
_signals: dict[int, tuple[_Key, Signals]] = {}
_seen = bytearray(_SEEN_SLOTS)


def _clear_signals() -> None:
    _signals.clear()  # each step is atomic; _new_year calls this holding _cache_lock
    _seen[:] = bytes(_SEEN_SLOTS)


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
        deprecated, deprecation = read_deprecation_lines(values, problems)
    if gdc_step and (values := get("x-gdc-deprecated")) is not None:
        said, sunset, successor_version = read_gdc_deprecated_lines(values, problems)
        deprecated = deprecated or said
    if sunset_step and (values := get("sunset")) is not None:
        date = read_sunset_lines(values, problems)
        if date is not None and (sunset is None or date < sunset):
            sunset = date
    if link_step and (values := get("link")) is not None:
        links, successor_link, deprecation_link, sunset_link, named = read_link_lines(
            values, problems
        )
        if successor_version is None:
            successor_version = named
    if warning_step and (values := get("warning")) is not None:
        warnings, said = read_warning_lines(values, problems)
        deprecated = deprecated or said
    if lists_step:
        if (values := get("api-supported-versions")) is not None:
            supported_versions = read_version_lines("api-supported-versions", values, problems)
        if (values := get("api-deprecated-versions")) is not None:
            deprecated_versions = read_version_lines("api-deprecated-versions", values, problems)
    if not echo_keys.isdisjoint(grouped):
        served = read_echo_lines(grouped, echo, problems)
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
