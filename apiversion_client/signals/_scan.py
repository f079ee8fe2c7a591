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
_QUOTE_OR_BACKSLASH = re.compile(r'["\\]')
_QUOTE_OR_COMMA = re.compile(r'[",]')
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
    n = len(value)
    while i < n:
        found = _QUOTE_OR_COMMA.search(value, i)
        if found is None:
            return n
        if found.group() == ",":
            return found.end()
        i = found.end()  # an opening quote: find its end
        while True:
            inner = _QUOTE_OR_BACKSLASH.search(value, i)
            if inner is None:
                return n
            i = inner.end()
            if inner.group() == '"':
                break
            i += 1  # the escaped character
    return n


def quoted(value: str, i: int) -> tuple[str, int, bool]:
    """Read the quoted string opening at ``i``: (content, end, terminated).

    A backslash takes the next character literally; a backslash ending the
    value is kept as is.  An unterminated string runs to the end of the value.
    """
    out: list[str] = []
    i += 1
    n = len(value)
    while True:
        found = _QUOTE_OR_BACKSLASH.search(value, i)
        if found is None:
            out.append(value[i:])
            return "".join(out), n, False
        at = found.start()
        out.append(value[i:at])
        if found.group() == '"':
            return "".join(out), at + 1, True
        if at + 1 < n:
            out.append(value[at + 1])
            i = at + 2
        else:
            out.append("\\")
            i = n


def unquote(text: str) -> str:
    """Strip OWS; if a quoted string follows, return its content (lenient if unterminated)."""
    text = text.strip(_OWS)
    if not text.startswith('"'):
        return text
    return quoted(text, 0)[0]
