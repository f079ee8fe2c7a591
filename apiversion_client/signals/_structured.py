"""Structured Field Dates (RFC 9651 section 3.3.7), parsed strictly.

Only what a Date item needs: an ``@`` and an sf-integer (an optional ``-``,
then 1 to 15 digits), followed by parameters whose keys and bare items are
checked against the RFC's grammar and then ignored.  Leading and trailing
spaces (SP only, as RFC 9651 section 4.2 says) are discarded; anything else
makes the item invalid.  One pass, linear in the length of the value.
"""

from __future__ import annotations

import datetime as _dt

__all__ = ["format_sf_date", "parse_sf_date", "sf_date_epoch"]

UTC = _dt.UTC
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=UTC)
_MIN_EPOCH = -62135596800  # 0001-01-01T00:00:00Z
_MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z

_DIGITS = frozenset("0123456789")
_LCALPHA = frozenset("abcdefghijklmnopqrstuvwxyz")
_ALPHA = _LCALPHA | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_KEY_CHARS = _LCALPHA | _DIGITS | frozenset("_-.*")
_TCHAR = _ALPHA | _DIGITS | frozenset("!#$%&'*+-.^_`|~")
_TOKEN_CHARS = _TCHAR | frozenset(":/")
_BASE64 = _ALPHA | _DIGITS | frozenset("+/=")
_LCHEX = frozenset("0123456789abcdef")


def _integer_or_decimal(text: str, i: int, *, integer_only: bool) -> int:
    """End of the sf-integer / sf-decimal at ``i``, or -1 when there is none."""
    n = len(text)
    if i < n and text[i] == "-":
        i += 1
    start = i
    while i < n and text[i] in _DIGITS:
        i += 1
    digits = i - start
    if digits == 0:
        return -1
    if i < n and text[i] == "." and not integer_only:
        if digits > 12:
            return -1
        i += 1
        frac_start = i
        while i < n and text[i] in _DIGITS:
            i += 1
        return i if 1 <= i - frac_start <= 3 else -1
    return i if digits <= 15 else -1


def _string(text: str, i: int) -> int:
    """End of the sf-string opening at ``i``, or -1."""
    i += 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            if i + 1 >= n or text[i + 1] not in '"\\':
                return -1
            i += 2
        elif c == '"':
            return i + 1
        elif " " <= c <= "~":
            i += 1
        else:
            return -1
    return -1


def _display_string(text: str, i: int) -> int:
    """End of the sf-displaystring opening at ``i`` (``%"``), or -1."""
    i += 2
    n = len(text)
    raw = bytearray()
    while i < n:
        c = text[i]
        if c == "%":
            pair = text[i + 1 : i + 3]
            if len(pair) != 2 or not all(h in _LCHEX for h in pair):
                return -1
            raw.append(int(pair, 16))
            i += 3
        elif c == '"':
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return -1
            return i + 1
        elif " " <= c <= "~":
            raw.append(ord(c))
            i += 1
        else:
            return -1
    return -1


def _bare_item(text: str, i: int) -> int:
    """End of the bare item at ``i``, or -1."""
    if i >= len(text):
        return -1
    c = text[i]
    if c == "-" or c in _DIGITS:
        return _integer_or_decimal(text, i, integer_only=False)
    if c == '"':
        return _string(text, i)
    if c == "*" or c in _ALPHA:
        i += 1
        while i < len(text) and text[i] in _TOKEN_CHARS:
            i += 1
        return i
    if c == ":":
        j = i + 1
        while j < len(text) and text[j] in _BASE64:
            j += 1
        return j + 1 if j < len(text) and text[j] == ":" else -1
    if c == "?":
        return i + 2 if text[i + 1 : i + 2] in ("0", "1") and i + 1 < len(text) else -1
    if c == "@":
        return _integer_or_decimal(text, i + 1, integer_only=True)
    if c == "%" and text[i + 1 : i + 2] == '"':
        return _display_string(text, i)
    return -1


def _parameters(text: str, i: int) -> int:
    """End of the parameters starting at ``i`` (possibly none), or -1."""
    n = len(text)
    while i < n and text[i] == ";":
        i += 1
        while i < n and text[i] == " ":
            i += 1
        if i >= n or not (text[i] in _LCALPHA or text[i] == "*"):
            return -1
        i += 1
        while i < n and text[i] in _KEY_CHARS:
            i += 1
        if i < n and text[i] == "=":
            i = _bare_item(text, i + 1)
            if i < 0:
                return -1
    return i


def sf_date_epoch(value: str) -> int | None:
    """The epoch seconds of an sf-date item, within the sf-integer range, or None.

    Args:
        value: The text of one item, e.g. ``"@1688169599"`` or ``"@0;a=1"``.

    Returns:
        The integer after ``@`` when ``value`` is a valid sf-date item, else None.
    """
    text = value.strip(" ")
    if not text.startswith("@"):
        return None
    end = _integer_or_decimal(text, 1, integer_only=True)
    if end < 0:
        return None
    epoch = int(text[1:end])
    if end < len(text) and text[end] == ".":
        return None  # a decimal is not a date
    if _parameters(text, end) != len(text):
        return None
    return epoch


def parse_sf_date(value: str) -> _dt.datetime | None:
    """Read a Structured Field Date item (RFC 9651), e.g. ``"@1688169599"``.

    Parameters after the date are checked for syntax and ignored.  Dates outside
    years 1 to 9999 are syntactically valid but cannot be represented, so they
    give None (RFC 9651 lets a parser fail on them).

    Args:
        value: The field value.

    Returns:
        The instant as an aware UTC datetime, or None when ``value`` is not a
        valid sf-date item.
    """
    epoch = sf_date_epoch(value)
    if epoch is None or not _MIN_EPOCH <= epoch <= _MAX_EPOCH:
        return None
    return _EPOCH + _dt.timedelta(seconds=epoch)


def format_sf_date(when: _dt.datetime) -> str:
    """Write ``when`` as a Structured Field Date, e.g. ``"@1688169599"``.

    Args:
        when: An aware datetime; sub-second precision is dropped (rounded down).

    Returns:
        ``"@"`` followed by the seconds since 1970-01-01T00:00:00Z.

    Raises:
        ValueError: ``when`` is naive.
    """
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"a naive datetime has no instant: {when!r}")
    return f"@{(when - _EPOCH) // _dt.timedelta(seconds=1)}"
