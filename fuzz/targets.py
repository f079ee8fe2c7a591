"""The fuzz targets: one per signals parser, and one for ``read_signals``.

Each target takes the fuzzer's bytes, turns them into header text (or header
lines) and checks what must hold for *any* input:

* nothing raises;
* the result has the documented type; every datetime is aware and in UTC;
* an HTTP-date that parses survives ``format_http_date`` and parses again to
  the same instant.

A failed check raises ``AssertionError`` (a finding); any other exception
escaping a parser is a finding too.  Every finding becomes a case in
``tests/fuzz_regressions/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

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
    if found is not None:
        again = parse_http_date(format_http_date(found))
        assert again == found.replace(microsecond=0), (value, found, again)


def _check_sf_date(value: str) -> None:
    _utc(parse_sf_date(value))


def _check_deprecation(value: str) -> None:
    found = parse_deprecation(value)
    if found is not None:
        assert isinstance(found, Deprecation)
        _utc(found.date)


def _check_sunset(value: str) -> None:
    _utc(parse_sunset(value))


def _check_link(value: str) -> None:
    links = parse_link(value)
    assert isinstance(links, list)
    for link in links:
        assert isinstance(link, Link)
        assert isinstance(link.target, str)
        assert all(isinstance(rel, str) for rel in link.rels)
        hash(link)


def _check_warning(value: str) -> None:
    for warning in parse_warning(value):
        assert isinstance(warning, WarningValue)
        assert 0 <= warning.code <= 999
        _utc(warning.date)


def _check_gdc(value: str) -> None:
    found = parse_gdc_deprecated(value)
    if found is not None:
        assert isinstance(found, GdcDeprecation)
        _utc(found.end_of_life)


def _check_version_list(value: str) -> None:
    found = parse_version_list(value)
    assert isinstance(found, tuple)
    assert len(set(found)) == len(found)
    assert all(isinstance(v, str) and v for v in found)
    assert parse_version_list(value.split("\n")) == parse_version_list(value.split("\n"))


def _check_served_version(value: str) -> None:
    found = parse_served_version(value)
    assert found is None or (isinstance(found, str) and found)


def _check_read_signals(data: bytes) -> None:
    profile, lines = header_lines(data)
    signals = read_signals(lines, profile=profile)  # type: ignore[arg-type]
    assert isinstance(signals, Signals)
    _utc(signals.deprecation)
    _utc(signals.sunset)
    assert isinstance(signals.problems, tuple)
    # The cache must give the same answer as a fresh reading.
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
