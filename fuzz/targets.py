"""The fuzz targets: one per signals parser, and one for ``read_signals``.

Each target takes the fuzzer's bytes, turns them into header text (or header
lines) and checks what must hold for *any* input:

* nothing raises;
* the result has the documented type; every datetime is aware and in UTC;
* an HTTP-date that parses survives ``format_http_date`` and parses again to
  the same instant;
* the fast path, when it answers, gives what the scanner gives (and the
  public parser gives what the scanner gives), for every parser that has one,
  and ``read_signals`` gives the same Signals with the fast paths turned off;
* the bounds hold: at most 64 links (64 parameters each), 64 warnings, 64
  X-GDC-Deprecated entries, 256 versions per version list line;
* X-GDC-Deprecated's end of life and valid version come from the same entry.

A failed check raises ``AssertionError`` (a finding); any other exception
escaping a parser is a finding too.  Every finding becomes a case in
``tests/fuzz_regressions/``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator

from apiversion_client import profiles
from apiversion_client.signals import (
    Deprecation,
    GdcDeprecation,
    Link,
    Signals,
    WarningValue,
    format_http_date,
    parse_deprecation,
    parse_gdc_deprecated,
    parse_http_date,
    parse_link,
    parse_served_version,
    parse_sf_date,
    parse_sunset,
    parse_version_list,
    parse_warning,
    read_signals,
)
from apiversion_client.signals import _read as read_module
from apiversion_client.signals._dates import fast_http_date, scan_http_date
from apiversion_client.signals._deprecation import fast_deprecation, scan_deprecation, scan_sunset
from apiversion_client.signals._gdc import fast_gdc_deprecated, scan_gdc_deprecated
from apiversion_client.signals._link import MAX_LINK_PARAMS, MAX_LINKS, fast_links, scan_links
from apiversion_client.signals._scan import MAX_MEMBERS, MAX_VERSIONS
from apiversion_client.signals._warning import fast_warnings, scan_warnings

__all__ = ["TARGETS", "decode", "header_lines"]

#: Header names read_signals inputs are built from (all readers and echo headers).
HEADER_NAMES = (
    "Deprecation",
    "Sunset",
    "Link",
    "Warning",
    "X-GDC-Deprecated",
    "api-supported-versions",
    "api-deprecated-versions",
    "api-version",
    "x-api-version",
    "X-GitHub-Api-Version-Selected",
    "Stripe-Version",
    "X-Request-Id",
    "Content-Type",
)
PROFILES = (None, *profiles.BUILTIN.values())


def decode(data: bytes) -> str:
    """Header text as an HTTP client hands it over: bytes read as latin-1 (never fails)."""
    return data.decode("latin-1")


def header_lines(data: bytes) -> tuple[object, list[tuple[str, str]]]:
    """Split fuzzer bytes into a profile choice and header lines.

    The first byte picks the profile; the rest is split at newlines; each line's
    first byte picks a header name and the remainder is its value.
    """
    if not data:
        return None, []
    profile = PROFILES[data[0] % len(PROFILES)]
    lines = []
    for chunk in data[1:].split(b"\n"):
        if not chunk:
            continue
        name = HEADER_NAMES[chunk[0] % len(HEADER_NAMES)]
        lines.append((name, decode(chunk[1:])))
    return profile, lines


def _utc(value: object) -> None:
    if value is None:
        return
    assert isinstance(value, dt.datetime), value
    assert value.utcoffset() == dt.timedelta(0), value


def _check_http_date(value: str) -> None:
    found = parse_http_date(value)
    _utc(found)
    assert found == scan_http_date(value), value
    fast = fast_http_date(value)
    assert fast is None or fast == found, (value, fast, found)
    if found is not None:
        again = parse_http_date(format_http_date(found))
        assert again == found.replace(microsecond=0), (value, found, again)


def _check_sf_date(value: str) -> None:
    _utc(parse_sf_date(value))


def _check_deprecation(value: str) -> None:
    found = parse_deprecation(value)
    scanned, _unreadable, _truncated = scan_deprecation(value)
    assert found == scanned, (value, found, scanned)
    fast = fast_deprecation(value)
    assert fast is None or fast == scanned, (value, fast, scanned)
    if found is not None:
        assert isinstance(found, Deprecation)
        _utc(found.date)


def _check_sunset(value: str) -> None:
    found = parse_sunset(value)
    assert found == scan_sunset(value)[0], value
    _utc(found)


def _check_link(value: str) -> None:
    links = parse_link(value)
    assert isinstance(links, list)
    scanned, malformed, truncated = scan_links(value)
    assert links == scanned, value
    fast = fast_links(value)
    assert fast is None or (fast, malformed, truncated) == (scanned, False, False), value
    assert len(links) <= MAX_LINKS
    for link in links:
        assert isinstance(link, Link)
        assert isinstance(link.target, str)
        assert all(isinstance(rel, str) for rel in link.rels)
        assert len(link.params.pairs) <= MAX_LINK_PARAMS
        hash(link)


def _check_warning(value: str) -> None:
    warnings = parse_warning(value)
    scanned, dropped, truncated = scan_warnings(value)
    assert warnings == scanned, value
    fast = fast_warnings(value)
    assert fast is None or (fast, dropped, truncated) == (scanned, False, False), value
    assert len(warnings) <= MAX_MEMBERS
    for warning in warnings:
        assert isinstance(warning, WarningValue)
        assert 0 <= warning.code <= 999
        _utc(warning.date)


def _check_gdc(value: str) -> None:
    found = parse_gdc_deprecated(value)
    assert found == scan_gdc_deprecated(value)[0], value
    fast = fast_gdc_deprecated(value)
    assert fast is None or fast == found, value
    if found is not None:
        assert isinstance(found, GdcDeprecation)
        _utc(found.end_of_life)
        assert 1 <= len(found.entries) <= MAX_MEMBERS
        dated = [entry for entry in found.entries if entry.end_of_life is not None]
        if dated:
            chosen = min(dated, key=lambda entry: entry.end_of_life)  # type: ignore[arg-type,return-value]
            assert (found.end_of_life, found.valid_version) == (
                chosen.end_of_life,
                chosen.valid_version,
            ), value


def _check_version_list(value: str) -> None:
    found = parse_version_list(value)
    assert isinstance(found, tuple)
    assert len(set(found)) == len(found)
    assert len(found) <= MAX_VERSIONS
    assert all(isinstance(v, str) and v for v in found)
    assert parse_version_list(value.split("\n")) == parse_version_list(value.split("\n"))


def _check_served_version(value: str) -> None:
    found = parse_served_version(value)
    assert found is None or (isinstance(found, str) and found)


_FAST_PATHS = (
    "fast_deprecation",
    "fast_http_date",
    "fast_links",
    "fast_warnings",
    "fast_gdc_deprecated",
)


def _clear_caches() -> None:
    for clear in read_module._caches:
        clear()


@contextlib.contextmanager
def _scanners_only() -> Iterator[None]:
    """read_signals with every fast path turned off, and nothing cached."""
    saved = {name: getattr(read_module, name) for name in _FAST_PATHS}
    for name in _FAST_PATHS:
        setattr(read_module, name, lambda value: None)
    _clear_caches()
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(read_module, name, function)
        _clear_caches()


def _check_read_signals(data: bytes) -> None:
    profile, lines = header_lines(data)
    signals = read_signals(lines, profile=profile)  # type: ignore[arg-type]
    assert isinstance(signals, Signals)
    _utc(signals.deprecation)
    _utc(signals.sunset)
    assert isinstance(signals.problems, tuple)
    assert len(signals.links) <= MAX_LINKS * max(1, len(lines))
    # The cache must give the same answer as a fresh reading, twice (kept on the second).
    assert read_signals(lines, profile=profile) == signals  # type: ignore[arg-type]
    assert read_signals(lines, profile=profile) == signals  # type: ignore[arg-type]
    with _scanners_only():
        assert read_signals(lines, profile=profile) == signals  # type: ignore[arg-type]


def _text(check: Callable[[str], None]) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        check(decode(data))

    target.__name__ = check.__name__
    return target


#: Target name -> function of the fuzzer's bytes.
TARGETS: dict[str, Callable[[bytes], None]] = {
    "parse_http_date": _text(_check_http_date),
    "parse_sf_date": _text(_check_sf_date),
    "parse_deprecation": _text(_check_deprecation),
    "parse_sunset": _text(_check_sunset),
    "parse_link": _text(_check_link),
    "parse_warning": _text(_check_warning),
    "parse_gdc_deprecated": _text(_check_gdc),
    "parse_version_list": _text(_check_version_list),
    "parse_served_version": _text(_check_served_version),
    "read_signals": _check_read_signals,
}
