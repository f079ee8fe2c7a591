"""GoodData's ``X-GDC-Deprecated`` header.

Documented as ``End-of-life=<RFC 1123 date>; valid-version=<int>``; read as
servers and the vendor's documentation actually write it:

* keys in any case, ``=`` or ``:`` between key and value (``valid-version: 4``);
* the whole value, or each line, wrapped in double quotes;
* the vendor's own broken example
  ``"End-of-life=Sat, X Nov 20XX 12:00:00 GM; valid-version=2"``: still a
  deprecation, end of life unknown (None), valid version ``"2"``;
* the bare value ``deprecated``: a deprecation with nothing more known;
* two lines joined by ``", "``: the date itself contains a comma, so the value
  is split at a comma only where what follows starts a new line (an
  ``End-of-life`` or ``valid-version`` key, ``deprecated``, or a quote).  Each
  line is one *entry* (:class:`GdcEntry`) whose end of life and valid version
  stay together.

Of several entries, the one with the earliest end of life wins: its end of life
and *its* valid version are the value's (when that entry names no valid
version, the value names none).  When no entry has a readable end of life, the
valid version is the first one given.  All entries are kept, in order, in
:attr:`GdcDeprecation.entries`.

Bounded work: at most 64 entries
(:data:`~apiversion_client.signals._scan.MAX_MEMBERS`) are read, each up to its
64th ``;``-separated field; the rest is ignored and the value is ``malformed``.

Any other non-empty value is a deprecation with unknown details (``malformed``).
The documented form itself, written exactly (``End-of-life=<IMF-fixdate>;
valid-version=<token>``), is read by one anchored regular expression; every
other value by the scanner (:func:`scan_gdc_deprecated`), which reads such a
value the same way.
"""

from __future__ import annotations

import datetime as _dt
import re

import attrs

from apiversion_client.signals._dates import IMF_FIXDATE, fixdate, parse_http_date
from apiversion_client.signals._scan import MAX_MEMBERS, only_separators, unquote

__all__ = [
    "GdcDeprecation",
    "GdcEntry",
    "fast_gdc_deprecated",
    "parse_gdc_deprecated",
    "read_gdc_deprecated",
    "scan_gdc_deprecated",
]

_OWS = " \t"
_END_OF_LIFE = "end-of-life"
_VALID_VERSION = "valid-version"
# A comma followed by what starts a new header line (keys compared as ASCII,
# in any case, as ``str.lower`` would).
_NEXT_ENTRY = re.compile(r'(?ai:,(?=[ \t]*+(?:end-of-life|valid-version|deprecated|")))')
_FAST_GDC = re.compile(rf"End-of-life={IMF_FIXDATE}; valid-version=([0-9A-Za-z._-]++)")


@attrs.frozen
class GdcEntry:
    """One deprecation notice of an ``X-GDC-Deprecated`` value (one header line).

    Attributes:
        end_of_life: When the deprecated version stops being served, as an aware
            UTC datetime; None when not given or unreadable.
        valid_version: The version to move to, as sent (e.g. ``"2"``), if given.
        raw: This entry's text, as received (stripped).
        malformed: True when part of the entry could not be read.
    """

    end_of_life: _dt.datetime | None = None
    valid_version: str | None = None
    raw: str = ""
    malformed: bool = False


@attrs.frozen
class GdcDeprecation:
    """A GoodData resource is served at a deprecated version (``X-GDC-Deprecated``).

    When the value holds several entries (header lines joined by ``", "``), the
    entry with the earliest end of life gives both ``end_of_life`` and
    ``valid_version``; every entry is in ``entries``.

    Attributes:
        end_of_life: When the deprecated version stops being served, as an aware
            UTC datetime (the earliest of all entries); None when not given or
            unreadable.
        valid_version: The version to move to, as sent (e.g. ``"2"``): that of
            the entry with the earliest end of life (None when it names none),
            or, when no entry has a readable end of life, the first one given.
        raw: The header value as received.
        malformed: True when part of the value could not be read (e.g. an end of
            life that is not a date), or was ignored (more than 64 entries).
        entries: Every entry read, in order (at most 64).
    """

    end_of_life: _dt.datetime | None = None
    valid_version: str | None = None
    raw: str = ""
    malformed: bool = False
    entries: tuple[GdcEntry, ...] = ()


def _split(value: str) -> tuple[list[str], bool]:
    """Split ``value`` at the commas that start a new header line: (entries, truncated)."""
    entries: list[str] = []
    i, n = 0, len(value)
    while True:
        found = _NEXT_ENTRY.search(value, i)
        end = n if found is None else found.start()
        text = value[i:end].strip(_OWS + ",")
        if text:
            entries.append(text)
        if found is None:
            return entries, False
        i = found.end()
        if len(entries) >= MAX_MEMBERS:
            return entries, not only_separators(value, i)


def _entry(line: str) -> GdcEntry:
    """Read one entry (one header line)."""
    text = line.strip(_OWS)
    if text.startswith('"'):
        text = unquote(text)
    if text.strip(_OWS).lower() == "deprecated":
        return GdcEntry(raw=line)
    end_of_life: _dt.datetime | None = None
    valid_version: str | None = None
    malformed, understood = False, False
    parts = text.split(";", MAX_MEMBERS)
    if len(parts) > MAX_MEMBERS:
        parts.pop()  # the 65th field and everything after it: ignored
        malformed = True
    for part in parts:
        equals, colon = part.find("="), part.find(":")
        cut = min(p for p in (equals, colon) if p >= 0) if max(equals, colon) >= 0 else -1
        if cut < 0:
            malformed = malformed or bool(part.strip(_OWS))
            continue
        key, raw_value = part[:cut].strip(_OWS).lower(), unquote(part[cut + 1 :])
        if key == _END_OF_LIFE:
            understood = True
            date = parse_http_date(raw_value)
            malformed = malformed or date is None
            end_of_life = end_of_life or date
        elif key == _VALID_VERSION:
            understood = True
            if raw_value and valid_version is None:
                valid_version = raw_value
    return GdcEntry(end_of_life, valid_version, line, malformed or not understood)


def scan_gdc_deprecated(value: str) -> tuple[GdcDeprecation | None, bool]:
    """Read a value with the scanner: (result, truncated: entries past the 64th ignored)."""
    lines, truncated = _split(value)
    if not lines:
        return None, truncated
    entries = tuple(_entry(line) for line in lines)
    dated = [entry for entry in entries if entry.end_of_life is not None]
    if dated:
        # min() keeps the first of equal dates; the winner's valid version comes with it
        chosen = min(dated, key=lambda entry: entry.end_of_life)  # type: ignore[arg-type,return-value]
        end_of_life, valid_version = chosen.end_of_life, chosen.valid_version
    else:
        end_of_life = None
        given = (entry.valid_version for entry in entries if entry.valid_version is not None)
        valid_version = next(given, None)
    malformed = truncated or any(entry.malformed for entry in entries)
    return GdcDeprecation(end_of_life, valid_version, value, malformed, entries), truncated


def fast_gdc_deprecated(value: str) -> GdcDeprecation | None:
    """The documented form, written exactly, read directly; None when the scanner must decide."""
    found = _FAST_GDC.fullmatch(value)
    if found is None:
        return None
    end_of_life = fixdate(*found.groups()[:6])
    if end_of_life is None:
        return None
    version = found.group(7)
    entry = GdcEntry(end_of_life, version, value)
    return GdcDeprecation(end_of_life, version, value, False, (entry,))


def read_gdc_deprecated(value: str) -> tuple[GdcDeprecation | None, bool]:
    """:func:`parse_gdc_deprecated`, and True when entries past the 64th were ignored."""
    found = fast_gdc_deprecated(value)
    if found is not None:
        return found, False
    return scan_gdc_deprecated(value)


def parse_gdc_deprecated(value: str) -> GdcDeprecation | None:
    """Read an ``X-GDC-Deprecated`` header value.

    Args:
        value: The header value; several lines may be joined by ``", "``.  At
            most 64 entries are read; the rest is ignored (``malformed``).

    Returns:
        None for an empty value; otherwise a :class:`GdcDeprecation` whose end of
        life and valid version are those of the entry with the earliest end of
        life (see the module documentation for how messy values are read).
    """
    return read_gdc_deprecated(value)[0]
