"""Helpers shared by the signals tests."""

from __future__ import annotations

import datetime as dt


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    """An aware UTC datetime, briefly."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)


def is_aware_utc(value: dt.datetime) -> bool:
    """True when ``value`` carries exactly ``datetime.timezone.utc``."""
    return value.tzinfo is dt.UTC


# Characters that stress parsers: long runs of each are the hostile inputs.
HOSTILE_ALPHABET = "<>\"\\;,= \t@:-+%*'/"
HOSTILE_SIZE = 64 * 1024
HOSTILE_SIZES = (8 * 1024, 64 * 1024)

# Units of many tiny list members, one family of header after another.
TINY_MEMBERS = [
    "@1,",
    "true,",
    "x,",
    "Sun, 06 Nov 1994 08:49:37 GMT, ",
    "<a,",
    "<a>,",
    "<>,",
    '<a>; rel="successor-version"; version="2",',
    '299 - "",',
    "1,",
    "End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=3, ",
    "deprecated,",
    "valid-version=1;",
    '",',
    "1,2,",
]


def hostile_values(n: int = HOSTILE_SIZE) -> list[tuple[str, str]]:
    """(id, value) pairs of ``n``-character values built to trip backtracking or quadratic scans."""
    tiny = [(f"tiny-{unit!r}", unit * (n // len(unit))) for unit in TINY_MEMBERS]
    return (
        tiny
        + [(f"run-{c!r}", c * n) for c in '<"\\;,=']
        + [
            ("lt-quote", '<"' * (n // 2)),
            ("link-missing-gt", "<a;" * (n // 3)),
            ("param-unterminated", '<a>;r="' * (n // 7)),
            ("escaped-quotes", '"\\"' * (n // 3)),
            ("day-commas", "Sun," * (n // 4)),
            ("gdc-lines", "End-of-life=Sat, " * (n // 17)),
            ("warnings", '299 - "x",' * (n // 10)),
            ("sf-params", "@1" + ";a=1" * (n // 4)),
            ("spaces", " " * n),
            ("digits", "9" * n),
            ("semicolon-equals", ";=" * (n // 2)),
            ("link-params", "<a>" + ";a=1" * (n // 4)),
            ("link-bare-params", "<a>" + ";a" * (n // 2)),
            ("long-quoted", '<a>; title="' + "x" * n),
            ("long-escapes", '<a>; title="' + "\\x" * (n // 2)),
        ]
    )
