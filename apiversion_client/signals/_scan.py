"""Small scanning helpers shared by the header parsers (all linear), and the bound on lists.

No parser reads a list in a header value past its :data:`MAX_MEMBERS`-th member
(dates of ``Deprecation`` and ``Sunset``, entries of ``Warning`` and
``X-GDC-Deprecated``, links of ``Link``, values of an echo header): the rest of
the value is ignored and the parser says so (``read_signals`` records a
problem).  Real values have a handful of members; the bound keeps a hostile
64 KiB value of tiny members (``"@1," * 21845``) from costing one object, or
one parse, per member.  Version lists are bounded separately
(:data:`MAX_VERSIONS`): an API may list many versions.
"""

from __future__ import annotations

import re

__all__ = [
    "MAX_MEMBERS",
    "MAX_VERSIONS",
    "TO_COMMA",
    "only_separators",
    "quoted",
    "skip_ows",
    "skip_to_comma",
    "unquote",
]

#: No list in a header value is read past this many members.
MAX_MEMBERS = 64
#: No ``api-supported-versions`` / ``api-deprecated-versions`` value is read past
#: this many comma-separated entries.
MAX_VERSIONS = 256

_OWS = " \t"
#: Text up to the next comma outside a quoted string (quoted strings whole; a
#: backslash inside one escapes the next character, outside it is plain text).
#: Possessive: one pass, never backtracking.
TO_COMMA = re.compile(r'(?:[^",]++|"(?:[^"\\]++|\\[\s\S]?)*+"?)*+')
# A quoted string: its raw content and its closing quote (empty when unterminated).
_QUOTED = re.compile(r'"((?:[^"\\]++|\\[\s\S]?)*+)("?)')
_SEPARATORS = re.compile(r"[ \t,]*+")


def skip_ows(value: str, i: int) -> int:
    """Index of the first character at or after ``i`` that is not a space or tab."""
    while i < len(value) and value[i] in _OWS:
        i += 1
    return i


def only_separators(value: str, i: int) -> bool:
    """True when ``value`` holds nothing but spaces, tabs and commas from ``i`` on."""
    return _SEPARATORS.match(value, i).end() >= len(value)  # type: ignore[union-attr]


def skip_to_comma(value: str, i: int) -> int:
    """Index after the next comma outside a quoted string (or the end).

    Inside a quoted string a backslash escapes the next character; outside one
    it is an ordinary character.
    """
    end = TO_COMMA.match(value, i).end()  # type: ignore[union-attr]
    return end + 1 if end < len(value) else len(value)


def quoted(value: str, i: int) -> tuple[str, int, bool]:
    """Read the quoted string opening at ``i``: (content, end, terminated).

    A backslash takes the next character literally; a backslash ending the
    value is kept as is.  An unterminated string runs to the end of the value.
    """
    found = _QUOTED.match(value, i)  # value[i] is the opening quote: always a match
    if found is None:  # pragma: no cover - only if a caller broke that promise
        return "", i, False
    text, close = found.groups()
    if "\\" in text:
        text = _unescape(text)
    return text, found.end(), close == '"'


def _unescape(text: str) -> str:
    """Each backslash and the character after it become that character; a last lone one stays."""
    parts = text.split("\\")
    out = [parts[0]]
    i, n = 1, len(parts)
    while i < n:
        part = parts[i]
        if part:  # a backslash escaping the part's first character
            out.append(part)
            i += 1
        elif i + 1 < n:  # an escaped backslash; the part after it is plain
            out.append("\\")
            out.append(parts[i + 1])
            i += 2
        else:  # a backslash ending the text
            out.append("\\")
            i += 1
    return "".join(out)


def unquote(text: str) -> str:
    """Strip OWS; if a quoted string follows, return its content (lenient if unterminated)."""
    text = text.strip(_OWS)
    if not text.startswith('"'):
        return text
    return quoted(text, 0)[0]
