"""HTTP dates (RFC 9110 section 5.6.7), lenient where real servers are sloppy.

The scanner is hand-written: a value is cut into words, numbers and
punctuation in one pass, and the short token list is then matched against the
three forms of RFC 9110 (IMF-fixdate, the obsolete RFC 850 form, asctime).
No value longer than :data:`MAX_DATE_LENGTH` characters can be a date, so such
values are refused before any work is done.

Leniency, decided once:

* weekday names are optional and never checked against the date (servers get
  them wrong); an unknown word in their place is refused;
* month and weekday names in any case; full or three-letter weekday names;
* one- or two-digit day and hour; any amount of whitespace; ``-`` or
  whitespace between the parts of the RFC 850 form;
* zones ``GMT``, ``UTC``, ``UT``, ``Z``; numeric offsets ``+0200``, ``-0000``,
  ``+02:00``; the RFC 5322 obsolete North American zones (``EST``, ``EDT``,
  ``CST``, ``CDT``, ``MST``, ``MDT``, ``PST``, ``PDT``), whose offsets are well
  defined; no zone at all means GMT (HTTP dates are always GMT).  Any other
  zone name (``XYZ``, ``GM``, military letters other than ``Z``) is refused:
  guessing its offset would give a wrong instant;
* a leap second (``:60``) is read as ``:59`` of the same minute, since
  :class:`~datetime.datetime` cannot hold it;
* a two-digit year follows the 50-year rule of RFC 9110: a year that would be
  more than 50 years after the current year (at call time) is in the previous
  century; the year is taken in the window from 49 years before to 50 years
  after the current year.  Three-digit years are refused.

Refused (``None``): impossible dates (31 Feb, 24:00:00), trailing text, and
two dates joined by ``", "`` (lists are split by :func:`split_date_list`, which
reads at most :data:`~apiversion_client.signals._scan.MAX_MEMBERS` members).

A value written exactly as an IMF-fixdate in GMT (``Wed, 11 Nov 2026 23:59:59
GMT``, what nearly every server sends) is read by one anchored regular
expression straight into a ``datetime``; anything else, and any such value the
fast path would have to think about (a leap second, year 0000, 31 Feb), goes to
the scanner, which gives the same answer for every value the fast path reads.
"""

from __future__ import annotations

import datetime as _dt
import re

from apiversion_client.signals._scan import MAX_MEMBERS, TO_COMMA, only_separators

__all__ = [
    "IMF_FIXDATE",
    "MAX_DATE_LENGTH",
    "earliest",
    "fast_http_date",
    "fixdate",
    "format_http_date",
    "parse_http_date",
    "parse_iso_datetime",
    "scan_http_date",
    "split_date_list",
]

UTC = _dt.UTC

#: No date in any accepted form is longer than this; longer values are not dates.
MAX_DATE_LENGTH = 128

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DAYS = frozenset(
    (
        "mon", "tue", "wed", "thu", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    )
)  # fmt: skip
_ZONES = {
    "gmt": 0,
    "utc": 0,
    "ut": 0,
    "z": 0,
    "est": -5 * 60,
    "edt": -4 * 60,
    "cst": -6 * 60,
    "cdt": -5 * 60,
    "mst": -7 * 60,
    "mdt": -6 * 60,
    "pst": -8 * 60,
    "pdt": -7 * 60,
}
_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WHITESPACE = frozenset(" \t\r\n")
_PUNCTUATION = frozenset(",:-+")
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}

#: The IMF-fixdate in GMT, exactly as RFC 9110 writes it (ASCII digits only).
#: Groups: day, month name, year, hour, minute, second, each within its range
#: (a leap second, year 0000 or a day the month lacks are left to the scanner).
IMF_FIXDATE = (
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12][0-9]|3[01]) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"((?!0000)[0-9]{4}) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) GMT"
)
_IMF_FIXDATE = re.compile(IMF_FIXDATE)
_TWO_DIGITS = {f"{number:02d}": number for number in range(100)}
_datetime = _dt.datetime


def _tokens(value: str) -> list[str] | None:
    """Cut ``value`` into words, digit runs and ``, : - +``; None on any other character."""
    tokens: list[str] = []
    i, n = 0, len(value)
    while i < n:
        c = value[i]
        if c in _WHITESPACE:
            i += 1
        elif c in _PUNCTUATION:
            tokens.append(c)
            i += 1
        elif c.isascii() and c.isalpha():
            j = i + 1
            while j < n and value[j].isascii() and value[j].isalpha():
                j += 1
            tokens.append(value[i:j].lower())
            i = j
        elif c.isascii() and c.isdigit():
            j = i + 1
            while j < n and value[j].isascii() and value[j].isdigit():
                j += 1
            tokens.append(value[i:j])
            i = j
        else:
            return None
    return tokens


def _is_number(token: str, min_len: int, max_len: int) -> bool:
    return min_len <= len(token) <= max_len and token.isdigit()


def _current_year() -> int:
    """The current year in UTC (a seam for tests of the 50-year rule)."""
    return _dt.datetime.now(UTC).year


def _full_year(token: str) -> int | None:
    if _is_number(token, 4, 4):
        return int(token)
    if _is_number(token, 2, 2):
        # RFC 9110 section 5.6.7: a two-digit year that appears to be more than
        # 50 years in the future is the most recent such year in the past.
        this_year = _current_year()
        year = this_year // 100 * 100 + int(token)
        if year > this_year + 50:
            year -= 100
        elif year <= this_year - 50:
            year += 100  # late in a century: the window is this year -49 .. +50
        return year
    return None


class _Cursor:
    """A read position in a token list."""

    __slots__ = ("pos", "tokens")

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str | None:
        token = self.peek()
        if token is not None:
            self.pos += 1
        return token

    def skip(self, token: str) -> bool:
        if self.peek() == token:
            self.pos += 1
            return True
        return False


def _time(cur: _Cursor) -> tuple[int, int, int] | None:
    hour, minute, second = cur.take(), None, None
    if cur.skip(":"):
        minute = cur.take()
    if cur.skip(":"):
        second = cur.take()
    if hour is None or minute is None or second is None:
        return None
    if not (_is_number(hour, 1, 2) and _is_number(minute, 2, 2) and _is_number(second, 2, 2)):
        return None
    h, m, s = int(hour), int(minute), int(second)
    if h > 23 or m > 59 or s > 60:
        return None
    return h, m, min(s, 59)


def _zone(cur: _Cursor) -> int | None:
    """Read an optional zone; its offset east of UTC in minutes, or None if invalid."""
    token = cur.peek()
    if token is None:
        return 0
    if token in ("+", "-"):
        sign = cur.take()
        digits = cur.take()
        if digits is None:
            return None
        if _is_number(digits, 2, 2) and cur.skip(":"):
            minutes = cur.take()
            if minutes is None or not _is_number(minutes, 2, 2):
                return None
            digits += minutes
        if not _is_number(digits, 4, 4):
            return None
        hours, minutes_ = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes_ > 59:
            return None
        offset = hours * 60 + minutes_
        return -offset if sign == "-" else offset
    if token in _ZONES:
        cur.take()
        return _ZONES[token]
    return None


def _build(
    year: int, month: int, day: int, clock: tuple[int, int, int], offset: int
) -> _dt.datetime | None:
    try:
        local = _dt.datetime(year, month, day, *clock, tzinfo=UTC)
        return local - _dt.timedelta(minutes=offset)
    except (ValueError, OverflowError):
        return None


def fixdate(
    day: str, month: str, year: str, hour: str, minute: str, second: str
) -> _dt.datetime | None:
    """The datetime of an IMF-fixdate's parts, as :data:`IMF_FIXDATE` captures them.

    Returns:
        The instant, or None for a day the month does not have (the scanner,
        which refuses it too, has the last word).
    """
    try:
        return _datetime(
            int(year),
            _MONTH_NUMBERS[month],
            _TWO_DIGITS[day],
            _TWO_DIGITS[hour],
            _TWO_DIGITS[minute],
            _TWO_DIGITS[second],
            0,
            UTC,
        )
    except ValueError:
        return None


def fast_http_date(value: str) -> _dt.datetime | None:
    """An IMF-fixdate in GMT, read directly; None when the scanner must decide."""
    found = _IMF_FIXDATE.fullmatch(value)
    if found is None:
        return None
    day, month, year, hour, minute, second = found.groups()
    try:
        return _datetime(
            int(year),
            _MONTH_NUMBERS[month],
            _TWO_DIGITS[day],
            _TWO_DIGITS[hour],
            _TWO_DIGITS[minute],
            _TWO_DIGITS[second],
            0,
            UTC,
        )
    except ValueError:
        return None


def parse_http_date(value: str) -> _dt.datetime | None:
    """Read one HTTP-date (RFC 9110 section 5.6.7) in any of its three forms.

    Args:
        value: A header value such as ``"Sun, 06 Nov 1994 08:49:37 GMT"``,
            ``"Sunday, 06-Nov-94 08:49:37 GMT"`` or ``"Sun Nov  6 08:49:37 1994"``.

    Returns:
        The instant as an aware UTC datetime, or None when ``value`` is not one
        date (see the module documentation for what is accepted).
    """
    date = fast_http_date(value)
    if date is not None:
        return date
    return scan_http_date(value)


def scan_http_date(value: str) -> _dt.datetime | None:
    """:func:`parse_http_date` by the scanner alone (the reference for the fast path)."""
    if len(value) > MAX_DATE_LENGTH:
        return None
    tokens = _tokens(value)
    if not tokens:
        return None
    cur = _Cursor(tokens)
    if cur.peek() in _DAYS:
        cur.take()
        cur.skip(",")
    first = cur.take()
    if first is None:
        return None
    if first in _MONTHS:
        # asctime: Sun Nov  6 08:49:37 1994 (a zone after the time or year is tolerated)
        month = _MONTHS[first]
        day = cur.take()
        clock = _time(cur)
        offset, zoned = 0, cur.peek() in _ZONES
        if zoned:
            offset = _ZONES[cur.take() or ""]
        year_token = cur.take()
        if cur.peek() is not None and not zoned:
            zone = _zone(cur)
            if zone is None:
                return None
            offset = zone
        if day is None or clock is None or year_token is None or not _is_number(day, 1, 2):
            return None
        if not _is_number(year_token, 4, 4):
            return None
        year: int | None = int(year_token)
    elif _is_number(first, 1, 2):
        # IMF-fixdate (06 Nov 1994) or RFC 850 (06-Nov-94)
        dashed = cur.skip("-")
        month_token = cur.take()
        if month_token not in _MONTHS:
            return None
        month = _MONTHS[month_token]
        if dashed and not cur.skip("-"):
            return None
        year_token = cur.take()
        if year_token is None:
            return None
        year = _full_year(year_token)
        clock = _time(cur)
        zone = _zone(cur)
        if clock is None or zone is None:
            return None
        offset = zone
        day = first
    else:
        return None
    if cur.peek() is not None or year is None or year < 1:
        return None
    return _build(year, month, int(day), clock, offset)


def format_http_date(when: _dt.datetime) -> str:
    """Write ``when`` as an IMF-fixdate, e.g. ``"Sun, 06 Nov 1994 08:49:37 GMT"``.

    Args:
        when: An aware datetime; sub-second precision is dropped.

    Returns:
        The IMF-fixdate of ``when`` in GMT (years below 1000 zero-padded).

    Raises:
        ValueError: ``when`` is naive, or lies outside years 1 to 9999 in UTC.
    """
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"a naive datetime has no instant: {when!r}")
    try:
        utc = when.astimezone(UTC)
    except OverflowError as error:
        raise ValueError(f"not representable in UTC: {when!r}") from error
    return (
        f"{_WEEKDAY_NAMES[utc.weekday()]}, {utc.day:02d} {_MONTH_NAMES[utc.month - 1]} "
        f"{utc.year:04d} {utc.hour:02d}:{utc.minute:02d}:{utc.second:02d} GMT"
    )


def _digits_at(value: str, start: int, count: int) -> int | None:
    part = value[start : start + count]
    if len(part) != count or not (part.isascii() and part.isdigit()):
        return None
    return int(part)


def parse_iso_datetime(value: str) -> _dt.datetime | None:
    """Read an ISO 8601 calendar date or date-time with an explicit offset.

    Accepted: ``2026-03-10`` (midnight UTC of that day) and
    ``2026-03-10T12:30[:45[.123]]`` followed by ``Z`` or ``+hh:mm`` / ``+hhmm`` /
    ``+hh`` (``T`` may be a space, letters in any case).  A date-time without an
    offset names no instant and gives None.

    Args:
        value: The text to read.

    Returns:
        An aware UTC datetime, or None.
    """
    text = value.strip()
    if len(text) > MAX_DATE_LENGTH or len(text) < 10:
        return None
    year, month, day = _digits_at(text, 0, 4), _digits_at(text, 5, 2), _digits_at(text, 8, 2)
    if year is None or month is None or day is None or text[4] != "-" or text[7] != "-":
        return None
    if len(text) == 10:
        return _build(year, month, day, (0, 0, 0), 0)
    if text[10] not in "Tt ":
        return None
    hour, minute = _digits_at(text, 11, 2), _digits_at(text, 14, 2)
    if hour is None or minute is None or text[13:14] != ":":
        return None
    second, micro, i = 0, 0, 16
    if text[i : i + 1] == ":":
        parsed = _digits_at(text, i + 1, 2)
        if parsed is None:
            return None
        second, i = parsed, i + 3
        if text[i : i + 1] in (".", ","):
            j = i + 1
            while j < len(text) and text[j].isascii() and text[j].isdigit():
                j += 1
            if j == i + 1:
                return None
            micro = int(text[i + 1 : j][:6].ljust(6, "0"))
            i = j
    zone = text[i:]
    if zone in ("Z", "z"):
        offset = 0
    elif zone[:1] in ("+", "-"):
        digits = zone[1:].replace(":", "", 1) if zone[3:4] == ":" else zone[1:]
        if len(digits) == 2:
            digits += "00"
        if len(digits) != 4 or not (digits.isascii() and digits.isdigit()):
            return None
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            return None
        offset = (hours * 60 + minutes) * (-1 if zone[0] == "-" else 1)
    else:
        return None
    if hour > 23 or minute > 59 or second > 60:
        return None
    built = _build(year, month, day, (hour, minute, min(second, 59)), offset)
    return None if built is None else built + _dt.timedelta(microseconds=micro)


def split_date_list(value: str, limit: int = MAX_MEMBERS) -> tuple[list[str], bool]:
    """Split a comma-separated list whose members may be HTTP-dates.

    A comma right after a weekday name (``"Tue, 10 Mar 2026 ..."``) belongs to
    the date, not to the list; commas inside double quotes are kept too (a
    backslash inside quotes escapes the next character).  Reading stops after
    ``limit`` members or ``2 * limit`` comma-separated pieces (a date's weekday
    comma makes two pieces of one member), so the work is bounded whatever the
    value's length.

    Args:
        value: A header value, possibly several lines joined by ``", "``.
        limit: The most members read.

    Returns:
        The members, stripped, empty ones dropped; and True when the value went
        on past what was read (more than ``limit`` members).
    """
    members: list[str] = []
    pending: list[str] = []
    n = len(value)
    start = pieces = 0
    while True:
        i = TO_COMMA.match(value, start).end()  # type: ignore[union-attr]
        pending.append(value[start:i])
        pieces += 1
        if i < n and pieces < 2 * limit and _ends_with_day(pending[-1].rstrip(" \t")):
            start = i + 1
            continue  # the comma after a weekday name belongs to the date
        member = ",".join(pending).strip(" \t")
        pending = []
        if member:
            members.append(member)
        if i >= n:
            return members, False
        start = i + 1
        if len(members) >= limit or pieces >= 2 * limit:
            return members, not only_separators(value, start)


def _ends_with_day(text: str) -> bool:
    word_start = len(text)
    while word_start > 0 and text[word_start - 1].isascii() and text[word_start - 1].isalpha():
        word_start -= 1
        if len(text) - word_start > 9:  # longer than "wednesday"
            return False
    return text[word_start:].lower() in _DAYS


def earliest(dates: list[_dt.datetime | None]) -> _dt.datetime | None:
    """The earliest of the known dates, or None when none is known."""
    known = [d for d in dates if d is not None]
    return min(known) if known else None
