"""Resource templates: ``"METHOD /path/{name}"``, as SDKs, matrices and profiles declare them.

A ``{name}`` placeholder stands for one non-empty path segment (or for part
of one: ``/files/{name}.json``); a template without a method matches every
method; a trailing slash does not count.  Literal text is compared as clients
send it: ``/büro/{id}`` matches a request for ``/b%C3%BCro/7``.
"""

from __future__ import annotations

import re

from apiversion_client._wire import wire_path

__all__ = ["LITERAL", "Segment", "compile_template", "wire_template"]

_METHOD = re.compile(r"[A-Za-z]+", re.ASCII)
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.-]*\}", re.ASCII)
#: What a template's path holds besides placeholders: URL characters (RFC 3986
#: path characters and percent-escapes), never a stray brace.
LITERAL = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@%/-]*", re.ASCII)

#: One compiled segment: literal text, a pattern, or ``None`` for a placeholder.
Segment = str | re.Pattern[str] | None


def _segment(text: str) -> Segment:
    if _PLACEHOLDER.fullmatch(text):
        return None
    if _PLACEHOLDER.search(text) is None:
        return text
    pattern, position = [], 0
    for match in _PLACEHOLDER.finditer(text):
        pattern.append(re.escape(text[position : match.start()]))
        pattern.append("[^/]+")
        position = match.end()
    pattern.append(re.escape(text[position:]))
    return re.compile("".join(pattern))


def _quoted(text: str) -> str:
    """A template quoted in a message: at most 100 characters of it."""
    return repr(text) if len(text) <= 100 else repr(text[:97]) + "..."


def _not_url(text: str) -> ValueError:
    return ValueError(
        f"a resource path may hold only URL characters and {{name}} placeholders: {_quoted(text)}"
    )


def wire_template(path: str, text: str) -> str:
    """A template's path with its literal text as clients send it (:func:`wire_path`).

    ``/büro/{id}`` is ``/b%C3%BCro/{id}``; ``%c3`` is ``%C3``.

    Raises:
        ValueError: A brace that is not part of a ``{name}`` placeholder, or
            text no URL can hold; the message quotes ``text``.
    """
    literal = _PLACEHOLDER.sub("", path)
    if "{" in literal or "}" in literal:
        raise _not_url(text)
    pieces: list[str] = []
    position = 0
    try:
        for match in _PLACEHOLDER.finditer(path):
            pieces.append(wire_path(path[position : match.start()]))
            pieces.append(match.group())
            position = match.end()
        pieces.append(wire_path(path[position:]))
    except UnicodeEncodeError:
        raise ValueError(f"a resource path must be text a URL can hold: {_quoted(text)}") from None
    wired = "".join(pieces)
    if LITERAL.fullmatch(_PLACEHOLDER.sub("", wired)) is None:
        raise _not_url(text)
    return wired


def compile_template(text: str) -> tuple[str | None, tuple[Segment, ...], str]:
    """Split a resource template into its method, segments and display name.

    Args:
        text: ``"METHOD /path/{name}"`` or ``"/path/{name}"``.

    Returns:
        ``(method or None, segments, path)``: a segment is ``None`` for a
        placeholder, a compiled pattern for a segment mixing text and
        placeholders (``{name}.json``), else its literal text.

    Raises:
        ValueError: The text is not a resource template; the message quotes it.
    """
    parts = str(text).split()
    if len(parts) == 1:
        method, path = None, parts[0]
    elif len(parts) == 2 and _METHOD.fullmatch(parts[0]):
        method, path = parts[0].upper(), parts[1]
    else:
        shape = "'METHOD /path/{name}' or '/path'"
        raise ValueError(f"not a resource template ({shape}): {_quoted(text)}")
    if not path.startswith("/"):
        raise ValueError(f"a resource path must start with '/': {_quoted(text)}")
    path = wire_template(path, text)
    path = path.rstrip("/") or "/"
    return method, tuple(_segment(segment) for segment in path.split("/")), path
