"""Small scanning helpers shared by the header parsers (all linear)."""

from __future__ import annotations

__all__ = ["quoted", "skip_ows", "skip_to_comma", "unquote"]

_OWS = " \t"


def skip_ows(value: str, i: int) -> int:
    """Index of the first character at or after ``i`` that is not a space or tab."""
    while i < len(value) and value[i] in _OWS:
        i += 1
    return i


def skip_to_comma(value: str, i: int) -> int:
    """Index after the next comma outside a quoted string (or the end)."""
    in_quotes = False
    n = len(value)
    while i < n:
        c = value[i]
        if in_quotes and c == "\\":
            i += 2
            continue
        if c == '"':
            in_quotes = not in_quotes
        elif c == "," and not in_quotes:
            return i + 1
        i += 1
    return n


def quoted(value: str, i: int) -> tuple[str, int, bool]:
    """Read the quoted string opening at ``i``: (content, end, terminated)."""
    out: list[str] = []
    i += 1
    n = len(value)
    while i < n:
        c = value[i]
        if c == "\\" and i + 1 < n:
            out.append(value[i + 1])
            i += 2
        elif c == '"':
            return "".join(out), i + 1, True
        else:
            out.append(c)
            i += 1
    return "".join(out), n, False


def unquote(text: str) -> str:
    """Strip OWS; if a quoted string follows, return its content (lenient if unterminated)."""
    text = text.strip(_OWS)
    if not text.startswith('"'):
        return text
    return quoted(text, 0)[0]
