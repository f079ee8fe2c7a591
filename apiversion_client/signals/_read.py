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
   ``deprecated``.  Its end of life is a sunset candidate; its valid version is
   the ``successor_version`` (it wins over a Link's, read later).  An end of
   life that cannot be read adds a problem.
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
"""

from __future__ import annotations

import datetime as _dt
import enum
import threading
from collections.abc import Callable, Container, Iterable, Mapping
from functools import lru_cache
from typing import Protocol, TypeVar

import attrs

from apiversion_client.signals import _dates
from apiversion_client.signals._dates import earliest, format_http_date
from apiversion_client.signals._deprecation import parse_deprecation, parse_sunset
from apiversion_client.signals._gdc import parse_gdc_deprecated
from apiversion_client.signals._link import (
    REL_DEPRECATION,
    REL_LATEST_VERSION,
    REL_SUCCESSOR_VERSION,
    REL_SUNSET,
    VERSION_RELATIONS,
    Link,
    scan_links,
)
from apiversion_client.signals._versions_headers import parse_served_version, parse_version_list
from apiversion_client.signals._warning import WarningValue, scan_warnings

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


# Servers send the same few header values over and over: each per-value parse
# is cached by the value.  The caches are bounded (entries and value length, so
# a hostile value is parsed every time rather than kept), hold only immutable
# results, and are cleared when the year changes (two-digit years are read
# relative to it).
_CACHE_ENTRIES = 256
_CACHE_MAX_VALUE = 1024
_T = TypeVar("_T")
_caches: list[Callable[[], None]] = []
_cache_year = 0
_cache_lock = threading.Lock()


def _memo(parse: Callable[[str], _T]) -> Callable[[str], _T]:
    cached = lru_cache(maxsize=_CACHE_ENTRIES)(parse)
    _caches.append(cached.cache_clear)

    def read(value: str) -> _T:
        return cached(value) if len(value) <= _CACHE_MAX_VALUE else parse(value)

    return read


def _check_cache_year() -> None:
    global _cache_year
    year = _dates._current_year()
    if year != _cache_year:
        with _cache_lock:
            for clear in _caches:
                clear()
            _cache_year = year


def _scan_links(value: str) -> tuple[tuple[Link, ...], bool]:
    links, malformed = scan_links(value)
    return tuple(links), malformed


def _scan_warnings(value: str) -> tuple[tuple[WarningValue, ...], bool]:
    warnings, dropped = scan_warnings(value)
    return tuple(warnings), dropped


_parse_deprecation = _memo(parse_deprecation)
_parse_gdc_deprecated = _memo(parse_gdc_deprecated)
_parse_sunset = _memo(parse_sunset)
_parse_links = _memo(_scan_links)
_parse_warnings = _memo(_scan_warnings)
_parse_served_version = _memo(parse_served_version)


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
        if (key in wanted or (key := key.strip()) in wanted) and isinstance(value, str):
            lines.append((key, value))
    return lines


def _group(lines: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in lines:
        grouped.setdefault(name, []).append(value)
    return grouped


def _distinct(dates: Iterable[_dt.datetime | None]) -> list[_dt.datetime]:
    return sorted({d for d in dates if d is not None})


class _Reading:
    """The mutable state of one :func:`read_signals` call (never escapes it)."""

    def __init__(self, lines: dict[str, list[str]]) -> None:
        self.lines = lines
        self.deprecated = False
        self.deprecation_date: _dt.datetime | None = None
        self.links: tuple[Link, ...] = ()
        self.successor_link: str | None = None
        self.deprecation_link: str | None = None
        self.sunset_link: str | None = None
        self.warnings: tuple[WarningValue, ...] = ()
        self.supported_versions: tuple[str, ...] = ()
        self.deprecated_versions: tuple[str, ...] = ()
        self.served_version: str | None = None
        self.problems: list[Problem] = []
        self.sunsets: list[_dt.datetime | None] = []
        self.successor_version: str | None = None

    def problem(self, header: str, value: str, message: str) -> None:
        self.problems.append(Problem(header=header, value=value, message=message))

    def deprecation(self) -> None:
        dates: list[_dt.datetime | None] = []
        for value in self.lines.get("deprecation", []):
            found = _parse_deprecation(value)
            if found is None:
                continue
            self.deprecated = True
            dates.append(found.date)
            if found.malformed:
                self.problem("Deprecation", value, "could not read the deprecation date")
        if len(_distinct(dates)) > 1:
            joined = ", ".join(self.lines["deprecation"])
            self.problem("Deprecation", joined, "conflicting dates; the earliest is used")
        self.deprecation_date = earliest(dates)

    def gdc_deprecated(self) -> None:
        for value in self.lines.get("x-gdc-deprecated", []):
            found = _parse_gdc_deprecated(value)
            if found is None:
                continue
            self.deprecated = True
            self.sunsets.append(found.end_of_life)
            if self.successor_version is None:
                self.successor_version = found.valid_version
            if found.malformed:
                message = (
                    "could not read the end of life"
                    if found.end_of_life is None and "end-of-life" in value.lower()
                    else "not in the form End-of-life=<date>; valid-version=<n>"
                )
                self.problem("X-GDC-Deprecated", value, message)

    def sunset(self) -> None:
        dates: list[_dt.datetime | None] = []
        for value in self.lines.get("sunset", []):
            date = _parse_sunset(value)
            if date is None and value.strip(" \t"):
                self.problem("Sunset", value, "not an HTTP-date; ignored")
            dates.append(date)
        if len(_distinct(dates)) > 1:
            joined = ", ".join(self.lines["sunset"])
            self.problem("Sunset", joined, "conflicting dates; the earliest is used")
        self.sunsets.extend(dates)

    def link(self) -> None:
        kept: list[Link] = []
        for value in self.lines.get("link", []):
            links, malformed = _parse_links(value)
            if malformed:
                self.problem("Link", value, "malformed; what could be read was kept")
            kept.extend(link for link in links if link.rels & VERSION_RELATIONS)

        def first(rel: str) -> Link | None:
            return next((link for link in kept if rel in link.rels), None)

        successor = first(REL_SUCCESSOR_VERSION)
        latest = first(REL_LATEST_VERSION)
        deprecation, sunset = first(REL_DEPRECATION), first(REL_SUNSET)
        chosen = successor or latest
        self.links = tuple(kept)
        self.successor_link = chosen.target if chosen else None
        self.deprecation_link = deprecation.target if deprecation else None
        self.sunset_link = sunset.target if sunset else None
        if successor is not None and self.successor_version is None:
            named = successor.params.get("version") or successor.params.get("api-version")
            self.successor_version = named or None

    def warning(self) -> None:
        kept: list[WarningValue] = []
        for value in self.lines.get("warning", []):
            warnings, dropped = _parse_warnings(value)
            if dropped:
                self.problem("Warning", value, "invalid warning-value dropped")
            kept.extend(warnings)
        self.deprecated = self.deprecated or any(_is_deprecation_warning(w) for w in kept)
        self.warnings = tuple(kept)

    def version_lists(self) -> None:
        self.supported_versions = parse_version_list(self.lines.get("api-supported-versions", []))
        self.deprecated_versions = parse_version_list(self.lines.get("api-deprecated-versions", []))

    def echo(self, names: tuple[str, ...]) -> None:
        served: str | None = None
        served_by = ""
        for name in names:
            values = self.lines.get(name.strip().lower(), [])
            versions = [
                version
                for value in values
                for part in value.split(",")
                if (version := _parse_served_version(part)) is not None
            ]
            if not versions:
                continue
            if len(set(versions)) > 1:
                self.problem(name, ", ".join(values), "repeated with different values")
            if served is None:
                served, served_by = versions[0], name
            elif versions[0] != served:
                self.problem(
                    name,
                    versions[0],
                    f"disagrees with {served_by} ({served!r}); {served!r} is used",
                )
        self.served_version = served

    def finish(self) -> Signals:
        sunset = earliest(self.sunsets)
        deprecation = self.deprecation_date
        if self.served_version is not None and self.served_version in self.deprecated_versions:
            self.deprecated = True
        if deprecation is not None and sunset is not None and sunset < deprecation:
            self.problem(
                "Sunset",
                format_http_date(sunset),
                "earlier than the Deprecation date "
                f"{format_http_date(deprecation)} (RFC 8594); both are kept",
            )
        return Signals(
            deprecated=self.deprecated,
            deprecation=deprecation,
            sunset=sunset,
            successor_version=self.successor_version,
            successor_link=self.successor_link,
            deprecation_link=self.deprecation_link,
            sunset_link=self.sunset_link,
            links=self.links,
            warnings=self.warnings,
            served_version=self.served_version,
            supported_versions=self.supported_versions,
            deprecated_versions=self.deprecated_versions,
            problems=tuple(self.problems),
        )


_NOTHING = Signals()


def read_signals(
    header_lines: Iterable[tuple[str, str]] | Mapping[str, str],
    profile: SignalProfile | None = None,
) -> Signals:
    """Read the version and deprecation signals of one response.

    The order of reading and the rules for conflicts are in this module's
    documentation.

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
        readers: frozenset[SignalReader] = frozenset(SignalReader)
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
    small sets of lines are cached by their value.
    """
    if not lines:
        return _NOTHING  # no header this profile reads: nothing to do
    _check_cache_year()
    if sum(len(value) for _, value in lines) <= _CACHE_MAX_VALUE:
        return _read_frozen(readers, echo_headers, lines)
    return _read(_group(lines), readers, echo_headers)


@lru_cache(maxsize=_CACHE_ENTRIES)
def _read_frozen(
    readers: frozenset[SignalReader],
    echo_headers: tuple[str, ...],
    lines: tuple[tuple[str, str], ...],
) -> Signals:
    """:func:`_read`, cached by the signal header lines (``Signals`` is immutable)."""
    return _read(_group(lines), readers, echo_headers)


_caches.append(_read_frozen.cache_clear)


def _read(
    lines: dict[str, list[str]],
    readers: frozenset[SignalReader],
    echo_headers: tuple[str, ...],
) -> Signals:
    reading = _Reading(lines)
    steps = (
        (SignalReader.DEPRECATION, reading.deprecation),
        (SignalReader.GDC_DEPRECATED, reading.gdc_deprecated),
        (SignalReader.SUNSET, reading.sunset),
        (SignalReader.LINK, reading.link),
        (SignalReader.WARNING, reading.warning),
        (SignalReader.VERSION_LISTS, reading.version_lists),
    )
    for reader, step in steps:
        if reader in readers:
            step()
    reading.echo(echo_headers)
    return reading.finish()
