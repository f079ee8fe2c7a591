"""GoodData's X-GDC-Deprecated, and the headers that list or echo versions."""

from __future__ import annotations

import datetime as dt

import pytest

from apiversion_client.signals import parse_gdc_deprecated, parse_served_version, parse_version_list

from ._helpers import utc

GDC = [
    pytest.param(
        "End-of-life=Sat, 09 Nov 2019 12:00:00 GMT; valid-version=2",
        utc(2019, 11, 9, 12),
        "2",
        id="documented-form",
    ),
    pytest.param(
        "end-of-life=Sat, 09 Nov 2019 12:00:00 GMT; VALID-VERSION=2",
        utc(2019, 11, 9, 12),
        "2",
        id="keys-any-case",
    ),
    pytest.param(
        "End-of-life=Sat, 09 Nov 2019 12:00:00 GMT; valid-version: 4",
        utc(2019, 11, 9, 12),
        "4",
        id="colon",
    ),
    pytest.param(
        '"End-of-life=Sat, 09 Nov 2019 12:00:00 GMT; valid-version=2"',
        utc(2019, 11, 9, 12),
        "2",
        id="quoted",
    ),
    pytest.param(
        '"End-of-life=Sat, X Nov 20XX 12:00:00 GM; valid-version=2"',
        None,
        "2",
        id="vendor-broken-example",
    ),
    pytest.param("deprecated", None, None, id="bare-deprecated"),
    pytest.param("Deprecated", None, None, id="bare-deprecated-case"),
    pytest.param(
        "End-of-life=Sat, 09 Nov 2019 12:00:00 GMT; valid-version=2, "
        "End-of-life=Fri, 01 Nov 2019 12:00:00 GMT; valid-version=3",
        utc(2019, 11, 1, 12),
        "3",
        id="two-lines-earliest-and-highest",
    ),
    pytest.param(
        '"End-of-life=Sat, 09 Nov 2019 12:00:00 GMT; valid-version=2", '
        '"End-of-life=Fri, 01 Nov 2019 12:00:00 GMT; valid-version=3"',
        utc(2019, 11, 1, 12),
        "3",
        id="two-quoted-lines",
    ),
    pytest.param(
        "End-of-life=Sat, 09 Nov 2019 12:00:00 GMT; valid-version=beta, "
        "End-of-life=Fri, 01 Nov 2019 12:00:00 GMT; valid-version=3",
        utc(2019, 11, 1, 12),
        "3",
        id="earliest-entry-gives-its-version",
    ),
    pytest.param("valid-version=5", None, "5", id="version-only"),
    pytest.param(
        "End-of-life=Sat, 09 Nov 2019 12:00:00 GMT", utc(2019, 11, 9, 12), None, id="date-only"
    ),
    pytest.param(
        " End-of-life = Sat, 09 Nov 2019 12:00:00 GMT ;valid-version= 2 ",
        utc(2019, 11, 9, 12),
        "2",
        id="spaces",
    ),
    pytest.param("something else", None, None, id="unknown-content"),
]


@pytest.mark.parametrize(("value", "end_of_life", "valid_version"), GDC)
def test_parse_gdc_deprecated(
    value: str, end_of_life: dt.datetime | None, valid_version: str | None
) -> None:
    """Every non-empty value is a deprecation; end of life and valid version are read or None."""
    found = parse_gdc_deprecated(value)
    assert found is not None
    assert (found.end_of_life, found.valid_version) == (end_of_life, valid_version)


@pytest.mark.parametrize(
    ("value", "malformed"),
    [
        pytest.param("End-of-life=Sat, 09 Nov 2019 12:00:00 GMT; valid-version=2", False, id="ok"),
        pytest.param('"End-of-life=Sat, X Nov 20XX 12:00:00 GM; valid-version=2"', True, id="bad"),
        pytest.param("deprecated", False, id="bare"),
        pytest.param("something else", True, id="unknown"),
    ],
)
def test_parse_gdc_deprecated_marks_unreadable(value: str, malformed: bool) -> None:
    """An end of life that is not a date, or unknown content, is marked malformed."""
    found = parse_gdc_deprecated(value)
    assert found is not None
    assert found.malformed is malformed


@pytest.mark.parametrize("value", ["", "   ", " , "])
def test_parse_gdc_deprecated_empty(value: str) -> None:
    """An empty X-GDC-Deprecated says nothing."""
    assert parse_gdc_deprecated(value) is None


VERSION_LISTS = [
    pytest.param("1.0, 2.0, 3.0-beta", ("1.0", "2.0", "3.0-beta"), id="aspnet"),
    pytest.param("1.0,2.0", ("1.0", "2.0"), id="no-spaces"),
    pytest.param("2022-11-28", ("2022-11-28",), id="single"),
    pytest.param(" 1.0 , , 2.0 ,", ("1.0", "2.0"), id="empty-entries"),
    pytest.param("1.0, 1.0, 2.0", ("1.0", "2.0"), id="duplicates"),
    pytest.param("", (), id="empty"),
]


@pytest.mark.parametrize(("value", "expected"), VERSION_LISTS)
def test_parse_version_list(value: str, expected: tuple[str, ...]) -> None:
    """Comma lists are stripped, empty entries and duplicates dropped, order kept."""
    assert parse_version_list(value) == expected


def test_parse_version_list_merges_lines() -> None:
    """Several header lines merge in order, duplicates removed."""
    assert parse_version_list(["1.0, 2.0", "2.0, 3.0"]) == ("1.0", "2.0", "3.0")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2022-11-28", "2022-11-28", id="github"),
        pytest.param(" 2.0 ", "2.0", id="stripped"),
        pytest.param('"2.0"', "2.0", id="quoted"),
        pytest.param("", None, id="empty"),
        pytest.param(" \t", None, id="blank"),
    ],
)
def test_parse_served_version(value: str, expected: str | None) -> None:
    """An echo header is one token, stripped; empty means not said."""
    assert parse_served_version(value) == expected
