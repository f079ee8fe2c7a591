"""GoodData's X-GDC-Deprecated, and the headers that list or echo versions."""

from __future__ import annotations

import datetime as dt

import pytest

from apiversion_client.signals import (
    GdcDeprecation,
    GdcEntry,
    parse_gdc_deprecated,
    parse_served_version,
    parse_version_list,
    read_signals,
)

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


# Issue 16: two values joined in one line keep each value's fields together.
JOINED = [
    pytest.param(
        "End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=3, "
        "End-of-life=Sun, 01 Feb 2026 12:00:00 GMT; valid-version=4",
        utc(2025, 11, 1, 12),
        "3",
        id="issue-16-earliest-first",
    ),
    pytest.param(
        "End-of-life=Sun, 01 Feb 2026 12:00:00 GMT; valid-version=4, "
        "End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=3",
        utc(2025, 11, 1, 12),
        "3",
        id="issue-16-earliest-second",
    ),
    pytest.param(
        "valid-version=4; End-of-life=Sun, 01 Feb 2026 12:00:00 GMT, "
        "valid-version=3; End-of-life=Sat, 01 Nov 2025 12:00:00 GMT",
        utc(2025, 11, 1, 12),
        "3",
        id="version-before-date",
    ),
    pytest.param(
        "End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=3, "
        "End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=4",
        utc(2025, 11, 1, 12),
        "3",
        id="same-date-first-wins",
    ),
    pytest.param(
        "End-of-life=Sat, 01 Nov 2025 12:00:00 GMT, "
        "End-of-life=Sun, 01 Feb 2026 12:00:00 GMT; valid-version=4",
        utc(2025, 11, 1, 12),
        None,
        id="earliest-names-no-version",
    ),
    pytest.param(
        '"End-of-life=Sat, X Nov 20XX 12:00:00 GM; valid-version=2", '
        "End-of-life=Sun, 01 Feb 2026 12:00:00 GMT; valid-version=4",
        utc(2026, 2, 1, 12),
        "4",
        id="unreadable-date-loses",
    ),
    pytest.param(
        '"End-of-life=Sat, X Nov 20XX 12:00:00 GM; valid-version=2", "valid-version=5"',
        None,
        "2",
        id="no-date-first-version",
    ),
    pytest.param(
        "deprecated, End-of-life=Sun, 01 Feb 2026 12:00:00 GMT; valid-version=4",
        utc(2026, 2, 1, 12),
        "4",
        id="bare-and-full",
    ),
]


@pytest.mark.parametrize(("value", "end_of_life", "valid_version"), JOINED)
def test_joined_values_keep_their_fields_together(
    value: str, end_of_life: dt.datetime | None, valid_version: str | None
) -> None:
    """Of joined values, the one with the earliest end of life gives both fields."""
    found = parse_gdc_deprecated(value)
    assert found is not None
    assert (found.end_of_life, found.valid_version) == (end_of_life, valid_version)


def test_joined_values_are_all_kept_as_entries() -> None:
    """Every value of a joined line is an entry, in order, with its own fields and text."""
    first = "End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=3"
    second = "End-of-life=Sun, 01 Feb 2026 12:00:00 GMT; valid-version=4"
    found = parse_gdc_deprecated(f"{first}, {second}")
    assert found is not None
    assert found.entries == (
        GdcEntry(utc(2025, 11, 1, 12), "3", first),
        GdcEntry(utc(2026, 2, 1, 12), "4", second),
    )


def test_one_value_is_one_entry() -> None:
    """A single value is one entry equal to the whole reading."""
    value = "End-of-life=Sat, 09 Nov 2019 12:00:00 GMT; valid-version=2"
    found = parse_gdc_deprecated(value)
    assert found == GdcDeprecation(
        utc(2019, 11, 9, 12), "2", value, False, (GdcEntry(utc(2019, 11, 9, 12), "2", value),)
    )


def test_a_malformed_entry_marks_only_itself() -> None:
    """A broken entry is malformed on its own; the reading is malformed as a whole."""
    found = parse_gdc_deprecated(
        "End-of-life=Sat, X Nov 20XX 12:00:00 GM; valid-version=2, "
        "End-of-life=Sun, 01 Feb 2026 12:00:00 GMT; valid-version=4"
    )
    assert found is not None
    assert [entry.malformed for entry in found.entries] == [True, False]
    assert found.malformed


def test_read_signals_takes_the_earliest_entrys_version() -> None:
    """read_signals' sunset and successor version come from the same (earliest) entry."""
    signals = read_signals(
        [
            (
                "X-GDC-Deprecated",
                "End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=3, "
                "End-of-life=Sun, 01 Feb 2026 12:00:00 GMT; valid-version=4",
            )
        ]
    )
    assert (signals.sunset, signals.successor_version) == (utc(2025, 11, 1, 12), "3")
    assert signals.problems == ()


def test_read_signals_names_the_unreadable_end_of_life_among_entries() -> None:
    """An unreadable end of life in any entry is reported as such."""
    signals = read_signals(
        [
            (
                "X-GDC-Deprecated",
                "End-of-life=Sun, 01 Feb 2026 12:00:00 GMT; valid-version=4, "
                '"End-of-life=Sat, X Nov 20XX 12:00:00 GM; valid-version=2"',
            )
        ]
    )
    assert [p.message for p in signals.problems] == ["could not read the end of life"]
