"""HTTP-dates: the three RFC 9110 forms, real servers' sloppiness, and what stays refused."""

from __future__ import annotations

import datetime as dt

import pytest

from apiversion_client.signals import _dates, format_http_date, parse_http_date

from ._helpers import is_aware_utc, utc

ACCEPTED = [
    # RFC 9110 section 5.6.7's own examples
    pytest.param("Sun, 06 Nov 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), id="imf-fixdate"),
    pytest.param("Sunday, 06-Nov-94 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), id="rfc850"),
    pytest.param("Sun Nov  6 08:49:37 1994", utc(1994, 11, 6, 8, 49, 37), id="asctime"),
    # RFC 8594's example (its weekday is wrong: 2018-12-31 was a Monday)
    pytest.param("Sat, 31 Dec 2018 23:59:59 GMT", utc(2018, 12, 31, 23, 59, 59), id="rfc8594"),
    # GitHub
    pytest.param("Tue, 10 Mar 2026 00:00:00 GMT", utc(2026, 3, 10), id="github"),
    # leniency
    pytest.param("Sun, 6 Nov 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), id="one-digit-day"),
    pytest.param("Sun, 06 Nov 1994 8:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), id="one-digit-hour"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 UTC", utc(1994, 11, 6, 8, 49, 37), id="utc"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 UT", utc(1994, 11, 6, 8, 49, 37), id="ut"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 Z", utc(1994, 11, 6, 8, 49, 37), id="z"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 gmt", utc(1994, 11, 6, 8, 49, 37), id="lower-gmt"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 +0200", utc(1994, 11, 6, 6, 49, 37), id="plus-0200"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 -0000", utc(1994, 11, 6, 8, 49, 37), id="minus-0000"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 -0130", utc(1994, 11, 6, 10, 19, 37), id="minus-0130"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 +02:00", utc(1994, 11, 6, 6, 49, 37), id="plus-02-00"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 PST", utc(1994, 11, 6, 16, 49, 37), id="pst"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 EDT", utc(1994, 11, 6, 12, 49, 37), id="edt"),
    pytest.param("Sun, 06 Nov 1994 08:49:37", utc(1994, 11, 6, 8, 49, 37), id="no-zone"),
    pytest.param("06 Nov 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), id="no-weekday"),
    pytest.param("Mon, 06 Nov 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), id="wrong-weekday"),
    pytest.param("Sun 06 Nov 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), id="no-comma"),
    pytest.param("SUN, 06 NOV 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), id="upper-case"),
    pytest.param("sun, 06 nov 1994 08:49:37 gmt", utc(1994, 11, 6, 8, 49, 37), id="lower-case"),
    pytest.param(
        "  Sun,  06  Nov  1994  08:49:37  GMT  ", utc(1994, 11, 6, 8, 49, 37), id="spaces"
    ),
    pytest.param("Sun,\t06 Nov 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), id="tab"),
    pytest.param("Sunday, 06 Nov 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), id="long-day"),
    pytest.param("Sun, 06-Nov-1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), id="dashes-4y"),
    pytest.param("Sun Nov 6 08:49:37 1994", utc(1994, 11, 6, 8, 49, 37), id="asctime-1-space"),
    pytest.param("Sun Nov  6 08:49:37 1994 GMT", utc(1994, 11, 6, 8, 49, 37), id="asctime-zone"),
    pytest.param("Sun, 06 Nov 1994 23:59:60 GMT", utc(1994, 11, 6, 23, 59, 59), id="leap-second"),
    pytest.param("Mon, 01 Jan 0001 00:00:00 GMT", utc(1, 1, 1), id="year-0001"),
    pytest.param("Fri, 31 Dec 9999 23:59:59 GMT", utc(9999, 12, 31, 23, 59, 59), id="year-9999"),
    pytest.param("Thu, 29 Feb 2024 12:00:00 GMT", utc(2024, 2, 29, 12), id="leap-day"),
    pytest.param("Thu, 01 Jan 1970 00:00:00 GMT", utc(1970, 1, 1), id="epoch"),
]

REFUSED = [
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
    pytest.param("garbage", id="garbage"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 XYZ", id="unknown-zone"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 GM", id="gm"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 A", id="military-zone"),
    pytest.param("Sun, 06 Nov 1994 24:00:00 GMT", id="hour-24"),
    pytest.param("Sun, 06 Nov 1994 08:60:00 GMT", id="minute-60"),
    pytest.param("Mon, 31 Feb 1994 08:49:37 GMT", id="31-feb"),
    pytest.param("Thu, 29 Feb 2023 12:00:00 GMT", id="29-feb-no-leap"),
    pytest.param("Sun, 00 Nov 1994 08:49:37 GMT", id="day-0"),
    pytest.param("Sun, 06 Foo 1994 08:49:37 GMT", id="bad-month"),
    pytest.param("Sat, X Nov 20XX 12:00:00 GM", id="gooddata-example"),
    pytest.param("Foo, 06 Nov 1994 08:49:37 GMT", id="bad-weekday-word"),
    pytest.param("Sun, 06 Nov 1994 08:49 GMT", id="no-seconds"),
    pytest.param("Sun, 06 Nov 994 08:49:37 GMT", id="three-digit-year"),
    pytest.param("Sun, 06 Nov 0000 08:49:37 GMT", id="year-0"),
    pytest.param("Mon, 01 Jan 0001 00:00:00 +0100", id="before-year-1-in-utc"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 GMT extra", id="trailing-text"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 +2500", id="offset-hours-25"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 +020", id="offset-3-digits"),
    pytest.param("Sun, 06 Nov 1994 08:49:37.5 GMT", id="fraction"),
    pytest.param("1688169599", id="epoch-number"),
    pytest.param("@1688169599", id="sf-date"),
    pytest.param("2026-03-10", id="iso-date"),
    pytest.param(
        "Tue, 10 Mar 2026 00:00:00 GMT, Wed, 11 Mar 2026 00:00:00 GMT", id="two-dates-joined"
    ),
    pytest.param("Sun, 06 Nov 1994 08:49:37 GMT" + " " * 200, id="too-long"),
    pytest.param("Sun, 06 Nov 1994 08:49:37 GMT\x00", id="nul"),
    pytest.param("Sun, 06 Nov 1994 ٠٨:49:37 GMT", id="non-ascii-digits"),
]


@pytest.mark.parametrize(("value", "expected"), ACCEPTED)
def test_parse_http_date_accepts(value: str, expected: dt.datetime) -> None:
    """Every accepted form gives the exact instant, as aware UTC."""
    parsed = parse_http_date(value)
    assert parsed == expected
    assert parsed is not None
    assert is_aware_utc(parsed)


@pytest.mark.parametrize("value", REFUSED)
def test_parse_http_date_refuses(value: str) -> None:
    """Values that are not exactly one readable date give None instead of a guess."""
    assert parse_http_date(value) is None


@pytest.mark.parametrize(
    ("year", "two_digits", "expected"),
    [
        pytest.param(2026, "94", 1994, id="94-in-2026"),
        pytest.param(2026, "76", 2076, id="exactly-50-ahead-is-future"),
        pytest.param(2026, "77", 1977, id="51-ahead-is-past"),
        pytest.param(2026, "26", 2026, id="this-year"),
        pytest.param(2026, "00", 2000, id="00"),
        pytest.param(2099, "49", 2149, id="next-century"),
        pytest.param(2099, "50", 2050, id="late-in-century"),
    ],
)
def test_two_digit_year_follows_the_50_year_rule(
    monkeypatch: pytest.MonkeyPatch, year: int, two_digits: str, expected: int
) -> None:
    """A two-digit year more than 50 years ahead of the current year is in the past century."""
    monkeypatch.setattr(_dates, "_current_year", lambda: year)
    parsed = parse_http_date(f"Sunday, 06-Nov-{two_digits} 08:49:37 GMT")
    assert parsed == utc(expected, 11, 6, 8, 49, 37)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        pytest.param(utc(1994, 11, 6, 8, 49, 37), "Sun, 06 Nov 1994 08:49:37 GMT", id="rfc"),
        pytest.param(utc(1, 1, 1), "Mon, 01 Jan 0001 00:00:00 GMT", id="year-1"),
        pytest.param(
            dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            "Tue, 10 Mar 2026 00:00:00 GMT",
            id="offset-converted",
        ),
        pytest.param(
            dt.datetime(2026, 3, 10, 0, 0, 0, 999999, tzinfo=dt.UTC),
            "Tue, 10 Mar 2026 00:00:00 GMT",
            id="microseconds-dropped",
        ),
    ],
)
def test_format_http_date(when: dt.datetime, expected: str) -> None:
    """format_http_date writes an IMF-fixdate in GMT."""
    assert format_http_date(when) == expected


def test_format_http_date_refuses_naive() -> None:
    """A naive datetime names no instant, so formatting it is an error."""
    with pytest.raises(ValueError, match="naive"):
        format_http_date(dt.datetime(2026, 3, 10))
