"""Deprecation (RFC 9745 and older forms), Sunset (RFC 8594) and Structured Field Dates."""

from __future__ import annotations

import datetime as dt

import pytest

from apiversion_client.signals import (
    Deprecation,
    format_sf_date,
    parse_deprecation,
    parse_sf_date,
    parse_sunset,
)

from ._helpers import is_aware_utc, utc

SF_DATES = [
    pytest.param("@1688169599", utc(2023, 6, 30, 23, 59, 59), id="rfc9745-example"),
    pytest.param("@0", utc(1970, 1, 1), id="epoch"),
    pytest.param("@-0", utc(1970, 1, 1), id="negative-zero"),
    pytest.param("@-1", utc(1969, 12, 31, 23, 59, 59), id="negative"),
    pytest.param("@-62135596800", utc(1, 1, 1), id="year-1"),
    pytest.param("@253402300799", utc(9999, 12, 31, 23, 59, 59), id="year-9999-end"),
    pytest.param("@1659578233;a=1", utc(2022, 8, 4, 1, 57, 13), id="param-integer"),
    pytest.param('@0;a="x;y";b;c=?1;d=tok/en;e=:AQ==:;f=1.5', utc(1970, 1, 1), id="params-all"),
    pytest.param('@0;d=%"caf%c3%a9"', utc(1970, 1, 1), id="param-display-string"),
    pytest.param("@0; a=1", utc(1970, 1, 1), id="param-after-space"),
    pytest.param("  @0  ", utc(1970, 1, 1), id="surrounding-spaces"),
    pytest.param("@000000000000001", utc(1970, 1, 1, 0, 0, 1), id="15-digits"),
]

SF_NOT_DATES = [
    pytest.param("", id="empty"),
    pytest.param("@", id="at-only"),
    pytest.param("@-", id="sign-only"),
    pytest.param("@ 1", id="space-after-at"),
    pytest.param("@1.5", id="decimal"),
    pytest.param("@1e3", id="exponent"),
    pytest.param("@0000000000000001", id="16-digits"),
    pytest.param("@253402300800", id="year-10000"),
    pytest.param("@-62135596801", id="year-0"),
    pytest.param("@999999999999999", id="syntactic-max-unrepresentable"),
    pytest.param("1688169599", id="no-at"),
    pytest.param("\t@0", id="leading-tab"),
    pytest.param("@0;A=1", id="uppercase-key"),
    pytest.param("@0;a=", id="missing-param-value"),
    pytest.param('@0;a="x', id="unterminated-string"),
    pytest.param("@0;a=?2", id="bad-boolean"),
    pytest.param("@0, @1", id="list-not-item"),
    pytest.param('@0;d=%"%C3%A9"', id="display-string-upper-hex"),
    pytest.param('@0;d=%"%ff"', id="display-string-not-utf8"),
    pytest.param("true", id="token"),
]


@pytest.mark.parametrize(("value", "expected"), SF_DATES)
def test_parse_sf_date(value: str, expected: dt.datetime) -> None:
    """A valid sf-date item gives its instant as aware UTC; parameters are ignored."""
    parsed = parse_sf_date(value)
    assert parsed == expected
    assert parsed is not None
    assert is_aware_utc(parsed)


@pytest.mark.parametrize("value", SF_NOT_DATES)
def test_parse_sf_date_refuses(value: str) -> None:
    """Anything that is not one valid, representable sf-date item gives None."""
    assert parse_sf_date(value) is None


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        pytest.param(utc(2023, 6, 30, 23, 59, 59), "@1688169599", id="rfc9745"),
        pytest.param(utc(1, 1, 1), "@-62135596800", id="year-1"),
        pytest.param(
            dt.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=dt.UTC), "@-1", id="floor"
        ),
    ],
)
def test_format_sf_date(when: dt.datetime, expected: str) -> None:
    """format_sf_date writes whole seconds since the epoch, rounded down."""
    assert format_sf_date(when) == expected


def test_format_sf_date_refuses_naive() -> None:
    """A naive datetime names no instant, so formatting it is an error."""
    with pytest.raises(ValueError, match="naive"):
        format_sf_date(dt.datetime(2026, 3, 10))


DEPRECATIONS = [
    pytest.param("@1688169599", utc(2023, 6, 30, 23, 59, 59), id="rfc9745"),
    pytest.param("@1688169599;foo=bar", utc(2023, 6, 30, 23, 59, 59), id="rfc9745-params"),
    pytest.param("true", None, id="true"),
    pytest.param("TRUE", None, id="true-upper"),
    pytest.param(" True ", None, id="true-spaces"),
    pytest.param("?1", None, id="sf-boolean-true"),
    pytest.param("Tue, 10 Mar 2026 00:00:00 GMT", utc(2026, 3, 10), id="github-http-date"),
    pytest.param("Sun, 11 Nov 2018 23:59:59 GMT", utc(2018, 11, 11, 23, 59, 59), id="draft-date"),
    pytest.param("2026-03-10", utc(2026, 3, 10), id="iso-date"),
    pytest.param("2026-03-10T12:00:00Z", utc(2026, 3, 10, 12), id="iso-z"),
    pytest.param("2026-03-10T12:00:00+02:00", utc(2026, 3, 10, 10), id="iso-offset"),
    pytest.param(
        "2026-03-10T12:00:00.250-0100",
        dt.datetime(2026, 3, 10, 13, 0, 0, 250000, tzinfo=dt.UTC),
        id="iso-fraction-offset",
    ),
    pytest.param("2026-03-10 12:00Z", utc(2026, 3, 10, 12), id="iso-space-no-seconds"),
    pytest.param(
        'version="v1", date="Sun, 11 Nov 2018 23:59:59 GMT"',
        utc(2018, 11, 11, 23, 59, 59),
        id="early-draft",
    ),
    pytest.param('date="Sun, 11 Nov 2018 23:59:59 GMT"', utc(2018, 11, 11, 23, 59, 59), id="d"),
    pytest.param('version="v1"', None, id="early-draft-version-only"),
    pytest.param("1688169599", None, id="epoch-without-at-is-not-a-date"),
    pytest.param("@1688169599.5", None, id="decimal-sf-date"),
    pytest.param("yes", None, id="unknown-word"),
    pytest.param("2026-03-10T12:00:00", None, id="iso-without-offset"),
    pytest.param("2026-02-30", None, id="iso-impossible"),
    pytest.param(
        "Tue, 10 Mar 2026 00:00:00 GMT, Wed, 11 Mar 2020 00:00:00 GMT",
        utc(2020, 3, 11),
        id="two-http-dates-earliest",
    ),
    pytest.param("@1688169599, @1000000000", utc(2001, 9, 9, 1, 46, 40), id="two-sf-dates"),
    pytest.param("true, @1688169599", utc(2023, 6, 30, 23, 59, 59), id="true-and-date"),
    pytest.param("garbage, @1688169599", utc(2023, 6, 30, 23, 59, 59), id="garbage-and-date"),
]


@pytest.mark.parametrize(("value", "date"), DEPRECATIONS)
def test_parse_deprecation(value: str, date: dt.datetime | None) -> None:
    """Every present value is a deprecation; its date is read exactly or left unknown."""
    found = parse_deprecation(value)
    assert found is not None
    assert found.date == date
    assert found.raw == value
    if found.date is not None:
        assert is_aware_utc(found.date)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("\t", id="tab"),
        pytest.param("false", id="false"),
        pytest.param("FALSE", id="false-upper"),
        pytest.param("?0", id="sf-boolean-false"),
        pytest.param(", ,", id="empty-members"),
    ],
)
def test_parse_deprecation_not_deprecated(value: str) -> None:
    """false, ?0 and empty values mean the resource is not deprecated."""
    assert parse_deprecation(value) is None


@pytest.mark.parametrize(
    ("value", "malformed"),
    [
        pytest.param("@1688169599", False, id="date"),
        pytest.param("true", False, id="true"),
        pytest.param("1688169599", True, id="bare-number"),
        pytest.param("garbage, @1688169599", True, id="partly-garbage"),
    ],
)
def test_parse_deprecation_marks_unreadable_parts(value: str, malformed: bool) -> None:
    """A value with a part that could not be read is marked malformed, never guessed."""
    found = parse_deprecation(value)
    assert found is not None
    assert found.malformed is malformed


def test_parse_deprecation_keeps_the_draft_version() -> None:
    """The early draft's version parameter is kept alongside its date."""
    found = parse_deprecation('version="v1", date="Sun, 11 Nov 2018 23:59:59 GMT"')
    assert found == Deprecation(
        date=utc(2018, 11, 11, 23, 59, 59),
        raw='version="v1", date="Sun, 11 Nov 2018 23:59:59 GMT"',
        version="v1",
    )


SUNSETS = [
    pytest.param("Sat, 31 Dec 2018 23:59:59 GMT", utc(2018, 12, 31, 23, 59, 59), id="rfc8594"),
    pytest.param("Wed, 11 Nov 2026 23:59:59 GMT", utc(2026, 11, 11, 23, 59, 59), id="github"),
    pytest.param("Sat, 31 Dec 2018 23:59:59 UTC", utc(2018, 12, 31, 23, 59, 59), id="utc"),
    pytest.param('"Sat, 31 Dec 2018 23:59:59 GMT"', utc(2018, 12, 31, 23, 59, 59), id="quoted"),
    pytest.param(
        "Sat, 31 Dec 2018 23:59:59 GMT, Mon, 01 Jan 2018 00:00:00 GMT",
        utc(2018, 1, 1),
        id="two-dates-earliest",
    ),
    pytest.param(
        "garbage, Sat, 31 Dec 2018 23:59:59 GMT", utc(2018, 12, 31, 23, 59, 59), id="garbage-first"
    ),
    pytest.param("", None, id="empty"),
    pytest.param("tomorrow", None, id="word"),
    pytest.param("@1688169599", None, id="sf-date-is-not-an-http-date"),
    pytest.param("Sat, 31 Dec 2018", None, id="no-time"),
    pytest.param("Sat, X Nov 20XX 12:00:00 GM", None, id="gooddata-example"),
]


@pytest.mark.parametrize(("value", "expected"), SUNSETS)
def test_parse_sunset(value: str, expected: dt.datetime | None) -> None:
    """Sunset is an HTTP-date read leniently; of several, the earliest wins."""
    assert parse_sunset(value) == expected
