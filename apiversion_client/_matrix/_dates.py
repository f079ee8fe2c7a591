"""Dates in matrix files, and the ``on`` date of queries."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from apiversion_client._matrix._text import quote

__all__ = ["add_months", "as_date", "format_date", "resolve_on"]

_DATE_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?", re.ASCII)


def as_date(value: object) -> dt.date:
    """Read a matrix date: a TOML date or datetime, or ``YYYY-MM-DD`` / ``YYYY-MM`` text.

    A month (``"2019-10"``) means its first day.  A datetime counts by its UTC date.

    Args:
        value: The value from the file.

    Returns:
        The date.

    Raises:
        ValueError: The value is not a date; the message quotes it.
    """
    if isinstance(value, dt.datetime):
        try:
            return resolve_on(value)
        except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the first UTC day
            msg = f"not a date: {value.isoformat()!r} (its UTC date is out of range)"
            raise ValueError(msg) from None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) < 40:
        match = _DATE_TEXT.fullmatch(value.strip())
        if match is not None:
            year, month, day = match.groups()
            try:
                return dt.date(int(year), int(month), int(day or 1))
            except ValueError:
                pass
    msg = f"not a date: {quote(value)}"
    raise ValueError(msg)


def format_date(value: dt.date) -> str:
    """Write a date as ``YYYY-MM-DD``.

    Args:
        value: The date.

    Returns:
        The ISO text.
    """
    return value.isoformat()


def add_months(value: dt.date, months: int) -> dt.date:
    """Add calendar months, clamping the day to the end of a shorter month.

    Args:
        value: The start date.
        months: How many months to add.

    Returns:
        The date ``months`` later.

    Raises:
        ValueError: That date is after the year 9999 (or before the year 1).
    """
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        msg = f"{quote(months)} months after {value.isoformat()} is past the year {dt.MAXYEAR}"
        raise ValueError(msg)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def resolve_on(on: dt.date | dt.datetime | None) -> dt.date:
    """The date a query asks about.

    Args:
        on: A date; a datetime (its UTC date; a naive one is taken as UTC); or
            ``None`` for today's UTC date.

    Returns:
        The date.

    Raises:
        TypeError: ``on`` is of another type.
    """
    if on is None:
        return dt.datetime.now(dt.UTC).date()
    if isinstance(on, dt.datetime):
        if on.tzinfo is not None:
            on = on.astimezone(dt.UTC)
        return on.date()
    if not isinstance(on, dt.date):
        msg = f"on must be a date or datetime, not {type(on).__name__}"  # type: ignore[unreachable]
        raise TypeError(msg)
    return on
