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

Both headers are read up to their 64th list member
(:data:`~apiversion_client.signals._scan.MAX_MEMBERS`); the rest is ignored
(a Deprecation is then ``malformed``).

The two shapes servers send, ``@<epoch>`` (RFC 9745) and an IMF-fixdate
(GitHub), are read without the list scanner: a few ``str`` checks, or one
anchored regular expression, straight into a ``datetime``.  Every other value
goes to the scanner (:func:`scan_deprecation`), which gives the same result
for every value the fast path reads.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from apiversion_client.signals._dates import (
    earliest,
    fast_http_date,
    parse_http_date,
    parse_iso_datetime,
    split_date_list,
)
from apiversion_client.signals._frozen import slot_setters
from apiversion_client.signals._scan import unquote
from apiversion_client.signals._structured import parse_sf_date

__all__ = [
    "Deprecation",
    "fast_deprecation",
    "parse_deprecation",
    "parse_sunset",
    "read_deprecation",
    "read_sunset",
    "scan_deprecation",
    "scan_sunset",
]

_OWS = " \t"
_DRAFT_KEYS = frozenset(("version", "date"))
_UTC = _dt.UTC
_from_epoch = _dt.datetime.fromtimestamp
# "@" and at most 11 digits: always within years 1970 to 5138, so always a date.
_MAX_FAST_EPOCH_LENGTH = 12


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


_new = object.__new__
_SET_DATE, _SET_RAW, _SET_VERSION, _SET_MALFORMED = slot_setters(
    Deprecation, "date", "raw", "version", "malformed"
)


def _dated(date: _dt.datetime, raw: str) -> Deprecation:
    """``Deprecation(date, raw)``, built without attrs' ``__init__`` (the fast paths)."""
    found: Deprecation = _new(Deprecation)
    _SET_DATE(found, date)
    _SET_RAW(found, raw)
    _SET_VERSION(found, None)
    _SET_MALFORMED(found, False)
    return found


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


def fast_deprecation(value: str) -> Deprecation | None:
    """``@<digits>`` or an IMF-fixdate, read directly; None when the scanner must decide."""
    if value[:1] == "@":
        if len(value) <= _MAX_FAST_EPOCH_LENGTH:
            digits = value[1:]
            if digits.isdigit() and digits.isascii():
                return _dated(_from_epoch(int(digits), _UTC), value)
        return None
    date = fast_http_date(value)
    return None if date is None else _dated(date, value)


def scan_deprecation(value: str) -> tuple[Deprecation | None, bool, bool]:
    """Read a Deprecation value with the list scanner: (result, unreadable, truncated).

    ``unreadable``: a member read could not be understood; ``truncated``: the
    value has more than :data:`MAX_MEMBERS` members and the rest was ignored.
    """
    deprecated, unreadable = False, False
    dates: list[_dt.datetime | None] = []
    version: str | None = None
    members, truncated = split_date_list(value)
    for member in members:
        said, date, readable, draft = _member(member)
        deprecated = deprecated or said
        unreadable = unreadable or not readable
        dates.append(date)
        if draft is not None and version is None:
            version = draft[1]
    if not deprecated:
        return None, False, truncated
    found = Deprecation(
        date=earliest(dates), raw=value, version=version, malformed=unreadable or truncated
    )
    return found, unreadable, truncated


def read_deprecation(value: str) -> tuple[Deprecation | None, bool, bool]:
    """:func:`parse_deprecation`, and whether a member was unreadable or ignored.

    Returns:
        The result, True when a member read could not be understood, and True
        when members past the 64th were ignored.
    """
    found = fast_deprecation(value)
    if found is not None:
        return found, False, False
    return scan_deprecation(value)


def parse_deprecation(value: str) -> Deprecation | None:
    """Read a ``Deprecation`` header value (RFC 9745 and the forms before it).

    Args:
        value: The header value; several lines may be joined by ``", "``.  At
            most 64 list members are read; with more, the rest is ignored and
            the result is ``malformed``.

    Returns:
        None when the value says "not deprecated" (``false``, empty); otherwise
        a :class:`Deprecation` whose ``date`` is the earliest date given, or
        None when no date could be read.
    """
    if value[:1] == "@" and len(value) <= _MAX_FAST_EPOCH_LENGTH:
        digits = value[1:]
        if digits.isdigit() and digits.isascii():  # the common case, inline
            found: Deprecation = _new(Deprecation)
            _SET_DATE(found, _from_epoch(int(digits), _UTC))
            _SET_RAW(found, value)
            _SET_VERSION(found, None)
            _SET_MALFORMED(found, False)
            return found
    fast = fast_deprecation(value)
    if fast is not None:
        return fast
    return scan_deprecation(value)[0]


def scan_sunset(value: str) -> tuple[_dt.datetime | None, bool]:
    """Read a Sunset value with the list scanner: (earliest date, truncated)."""
    members, truncated = split_date_list(value)
    return earliest([parse_http_date(unquote(member)) for member in members]), truncated


def read_sunset(value: str) -> tuple[_dt.datetime | None, bool]:
    """:func:`parse_sunset`, and True when list members past the 64th were ignored."""
    date = fast_http_date(value)
    if date is not None:
        return date, False
    return scan_sunset(value)


def parse_sunset(value: str) -> _dt.datetime | None:
    """Read a ``Sunset`` header value (RFC 8594): an HTTP-date.

    The HTTP-date is read with the leniency of :func:`parse_http_date`.  When
    several dates are joined by ``", "`` (repeated header lines), the earliest
    one is returned: the resource may stop answering at that moment.  At most
    64 list members are read; the rest is ignored.

    Args:
        value: The header value.

    Returns:
        The earliest date as an aware UTC datetime, or None when no member of
        the value is a date.
    """
    date = fast_http_date(value)
    if date is not None:
        return date
    return scan_sunset(value)[0]
