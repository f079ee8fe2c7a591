"""The steps of the rule book in ``_read``: each reads the lines of one header family.

A step takes the lines of its header (repeated lines one by one) and the list
of problems of the reading, appends what it could not take at face value, and
returns what the lines said.  Values the fast paths read are read again every
time (cheaper than a cache miss that evicts an old result); a value that needs
a scanner is cached by the value (bounded: 256 values of at most 1 KiB each).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from apiversion_client.signals._dates import fast_http_date
from apiversion_client.signals._deprecation import fast_deprecation, scan_deprecation, scan_sunset
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
from apiversion_client.signals._model import Problem
from apiversion_client.signals._scan import MAX_MEMBERS, MAX_VERSIONS, only_separators
from apiversion_client.signals._versions_headers import parse_served_version, read_version_list
from apiversion_client.signals._warning import WarningValue, fast_warnings, scan_warnings

__all__ = [
    "CACHE_ENTRIES",
    "CACHE_MAX_VALUE",
    "caches",
    "read_deprecation_lines",
    "read_echo_lines",
    "read_gdc_deprecated_lines",
    "read_link_lines",
    "read_sunset_lines",
    "read_version_lines",
    "read_warning_lines",
]

#: Entries per cache; values longer than CACHE_MAX_VALUE characters are never cached.
CACHE_ENTRIES = 256
CACHE_MAX_VALUE = 1024
#: The clear functions of every cache (``_read`` clears them when the year changes).
caches: list[Callable[[], None]] = []
_T = TypeVar("_T")


def _memo(parse: Callable[[str], _T]) -> Callable[[str], _T]:
    cached = lru_cache(maxsize=CACHE_ENTRIES)(parse)
    caches.append(cached.cache_clear)

    def read(value: str) -> _T:
        return cached(value) if len(value) <= CACHE_MAX_VALUE else parse(value)

    return read


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


def _is_deprecation_warning(warning: WarningValue) -> bool:
    return warning.code == 299 and "deprecat" in warning.text.lower()


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


def read_deprecation_lines(
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


def read_gdc_deprecated_lines(
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


def read_sunset_lines(values: list[str], problems: list[Problem]) -> _dt.datetime | None:
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


def read_link_lines(values: list[str], problems: list[Problem]) -> _LinkFields:
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


def read_warning_lines(
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


def read_version_lines(header: str, values: list[str], problems: list[Problem]) -> tuple[str, ...]:
    """Step 6: one version list, merged over its lines."""
    versions, truncated = read_version_list(values)
    if truncated:
        problems.append(Problem(header, ", ".join(values), _more_than(MAX_VERSIONS, "versions")))
    return versions


def read_echo_lines(
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
