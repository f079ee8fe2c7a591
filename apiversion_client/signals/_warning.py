"""The ``Warning`` header (RFC 7234 section 5.5), as Kubernetes still sends it.

``Warning: 299 - "batch/v1beta1 CronJob is deprecated in v1.21+"``: a
three-digit code, an agent (``-``, a pseudonym such as ``anderson/1.3.37``, or
``host[:port]``), a quoted text with quoted-pair escapes, and an optional quoted
HTTP-date.  Several warnings share a line, separated by commas.  An invalid
entry is dropped up to the next comma outside quotes; the valid ones around it
are kept.  A warning whose date cannot be read keeps ``date=None``.

At most 64 entries (:data:`~apiversion_client.signals._scan.MAX_MEMBERS`),
valid or not, are read per header value; the rest is ignored.  The usual value,
one ``<code> <agent> "<text>"`` without a date or a backslash, is read by one
anchored regular expression; anything else by the scanner
(:func:`scan_warnings`), which reads such a value the same way.
"""

from __future__ import annotations

import datetime as _dt
import re

import attrs

from apiversion_client.signals._dates import parse_http_date
from apiversion_client.signals._frozen import slot_setters
from apiversion_client.signals._scan import MAX_MEMBERS, quoted, skip_ows, skip_to_comma

__all__ = ["WarningValue", "fast_warnings", "parse_warning", "read_warnings", "scan_warnings"]

_DIGITS = frozenset("0123456789")
_AGENT_STOP = frozenset(' \t",')
_FAST_WARNING = re.compile(r'([0-9]{3}) ([^ \t",]++) "([^"\\]*+)"')


@attrs.frozen
class WarningValue:
    """One warning-value of a ``Warning`` header.

    Attributes:
        code: The three-digit warn-code, e.g. 299 ("miscellaneous persistent warning").
        agent: Who added the warning (``"-"`` when unknown).
        text: The warning text, unquoted.
        date: The warn-date as an aware UTC datetime, if one was given and readable.
    """

    code: int
    agent: str
    text: str
    date: _dt.datetime | None = None


_new = object.__new__
_SET_CODE, _SET_AGENT, _SET_TEXT, _SET_DATE = slot_setters(
    WarningValue, "code", "agent", "text", "date"
)


def fast_warnings(value: str) -> list[WarningValue] | None:
    """The one warning of a value written the usual way; None when the scanner must decide."""
    found = _FAST_WARNING.fullmatch(value)
    if found is None:
        return None
    code, agent, text = found.groups()
    warning: WarningValue = _new(WarningValue)
    _SET_CODE(warning, int(code))
    _SET_AGENT(warning, agent)
    _SET_TEXT(warning, text)
    _SET_DATE(warning, None)
    return [warning]


def _entry(value: str, i: int) -> tuple[WarningValue | None, int]:
    """Read one warning-value at ``i``: (the value or None, index after it)."""
    n = len(value)
    code = value[i : i + 3]
    if len(code) != 3 or not all(c in _DIGITS for c in code):
        return None, skip_to_comma(value, i)
    i += 3
    after_code = skip_ows(value, i)
    if after_code == i:
        return None, skip_to_comma(value, i)
    i = after_code
    start = i
    while i < n and value[i] not in _AGENT_STOP:
        i += 1
    agent = value[start:i]
    after_agent = skip_ows(value, i)
    if not agent or after_agent == i or after_agent >= n or value[after_agent] != '"':
        return None, skip_to_comma(value, i)
    text, i, terminated = quoted(value, after_agent)
    if not terminated:
        return None, n
    date: _dt.datetime | None = None
    i = skip_ows(value, i)
    if i < n and value[i] == '"':
        raw_date, i, terminated = quoted(value, i)
        if not terminated:
            return None, n
        date = parse_http_date(raw_date)
        i = skip_ows(value, i)
    if i < n and value[i] != ",":
        return None, skip_to_comma(value, i)
    return WarningValue(code=int(code), agent=agent, text=text, date=date), min(i + 1, n)


def scan_warnings(value: str) -> tuple[list[WarningValue], bool, bool]:
    """Read the warnings of ``value`` with the scanner: (warnings, dropped, truncated).

    ``dropped``: an invalid entry was dropped; ``truncated``: the value holds
    more than :data:`MAX_MEMBERS` entries and the rest was ignored.
    """
    warnings: list[WarningValue] = []
    dropped = False
    read = 0
    i, n = 0, len(value)
    while i < n:
        if value[i] in " \t,":
            i += 1
            continue
        if read >= MAX_MEMBERS:
            return warnings, dropped, True
        read += 1
        entry, i = _entry(value, i)
        if entry is None:
            dropped = True
        else:
            warnings.append(entry)
    return warnings, dropped, False


def read_warnings(value: str) -> tuple[list[WarningValue], bool, bool]:
    """Read every warning-value of ``value`` (up to 64); say what went wrong.

    Args:
        value: A ``Warning`` header value.

    Returns:
        The valid warnings in order; True when an entry was dropped; True when
        the value holds more than 64 entries and the rest was ignored.
    """
    warnings = fast_warnings(value)
    if warnings is not None:
        return warnings, False, False
    return scan_warnings(value)


def parse_warning(value: str) -> list[WarningValue]:
    """Read a ``Warning`` header value (RFC 7234 section 5.5).

    Args:
        value: The header value; several warnings may share it.  At most 64
            entries are read; the rest is ignored.

    Returns:
        The valid warning-values in the order received; invalid ones are dropped.
    """
    warnings = fast_warnings(value)
    if warnings is not None:
        return warnings
    return scan_warnings(value)[0]
