"""The ``Warning`` header (RFC 7234 section 5.5), as Kubernetes still sends it.

``Warning: 299 - "batch/v1beta1 CronJob is deprecated in v1.21+"``: a
three-digit code, an agent (``-``, a pseudonym such as ``anderson/1.3.37``, or
``host[:port]``), a quoted text with quoted-pair escapes, and an optional quoted
HTTP-date.  Several warnings share a line, separated by commas.  An invalid
entry is dropped up to the next comma outside quotes; the valid ones around it
are kept.  A warning whose date cannot be read keeps ``date=None``.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from apiversion_client.signals._dates import parse_http_date
from apiversion_client.signals._scan import quoted, skip_ows, skip_to_comma

__all__ = ["WarningValue", "parse_warning", "scan_warnings"]

_DIGITS = frozenset("0123456789")
_AGENT_STOP = frozenset(' \t",')


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


def scan_warnings(value: str) -> tuple[list[WarningValue], bool]:
    """Read every warning-value of ``value``; also say whether any was dropped.

    Args:
        value: A ``Warning`` header value.

    Returns:
        The valid warnings in order, and True when an entry was dropped.
    """
    warnings: list[WarningValue] = []
    dropped = False
    i, n = 0, len(value)
    while i < n:
        if value[i] in " \t,":
            i += 1
            continue
        entry, i = _entry(value, i)
        if entry is None:
            dropped = True
        else:
            warnings.append(entry)
    return warnings, dropped


def parse_warning(value: str) -> list[WarningValue]:
    """Read a ``Warning`` header value (RFC 7234 section 5.5).

    Args:
        value: The header value; several warnings may share it.

    Returns:
        The valid warning-values in the order received; invalid ones are dropped.
    """
    return scan_warnings(value)[0]
