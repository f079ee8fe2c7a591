"""Properties of every parser: never raise, aware UTC only, and formatting round trips."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apiversion_client.signals import (
    format_http_date,
    format_sf_date,
    parse_deprecation,
    parse_gdc_deprecated,
    parse_http_date,
    parse_link,
    parse_sf_date,
    parse_sunset,
    parse_warning,
    read_signals,
)

from ._helpers import HOSTILE_ALPHABET, is_aware_utc

MODEST = settings(max_examples=200, deadline=None)

FRAGMENTS = [
    *'<>"\\;,= :-',
    "rel",
    "title*",
    "UTF-8''",
    "%e2",
    "@1",
    "299",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "End-of-life",
    "valid-version",
    "true",
    "false",
    "deprecated",
    "2026-03-10",
]

# Arbitrary text, and text drawn mostly from the characters that matter to the scanners.
TEXT = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=HOSTILE_ALPHABET + "aAzZ09GMTSunNov@", max_size=200),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
)

AWARE = st.datetimes(
    min_value=dt.datetime(1, 1, 2),
    max_value=dt.datetime(9999, 12, 30),
    timezones=st.just(dt.UTC),
).map(lambda d: d.replace(microsecond=0))


def _dates_in(value: object) -> list[dt.datetime]:
    """Every datetime reachable from a parser's result."""
    if isinstance(value, dt.datetime):
        return [value]
    if isinstance(value, list | tuple):
        return [d for item in value for d in _dates_in(item)]
    slots = getattr(type(value), "__attrs_attrs__", None)
    if slots is not None:
        return [d for field in slots for d in _dates_in(getattr(value, field.name))]
    return []


PARSERS: list[Callable[[str], object]] = [
    parse_http_date,
    parse_sf_date,
    parse_deprecation,
    parse_sunset,
    parse_link,
    parse_warning,
    parse_gdc_deprecated,
]


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@MODEST
@given(value=TEXT)
def test_parsers_never_raise_and_return_aware_utc(
    parser: Callable[[str], object], value: str
) -> None:
    """No parser raises on any text, and every datetime it returns is aware UTC."""
    for found in _dates_in(parser(value)):
        assert is_aware_utc(found)


@MODEST
@given(lines=st.lists(st.tuples(st.sampled_from(
    ["Deprecation", "Sunset", "Link", "Warning", "X-GDC-Deprecated", "api-version",
     "x-api-version", "api-supported-versions", "api-deprecated-versions"]
), TEXT), max_size=6))  # fmt: skip
def test_read_signals_never_raises(lines: list[tuple[str, str]]) -> None:
    """read_signals reads any header lines without raising; its dates are aware UTC."""
    signals = read_signals(lines)
    for found in _dates_in(signals):
        assert is_aware_utc(found)


@MODEST
@given(when=AWARE)
def test_http_date_round_trip(when: dt.datetime) -> None:
    """parse_http_date(format_http_date(dt)) gives dt back, to the second."""
    assert parse_http_date(format_http_date(when)) == when


@MODEST
@given(when=AWARE)
def test_sf_date_round_trip(when: dt.datetime) -> None:
    """parse_sf_date(format_sf_date(dt)) gives dt back, to the second."""
    assert parse_sf_date(format_sf_date(when)) == when


@MODEST
@given(when=AWARE)
def test_deprecation_reads_both_formats(when: dt.datetime) -> None:
    """A Deprecation written as an sf-date or an HTTP-date reads back the same date."""
    from_sf = parse_deprecation(format_sf_date(when))
    from_http = parse_deprecation(format_http_date(when))
    assert from_sf is not None
    assert from_http is not None
    assert from_sf.date == from_http.date == when


@MODEST
@given(
    whens=st.lists(AWARE, min_size=1, max_size=4),
)
def test_sunset_list_gives_the_earliest(whens: list[dt.datetime]) -> None:
    """Several HTTP-dates joined by ', ' give the earliest one."""
    assert parse_sunset(", ".join(format_http_date(w) for w in whens)) == min(whens)
