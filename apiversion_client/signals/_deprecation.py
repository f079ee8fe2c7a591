"""The ``Deprecation`` (RFC 9745) and ``Sunset`` (RFC 8594) headers.

``Deprecation`` is read in every form servers send:

* the standard Structured Field Date ``@1688169599`` (parameters ignored);
* ``true`` / ``?1`` (any case): deprecated, date unknown;
* an HTTP-date (GitHub: ``Tue, 10 Mar 2026 00:00:00 GMT``);
* ISO 8601 (``2026-03-10`` or a date-time with ``Z`` or an offset);
* the early draft's parameters ``version="v1", date="Sun, 11 Nov 2018 ..."``.

``false`` / ``?0``, empty and whitespace-only values mean "not deprecated".
Any other present value is a deprecation with an unknown date, never a guessed
one (``1688169599`` without ``@`` is not a date).  When several values are
joined by ``", "`` the earliest date wins.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from apiversion_client.signals._dates import (
    earliest,
    parse_http_date,
    parse_iso_datetime,
    split_date_list,
)
from apiversion_client.signals._scan import unquote
from apiversion_client.signals._structured import parse_sf_date

__all__ = ["Deprecation", "parse_deprecation", "parse_sunset"]

_OWS = " \t"
_DRAFT_KEYS = frozenset(("version", "date"))


@attrs.frozen
class Deprecation:
    """A resource is, or will be, deprecated (RFC 9745 ``Deprecation`` header).

    Attributes:
        date: When the resource is (or was) deprecated, as an aware UTC
            datetime; None when the server did not say or the date could not
            be read.
        raw: The header value as received.
        version: The version named by the early draft's ``version="..."``
            parameter, if any.
        malformed: True when some part of the value could not be read (the
            date is then the earliest of the parts that could, if any).
    """

    date: _dt.datetime | None = None
    raw: str = ""
    version: str | None = None
    malformed: bool = False


def read_date(text: str) -> _dt.datetime | None:
    """Read an HTTP-date or an ISO 8601 date from ``text`` (already unquoted)."""
    return parse_http_date(text) or parse_iso_datetime(text)


def _member(text: str) -> tuple[bool, _dt.datetime | None, bool, tuple[str, str] | None]:
    """Read one list member: (deprecated, date, readable, draft parameter)."""
    lowered = text.lower()
    if lowered in ("false", "?0"):
        return False, None, True, None
    if lowered in ("true", "?1"):
        return True, None, True, None
    if text.startswith("@"):
        date = parse_sf_date(text)
        return True, date, date is not None, None
    key, sep, rest = text.partition("=")
    key = key.strip(_OWS).lower()
    if sep and key in _DRAFT_KEYS:
        value = unquote(rest)
        if key == "version":
            return True, None, True, ("version", value)
        date = read_date(value)
        return True, date, date is not None, None
    date = read_date(text)
    return True, date, date is not None, None


def parse_deprecation(value: str) -> Deprecation | None:
    """Read a ``Deprecation`` header value (RFC 9745 and the forms before it).

    Args:
        value: The header value; several lines may be joined by ``", "``.

    Returns:
        None when the value says "not deprecated" (``false``, empty); otherwise
        a :class:`Deprecation` whose ``date`` is the earliest date given, or
        None when no date could be read.
    """
    deprecated, malformed = False, False
    dates: list[_dt.datetime | None] = []
    version: str | None = None
    for member in split_date_list(value):
        said, date, readable, draft = _member(member)
        deprecated = deprecated or said
        malformed = malformed or not readable
        dates.append(date)
        if draft is not None and version is None:
            version = draft[1]
    if not deprecated:
        return None
    return Deprecation(date=earliest(dates), raw=value, version=version, malformed=malformed)


def parse_sunset(value: str) -> _dt.datetime | None:
    """Read a ``Sunset`` header value (RFC 8594): an HTTP-date.

    The HTTP-date is read with the leniency of :func:`parse_http_date`.  When
    several dates are joined by ``", "`` (repeated header lines), the earliest
    one is returned: the resource may stop answering at that moment.

    Args:
        value: The header value.

    Returns:
        The earliest date as an aware UTC datetime, or None when no member of
        the value is a date.
    """
    return earliest([parse_http_date(unquote(part)) for part in split_date_list(value)])
