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
  ``End-of-life`` or ``valid-version`` key, ``deprecated``, or a quote).  The
  earliest end of life wins; the valid version is the highest one when all
  are integers, else the first one given.

Any other non-empty value is a deprecation with unknown details (``malformed``).
"""

from __future__ import annotations

import datetime as _dt

import attrs

from apiversion_client.signals._dates import earliest, parse_http_date
from apiversion_client.signals._scan import unquote

__all__ = ["GdcDeprecation", "parse_gdc_deprecated"]

_OWS = " \t"
_END_OF_LIFE = "end-of-life"
_VALID_VERSION = "valid-version"
_LINE_STARTS = (_END_OF_LIFE, _VALID_VERSION, "deprecated", '"')


@attrs.frozen
class GdcDeprecation:
    """A GoodData resource is served at a deprecated version (``X-GDC-Deprecated``).

    Attributes:
        end_of_life: When the deprecated version stops being served, as an aware
            UTC datetime; None when not given or unreadable.
        valid_version: The version to move to, as sent (e.g. ``"2"``), if given.
        raw: The header value as received.
        malformed: True when part of the value could not be read (e.g. an end of
            life that is not a date).
    """

    end_of_life: _dt.datetime | None = None
    valid_version: str | None = None
    raw: str = ""
    malformed: bool = False


def _lines(value: str) -> list[str]:
    """Split ``value`` at the commas that start a new header line."""
    lines: list[list[str]] = []
    for piece in value.split(","):
        if lines and not piece.lstrip(_OWS)[:16].lower().startswith(_LINE_STARTS):
            lines[-1].append(piece)
        else:
            lines.append([piece])
    joined = (",".join(parts).strip(_OWS + ",") for parts in lines)
    return [line for line in joined if line]


def _read_line(line: str) -> tuple[_dt.datetime | None, str | None, bool]:
    """Read one line: (end of life, valid version, malformed)."""
    text = line.strip(_OWS)
    if text.startswith('"'):
        text = unquote(text)
    if text.strip(_OWS).lower() == "deprecated":
        return None, None, False
    end_of_life: _dt.datetime | None = None
    valid_version: str | None = None
    malformed, understood = False, False
    for part in text.split(";"):
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
    return end_of_life, valid_version, malformed or not understood


def _pick_version(versions: list[str]) -> str | None:
    if not versions:
        return None
    if all(v.isascii() and v.isdigit() and len(v) < 20 for v in versions):
        return max(versions, key=int)
    return versions[0]


def parse_gdc_deprecated(value: str) -> GdcDeprecation | None:
    """Read an ``X-GDC-Deprecated`` header value.

    Args:
        value: The header value; several lines may be joined by ``", "``.

    Returns:
        None for an empty value; otherwise a :class:`GdcDeprecation` (see the
        module documentation for how messy values are read).
    """
    lines = _lines(value)
    if not lines:
        return None
    dates: list[_dt.datetime | None] = []
    versions: list[str] = []
    malformed = False
    for line in lines:
        end_of_life, valid_version, bad = _read_line(line)
        dates.append(end_of_life)
        if valid_version is not None:
            versions.append(valid_version)
        malformed = malformed or bad
    return GdcDeprecation(
        end_of_life=earliest(dates),
        valid_version=_pick_version(versions),
        raw=value,
        malformed=malformed,
    )
